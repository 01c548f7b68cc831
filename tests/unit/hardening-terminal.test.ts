/**
 * Hardening, the terminal, second line of defence: the loader refuses control characters in packs,
 * but if rule text with escapes ever reached the renderer (an old cache, a library caller's own
 * RuleSet), the human verdict still shows it neutralised, never interpreted.
 */
import { Chalk } from "chalk";
import { beforeAll, describe, expect, it } from "vitest";
import { readAnswers } from "../../src/core/answers.js";
import type { RuleSet } from "../../src/core/ruleset.js";
import { sanitizeForTerminal } from "../../src/core/sanitize.js";
import { triage } from "../../src/core/triage.js";
import { renderVerdict } from "../../src/cli/render-verdict.js";
import { loadRules } from "../../src/node/load-rules.js";

const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;
const EVIL = "\u001b[2J\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \r\b\u0007 \u009b1A \u202edesrever";

let hostile: RuleSet;
beforeAll(async () => {
  const { rules } = await loadRules();
  hostile = structuredClone(rules);
  const taint = (s: string) => `${s} ${EVIL}`;
  for (const i of hostile.indicators) [i.title, i.explanation] = [taint(i.title), taint(i.explanation)];
  for (const a of hostile.actions) a.text = taint(a.text);
  for (const v of hostile.verdicts) [v.headline, v.summary] = [taint(v.headline), taint(v.summary)];
  for (const f of hostile.families) f.title = taint(f.title);
  for (const r of hostile.regions) {
    r.name = taint(r.name);
    for (const c of r.contacts) [c.name, c.purpose] = [taint(c.name), taint(c.purpose)];
  }
});

describe("hardening: rule text that got past the loader", () => {
  for (const [label, plain, level] of [
    ["plain", true, 0],
    ["no colour", false, 0],
    ["colour", false, 3],
  ] as const) {
    it(`is shown neutralised in the human verdict (${label})`, () => {
      const answers = readAnswers({ "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes", "asked-payment": "yes", "payment-method": ["card"] }, hostile);
      const result = triage(hostile, answers, { region: "gb" });
      const out = renderVerdict(result, hostile, { width: 80, plain, chalk: new Chalk({ level }), hintOpenQuestions: true });
      // Colour codes are ours (SGR, ESC [ … m); anything else escape-like would be the pack's.
      const withoutOurColour = out.replace(/\u001b\[[0-9;]*m/g, "");
      expect(withoutOurColour).not.toMatch(RAW_CONTROL);
      expect(out).toContain("^H"); // a backspace is shown in caret notation, so the reader sees something was there
      expect(out).toContain("<U+202E>desrever");
      expect(out).not.toContain("evil.example\u0007");
    });
  }

  it("the sanitiser itself: sequences removed, other controls made visible, newlines and tabs kept", () => {
    expect(sanitizeForTerminal(`a${EVIL}\tb\nc`)).toBe("alink ^M^H^G  <U+202E>desrever\tb\nc");
    expect(sanitizeForTerminal("x\r\ny\u0000z\u007f\u0085")).toBe("x\ny^@z^?<U+0085>");
  });
});
