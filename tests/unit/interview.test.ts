/**
 * The adaptive interview measured on every shipped pack test case: it must reach the same verdict
 * band as answering everything, and the median triage must ask at most 60% of the questions that
 * answering everything would.
 */
import { describe, expect, it } from "vitest";
import { readAnswers } from "../../src/core/answers.js";
import { interviewState, simulateInterview } from "../../src/core/interview.js";
import { packTestSchema } from "../../src/core/pack-tests.js";
import { findPackTests, loadRules, BUILTIN_RULES_DIR, PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { parse } from "yaml";
import { pack, rulesFrom, VERDICTS_YAML } from "../helpers/rules.js";

describe("adaptive interview on the shipped packs", async () => {
  const { rules } = await loadRules({ noCache: true });
  const { testFiles } = findPackTests([BUILTIN_RULES_DIR], PACKAGE_ROOT);
  const cases = testFiles.flatMap((f) =>
    packTestSchema.parse(parse(f.text)).cases.map((c) => ({
      file: f.name,
      name: c.name,
      options: { ...(c.region && { region: c.region }), ...(c.staff !== undefined && { staff: c.staff }), ...(c.facts && { facts: c.facts }) },
      answers: readAnswers(c.answers, rules),
    })),
  );
  const measure = (unmentioned: "no" | "notSure") => {
    const runs = cases.map((c) => ({ ...c, sim: simulateInterview(rules, c.answers, c.options, unmentioned) }));
    const shares = runs.map((r) => r.sim.asked.length / r.sim.relevantCount).sort((a, b) => a - b);
    const mid = (xs: number[]) => xs[Math.floor((xs.length - 1) / 2)] as number;
    return { runs, median: mid(shares), worst: shares.at(-1) as number, medianAsked: mid(runs.map((r) => r.sim.asked.length).sort((a, b) => a - b)) };
  };
  const realistic = measure("no");
  const pessimistic = measure("notSure");
  console.log(
    `interview over ${cases.length} pack cases: median ${(realistic.median * 100).toFixed(1)}% of questions asked ` +
      `(worst ${(realistic.worst * 100).toFixed(1)}%, median ${realistic.medianAsked} questions); ` +
      `answering "not sure" to everything unmentioned: median ${(pessimistic.median * 100).toFixed(1)}%, worst ${(pessimistic.worst * 100).toFixed(1)}%`,
  );

  it("always reaches the same verdict band as answering everything", () => {
    for (const { runs } of [realistic, pessimistic]) {
      const differ = runs.filter((r) => r.sim.verdict !== r.sim.fullVerdict).map((r) => `${r.file}: ${r.name}: ${r.sim.verdict} vs ${r.sim.fullVerdict}`);
      expect(differ).toEqual([]);
    }
  });

  it("asks at most 60% of the questions in the median triage", () => {
    expect(cases.length).toBeGreaterThan(50);
    expect(realistic.median).toBeLessThanOrEqual(0.6);
  });
});

describe("interview order", () => {
  const REF = "references: [https://example.org/a]";
  const rules = rulesFrom({
    "a.yaml": pack(
      "a",
      `${VERDICTS_YAML}
questions:
  - { id: small, type: yes-no, text: Small? }
  - { id: big, type: yes-no, text: Big? }
  - { id: urgent-q, type: yes-no, urgent: true, text: Urgent?, when: { question: big, equals: "yes" } }
  - { id: happened, type: multiple, text: What happened?, choices: [{ id: paid, label: Paid }, { id: none, label: None }] }
indicators:
  - { id: small, title: S, explanation: E, when: { question: small, equals: "yes" }, weight: 5, ${REF}, falsepositives: [x] }
  - { id: big, title: B, explanation: E, when: { question: big, equals: "yes" }, weight: 95, ${REF}, falsepositives: [x] }
actions:
  - { id: call-bank, urgency: now, text: Call the bank., when: { all: [ { question: happened, includes: paid }, { fact: verdict, in: [scam] } ] }, ${REF} }
`,
    ),
  });
  const a = (x: Record<string, unknown>) => readAnswers(x, rules);

  it("asks the question that can move the verdict most first", () => {
    expect(interviewState(rules, a({})).next?.question.id).toBe("big");
  });
  it("asks an urgent question as soon as it applies", () => {
    expect(interviewState(rules, a({ big: "yes" })).next).toMatchObject({ question: { id: "urgent-q" }, reason: "urgent" });
  });
  it("after the band is settled, asks only what chooses the steps", () => {
    const s = interviewState(rules, a({ big: "yes", "urgent-q": "no" }));
    expect(s.result.settled).toBe(true);
    expect(s.next).toMatchObject({ question: { id: "happened" }, reason: "actions" });
    expect(interviewState(rules, a({ big: "yes", "urgent-q": "no", happened: ["none"] })).next).toBeUndefined();
  });
  it("does not ask about steps that cannot apply to the verdict", () => {
    const s = interviewState(rules, a({ big: "no", small: "no" }));
    expect(s.result.verdict.id).toBe("no-warning-signs");
    expect(s.next).toBeUndefined();
  });
  it("asks the remaining questions on request", () => {
    expect(interviewState(rules, a({ big: "yes", "urgent-q": "no", happened: ["none"] }), { extra: true }).next?.question.id).toBe("small");
  });
});
