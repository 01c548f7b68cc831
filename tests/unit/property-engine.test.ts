/**
 * Properties of the engine on the shipped rule packs: any JSON as answers is either scored or
 * refused with an AnswerError (nothing else escapes); triage is deterministic and ignores the order
 * of answer keys; a "yes" that fires a warning sign never lowers the score, and an answer that fires
 * a reassuring sign never raises it (unless it opens follow-up questions that were already
 * answered: see the note in the first of those tests).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { readAnswers, readCase } from "../../src/core/answers.js";
import { AnswerError } from "../../src/core/errors.js";
import type { RuleSet } from "../../src/core/ruleset.js";
import { triage } from "../../src/core/triage.js";
import { verdictToJson } from "../../src/core/verdict-json.js";
import { loadRules } from "../../src/node/load-rules.js";
import { nearlyValidAnswers, RUNS, validAnswers } from "../property/arbitraries.js";

let rules: RuleSet;
beforeAll(async () => {
  rules = (await loadRules()).rules;
});

/** Score answers the way `check` does: read the case, then triage it. */
function score(doc: unknown) {
  const input = readCase(doc, rules);
  return triage(rules, input.answers, { ...(input.region !== undefined && { region: input.region }) });
}

describe("property: answers never crash the engine", () => {
  it("any JSON value is scored or refused with an AnswerError, never anything else", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), nearlyValidAnswers(rules)), (doc) => {
        try {
          const result = score(doc);
          expect(typeof result.score).toBe("number");
          JSON.stringify(verdictToJson(result, rules));
        } catch (error) {
          if (!(error instanceof AnswerError)) throw error;
          expect(error.problems.length).toBeGreaterThan(0);
          for (const p of error.problems) expect(p.path).toMatch(/^\$/);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("valid answers are always accepted", () => {
    fc.assert(fc.property(validAnswers(rules), (doc) => void readAnswers(doc, rules)), { numRuns: RUNS });
  });
});

describe("property: triage is deterministic", () => {
  it("the same answers in any key order give the same result, every time", () => {
    const shuffled = validAnswers(rules).chain((doc) => fc.shuffledSubarray(Object.keys(doc), { minLength: Object.keys(doc).length }).map((keys) => [doc, Object.fromEntries(keys.map((k) => [k, doc[k]]))] as const));
    fc.assert(
      fc.property(shuffled, fc.constantFrom(undefined, "gb", "us"), ([doc, reordered], region) => {
        const options = region ? { region } : {};
        const a = triage(rules, readAnswers(doc, rules), options);
        const again = triage(rules, readAnswers(doc, rules), options);
        const b = triage(rules, readAnswers(reordered, rules), options);
        expect(again).toEqual(a);
        expect(b).toEqual(a);
        expect(JSON.stringify(verdictToJson(b, rules))).toBe(JSON.stringify(verdictToJson(a, rules)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("property: monotone scoring", () => {
  it("adding a 'yes' that fires a warning sign never lowers the score", () => {
    const yesNo = rules.questions.filter((q) => q.type === "yes-no").map((q) => q.id);
    let fired = 0;
    fc.assert(
      fc.property(validAnswers(rules), fc.constantFrom(...yesNo), (doc, id) => {
        fc.pre(!(id in doc));
        const before = triage(rules, readAnswers(doc, rules));
        const after = triage(rules, readAnswers({ ...doc, [id]: "yes" }, rules));
        const old = new Set(before.reasons.map((r) => r.id));
        // Only when the "yes" fires a positive-weight sign that was not firing before.
        if (!after.reasons.some((r) => !old.has(r.id))) return;
        // …and does not bring into play answers that were ignored (follow-ups given before the
        // question that opens them, which the interactive flow never asks): those count on their own.
        if (before.ignored.some((q) => !after.ignored.includes(q))) return;
        fired++;
        expect(after.score).toBeGreaterThanOrEqual(before.score);
      }),
      { numRuns: RUNS * 3 },
    );
    expect(fired).toBeGreaterThan(0); // the property was exercised, not vacuously true
  });

  it("adding an answer that fires a reassuring sign never raises the score", () => {
    // Every single-answer way to fire a reassuring sign (negative weight) in the shipped packs.
    const ways: { id: string; value: string }[] = [];
    for (const q of rules.questions)
      if (q.type === "yes-no" || q.type === "single")
        for (const value of [...q.choices.map((c) => c.id)])
          if (rules.indicators.some((i) => i.weight < 0 && JSON.stringify(i.when).includes(`"question":"${q.id}"`))) ways.push({ id: q.id, value });
    let fired = 0;
    fc.assert(
      fc.property(validAnswers(rules), fc.constantFrom(...ways), (doc, { id, value }) => {
        fc.pre(!(id in doc));
        const before = triage(rules, readAnswers(doc, rules));
        const after = triage(rules, readAnswers({ ...doc, [id]: value }, rules));
        const old = new Set(before.reassurances.map((r) => r.id));
        // Only when the answer fires a reassuring sign and no warning sign…
        if (!after.reassurances.some((r) => !old.has(r.id))) return;
        const warnings = new Set(before.reasons.map((r) => r.id));
        if (after.reasons.some((r) => !warnings.has(r.id))) return;
        // …and brings no ignored follow-up answers into play (see the test above).
        if (before.ignored.some((q) => !after.ignored.includes(q))) return;
        fired++;
        expect(after.score).toBeLessThanOrEqual(before.score);
      }),
      { numRuns: RUNS * 3 },
    );
    expect(fired).toBeGreaterThan(0);
  });
});
