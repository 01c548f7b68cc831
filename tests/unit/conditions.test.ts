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
