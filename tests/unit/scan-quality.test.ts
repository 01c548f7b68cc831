/**
 * How well `scan` reads real-style notes: per-question precision and recall of the inferred answers
 * and verdict agreement on the labelled notes in tests/scan/ (see its README). Precision comes
 * first: a wrong answer is worse than none. The tables are printed so they can be quoted.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { VERDICT_IDS } from "../../src/core/constants.js";
import type { RuleSet } from "../../src/core/ruleset.js";
import { loadRules } from "../../src/node/load-rules.js";
import { devFiles, evaluate, formatTable, HOLDOUT_FILE, readNotes, type Evaluation } from "../scan/dev-set.js";

/** The share of development notes whose verdict from the notes is the labelled one, as last measured. */
const VERDICT_AGREEMENT_FLOOR = 0.86;

let rules: RuleSet;
beforeAll(async () => {
  rules = (await loadRules()).rules;
});

/** Where inference went wrong, note by note, for the log. */
function mistakes(e: Evaluation): string {
  return e.notes
    .filter((r) => r.wrong.length > 0 || r.verdict !== r.note.verdict)
    .map((r) => `  ${r.note.id}: verdict ${r.verdict} (label ${r.note.verdict})${r.wrong.map((w) => `\n    wrong ${w}`).join("")}`)
    .join("\n");
}

describe("scan quality on the development set", () => {
  it("has at least 120 labelled notes in every style, from every family, with look-alike legitimate calls", () => {
    const notes = readNotes(devFiles());
    expect(notes.length).toBeGreaterThanOrEqual(120);
    expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
    expect(new Set(notes.map((n) => n.style))).toEqual(new Set(["story", "ticket", "transcript", "email"]));
    // A third of them genuine calls that use the same words (issue 17).
    expect(notes.filter((n) => n.legit).length).toBeGreaterThanOrEqual(notes.length / 3);
    for (const n of notes) expect(VERDICT_IDS).toContain(n.verdict);
    // Every scam family has notes whose labels point at it.
    const families = new Set(notes.map((n) => String(n.answers["claimed-org"] ?? "")));
    for (const org of ["computer-company", "security-software", "bank", "phone-internet", "work-it", "government", "shop-payment", "delivery", "family", "recovery"])
      expect(families).toContain(org);
  });

  it("infers answers with precision of at least 0.95, agrees on the verdict no less often than last measured, and calls no legitimate note a scam", () => {
    const e = evaluate(rules, readNotes(devFiles()));
    console.log(`${formatTable(e, `scan on the development set (${e.notes.length} notes)`)}\n${mistakes(e)}`);
    expect(e.precision).toBeGreaterThanOrEqual(0.95);
    // Issue 17's target is 90%. The 55 notes added for it were written before the reader was
    // changed for them, and brought agreement down to 69% (86% after the turn-label, phrase,
    // opening-turn and tokenizer changes); this floor is the figure last measured, so that a change that reads the notes
    // worse fails here. Raise it as the reader improves.
    expect(e.verdictAgreement).toBeGreaterThanOrEqual(VERDICT_AGREEMENT_FLOOR);
    expect(e.legitCalledScam).toEqual([]);
  });
});

describe("scan quality on held-out notes", () => {
  it("reports the same measures on notes the phrases were not tuned on, and calls no legitimate note a scam", () => {
    const e = evaluate(rules, readNotes([HOLDOUT_FILE]));
    console.log(`${formatTable(e, `scan on the held-out notes (${e.notes.length} notes, not used for tuning)`)}\n${mistakes(e)}`);
    // Only the safety property is asserted here; the numbers are the honest estimate to report.
    expect(e.legitCalledScam).toEqual([]);
  });
});
