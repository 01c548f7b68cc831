import { describe, expect, it } from "vitest";
import { readAnswers } from "../../src/core/answers.js";
import { triage } from "../../src/core/triage.js";
import { nextQuestion } from "../../src/core/interview.js";
import { pack, rulesFrom, VERDICTS_YAML } from "../helpers/rules.js";

const REF = "references: [https://example.org/advice]";
const rules = rulesFrom({
  "base.yaml": pack(
    "base",
    `${VERDICTS_YAML}
families:
  - { id: fam-a, title: Family A, description: A., ${REF} }
  - { id: fam-b, title: Family B, description: B., ${REF} }
regions:
  - id: gb
    name: United Kingdom
    locales: [en-GB]
    contacts: [{ id: police, name: Police, purpose: Report it., phone: "101", ${REF} }]
questions:
  - { id: cold, type: yes-no, text: Did they call you? }
  - { id: remote, type: yes-no, text: Remote access? }
  - { id: how, type: multiple, text: How to pay?, when: { question: remote, equals: "yes" },
      choices: [{ id: gift, label: Gift cards }, { id: card, label: Card }] }
  - { id: official, type: yes-no, text: Did you call the official number? }
  - { id: minutes, type: number, text: How long?, min: 0, max: 600 }
  - { id: urgent-q, type: yes-no, urgent: true, text: Still connected? }
indicators:
  - { id: cold, title: Cold call, explanation: Unexpected., when: { question: cold, equals: "yes" }, weight: 10, family: [fam-a], ${REF}, falsepositives: [x] }
  - { id: remote, title: Remote, explanation: Remote., when: { question: remote, equals: "yes" }, weight: 40, at_least: suspicious, family: [fam-b], ${REF}, falsepositives: [x] }
  - { id: gift, title: Gift cards, explanation: Gift., when: { question: how, includes: gift }, weight: 60, at_least: scam, family: [fam-b], ${REF}, falsepositives: [x] }
  - { id: official, title: Official, explanation: Safe., when: { question: official, equals: "yes" }, weight: -100, ${REF} }
  - { id: long, title: Long, explanation: Long call., when: { question: minutes, gte: 30 }, weight: 15, ${REF}, falsepositives: [x] }
actions:
  - { id: disconnect, urgency: now, immediate: true, text: Disconnect., when: { question: urgent-q, equals: "yes" }, ${REF} }
  - { id: later-step, urgency: later, text: Later., when: { fact: verdict, in: [scam, likely-scam] }, ${REF} }
  - { id: hang-up, urgency: now, text: Hang up., when: { fact: verdict, in: [scam, likely-scam] }, ${REF} }
  - { id: report-gb, urgency: soon, region: gb, text: Report., ${REF} }
`,
  ),
});
const answers = (a: Record<string, unknown>) => readAnswers(a, rules);

describe("triage", () => {
  it("scores fired signs and picks the band in rule order", () => {
    const r = triage(rules, answers({ cold: "yes", remote: "yes", how: ["card"] }));
    expect(r.score).toBe(50);
    expect(r.verdict.id).toBe("suspicious");
    expect(r.reasons.map((x) => x.id)).toEqual(["remote", "cold"]); // strongest first
  });

  it("treats not sure and unanswered as no evidence either way", () => {
    const r = triage(rules, answers({ cold: "not-sure", remote: "not-sure" }));
    expect(r.score).toBe(0);
    expect(r.answeredCount).toBe(0);
    expect(r.verdict.id).toBe("not-enough-information");
  });

  it("lets a sign's floor win over any reassurance", () => {
    const r = triage(rules, answers({ remote: "yes", how: ["gift"], official: "yes" }));
    expect(r.score).toBe(0);
    expect(r.verdict.id).toBe("scam");
    expect(r.reassurances.map((x) => x.id)).toEqual(["official"]);
  });

  it("gives no-warning-signs only with enough definite answers", () => {
    expect(triage(rules, answers({ cold: "no" })).verdict.id).toBe("not-enough-information");
    expect(triage(rules, answers({ cold: "no", remote: "no" })).verdict.id).toBe("no-warning-signs");
  });

  it("ignores answers to questions that do not apply", () => {
    const r = triage(rules, answers({ remote: "no", how: ["gift"] }));
    expect(r.ignored).toEqual(["how"]);
    expect(r.reasons).toEqual([]);
  });

  it("orders actions by urgency and filters by region and verdict", () => {
    const r = triage(rules, answers({ remote: "yes", how: ["gift"], "urgent-q": "yes" }), { region: "gb" });
    expect(r.actions.map((a) => a.id)).toEqual(["disconnect", "hang-up", "report-gb", "later-step"]);
    const noRegion = triage(rules, answers({ remote: "yes", how: ["gift"] }));
    expect(noRegion.actions.map((a) => a.id)).toEqual(["hang-up", "later-step"]);
  });

  it("names the likeliest family from the fired warning signs", () => {
    expect(triage(rules, answers({ cold: "yes" })).family?.id).toBe("fam-a");
    expect(triage(rules, answers({ cold: "yes", remote: "yes" })).family?.id).toBe("fam-b");
    expect(triage(rules, answers({ official: "yes" })).family).toBeNull();
  });

  it("lists the open questions that could change the steps, the most useful first", () => {
    const r = triage(rules, answers({}));
    expect(r.settled).toBe(false);
    // Gift cards set a floor of scam, so the question about them counts in full; the reassuring
    // question still counts (any definite answer moves towards a verdict) but last.
    expect(r.unanswered.map((q) => q.id)).toEqual(["how", "remote", "minutes", "cold", "official"]);
    // The interview asks what applies: "how" only follows a yes to "remote"; the situation comes first.
    expect(nextQuestion(rules, answers({}))?.id).toBe("urgent-q");
    expect(nextQuestion(rules, answers({ "urgent-q": "no" }))?.id).toBe("remote");
  });

  it("treats bands that lead to the same steps as one: in likely-scam, asks only what could bring it down", () => {
    // Every step here treats scam and likely-scam alike, so whether gift cards make it a scam changes nothing.
    const r = triage(rules, answers({ remote: "yes", cold: "yes", minutes: 45 }));
    expect(r.verdict.id).toBe("likely-scam");
    expect(r.settled).toBe(false);
    // The official number could bring it down, but not below the floor that remote access sets.
    expect(r.reachable).toEqual(["scam", "likely-scam", "suspicious"]);
    expect(r.unanswered.map((q) => q.id)).toEqual(["official"]);
  });

  it("knows when no remaining answer can change the band", () => {
    const r = triage(rules, answers({ remote: "yes", how: ["gift"] }));
    expect(r.verdict.id).toBe("scam");
    expect(r.settled).toBe(true);
    expect(r.reachable).toEqual(["scam"]);
    expect(r.unanswered).toEqual([]);
    // Only the situation question is left: it chooses a "now" step.
    expect(nextQuestion(rules, answers({ remote: "yes", how: ["gift"] }))?.id).toBe("urgent-q");
    expect(nextQuestion(rules, answers({ remote: "yes", how: ["gift"], "urgent-q": "no" }))).toBeUndefined();
  });

  it("is deterministic and ignores the order of answer keys", () => {
    const a = triage(rules, answers({ cold: "yes", remote: "yes", minutes: 45 }));
    const b = triage(rules, answers({ minutes: 45, remote: "yes", cold: "yes" }));
    expect(b).toEqual(a);
  });
});

describe("sign groups", () => {
  const REF = "references: [https://example.org/advice]";
  const grouped = rulesFrom({
    "g.yaml": pack(
      "g",
      `${VERDICTS_YAML}
groups:
  - { id: pressure, title: Pressure tactics, max_weight: 30 }
questions:
  - { id: rush, type: yes-no, text: Rushed? }
  - { id: secret, type: yes-no, text: Secret? }
  - { id: angry, type: yes-no, text: Angry? }
indicators:
  - { id: rush, title: R, explanation: E, when: { question: rush, equals: "yes" }, weight: 20, group: pressure, ${REF}, falsepositives: [x] }
  - { id: secret, title: S, explanation: E, when: { question: secret, equals: "yes" }, weight: 25, group: pressure, ${REF}, falsepositives: [x] }
  - { id: angry, title: A, explanation: E, when: { question: angry, equals: "yes" }, weight: 25, ${REF}, falsepositives: [x] }
`,
    ),
  });
  const g = (x: Record<string, unknown>) => readAnswers(x, grouped);

  it("caps the total of a group's signs, and still lists each as a reason", () => {
    const r = triage(grouped, g({ rush: "yes", secret: "yes", angry: "yes" }));
    expect(r.score).toBe(30 + 25);
    expect(r.reasons.map((x) => x.id)).toEqual(["secret", "angry", "rush"]);
  });

  it("bounds what open grouped questions can still add by the cap", () => {
    const r = triage(grouped, g({ rush: "yes" }));
    expect(r.scoreRange).toEqual({ min: 20, max: 30 + 25 });
  });
});
