/**
 * The batch's verdict text, put together from pieces kept per rule set, is exactly the text of the
 * verdict's JSON (verdictToJson, made safe for a terminal): for every pack test case, in every
 * region, and for any answers; also for a step with a fact written into it and for text a terminal
 * would act on.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { readAnswers } from "../../src/core/answers.js";
import { packTestScenarios } from "../../src/core/interview-sim.js";
import type { RuleSet } from "../../src/core/ruleset.js";
import { terminalSafeJson } from "../../src/core/sanitize.js";
import { triage, type TriageResult } from "../../src/core/triage.js";
import { verdictToJson } from "../../src/core/verdict-json.js";
import { verdictJsonText } from "../../src/core/verdict-text.js";
import { BUILTIN_RULES_DIR, loadRules } from "../../src/node/load-rules.js";
import { pack, rulesFrom, VERDICTS_YAML } from "../helpers/rules.js";
import { RUNS, validAnswers } from "../property/arbitraries.js";

let rules: RuleSet;
beforeAll(async () => {
  rules = (await loadRules()).rules;
});

const asJson = (result: TriageResult, rs: RuleSet) => terminalSafeJson(verdictToJson(result, rs));

describe("verdictJsonText", () => {
  it("is the verdict's JSON for every pack test case, in its own region, in every other and in none", () => {
    const files = readdirSync(BUILTIN_RULES_DIR)
      .filter((f) => f.endsWith(".test.yaml"))
      .map((f) => ({ name: f, text: readFileSync(join(BUILTIN_RULES_DIR, f), "utf8") }));
    const scenarios = packTestScenarios(files, rules);
    expect(scenarios.length).toBeGreaterThan(100);
    for (const { answers, options } of scenarios)
      for (const region of [options.region, undefined, ...rules.regions.map((r) => r.id)]) {
        const result = triage(rules, answers, { ...options, region });
        // Twice: the second time from the pieces kept the first time.
        expect(verdictJsonText(result, rules)).toBe(asJson(result, rules));
        expect(verdictJsonText(result, rules)).toBe(asJson(result, rules));
      }
  });

  it("is the verdict's JSON for any answers and region, staff or not", () => {
    fc.assert(
      fc.property(validAnswers(rules), fc.constantFrom(undefined, "gb", "us", "au", "zz"), fc.boolean(), (doc, region, staff) => {
        const result = triage(rules, readAnswers(doc, rules), { region, staff });
        expect(verdictJsonText(result, rules)).toBe(asJson(result, rules));
      }),
      { numRuns: RUNS },
    );
  });

  it("writes a step that names a fact afresh each time, escaping in it what a terminal would act on", () => {
    const REF = "references: [https://example.org/advice]";
    const small = rulesFrom({
      "t.yaml": pack(
        "t",
        `${VERDICTS_YAML}
questions:
  - { id: q, type: yes-no, text: "Asked?" }
indicators:
  - { id: s, title: "Sign one", explanation: "Said so.", when: { question: q, equals: "yes" }, weight: 40, ${REF}, falsepositives: [x] }
actions:
  - { id: call, urgency: now, text: "Call {trusted.name}.", when: { fact: trusted.name, answered: true }, ${REF} }
  - { id: stop, urgency: now, text: "Stop now.", when: { question: q, equals: "yes" }, ${REF} }
`,
      ),
    });
    for (const name of ["Ann", "Bo\u202eb", "C\u0085y\u2028", "Ann"]) {
      const result = triage(small, readAnswers({ q: "yes" }, small), { facts: { "trusted.name": name } });
      expect(result.actions.map((a) => a.text)).toContain(`Call ${name}.`);
      expect(verdictJsonText(result, small)).toBe(asJson(result, small));
      expect(verdictJsonText(result, small)).not.toMatch(/[\u0085\u200b\u2028\u202e]/);
    }
  });
});
