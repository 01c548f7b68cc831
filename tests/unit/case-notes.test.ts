/** Ticket-ready case notes: stable text (snapshots), no colour codes, wrapped, secrets removed. */
import { describe, expect, it } from "vitest";
import { readAnswers } from "../../src/core/answers.js";
import { buildCaseRecord } from "../../src/core/case-record.js";
import { renderCaseNotes } from "../../src/core/case-notes.js";
import { normaliseCallerNumber } from "../../src/core/phone.js";
import { triage } from "../../src/core/triage.js";
import { loadRules } from "../../src/node/load-rules.js";

describe("case notes", async () => {
  const { rules } = await loadRules({ noCache: true });
  const answers = readAnswers(
    { "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes", "asked-payment": "yes", "payment-method": ["card"], "what-happened": ["paid-card"] },
    rules,
  );
  const result = triage(rules, answers, { region: "gb", staff: true });
  const record = buildCaseRecord(
    rules,
    result,
    answers,
    {
      caller: normaliseCallerNumber("020 7946 0018", "gb"),
      organisation: "Microsoft",
      callTime: "2026-11-20 10:40",
      ticket: "INC-4471, card 4111 1111 1111 1111 mentioned",
      operator: "Sam",
    },
    { id: "C-20261120-abc123", now: new Date("2026-11-20T11:02:00.000Z"), toolVersion: "0.1.0" },
  );

  it("keeps secrets out of the record and the notes", () => {
    expect(record.ticket).toBe("INC-4471, card [card number removed, ending 1111] mentioned");
    expect(record.redactions).toEqual([{ kind: "card number", count: 1 }]);
    for (const format of ["markdown", "text"] as const) expect(renderCaseNotes(record, result, rules, format)).not.toContain("4111 1111");
  });

  it("are plain, wrapped text that pastes into a ticket", () => {
    for (const format of ["markdown", "text"] as const) {
      const notes = renderCaseNotes(record, result, rules, format);
      expect(notes).not.toMatch(/\u001b/);
      for (const line of notes.split("\n")) expect(line.length, line).toBeLessThanOrEqual(90);
    }
  });

  it("give the questions and the answers in the operator's words, not the customer's", () => {
    const notes = renderCaseNotes(record, result, rules, "text").replace(/\n {2}/g, " ");
    expect(notes).toContain("What has the customer already done? Choose all that apply. -> Paid with a debit or credit card");
    expect(notes).not.toMatch(/\bI paid\b|called me\b/);
  });

  it("render the same text for the same case (Markdown)", () => {
    expect(renderCaseNotes(record, result, rules, "markdown")).toMatchSnapshot();
  });

  it("render the same text for the same case (plain text)", () => {
    expect(renderCaseNotes(record, result, rules, "text")).toMatchSnapshot();
  });

  it("mark the steps ticked as done with their day, and a record keeps only steps that were advised", () => {
    const advised = result.actions[0]?.id as string;
    const ticked = buildCaseRecord(
      rules,
      result,
      answers,
      { done: [{ action: advised, on: "2026-11-20" }, { action: "not-a-step-of-this-case", on: "2026-11-20" }] },
      { id: "C-20261120-abc124", now: new Date("2026-11-20T11:02:00.000Z"), toolVersion: "0.1.0" },
    );
    expect(ticked.done).toEqual([{ action: advised, on: "2026-11-20" }]);
    const notes = renderCaseNotes(ticked, result, rules, "text");
    expect(notes).toMatch(/^1\. \[now, done 2026-11-20\] /m);
    expect(notes).not.toMatch(/^2\. \[[a-z]+, done/m);
    expect(renderCaseNotes(record, result, rules, "text")).not.toContain("done 2026");
  });
});
