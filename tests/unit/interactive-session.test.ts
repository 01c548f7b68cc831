/**
 * The interactive triage without a terminal: a session's turns, answers, "Go back", the offer to
 * stop, "a few more", and the screens it shows once; the words of those screens.
 */
import { describe, expect, it } from "vitest";
import { readAnswers } from "../../src/core/answers.js";
import { TriageSession, EXTRA_BATCH, type Turn } from "../../src/cli/interactive-session.js";
import { questionHeading, stepsScreen, stopOffer, staffPromptScreen } from "../../src/cli/interactive-screens.js";
import { loadRules } from "../../src/node/load-rules.js";
import { pack, rulesFrom, VERDICTS_YAML } from "../helpers/rules.js";

const REF = "references: [https://example.org/a]";
const rules = rulesFrom({
  "a.yaml": pack(
    "a",
    `${VERDICTS_YAML}
questions:
  - { id: where, type: yes-no, urgent: true, text: Still on the line? }
  - { id: pay, type: yes-no, priority: big-ask, text: Money? }
  - { id: rush, type: yes-no, text: Rushed? }
  - { id: tips, type: yes-no, text: Tips? }
  - { id: more, type: yes-no, text: More? }
  - { id: last, type: yes-no, text: Last? }
indicators:
  - { id: pay, title: P, explanation: E, when: { question: pay, equals: "yes" }, weight: 95, ${REF}, falsepositives: [x] }
  - { id: rush, title: R, explanation: E, when: { question: rush, equals: "yes" }, weight: 25, ${REF}, falsepositives: [x] }
actions:
  - { id: hang-up, urgency: now, immediate: true, saves: harm-in-progress, text: Hang up., when: { question: where, equals: "yes" }, ${REF} }
  - { id: beware, urgency: now, immediate: true, saves: warning, text: Beware of a second call., when: { question: where, equals: "yes" }, ${REF} }
  - { id: check, urgency: soon, text: Check., when: { fact: verdict, in: [suspicious, not-enough-information] }, ${REF} }
prompts:
  - { id: ask-id, audience: caller, title: Ask who they are, lines: [Ask for a name.], when: { question: pay, equals: "yes" }, ${REF} }
`,
  ),
});
const ask = (t: Turn) => {
  if (t.kind !== "ask") throw new Error(`expected a question, got ${t.kind}`);
  return t;
};

describe("a triage session", () => {
  it("asks the situation first, numbers the questions, and offers 'Go back' only once something was answered", () => {
    const s = new TriageSession(rules, undefined, new Map());
    const first = ask(s.turn());
    expect(first).toMatchObject({ question: { id: "where" }, number: 1, situation: true, canGoBack: false });
    s.answer("where", "no");
    expect(ask(s.turn())).toMatchObject({ question: { id: "pay" }, number: 2, situation: false, canGoBack: true });
  });

  it("goes back by forgetting the last answer, and offers it as the default when asked again", () => {
    const s = new TriageSession(rules, undefined, new Map());
    s.answer("where", "no");
    s.answer("pay", "no");
    s.back();
    expect(s.answers.has("pay")).toBe(false);
    expect(s.history).toEqual(["where"]);
    s.answer("pay", "yes");
    s.answer("where", "yes");
    // Answering again moves the question to the end of the way back.
    expect(s.history).toEqual(["pay", "where"]);
    expect(ask(new TriageSession(rules, undefined, new Map()).turn()).previous).toBeUndefined();
  });

  it("never goes back into answers taken from call notes", () => {
    const s = new TriageSession(rules, undefined, new Map());
    s.takeFromNotes(readAnswers({ where: "no", pay: "no" }, rules));
    expect(ask(s.turn()).canGoBack).toBe(false);
  });

  it("offers to stop once nothing left can change the steps, says why the first time, and asks a few more on request", () => {
    const s = new TriageSession(rules, undefined, new Map());
    s.answer("where", "no");
    s.answer("pay", "yes");
    const offer = s.turn();
    expect(offer).toMatchObject({ kind: "offer-stop", first: true });
    expect(stopOffer(offer as Extract<Turn, { kind: "offer-stop" }>).headline).toBe("That is enough to give you a clear answer.");
    s.askMore();
    const more = ask(s.turn());
    expect(more.question.id).toBe("rush");
    for (const id of ["rush", "tips", "more", "last"]) s.answer(id, "no");
    expect(s.turn()).toEqual({ kind: "verdict" });
  });

  it("says so when the extra answers did not change the result", () => {
    const s = new TriageSession(rules, undefined, new Map());
    s.answer("where", "no");
    s.answer("pay", "yes");
    s.turn();
    s.askMore();
    for (let i = 0; i < EXTRA_BATCH; i++) s.answer(ask(s.turn()).question.id, "no");
    const again = s.turn();
    expect(again).toMatchObject({ kind: "offer-stop", first: false });
    expect(stopOffer(again as Extract<Turn, { kind: "offer-stop" }>)).toEqual({ headline: "Those answers did not change the result." });
  });

  it("shows each step that cannot wait once, and each operator script once", () => {
    const s = new TriageSession(rules, undefined, new Map());
    s.answer("where", "yes");
    const screens = s.immediateScreens(s.state());
    expect(screens.flat().map((a) => a.id)).toEqual(["hang-up", "beware"]);
    expect(s.immediateScreens(s.state())).toEqual([]);
    s.answer("pay", "yes");
    expect(s.staffPrompts(s.state()).map((p) => p.id)).toEqual(["ask-id"]);
    expect(s.staffPrompts(s.state())).toEqual([]);
  });

  it("keeps a tick once, with the day it was given", () => {
    const s = new TriageSession(rules, undefined, new Map());
    s.tick(["hang-up"], "2026-12-04");
    s.tick(["hang-up"], "2026-12-05");
    expect(s.doneSteps).toEqual([{ action: "hang-up", on: "2026-12-04" }]);
  });
});

describe("the screens' words", () => {
  it("numbers the steps, ticks all but warnings, and speaks to the operator about the customer", () => {
    const steps = [
      { id: "hang-up", urgency: "now" as const, text: "Hang up.", references: [] },
      { id: "beware", urgency: "now" as const, text: "Beware of a second call.", references: [] },
    ];
    const person = stepsScreen(rules, steps, { staff: false, plain: false });
    expect(person.heading).toBe("⚠  Do this right now");
    expect(person.steps).toEqual([
      { number: 1, text: "Hang up." },
      { number: 2, text: "Beware of a second call." },
    ]);
    expect(person.ticks).toEqual([{ name: "Step 1 is done", short: "step 1", value: "hang-up" }]);
    const operator = stepsScreen(rules, steps, { staff: true, plain: true });
    expect(operator.heading).toBe("TELL THE CUSTOMER TO DO THIS RIGHT NOW:");
    expect(operator.message).toMatch(/the customer has done this/);
  });

  it("heads a situation question so, and an operator script by whom it is for", () => {
    const turn = { kind: "ask" as const, question: rules.questions[0]!, number: 1, situation: true, canGoBack: false, previous: undefined };
    expect(questionHeading(turn, { staff: false, plain: true })).toBe("Question 1 - first, where things stand now");
    expect(questionHeading({ ...turn, situation: false, number: 4 }, { staff: false, plain: false })).toBe("Question 4");
    expect(staffPromptScreen(rules.prompts[0]!)).toEqual({ heading: "Ask the caller: Ask who they are", lines: ["Ask for a name."] });
  });
});

describe("a session on the shipped packs", async () => {
  const { rules: shipped } = await loadRules({ noCache: true });
  it("asks a frightened person still on the line what already happened next, and shows hanging up at once", () => {
    const s = new TriageSession(shipped, "gb", new Map([["staff", false]]));
    expect(ask(s.turn()).question.id).toBe("on-call-now");
    s.answer("on-call-now", "yes");
    const state = s.state();
    expect(ask(s.turn(state)).question.id).toBe("what-happened");
    expect(s.immediateScreens(state).flat().length).toBeGreaterThan(0);
  });

  it("gives the operator the 'give the caller nothing more' script only while the call may still be going on", () => {
    const scripts = (onCall: string) => {
      const s = new TriageSession(shipped, "gb", new Map([["staff", true]]));
      s.answer("on-call-now", onCall);
      s.answer("asked-payment", "yes");
      return s.staffPrompts(s.state()).map((p) => p.id);
    };
    expect(scripts("yes")).toContain("tell-the-customer-to-stop");
    expect(scripts("not-sure")).toContain("tell-the-customer-to-stop");
    expect(scripts("no")).not.toContain("tell-the-customer-to-stop");
  });
});
