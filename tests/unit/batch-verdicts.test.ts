/**
 * The batch's verdict lines: reused verdict text must be byte for byte what working the case out
 * afresh gives, for any answers, case id and region, however full the store is; and cases that
 * differ in any answer must never share a verdict.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { readAnswers, readCase } from "../../src/core/answers.js";
import { AnswerError } from "../../src/core/errors.js";
import { BatchVerdicts } from "../../src/core/batch-verdicts.js";
import type { RuleSet } from "../../src/core/ruleset.js";
import { assess } from "../../src/core/interview.js";
import { verdictToJson } from "../../src/core/verdict-json.js";
import { loadRules } from "../../src/node/load-rules.js";
import { pack, rulesFrom, VERDICTS_YAML } from "../helpers/rules.js";
import { nearlyValidAnswers, RUNS, validAnswers, wrappedCases } from "../property/arbitraries.js";

let rules: RuleSet;
beforeAll(async () => {
  rules = (await loadRules()).rules;
});

const decode = (tail: Uint8Array | string) => (typeof tail === "string" ? tail : new TextDecoder().decode(tail));
/** What `check --answers` writes for the case (as one line, with its line number). */
const expected = (rs: RuleSet, line: number, doc: unknown) => {
  const input = readCase(doc, rs);
  const result = assess(rs, input.answers, input.region !== undefined ? { region: input.region } : {});
  return `${JSON.stringify({ line, ...verdictToJson(result, rs, input.id) })}\n`;
};
/** Through the batch's own path (verdictForDocument), and through readCase and verdictFor: both must agree. */
const written = (verdicts: BatchVerdicts, rs: RuleSet, line: number, doc: unknown) => {
  const { head, tail } = verdicts.verdictForDocument(line, doc, undefined);
  const input = readCase(doc, rs);
  const again = verdicts.verdictFor(line, input.answers, input.region, input.id);
  expect(again.head + decode(again.tail)).toBe(head + decode(tail));
  return head + decode(tail);
};

describe("BatchVerdicts", () => {
  it("writes exactly what `check --answers` gives each case, for any mix of repeated cases, ids and regions", () => {
    const aCase = fc.record(
      { id: fc.string({ maxLength: 20 }), region: fc.constantFrom("gb", "us", "au"), answers: validAnswers(rules) },
      { requiredKeys: ["answers"] },
    );
    fc.assert(
      fc.property(fc.array(aCase, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), fc.constantFrom(0, 2, 4096), (cases, picks, capacity) => {
        const verdicts = new BatchVerdicts(rules, capacity);
        picks.forEach((pick, i) => {
          const doc = cases[pick % cases.length];
          expect(written(verdicts, rules, i + 1, doc)).toBe(expected(rules, i + 1, doc));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("answers a document as readCase would, or refuses it with the same problems, whatever the document", () => {
    const verdicts = new BatchVerdicts(rules, 8);
    const docs = fc.oneof(nearlyValidAnswers(rules), wrappedCases(rules), validAnswers(rules).map((answers) => ({ answers, region: "gb", id: "x" })));
    fc.assert(
      fc.property(fc.array(docs, { minLength: 1, maxLength: 8 }), (list) => {
        for (const doc of [...list, ...list]) {
          let problems: unknown;
          try {
            readCase(doc, rules);
          } catch (error) {
            problems = (error as AnswerError).problems;
          }
          if (problems === undefined) {
            const { head, tail } = verdicts.verdictForDocument(7, doc, "us");
            const input = readCase(doc, rules);
            const result = assess(rules, input.answers, { region: input.region ?? "us" });
            expect(head + decode(tail)).toBe(`${JSON.stringify({ line: 7, ...verdictToJson(result, rules, input.id) })}\n`);
          } else {
            expect(() => verdicts.verdictForDocument(7, doc, "us")).toThrow(AnswerError);
            try {
              verdicts.verdictForDocument(7, doc, "us");
            } catch (error) {
              expect((error as AnswerError).problems).toEqual(problems);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("checks the fields of a case whose answers it has seen before as readCase does (a reused verdict skips no check)", () => {
    fc.assert(
      fc.property(wrappedCases(rules), (doc) => {
        const verdicts = new BatchVerdicts(rules);
        verdicts.verdictForDocument(1, doc.answers, undefined); // the answers alone: now known
        let problems: unknown;
        try {
          readCase(doc, rules);
        } catch (error) {
          problems = (error as AnswerError).problems;
        }
        if (problems === undefined) expect(written(verdicts, rules, 2, doc)).toBe(expected(rules, 2, doc));
        else {
          expect(() => verdicts.verdictForDocument(2, doc, undefined)).toThrow(AnswerError);
          try {
            verdicts.verdictForDocument(2, doc, undefined);
          } catch (error) {
            expect((error as AnswerError).problems).toEqual(problems);
          }
        }
      }),
      { numRuns: RUNS },
    );
    // The case that slipped through once: an id that is a card number, on answers seen before.
    const verdicts = new BatchVerdicts(rules);
    verdicts.verdictForDocument(1, { id: "T-1", answers: { "asked-remote-access": "yes" } }, undefined);
    expect(() => verdicts.verdictForDocument(2, { id: "4111 1111 1111 1111", answers: { "asked-remote-access": "yes" } }, undefined)).toThrow(/card number/);
  });

  it("reuses the verdict of equal answers, whatever the order of their keys, and counts it", () => {
    const verdicts = new BatchVerdicts(rules);
    const first = { "contact-start": "they-called", "asked-remote-access": "yes", "payment-method": ["card", "gift-cards"] };
    const same = { "payment-method": ["gift-cards", "card"], "asked-remote-access": true, "contact-start": "they-called" };
    written(verdicts, rules, 1, first);
    expect(verdicts.reused).toBe(1); // written() asks twice: by document, then by answers
    expect(written(verdicts, rules, 2, same)).toBe(expected(rules, 2, same));
    expect(verdicts.reused).toBe(3);
    // A different region is a different case.
    written(verdicts, rules, 3, { region: "gb", answers: first });
    expect(verdicts.reused).toBe(4);
  });

  it("keeps at most `capacity` verdicts, and still writes the right text after the oldest go", () => {
    const verdicts = new BatchVerdicts(rules, 2);
    const docs = [{ "asked-payment": "yes" }, { "asked-payment": "no" }, { "asked-payment": "not-sure" }];
    for (const [i, doc] of [...docs, ...docs].entries()) expect(written(verdicts, rules, i + 1, doc)).toBe(expected(rules, i + 1, doc));
    expect(verdicts.reused).toBe(6); // only the second asking of each line: each was pushed out before it came round again
    const none = new BatchVerdicts(rules, 0);
    written(none, rules, 1, docs[0]);
    written(none, rules, 2, docs[0]);
    expect(none.reused).toBe(0);
  });

  it("never lets different numbers, text or lists of choices share a verdict", () => {
    const REF = "references: [https://example.org/advice]";
    const small = rulesFrom({
      "t.yaml": pack(
        "t",
        `${VERDICTS_YAML}
questions:
  - { id: note, type: text, text: What did they say? }
  - { id: other, type: text, text: Anything else? }
  - { id: minutes, type: number, text: How long?, min: 0, max: 600 }
  - { id: how, type: multiple, text: How?, choices: [{ id: a, label: A }, { id: b, label: B }] }
  - { id: many, type: multiple, text: Which?, choices: [${Array.from({ length: 20 }, (_, i) => `{ id: c${i}, label: C${i} }`).join(", ")}] }
indicators:
  - { id: said-code, title: Code, explanation: Asked for a code., when: { question: note, equals: "code" }, weight: 40, ${REF}, falsepositives: [x] }
  - { id: long, title: Long, explanation: Long call., when: { question: minutes, gte: 30 }, weight: 15, ${REF}, falsepositives: [x] }
  - { id: how-b, title: B, explanation: Chose b., when: { question: how, includes: b }, weight: 25, ${REF}, falsepositives: [x] }
  - { id: many-c12, title: C12, explanation: Chose c12., when: { question: many, includes: c12 }, weight: 35, ${REF}, falsepositives: [x] }
`,
      ),
    });
    // Pairs built to collide if answers were simply joined together.
    const pairs: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ note: "code" }, { note: "cod" }],
      [{ note: "a", other: "b" }, { note: "a\u0000other", other: "b" }],
      [{ note: "s1:x" }, { note: "x" }],
      [{ minutes: 3 }, { minutes: 30 }],
      [{ note: "5" }, { minutes: 5 }],
      [{ how: ["a"] }, { how: ["b"] }],
      [{ how: ["a", "b"] }, { how: "not-sure" }],
      [{ many: ["c1"] }, { many: ["c12"] }],
      [{ many: ["c0", "c19"] }, { many: ["c0"] }],
      [{ note: "not-sure" }, { note: "not sure" }],
      // Text that spells out the next question's answer, in the characters keys are made of.
      [{ note: "a", other: "b" }, { note: "a\ue001sb" }],
      [{ note: "a", other: "b" }, { note: "a\ue001s1:b" }],
      [{ note: "a", minutes: 5 }, { note: "a\ue002n5;" }],
    ];
    for (const [a, b] of pairs) {
      const verdicts = new BatchVerdicts(small);
      expect(written(verdicts, small, 1, a)).toBe(expected(small, 1, a));
      expect(written(verdicts, small, 2, b)).toBe(expected(small, 2, b));
      expect(verdicts.reused).toBe(2); // each line's second asking only
    }
    // Text made of those characters too, not only ordinary strings.
    const nasty = fc.string({ unit: fc.constantFrom("\ue000", "\ue001", "\ue002", "\u0000", "s", "n", "m", "j", ";", ":", "1", "5", "a", "b"), maxLength: 12 });
    const answers = fc.record(
      { note: fc.oneof(nasty, fc.constant("not-sure")), other: nasty, minutes: fc.integer({ min: 0, max: 600 }), how: fc.subarray(["a", "b"]) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(validAnswers(small), answers), fc.oneof(validAnswers(small), answers), (a, b) => {
        const verdicts = new BatchVerdicts(small);
        verdicts.verdictForDocument(1, a, undefined);
        const second = verdicts.verdictForDocument(2, b, undefined);
        expect(second.head + decode(second.tail)).toBe(expected(small, 2, b));
        const same = JSON.stringify([...readAnswers(a, small)].map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]).sort()) ===
          JSON.stringify([...readAnswers(b, small)].map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]).sort());
        expect(verdicts.reused).toBe(same ? 1 : 0);
      }),
      { numRuns: RUNS },
    );
  });
});
