/** The steps shown before the next question, driven without a terminal. */
import { describe, expect, it } from "vitest";
import { readAnswers } from "../../src/core/answers.js";
import { interviewState } from "../../src/core/interview.js";
import { loadRules } from "../../src/node/load-rules.js";
import { immediateScreens } from "../../src/cli/interview-steps.js";
import { MAX_NOW_STEPS } from "../../src/core/constants.js";

describe("steps before the next question", async () => {
  const { rules } = await loadRules({ noCache: true });
  const screens = (answers: Record<string, unknown>, shown: string[] = []) =>
    immediateScreens(rules, interviewState(rules, readAnswers(answers, rules), { region: "gb" }), new Set(shown)).map((s) => s.map((a) => a.id));

  it("while the situation is still asked, shows only what stops harm going on now", () => {
    // Paid by card and let them connect: whether they are still connected comes next, so the bank waits.
    expect(screens({ "on-call-now": "no", "what-happened": ["paid-card", "gave-remote-access"] }).flat()).toEqual([]);
  });

  it("once the situation is known, disconnecting first, then the bank, a few at a time", () => {
    const all = screens({ "on-call-now": "no", "what-happened": ["paid-card", "gave-remote-access"], "still-connected": "yes" });
    expect(all[0]?.slice(0, 2)).toEqual(["disconnect-now", "card-paid-call-issuer"]);
    for (const screen of all) expect(screen.length).toBeLessThanOrEqual(MAX_NOW_STEPS);
  });

  it("never shows a step twice", () => {
    const answers = { "on-call-now": "no", "what-happened": ["paid-card"], "still-connected": "yes" };
    const first = screens(answers).flat();
    expect(first.length).toBeGreaterThan(0);
    expect(screens(answers, first)).toEqual([]);
  });
});
