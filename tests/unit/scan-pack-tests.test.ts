/** Pack test cases given as call notes: the pack's detect phrases are tested like the rest of it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPackTests } from "../../src/core/pack-tests.js";
import { loadRules } from "../../src/node/load-rules.js";
import { pack, rulesFrom, VERDICTS_YAML } from "../helpers/rules.js";

const rules = rulesFrom({
  "p.yaml": pack(
    "p",
    `${VERDICTS_YAML}
questions:
  - id: asked-payment
    type: yes-no
    text: Did they ask for money?
    detect: { yes: ["{asked|wanted} * money"] }
  - id: asked-gift-cards
    type: yes-no
    text: Gift cards?
    when: { question: asked-payment, equals: "yes" }
    detect: { yes: ["gift card*"] }
indicators:
  - id: gift
    title: Gift cards
    explanation: Only scammers want gift cards.
    when: { question: asked-gift-cards, equals: "yes" }
    weight: 95
    references: [https://example.org/a]
    falsepositives: [none]
`,
  ),
});

const run = (cases: string) => runPackTests([{ name: "p.test.yaml", text: `schema_version: 1\npack: p\ncases:\n${cases}` }], rules);

describe("pack tests with notes", () => {
  it("scores the answers the notes give, and checks them against expect.inferred", () => {
    const report = run(`
  - name: gift cards
    answers: {}
    notes: "He wanted money, in gift cards."
    expect: { inferred: { asked-payment: "yes", asked-gift-cards: "yes" }, verdict: scam, fires: [gift] }
  - name: a denial leaves gift cards unasked
    answers: {}
    notes: "He never wanted any money."
    expect: { inferred: { asked-payment: "no", asked-gift-cards: null }, verdict: not-enough-information }
`);
    expect(report.diagnostics).toEqual([]);
    expect(report.outcomes.map((o) => [o.name, o.passed, o.failures])).toEqual([
      ["gift cards", true, []],
      ["a denial leaves gift cards unasked", true, []],
    ]);
  });

  it("lets given answers take precedence over the notes", () => {
    const report = run(`
  - name: answers win
    notes: "He wanted money."
    answers: { asked-payment: "no" }
    expect: { verdict: not-enough-information }
`);
    expect(report.outcomes[0]?.passed).toBe(true);
  });

  it("says which inferred answer differed, with the evidence", () => {
    const report = run(`
  - name: wrong expectation
    answers: {}
    notes: "They asked about money."
    expect: { inferred: { asked-payment: "no" }, verdict: scam }
`);
    expect(report.outcomes[0]?.failures).toEqual([
      'notes: expected asked-payment = "no", got "yes" (from "asked about money" at 1:6)',
      "expected verdict scam, got not-enough-information (score 0)",
    ]);
  });

  it("reports 'inferred' without notes, at its place", () => {
    const report = run(`
  - name: inferred alone
    answers: {}
    expect: { inferred: { asked-payment: "yes" }, verdict: scam }
`);
    expect(report.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual(["7:25: case 'inferred alone': 'inferred' checks what notes give; add 'notes'"]);
  });
});

describe("the built-in packs' phrases on notes-based cases", () => {
  it("passes every case in tests/scan/pack-notes.test.yaml", async () => {
    const { rules: builtin } = await loadRules();
    const name = "tests/scan/pack-notes.test.yaml";
    const report = runPackTests([{ name, text: readFileSync(join(__dirname, "../scan/pack-notes.test.yaml"), "utf8") }], builtin);
    expect(report.diagnostics).toEqual([]);
    expect(report.outcomes.length).toBeGreaterThanOrEqual(12);
    expect(report.outcomes.filter((o) => !o.passed).map((o) => `${o.name}: ${o.failures.join("; ")}`)).toEqual([]);
  });
});
