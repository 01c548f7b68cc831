/**
 * The interview: one chooser of the next question, and when it stops. Measured on every shipped
 * pack test case (answers from the case, "not sure" to anything the case does not say) and specified
 * on small rule sets.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readAnswers, type Answers } from "../../src/core/answers.js";
import { interviewState, nextQuestion } from "../../src/core/interview.js";
import { packTestScenarios, simulate, summarise } from "../../src/core/interview-sim.js";
import { MAX_NOW_STEPS, NOT_SURE } from "../../src/core/constants.js";
import { triage } from "../../src/core/triage.js";
import { findPackTests, loadRules, BUILTIN_RULES_DIR, PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { pack, rulesFrom, VERDICTS_YAML } from "../helpers/rules.js";

describe("the interview on the shipped packs", async () => {
  const { rules } = await loadRules({ noCache: true });
  const { testFiles } = findPackTests([BUILTIN_RULES_DIR], PACKAGE_ROOT);
  const scenarios = packTestScenarios(testFiles, rules);
  const runs = scenarios.map((s) => simulate(rules, s));
  const figures = summarise(rules, runs);

  it("ends in a band with the same steps as answering everything, in at least 98% of cases", () => {
    expect(scenarios.length).toBeGreaterThan(100);
    expect(figures.agreement, figures.disagreements.join("\n")).toBeGreaterThanOrEqual(0.98);
  });

  it("never ends a scam or likely scam below suspicious", () => {
    expect(figures.missedScams).toEqual([]);
  });

  it("never hides a 'now' step that the answers call for", () => {
    expect(figures.hiddenNow).toEqual([]);
  });

  it("asks fewer questions than answering everything", () => {
    const everything = scenarios.map((s) => triage(rules, s.answers, s.options).relevant.length).sort((a, b) => a - b);
    expect(figures.all.median).toBeLessThan(everything[Math.floor(everything.length / 2)] as number);
  });

  it("never stops while further answers could lift a call from no warning signs to likely scam", () => {
    // Wherever it stops on the way through a case, on any answers the case gives or leaves "not sure".
    for (const s of scenarios) {
      const answers: Answers = new Map();
      for (;;) {
        const state = interviewState(rules, answers, s.options);
        if (!state.next) {
          if (state.result.verdict.id === "no-warning-signs") expect(state.result.reachable, s.name).not.toContain("likely-scam");
          break;
        }
        answers.set(state.next.question.id, s.answers.get(state.next.question.id) ?? NOT_SURE);
      }
    }
  });

  it("asks where the person is first: still on the line, and what already happened", () => {
    const first = interviewState(rules, new Map()).next?.question.id;
    expect(first).toBe("on-call-now");
    expect(interviewState(rules, readAnswers({ "on-call-now": "yes" }, rules)).next?.question.id).toBe("what-happened");
  });
});

describe("choosing the next question", () => {
  const REF = "references: [https://example.org/a]";
  const rules = rulesFrom({
    "a.yaml": pack(
      "a",
      `${VERDICTS_YAML}
questions:
  - { id: where, type: yes-no, urgent: true, text: Still on the line? }
  - { id: small, type: yes-no, text: Small? }
  - { id: kind, type: single, text: Kind?, choices: [{ id: x, label: X }, { id: y, label: Y }] }
  - { id: opener, type: yes-no, priority: opener, text: Opener?, when: { question: kind, equals: x } }
  - { id: pay, type: yes-no, priority: big-ask, text: Money? }
  - { id: fee, type: yes-no, part_of: pay, text: A fee? }
  - { id: mine, type: yes-no, text: Did you call them? }
  - { id: happened, type: multiple, text: What happened?, choices: [{ id: paid, label: Paid }, { id: none, label: None }] }
indicators:
  - { id: small, title: S, explanation: E, when: { question: small, equals: "yes" }, weight: 25, ${REF}, falsepositives: [x] }
  - { id: opener, title: O, explanation: E, when: { question: opener, equals: "yes" }, weight: 30, ${REF}, falsepositives: [x] }
  - { id: pay, title: P, explanation: E, when: { question: pay, equals: "yes" }, weight: 60, at_least: likely-scam, floor_unless: { question: mine, equals: "yes" }, ${REF}, falsepositives: [x] }
  - { id: fee, title: F, explanation: E, when: { question: fee, equals: "yes" }, weight: 40, ${REF}, falsepositives: [x] }
  - { id: mine, title: M, explanation: E, when: { question: mine, equals: "yes" }, weight: -30, ${REF} }
actions:
  - { id: hang-up, urgency: now, text: Hang up., when: { all: [ { question: where, equals: "yes" }, { fact: verdict, in: [scam, likely-scam] } ] }, ${REF} }
  - { id: call-bank, urgency: now, text: Call the bank., when: { all: [ { question: happened, includes: paid }, { fact: verdict, in: [scam, likely-scam] } ] }, ${REF} }
  - { id: check, urgency: soon, text: Check., when: { fact: verdict, in: [suspicious, not-enough-information] }, ${REF} }
stops:
  - { id: mine-nothing-asked, reason: You called them and they asked for nothing., when: { all: [ { question: mine, equals: "yes" }, { question: pay, equals: "no" } ] }, ${REF} }
`,
    ),
  });
  const a = (x: Record<string, unknown>) => readAnswers(x, rules);

  it("asks the situation first, then a big ask, then the claimed family's opener", () => {
    expect(interviewState(rules, a({})).next).toMatchObject({ question: { id: "where" }, reason: "situation" });
    expect(nextQuestion(rules, a({ where: "no" }))?.id).toBe("pay");
    expect(nextQuestion(rules, a({ where: "no", pay: "not-sure", kind: "x" }))?.id).toBe("opener");
  });

  it("stops once nothing left can change the steps, scam and likely-scam counting as one, and says why", () => {
    const s = interviewState(rules, a({ where: "no", pay: "yes", mine: "no", happened: ["none"] }));
    expect(s.result.verdict.id).toBe("likely-scam");
    expect(s.next).toBeUndefined();
    expect(s.stop).toMatchObject({ kind: "decided" });
    expect(s.stop?.reason).toMatch(/could change what to do/);
  });

  it("after the band is decided, asks only what chooses a 'now' step", () => {
    const s = interviewState(rules, a({ where: "no", pay: "yes", mine: "no" }));
    expect(s.next).toMatchObject({ question: { id: "happened" }, reason: "steps" });
  });

  it("stops a call with no warning signs early only on a stop rule's evidence", () => {
    // Silence is not evidence: "not sure" to the big ask keeps it going.
    expect(interviewState(rules, a({ where: "no", mine: "yes", pay: "not-sure" })).next).toBeDefined();
    const s = interviewState(rules, a({ where: "no", mine: "yes", pay: "no" }));
    expect(s.result.verdict.id).toBe("no-warning-signs");
    expect(s.next).toBeUndefined();
    expect(s.stop).toMatchObject({ kind: "evidence", rule: "mine-nothing-asked", reason: "You called them and they asked for nothing." });
  });

  it("takes a 'no' to a big ask as a 'no' to the questions that are part of it", () => {
    const r = interviewState(rules, a({ where: "no", pay: "no" })).result;
    expect(r.implied).toEqual(["fee"]);
    expect(interviewState(rules, a({ where: "no", pay: "no", small: "no", mine: "no", kind: "y" })).queue.map((q) => q.id)).not.toContain("fee");
    // An answer given to the part itself still counts.
    expect(triage(rules, a({ pay: "no", fee: "yes" })).reasons.map((x) => x.id)).toEqual(["fee"]);
  });

  it("lifts a floor when its exception holds, and keeps it while the exception is unknown", () => {
    expect(triage(rules, a({ pay: "yes" })).verdict.id).toBe("likely-scam");
    expect(triage(rules, a({ pay: "yes", mine: "not-sure" })).verdict.id).toBe("likely-scam");
    // 60 - 30 = 30: suspicious, once the floor no longer holds.
    expect(triage(rules, a({ pay: "yes", mine: "yes" })).verdict.id).toBe("suspicious");
  });

  it("asks the remaining questions on request", () => {
    expect(interviewState(rules, a({ where: "no", pay: "yes", mine: "no", happened: ["none"] }), { extra: true }).next?.reason).toBe("extra");
  });

  it("never stops where more answers could lift 'no warning signs' to likely scam, and never hides a 'now' step (any answers)", () => {
    const ids = rules.questions.map((q) => q.id);
    const value = (id: string) => {
      const q = rules.questions.find((x) => x.id === id)!;
      const choices = q.choices.map((c) => c.id);
      return q.type === "multiple" ? fc.subarray(choices, { minLength: 1 }) : fc.constantFrom(...choices, NOT_SURE);
    };
    fc.assert(
      fc.property(fc.record(Object.fromEntries(ids.map((id) => [id, value(id)]))), (truth) => {
        const given = readAnswers(truth, rules);
        const answers: Answers = new Map();
        const shown = new Set<string>();
        for (;;) {
          const state = interviewState(rules, answers);
          state.result.actions.filter((x) => x.urgency === "now").forEach((x) => shown.add(x.id));
          if (!state.next) {
            if (state.result.verdict.id === "no-warning-signs") expect(state.result.reachable).not.toContain("likely-scam");
            break;
          }
          answers.set(state.next.question.id, given.get(state.next.question.id) ?? NOT_SURE);
        }
        const all = triage(rules, given);
        const end = triage(rules, answers);
        // When the steps' band agrees, every "now" step the full answers put first was shown.
        if ((["scam", "likely-scam"].includes(all.verdict.id)) === (["scam", "likely-scam"].includes(end.verdict.id)))
          for (const x of all.actions.filter((x) => x.urgency === "now").slice(0, MAX_NOW_STEPS)) expect(shown).toContain(x.id);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the questions that choose the steps", () => {
  const REF = "references: [https://example.org/a]";
  const step = (id: string, saves: string, when: string, extra = "") =>
    `  - { id: ${id}, urgency: now, saves: ${saves}, text: ${id}., when: { all: [ ${when}, { fact: verdict, in: [scam, likely-scam] } ] }${extra}, ${REF} }`;
  const rules = rulesFrom({
    "a.yaml": pack(
      "a",
      `${VERDICTS_YAML}
questions:
  - { id: pay, type: yes-no, priority: big-ask, text: Money? }
  - { id: connected, type: yes-no, text: Still connected? }
  - { id: card, type: yes-no, text: Paid by card? }
  - { id: courier, type: yes-no, text: A courier coming? }
  - { id: shared, type: yes-no, text: Shared a password? }
  - { id: tips, type: yes-no, text: Want tips? }
  - { id: booked, type: yes-no, text: Did you book the call? }
indicators:
  - { id: pay, title: P, explanation: E, when: { question: pay, equals: "yes" }, weight: 80, ${REF}, falsepositives: [x] }
actions:
${step("tips", "advice", '{ question: tips, equals: "yes" }')}
${step("change-password", "accounts", '{ question: shared, equals: "yes" }')}
${step("call-card-issuer", "money", '{ question: card, equals: "yes" }', ', unless: { question: booked, equals: "yes" }')}
${step("stop-courier", "harm-in-progress", '{ question: courier, equals: "yes" }')}
${step("disconnect", "harm-in-progress", '{ question: connected, equals: "yes" }')}
`,
    ),
  });
  const a = (x: Record<string, unknown>) => readAnswers(x, rules);
  const forSteps = (x: Record<string, unknown>) => interviewState(rules, a(x)).queue.map((q) => q.id);

  it("asks first about the step that saves the most: harm still going on, then money, then accounts", () => {
    expect(forSteps({ pay: "yes" }).slice(0, 4)).toEqual(["courier", "connected", "card", "booked"]);
  });

  it("asks nothing about a step that could no longer be among the first three 'now' steps", () => {
    const asked = forSteps({ pay: "yes", courier: "yes", connected: "yes", card: "yes", booked: "no" });
    expect(asked).toEqual([]);
    expect(interviewState(rules, a({ pay: "yes", courier: "yes", connected: "yes", card: "yes", booked: "no" })).stop?.kind).toBe("decided");
  });

  it("still asks about a later step while an earlier one may not apply", () => {
    expect(forSteps({ pay: "yes", courier: "no", connected: "yes" })).toEqual(["card", "booked", "shared", "tips"]);
    expect(forSteps({ pay: "yes", courier: "yes", connected: "yes", card: "no" })).toEqual(["shared", "tips"]);
    expect(forSteps({ pay: "yes", courier: "yes", connected: "yes", card: "no", shared: "yes" })).toEqual([]);
  });

  it("asks what would lift a step (its `unless`) as well as what calls for it", () => {
    expect(forSteps({ pay: "yes", courier: "no", connected: "no", card: "yes" })).toEqual(["booked", "shared", "tips"]);
  });
});

describe("evidence of a genuine call", () => {
  const REF = "references: [https://example.org/a]";
  const rules = rulesFrom({
    "a.yaml": pack(
      "a",
      `${VERDICTS_YAML}
questions:
  - { id: pay, type: yes-no, priority: big-ask, text: Money? }
  - { id: start, type: single, text: Who called?, choices: [{ id: they, label: They did }, { id: me, label: I called the number I looked up }] }
  - { id: rush, type: yes-no, text: Rushed? }
  - { id: secret, type: yes-no, text: Keep it secret? }
  - { id: courier, type: yes-no, text: A courier? }
  - { id: offer, type: yes-no, text: An offer? }
  - { id: fee, type: yes-no, part_of: pay, text: A fee for the offer?, when: { question: offer, equals: "yes" } }
indicators:
  - { id: rush, title: R, explanation: E, when: { question: rush, equals: "yes" }, weight: 40, ${REF}, falsepositives: [x] }
  - { id: secret, title: S, explanation: E, when: { question: secret, equals: "yes" }, weight: 40, ${REF}, falsepositives: [x] }
  - { id: courier, title: C, explanation: E, when: { question: courier, equals: "yes" }, weight: 20, at_least: scam, ${REF}, falsepositives: [x] }
  - { id: fee, title: F, explanation: E, when: { question: fee, equals: "yes" }, weight: 30, at_least: scam, ${REF}, falsepositives: [x] }
  - { id: me, title: M, explanation: E, when: { question: start, equals: me }, weight: -20, at_most: suspicious, ${REF} }
actions:
  - { id: hang-up, urgency: now, text: Hang up., when: { fact: verdict, in: [scam, likely-scam] }, ${REF} }
  - { id: check, urgency: soon, text: Check., when: { fact: verdict, in: [suspicious] }, ${REF} }
stops:
  - { id: mine, reason: You called them and they asked for no money., when: { all: [ { question: start, equals: me }, { question: pay, equals: "no" } ] }, ${REF} }
`,
    ),
  });
  const a = (x: Record<string, unknown>) => readAnswers(x, rules);

  it("holds a call the person started to at most the reassuring sign's ceiling, whatever the score", () => {
    expect(triage(rules, a({ rush: "yes", secret: "yes" })).verdict.id).toBe("likely-scam");
    expect(triage(rules, a({ start: "me", rush: "yes", secret: "yes" })).verdict.id).toBe("suspicious");
  });

  it("lets a warning sign's minimum verdict outrank the ceiling", () => {
    expect(triage(rules, a({ start: "me", courier: "yes" })).verdict.id).toBe("scam");
  });

  it("does not count a part of a big ask answered 'no' as still possible, before it applies", () => {
    const r = triage(rules, a({ start: "me", pay: "no", courier: "no" }));
    expect(r.reachable).not.toContain("scam");
    expect(r.reachable).not.toContain("likely-scam");
  });

  it("on evidence of a genuine call, rules out the sign that could make it a scam first, then stops", () => {
    expect(nextQuestion(rules, a({ start: "me", pay: "no" }))?.id).toBe("courier");
    expect(interviewState(rules, a({ start: "me", pay: "no", courier: "no" })).stop).toMatchObject({ kind: "evidence", rule: "mine" });
  });
});

describe("evidence of a genuine cold call", () => {
  const REF = "references: [https://example.org/a]";
  const rules = rulesFrom({
    "a.yaml": pack(
      "a",
      `${VERDICTS_YAML}
questions:
  - { id: pay, type: yes-no, priority: big-ask, text: Money? }
  - { id: kind, type: single, text: Who did they say they were?, choices: [{ id: x, label: X }, { id: y, label: Y }] }
  - { id: opener, type: yes-no, priority: opener, part_of: pay, text: Did they ask for a fee?, when: { question: kind, equals: x } }
  - { id: start, type: single, text: Who called?, choices: [{ id: they, label: They did }, { id: me, label: I did }] }
  - { id: rush, type: yes-no, text: Rushed? }
  - { id: secret, type: yes-no, text: Keep it secret? }
  - { id: heavy, type: yes-no, text: A heavy sign? }
  - { id: small, type: yes-no, text: A small sign? }
indicators:
  - { id: opener, title: O, explanation: E, when: { question: opener, equals: "yes" }, weight: 60, ${REF}, falsepositives: [x] }
  - { id: rush, title: R, explanation: E, when: { question: rush, equals: "yes" }, weight: 30, ${REF}, falsepositives: [x] }
  - { id: secret, title: S, explanation: E, when: { question: secret, equals: "yes" }, weight: 30, ${REF}, falsepositives: [x] }
  - { id: heavy, title: H, explanation: E, when: { question: heavy, equals: "yes" }, weight: 34, ${REF}, falsepositives: [x] }
  - { id: small, title: M, explanation: E, when: { question: small, equals: "yes" }, weight: 25, ${REF}, falsepositives: [x] }
  - { id: they, title: T, explanation: E, when: { question: start, equals: they }, weight: 10, ${REF}, falsepositives: [x] }
actions:
  - { id: hang-up, urgency: now, text: Hang up., when: { fact: verdict, in: [scam, likely-scam] }, ${REF} }
  - { id: check, urgency: soon, text: Check., when: { fact: verdict, in: [suspicious] }, ${REF} }
stops:
  - { id: cold, reason: They asked for nothing and did not rush you or ask for secrecy., when: { all: [ { question: start, equals: they }, { question: pay, equals: "no" }, { fact: opener, equals: "no" }, { question: rush, equals: "no" }, { question: secret, equals: "no" } ] }, ${REF} }
`,
    ),
  });
  const a = (x: Record<string, unknown>) => readAnswers(x, rules);

  it("on a call with no warning signs, asks what a stop rule needs before a heavier sign", () => {
    const s = interviewState(rules, a({ pay: "no", kind: "x" }));
    expect(s.result.verdict.id).toBe("no-warning-signs");
    expect(["start", "rush", "secret"]).toContain(s.next?.question.id);
    expect(s.queue.map((q) => q.id).indexOf("heavy")).toBeGreaterThan(2);
  });

  it("counts an opener answered 'no' by its big ask's 'no' as evidence for the stop rule", () => {
    const s = interviewState(rules, a({ pay: "no", kind: "x", start: "they", rush: "no", secret: "no", heavy: "no" }));
    expect(s.result.implied).toContain("opener");
    expect(s.stop).toMatchObject({ kind: "evidence", rule: "cold" });
  });

  it("does not stop on that evidence while the answers left could still make it a likely scam", () => {
    // heavy (34) and small (25) together would reach likely-scam (55).
    const s = interviewState(rules, a({ pay: "no", kind: "x", start: "they", rush: "no", secret: "no" }));
    expect(s.result.reachable).toContain("likely-scam");
    expect(s.next).toBeDefined();
  });
});
