/**
 * The verdict's steps, for someone who already lost money or access: at most three "do this now",
 * in the order that saves the most, none said twice, none that contradicts what they told us, and
 * the warning about "recovery" calls among the first.
 */
import { describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import { readAnswers } from "../../src/core/answers.js";
import { triage } from "../../src/core/triage.js";
import { assess } from "../../src/core/interview.js";
import { loadRules } from "../../src/node/load-rules.js";
import { renderVerdict } from "../../src/cli/render-verdict.js";
import { MAX_NOW_STEPS } from "../../src/core/constants.js";

describe("steps after money or access was lost", async () => {
  const { rules } = await loadRules({ noCache: true });
  const paidAndConnected = {
    "contact-start": "they-called",
    "claimed-org": "computer-company",
    "asked-remote-access": "yes",
    "asked-payment": "yes",
    "payment-method": ["card"],
    "what-happened": ["paid-card", "installed-software", "gave-remote-access", "gave-banking-login"],
  };
  const steps = (answers: Record<string, unknown>) => triage(rules, readAnswers(answers, rules), { region: "gb" }).actions;
  const screen = (answers: Record<string, unknown>) =>
    renderVerdict(triage(rules, readAnswers(answers, rules), { region: "gb" }), rules, { width: 100, plain: true, chalk: new Chalk({ level: 0 }) });
  const nowSection = (text: string) => text.slice(text.indexOf("Do this now:"), text.indexOf("Do this next:"));

  it("disconnects first while they are connected, then calls the bank", () => {
    const ids = steps({ ...paidAndConnected, "on-call-now": "no", "still-connected": "yes" }).filter((a) => a.urgency === "now").map((a) => a.id);
    expect(ids[0]).toBe("disconnect-now");
    expect(ids[1]).toBe("card-paid-call-issuer");
  });

  it("calls the bank first once nothing is connected and the call is over", () => {
    const ids = steps({ ...paidAndConnected, "on-call-now": "no", "still-connected": "no" }).filter((a) => a.urgency === "now").map((a) => a.id);
    expect(ids[0]).toBe("card-paid-call-issuer");
  });

  it("says to disconnect when the person is not sure whether they still can see the computer", () => {
    expect(steps({ ...paidAndConnected, "still-connected": "not-sure" }).map((a) => a.id)).toContain("disconnect-now");
  });

  it("says to call the bank once, however many things went to it", () => {
    const ids = steps({ ...paidAndConnected, "on-call-now": "no", "still-connected": "no" }).map((a) => a.id);
    expect(ids.filter((id) => ["card-paid-call-issuer", "banking-login-call-bank", "remote-access-bank"].includes(id))).toEqual(["card-paid-call-issuer"]);
  });

  it("tells an operator to pass the steps on to the customer", () => {
    const result = triage(rules, readAnswers({ ...paidAndConnected, "on-call-now": "no" }, rules), { region: "gb", staff: true });
    const text = renderVerdict(result, rules, { width: 100, plain: true, chalk: new Chalk({ level: 0 }), staff: true });
    expect(text).toContain("Tell the customer to do this now:");
    expect(text).toContain("Tell the customer to do this next:");
    expect(text).not.toContain("Do this now:");
  });

  it("does not say to end a call that is over, nor to hang up twice while it is not", () => {
    expect(steps({ ...paidAndConnected, "on-call-now": "no" }).map((a) => a.id)).not.toContain("hang-up");
    const onTheLine = steps({ ...paidAndConnected, "on-call-now": "yes" }).map((a) => a.id);
    expect(onTheLine).toContain("hang-up-now");
    expect(onTheLine).not.toContain("hang-up");
  });

  it("does not tell someone who already paid 'do not pay' as if nothing had happened, whoever the caller claimed to be", () => {
    const claimed = rules.questions.find((q) => q.id === "claimed-org")?.choices ?? [];
    const paid = (rules.questions.find((q) => q.id === "what-happened")?.choices ?? []).filter((c) => c.lost === "money" && c.id !== "withdrew-cash");
    expect(claimed.length).toBeGreaterThan(5);
    expect(paid.length).toBeGreaterThan(3);
    for (const org of claimed)
      for (const loss of paid) {
        const given = steps({ "contact-start": "they-called", "claimed-org": org.id, "asked-payment": "yes", "what-happened": [loss.id], "on-call-now": "no" });
        const told = given.map((a) => a.text).filter((text) => /\bdo not (pay|move|send)\b/i.test(text));
        expect(told.every((text) => /\b(more|again)\b/.test(text)), `${org.id}, ${loss.id}: ${told.join(" / ")}`).toBe(true);
        expect(given.map((a) => a.id), `${org.id}, ${loss.id}`).toContain("paid-pay-no-more");
      }
  });

  it("shows at most three 'do this now' steps, the recovery-scam warning among the first, and moves the rest to next", () => {
    const text = screen({ ...paidAndConnected, "on-call-now": "no", "still-connected": "yes" });
    const now = nowSection(text);
    expect(now.match(/^ {2}\d+\./gm)?.length).toBeLessThanOrEqual(MAX_NOW_STEPS);
    expect(now).toMatch(/Disconnect the computer/);
    const firstSteps = text.slice(text.indexOf("Do this now:")).split(/\n(?= {2}\d+\.)/).slice(1, 5).join("\n");
    expect(firstSteps).toMatch(/get your money back for a fee/);
    // Nothing is lost: every step the engine gives is on the screen.
    for (const a of steps({ ...paidAndConnected, "on-call-now": "no", "still-connected": "yes" })) expect(text.replace(/\s+/g, " ")).toContain(a.text.replace(/\s+/g, " ").slice(0, 40));
  });

  it("keeps a step already done in its place under 'do this now' without taking the room of one still to do", () => {
    const answers = { ...paidAndConnected, "on-call-now": "yes", "still-connected": "yes" };
    const result = triage(rules, readAnswers(answers, rules), { region: "gb" });
    const nowIds = result.actions.filter((a) => a.urgency === "now").map((a) => a.id);
    expect(nowIds.length).toBeGreaterThan(MAX_NOW_STEPS);
    const done = new Set([nowIds[0] as string]);
    const text = renderVerdict(result, rules, { width: 100, plain: true, chalk: new Chalk({ level: 0 }), done });
    const now = nowSection(text);
    expect(now.match(/^ {2}\d+\.\s+\[done\]/gm)).toHaveLength(1);
    expect(now.match(/^ {2}\d+\.\s+(?!\[done\])\S/gm)).toHaveLength(MAX_NOW_STEPS);
  });

  it("names the first open question in its words, not its id, when it says more answers could change the verdict", () => {
    const result = assess(rules, readAnswers({ "contact-start": "they-called" }, rules), { region: "gb" });
    const text = renderVerdict(result, rules, { width: 200, plain: true, chalk: new Chalk({ level: 0 }), hintOpenQuestions: true });
    const first = rules.questions.find((q) => q.id === result.unanswered[0]?.id);
    expect(text).toContain(`starting with "${first?.text.replace(/\?\s.*$/s, "?")}"`);
  });
});
