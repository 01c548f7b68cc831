/**
 * Hardening, AnswerError: its message (what the CLI prints, one line a problem) lists at most
 * MAX_PROBLEMS_SHOWN problems and counts the rest; `problems` keeps them all for scripts.
 */
import { describe, expect, it } from "vitest";
import { MAX_PROBLEMS_SHOWN } from "../../src/core/diagnostics.js";
import { AnswerError } from "../../src/core/errors.js";

describe("hardening: AnswerError caps the problems it lists", () => {
  it("20 problems are all listed; 200,000 give 20 lines and a count", () => {
    const problems = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `$.q${i}`, message: "bad" }));
    expect(new AnswerError(problems(MAX_PROBLEMS_SHOWN), "a.json").message.split("\n")).toHaveLength(20);
    const many = new AnswerError(problems(200_000), "a.json");
    const lines = many.message.split("\n");
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe("a.json: and 199,980 more problems not shown; fix the ones above first");
    expect(many.problems).toHaveLength(200_000);
    expect(new AnswerError(problems(21)).message.split("\n")[20]).toBe("and 1 more problem not shown; fix the ones above first");
  });
});
