import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAnswers } from "../../src/core/answers.js";
import { loadRules } from "../../src/node/load-rules.js";
import { loadDraft, saveDraft } from "../../src/cli/draft.js";

describe("the draft of a stopped triage", () => {
  it("keeps the answers, the order, the case details and the operator mode with its case log", async () => {
    const { rules } = await loadRules();
    const dir = mkdtempSync(join(tmpdir(), "scamcheck-draft-"));
    const answers = readAnswers({ "contact-start": "they-called", "asked-payment": "yes" }, rules);
    await saveDraft(dir, rules, answers, ["contact-start", "asked-payment"], { number: "020 7946 0018" }, { caseLog: "/srv/desk/cases.jsonl" });
    const draft = await loadDraft(dir, rules);
    expect(draft?.answers).toEqual(answers);
    expect(draft?.history).toEqual(["contact-start", "asked-payment"]);
    expect(draft?.details).toEqual({ number: "020 7946 0018" });
    expect(draft?.staff).toEqual({ caseLog: "/srv/desk/cases.jsonl" });
    // A triage started by a member of the public has no operator mode to carry on.
    await saveDraft(dir, rules, answers, [], undefined, undefined, [
      { action: "card-paid-call-issuer", on: "2026-12-04" },
      { action: "no-such-step", on: "2026-12-04" },
    ]);
    // Ticks survive a stop; one for a step the packs no longer have is dropped.
    expect((await loadDraft(dir, rules))?.done).toEqual([{ action: "card-paid-call-issuer", on: "2026-12-04" }]);
    await saveDraft(dir, rules, answers, []);
    expect((await loadDraft(dir, rules))?.staff).toBeUndefined();
  });
});
