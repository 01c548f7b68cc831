/**
 * One definition of a case: the published answers schema (schemas/answers.schema.json, what a
 * script validates against) and readCase (what check and the batch read) agree on the case's
 * fields. The schema cannot know the questions of the packs a user loads, nor what looks like a
 * secret, so readCase may refuse more, and only for those; the schema never refuses a case the CLI takes.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CASE_FIELDS, DETAIL_KEYS, readCase } from "../../src/core/answers.js";
import { AnswerError } from "../../src/core/errors.js";
import type { RuleSet } from "../../src/core/ruleset.js";
import { loadRules } from "../../src/node/load-rules.js";
import { nearlyValidAnswers, RUNS, validAnswers, wrappedCases } from "../property/arbitraries.js";
import { publishedSchemas, validatorOf } from "../helpers/schemas.js";

let rules: RuleSet;
beforeAll(async () => {
  rules = (await loadRules()).rules;
});

/** The problems readCase finds in a document, or [] when it takes it. */
function problemsOf(doc: unknown): readonly { path: string; message: string }[] {
  try {
    readCase(doc, rules);
    return [];
  } catch (error) {
    if (!(error instanceof AnswerError)) throw error;
    return error.problems;
  }
}

describe("the published answers schema and readCase", () => {
  it("name the same fields of a wrapped case and the same case details", () => {
    const wrapped = (publishedSchemas.answers!.anyOf as { properties?: Record<string, { properties?: object }> }[]).find((s) => s.properties)!;
    expect(Object.keys(wrapped.properties!)).toEqual([...CASE_FIELDS]);
    expect(Object.keys(wrapped.properties!.details!.properties!)).toEqual([...DETAIL_KEYS]);
  });

  it("agree on every wrapped case, but for ids that look like secrets and regions no pack defines", () => {
    const validate = validatorOf("answers");
    fc.assert(
      fc.property(wrappedCases(rules), (doc) => {
        const problems = problemsOf(doc);
        if (validate(doc)) {
          const onlyReadCaseKnows = problems.every((p) => (p.path === "$.id" && /looks like/.test(p.message)) || (p.path === "$.region" && typeof doc.region === "string"));
          expect(onlyReadCaseKnows, JSON.stringify(problems)).toBe(true);
        } else expect(problems, JSON.stringify(validate.errors)).not.toEqual([]);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it("never refuses answers the CLI takes, bare or wrapped", () => {
    const validate = validatorOf("answers");
    fc.assert(
      fc.property(fc.oneof(validAnswers(rules), nearlyValidAnswers(rules)), (doc) => {
        if (problemsOf(doc).length === 0) expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      }),
      { numRuns: RUNS * 4 },
    );
    // Read as the ids they mean, so valid too.
    for (const doc of [{ "asked-remote-access": "Yes" }, { "contact-start": "They_Called" }, { "asked-payment": true }, { "payment-method": ["card"], "asked-payment": null }])
      expect(validate(doc)).toBe(problemsOf(doc).length === 0);
  });
});
