import { describe, expect, it } from "vitest";
import { evaluate, FALSE, holds, TRUE, UNKNOWN, type AnswerValue } from "../../src/core/conditions.js";

const ctx = (answers: Record<string, AnswerValue>, open: string[] = []) => ({ answers: new Map(Object.entries(answers)), open: new Set(open) });

describe("three-valued conditions", () => {
  it("is true or false only for definite answers", () => {
    expect(evaluate({ question: "q", equals: "yes" }, ctx({ q: "yes" }))).toBe(TRUE);
    expect(evaluate({ question: "q", equals: "yes" }, ctx({ q: "no" }))).toBe(FALSE);
    expect(evaluate({ question: "q", equals: "yes" }, ctx({}))).toBe(UNKNOWN);
    expect(evaluate({ question: "q", equals: "yes" }, ctx({ q: "not-sure" }))).toBe(UNKNOWN);
  });

  it("never turns 'not sure' into evidence through not", () => {
    const notNo = { not: { question: "q", equals: "no" } };
    expect(holds(notNo, ctx({ q: "not-sure" }))).toBe(false);
    expect(holds(notNo, ctx({}))).toBe(false);
    expect(holds(notNo, ctx({ q: "yes" }))).toBe(true);
  });

  it("combines with Kleene logic", () => {
    const any = { any: [{ question: "a", equals: "yes" }, { question: "b", equals: "yes" }] };
    expect(evaluate(any, ctx({ a: "yes" }))).toBe(TRUE); // true whatever b is
    expect(evaluate(any, ctx({ a: "no" }))).toBe(UNKNOWN);
    const all = { all: [{ question: "a", equals: "yes" }, { question: "b", equals: "yes" }] };
    expect(evaluate(all, ctx({ a: "no" }))).toBe(FALSE); // false whatever b is
    expect(evaluate(all, ctx({ a: "yes" }))).toBe(UNKNOWN);
  });

  it("reports every value an open question could still lead to", () => {
    expect(evaluate({ question: "q", equals: "yes" }, ctx({}, ["q"]))).toBe(TRUE | FALSE | UNKNOWN);
    const all = { all: [{ question: "a", equals: "yes" }, { question: "b", equals: "yes" }] };
    expect(evaluate(all, ctx({ a: "no" }, ["b"]))).toBe(FALSE);
  });

  it("handles numbers, lists, membership and 'answered'", () => {
    expect(holds({ question: "n", gte: 20 }, ctx({ n: 25 }))).toBe(true);
    expect(holds({ question: "n", lt: 20 }, ctx({ n: 25 }))).toBe(false);
    expect(holds({ question: "m", includes: "x" }, ctx({ m: ["x", "y"] }))).toBe(true);
    expect(holds({ question: "m", includes: "z" }, ctx({ m: ["x"] }))).toBe(false);
    expect(holds({ question: "s", in: ["a", "b"] }, ctx({ s: "b" }))).toBe(true);
    expect(holds({ question: "s", answered: true }, ctx({ s: "a" }))).toBe(true);
    expect(holds({ question: "s", answered: false }, ctx({ s: "not-sure" }))).toBe(true);
    expect(evaluate({ question: "s", answered: true }, ctx({}))).toBe(UNKNOWN);
  });

  it("reads facts, which are never open", () => {
    const facts = new Map<string, string | number | boolean>([["region", "gb"]]);
    expect(holds({ fact: "region", equals: "gb" }, { answers: new Map(), facts })).toBe(true);
    expect(holds({ fact: "verdict", answered: false }, { answers: new Map(), facts })).toBe(true);
    expect(evaluate({ fact: "verdict", equals: "scam" }, { answers: new Map(), facts })).toBe(UNKNOWN);
  });
});

describe("conditions compiled against question positions", () => {
  it("give what evaluate gives, for every condition in the shipped packs and any answers, open questions and facts", async () => {
    const fc = (await import("fast-check")).default;
    const { loadRules } = await import("../../src/node/load-rules.js");
    const { compileIndexed } = await import("../../src/core/conditions.js");
    const { validAnswers, RUNS } = await import("../property/arbitraries.js");
    const { rules } = await loadRules();
    const position = new Map(rules.questions.map((q, i) => [q.id, i]));
    const conditions = [...rules.questions.map((q) => q.when), ...rules.indicators.map((i) => i.when), ...rules.actions.map((a) => a.when)].filter((c) => c !== undefined);
    // Odd ones the packs may not have: a question no pack defines, and negated and nested facts.
    conditions.push({ question: "no-such-question", equals: "yes" }, { not: { fact: "staff", equals: true } }, { any: [{ fact: "history.sameNumberCases", gte: 1 }, { question: "contact-start", answered: true }] });
    const compiled = conditions.map((c) => compileIndexed(c, position));
    const facts = fc.record(
      { region: fc.constantFrom("gb", "us", "au"), staff: fc.boolean(), verdict: fc.constantFrom("scam", "suspicious", "no-warning-signs"), "history.sameNumberCases": fc.nat(5) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(validAnswers(rules), fc.subarray(rules.questions.map((q) => q.id)), facts, (answers, openIds, factValues) => {
        const map = new Map(Object.entries(answers));
        const open = new Set(openIds.filter((id) => !map.has(id)));
        const factMap = new Map(Object.entries(factValues));
        const values = rules.questions.map((q) => map.get(q.id));
        const openFlags = Uint8Array.from(rules.questions, (q) => (open.has(q.id) ? 1 : 0));
        conditions.forEach((c, i) => {
          expect(compiled[i]!({ values, open: undefined, facts: factMap })).toBe(evaluate(c, { answers: map, facts: factMap }));
          expect(compiled[i]!({ values, open: openFlags, facts: factMap })).toBe(evaluate(c, { answers: map, facts: factMap, open }));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("never turn from true to false or back when open questions are answered: only what is unknown can change (triage relies on it)", async () => {
    const fc = (await import("fast-check")).default;
    const { loadRules } = await import("../../src/node/load-rules.js");
    const { compileIndexed, TRUE, FALSE } = await import("../../src/core/conditions.js");
    const { validAnswers, RUNS } = await import("../property/arbitraries.js");
    const { rules } = await loadRules();
    const position = new Map(rules.questions.map((q, i) => [q.id, i]));
    const conditions = [...rules.questions.map((q) => q.when), ...rules.indicators.flatMap((i) => [i.when, i.floorUnless]), ...rules.actions.flatMap((a) => [a.when, a.unless])]
      .filter((c) => c !== undefined)
      .map((c) => compileIndexed(c, position));
    fc.assert(
      fc.property(validAnswers(rules), fc.subarray(rules.questions.map((q) => q.id)), (answers, openIds) => {
        // Open questions are unanswered ones, as triage marks them.
        const values = rules.questions.map((q) => (openIds.includes(q.id) ? undefined : answers[q.id]));
        const open = Uint8Array.from(rules.questions, (q) => (openIds.includes(q.id) ? 1 : 0));
        for (const condition of conditions) {
          const now = condition({ values, open: undefined, facts: undefined });
          if (now === TRUE || now === FALSE) expect(condition({ values, open, facts: undefined })).toBe(now);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
