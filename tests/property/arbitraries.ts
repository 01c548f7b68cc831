/**
 * fast-check arbitraries shared by the property tests (tests/unit/property-*.test.ts): valid answers
 * for a rule set, and YAML-ish text that reaches the loader's deeper paths more often than random
 * strings do.
 */
import fc from "fast-check";
import type { AnswerValue } from "../../src/core/conditions.js";
import type { Question, RuleSet } from "../../src/core/ruleset.js";

/** Property runs: moderate, so each property stays well under 10 s on a two-core machine. */
export const RUNS = Number(process.env.SCAMCHECK_PROPERTY_RUNS ?? 150);

export function answerFor(q: Question): fc.Arbitrary<AnswerValue> {
  const notSure = fc.constant("not-sure");
  switch (q.type) {
    case "yes-no":
      return fc.constantFrom("yes", "no", "not-sure");
    case "single":
      return fc.constantFrom(...q.choices.map((c) => c.id), "not-sure");
    case "multiple": {
      // A choice that goes on its own ("None of these") is ticked alone, or not at all.
      const lone = q.choices.filter((c) => c.exclusive === true).map((c) => c.id);
      const others = q.choices.filter((c) => c.exclusive !== true).map((c) => c.id);
      return fc.oneof(fc.subarray(others), ...lone.map((id) => fc.constant<string[]>([id])), notSure);
    }
    case "number":
      return fc.oneof(fc.integer({ min: q.min ?? 0, max: q.max ?? 10_000 }), notSure);
    case "text":
      return fc.oneof(fc.string({ maxLength: 40 }), notSure);
  }
}

/** A JSON answers object with any subset of the questions, each with a valid value. */
export const validAnswers = (rules: RuleSet): fc.Arbitrary<Record<string, AnswerValue>> =>
  fc.record(Object.fromEntries(rules.questions.map((q) => [q.id, answerFor(q)])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, AnswerValue>>;

/** Answers that are almost right: valid ones mixed with wrong types, unknown ids and reserved keys. */
export const nearlyValidAnswers = (rules: RuleSet): fc.Arbitrary<unknown> => {
  const ids = rules.questions.map((q) => q.id);
  const key = fc.oneof(fc.constantFrom(...ids), fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty"), fc.string({ maxLength: 12 }));
  const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom("yes", "no", "not-sure", true, false, null), ...rules.questions.slice(0, 8).map(answerFor));
  const object = fc.dictionary(key, anyValue, { maxKeys: 12 }).map((entries) => JSON.parse(JSON.stringify(entries)) as unknown);
  return fc.oneof(object, validAnswers(rules), fc.record({ id: fc.jsonValue({ maxDepth: 1 }), region: fc.oneof(fc.constantFrom("gb", "us", "zz"), fc.jsonValue({ maxDepth: 1 })), answers: object }, { requiredKeys: ["answers"] }));
};

const YAML_PIECES = [
  "schema_version: 1\n", "schema_version: 2\n", "pack: { id: p, title: P, version: 1.0.0 }\n", "pack:\n", "  id: p\n", "questions:\n", "indicators:\n", "actions:\n", "verdicts:\n", "regions:\n",
  "  - id: q\n", "    type: yes-no\n", "    text: Q?\n", "    type: single\n", "    choices: [{id: a, label: A}, {id: b, label: B}]\n", "    when: { question: q, equals: \"yes\" }\n",
  "    weight: 10\n", "    weight: high\n", "    references: [https://example.org]\n", "    falsepositives: [x]\n", "    title: T\n", "    explanation: E\n", "    urgency: now\n",
  "- ", ": ", "  ", "\t", "\n", "\r\n", "{", "}", "[", "]", ",", "&a ", "*a", "*b", "<<: ", "!!js/function ", "!foo ", "? ", "|\n", ">-\n", "'", "\"", "#", "---\n", "...\n", "%YAML 1.2\n",
  "\u001b[2J", "\u202e", "\ufeff", "\u0000", "é", "😀", "~", "null", "0x1F", "1e9", ".inf",
];

/** Text built from YAML pieces (keys, indentation, flow markers, anchors, tags, odd characters). */
export const yamlish = fc.array(fc.oneof(fc.constantFrom(...YAML_PIECES), fc.string({ maxLength: 6 })), { maxLength: 40 }).map((parts) => parts.join(""));

/**
 * Wrapped cases around valid answers, with every field good or bad: ids that are fine, too long, not
 * text or that look like a card number; known and unknown regions; good, unknown and overlong case
 * details; a misspelt field.
 */
export const wrappedCases = (rules: RuleSet): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record(
      {
        id: fc.oneof(fc.constantFrom("T-1042", "", "4111 1111 1111 1111", "x".repeat(201), 42), fc.string({ maxLength: 8 })),
        region: fc.constantFrom(...rules.regions.map((r) => r.id), "zz", 44, null),
        details: fc.oneof(
          fc.record({ number: fc.string({ maxLength: 12 }), ticket: fc.constantFrom("INC-1", "x".repeat(501), 7) }, { requiredKeys: [] }),
          fc.constantFrom({ colour: "red" }, "INC-1", []),
        ),
        regoin: fc.constant("gb"),
        answers: validAnswers(rules),
      },
      { requiredKeys: ["answers"] },
    )
    .map((doc) => JSON.parse(JSON.stringify(doc)) as Record<string, unknown>);
