/**
 * Cases as the paperwork of a help desk's other systems: Zendesk tickets, ServiceNow incidents,
 * MISP events for sharing the numbers that called, and CSV with its spreadsheet-formula guard.
 * (Each format's JSON Schema is checked in json-schemas.test.ts.)
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratch } from "../hardening/helpers.js";
import { runCli } from "../helpers/cli.js";
import { freshStore, sampleRecord } from "../helpers/stores.js";

const paidByCard = {
  id: "INC-PAID",
  region: "gb",
  details: { number: "020 7946 0018", organisation: "Microsoft" },
  answers: { "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes", "what-happened": ["paid-card", "gave-remote-access"] },
};
const premiumRate = { id: "INC-PRT", region: "gb", details: { number: "0909 879 0000" }, answers: { "contact-start": "they-called", "asked-payment": "yes" } };
const vague = { id: "INC-VAGUE", answers: { "claimed-org": "bank" } };

async function store() {
  const env = { SCAMCHECK_CASE_STORE: await freshStore("sqlite") };
  for (const c of [paidByCard, premiumRate, vague]) expect((await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify(c), env })).code).toBe(0);
  const exported = async (...args: string[]) => {
    const r = await runCli(["--region", "gb", "cases", "export", ...args], { env });
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  return exported;
}

describe("ticket exports", () => {
  it("Zendesk: the case notes as an internal comment, tags for family, signs and verdict, priority from the band", async () => {
    const { tickets } = JSON.parse(await (await store())("--format", "zendesk"));
    const paid = tickets.find((t: { external_id: string }) => t.external_id === "INC-PAID");
    expect(paid.priority).toBe("urgent");
    expect(paid.subject).toBe("Suspected scam call from +442079460018: This is a scam (Tech-support scam)");
    expect(paid.tags).toEqual(expect.arrayContaining(["scamcheck", "verdict-scam", "family-tech-support", "sign-asked-remote-access"]));
    expect(paid.comment).toMatchObject({ public: false });
    expect(paid.comment.body).toContain("Paid with a debit or credit card");
    expect(paid.comment.body).not.toContain("I paid");
    expect(tickets.find((t: { external_id: string }) => t.external_id === "INC-VAGUE").priority).not.toBe("urgent");
  });

  it("ServiceNow: impact 1 when money or access was lost, urgency from the band, a short description within 160 characters", async () => {
    const { records } = JSON.parse(await (await store())("--format", "servicenow"));
    const paid = records.find((r: { correlation_id: string }) => r.correlation_id === "INC-PAID");
    expect(paid).toMatchObject({ impact: 1, urgency: 1, work_notes: "Already lost: money, access." });
    const vague = records.find((r: { correlation_id: string }) => r.correlation_id === "INC-VAGUE");
    expect(vague.impact).toBe(3);
    for (const r of records) expect(r.short_description.length).toBeLessThanOrEqual(160);
  });

  it("MISP: one event per case with a number to share, a premium-rate number as prtn, tagged TLP:GREEN and by family", async () => {
    const events = JSON.parse(await (await store())("--format", "misp"));
    expect(events).toHaveLength(2); // the vague case has no number
    const attrs = events.flatMap((e: { Event: { Attribute: { type: string; value: string }[] } }) => e.Event.Attribute.map((a) => [a.type, a.value]));
    expect(attrs).toEqual(expect.arrayContaining([["phone-number", "+442079460018"], ["prtn", "+449098790000"]]));
    expect(events[0].Event.Tag).toEqual(expect.arrayContaining([{ name: "tlp:green" }]));
  });

  it("CSV: a leading + = - @ gets a ' so spreadsheets do not run it; --no-formula-guard leaves it for scripts", async () => {
    const exported = await store();
    const guarded = await exported("--format", "csv");
    expect(guarded).toContain(',"\x27+442079460018",');
    const raw = await exported("--format", "csv", "--no-formula-guard");
    expect(raw).toContain(",+442079460018,");
    expect(raw).not.toContain("'+44");
  });
});

describe("the evidence pack (cases report)", () => {
  it("sets out a card payment with remote access for a bank clerk: the call, what happened, what was lost, steps, a contact log, contacts", async () => {
    const env = { SCAMCHECK_CASE_STORE: await freshStore("sqlite"), TZ: "UTC" };
    const input = { ...paidByCard, details: { ...paidByCard.details, callTime: "2 December, about 10am", ticket: "T-77 card 4111 1111 1111 1111" } };
    expect((await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify(input), env })).code).toBe(0);
    const r = await runCli(["cases", "report", "INC-PAID"], { env });
    expect(r.code, r.stderr).toBe(0);
    const md = r.stdout;
    expect(md).toMatch(/^# Scam call report: case INC-PAID\n/);
    const sections = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual([
      "The call",
      "What happened on the call",
      "What was lost",
      "What has been done since the call",
      "Warning signs found",
      "Steps advised",
      "Contact log",
      "Who can help (United Kingdom)",
    ]);
    expect(md).toContain("- Customer: [full name, and the last four digits of each card or account involved]");
    expect(md).toContain("- Number that called: +442079460018 (as shown on the phone: 020 7946 0018)");
    expect(md).toContain("- When: 2 December, about 10am");
    // What happened on the call, not how things stood when the check was made: that is the other sections'.
    const happened = md.slice(md.indexOf("## What happened on the call"), md.indexOf("## What was lost"));
    expect(happened).toContain("How did the call start?");
    expect(happened).not.toContain("Has anything already happened?");
    expect(md).toContain("- Money paid or handed over: I paid with a debit or credit card");
    expect(md).toContain("- Amounts, dates and how each was paid: [amount, date, card or account, and the payee for each payment]");
    expect(md).toContain("Access given to a device or account: I let them connect to my computer or phone");
    expect(md).toMatch(/\*\*Straight away\*\*\n(?:- [^\n]*\n)*- [^\n]*Call your bank or card company[^\n]* Done: \[date, or not yet\]/);
    expect(md).toContain("## What has been done since the call\n\n- Nothing recorded as done yet. [what has been done, and when]\n");
    expect(md).toContain("| Organisation | Date and time | Reference number | Who you spoke to | Outcome |");
    expect(md).toContain("Report Fraud");
    // What was removed before saving stays removed.
    expect(md).not.toContain("4111 1111 1111 1111");
    expect(md).toContain("Removed from this record before it was saved: card number");
    const plain = await runCli(["cases", "report", "INC-PAID", "--plain"], { env });
    expect(plain.stdout).toMatch(/^Scam call report: case INC-PAID\n=+\n/);
    expect(plain.stdout).not.toContain("## ");
    expect((await runCli(["cases", "report", "NOPE"], { env })).stderr).toMatch(/^scamcheck: no case 'NOPE' in /);
  });

  it("says what has been done since the call, from the steps ticked with 'cases done', in the report and the ticket", async () => {
    const env = { SCAMCHECK_CASE_STORE: await freshStore("sqlite"), TZ: "UTC" };
    expect((await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify(paidByCard), env })).code).toBe(0);
    const listed = await runCli(["cases", "done", "INC-PAID"], { env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^ {2}1\. \[ \] Call your bank or card company[\s\S]*\(card-paid-call-issuer\)/);
    const items = listed.stdout.split(/\n(?= *\d+\. \[)/);
    const removeTool = items.find((i) => i.includes("(remove-remote-tool)"))?.match(/^ *(\d+)\./)?.[1];
    expect(removeTool).toBeDefined();
    // By its number in that list, or by its id; the later day comes later.
    expect((await runCli(["cases", "done", "INC-PAID", removeTool as string, "--on", "2026-12-03"], { env })).code).toBe(0);
    const ticked = await runCli(["cases", "done", "INC-PAID", "card-paid-call-issuer", "--on", "2026-12-02"], { env });
    expect(ticked.stdout).toMatch(/^Case INC-PAID: 1 step recorded as done\.\n {2}1\. \[x\] Call your bank/);
    const md = (await runCli(["cases", "report", "INC-PAID"], { env })).stdout;
    expect(md).toMatch(
      /## What has been done since the call\n\n- 2 December 2026: Call your bank or card company[^\n]*\n- 3 December 2026: Remove the program they had you install[^\n]*\n\n/,
    );
    expect(md).toMatch(/- Call your bank or card company[^\n]* Done: 2 December 2026\n/);
    expect(md).toMatch(/- Turn on two-step sign-in[^\n]* Done: \[date, or not yet\]\n/);
    const { tickets } = JSON.parse((await runCli(["--region", "gb", "cases", "export", "--format", "zendesk"], { env })).stdout);
    expect(tickets[0].comment.body).toMatch(/Call your bank or card company[^\n]* Done 2 December 2026\./);
    const json = JSON.parse((await runCli(["cases", "show", "INC-PAID", "--json"], { env })).stdout);
    expect(json.done).toEqual([
      { action: "card-paid-call-issuer", on: "2026-12-02" },
      { action: "remove-remote-tool", on: "2026-12-03" },
    ]);
  });

  it("'cases done' lists a step ticked during the call that is not among the verdict's final steps, as done", async () => {
    const env = { SCAMCHECK_CASE_STORE: await freshStore("sqlite"), TZ: "UTC" };
    const file = join(scratch(), "cases.jsonl");
    writeFileSync(file, `${JSON.stringify(sampleRecord("DURING-1", { actions: ["card-paid-call-issuer"], done: [{ action: "hang-up-now", on: "2026-12-02" }] }))}\n`);
    expect((await runCli(["cases", "import", file], { env })).code).toBe(0);
    const listed = await runCli(["cases", "done", "DURING-1"], { env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^ {2}1\. \[ \] Call your bank/);
    expect(listed.stdout).toMatch(/Done during the call as well:\n {5}\[x\] Hang up now\.[\s\S]*\(hang-up-now\) Done [^\n]*2026\./);
  });

  it("'cases done' refuses a step the case does not have, a bad or future day and an unknown case, in one line", async () => {
    const env = { SCAMCHECK_CASE_STORE: await freshStore("sqlite") };
    expect((await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify(paidByCard), env })).code).toBe(0);
    for (const [args, message] of [
      [["INC-PAID", "99"], /^scamcheck: case INC-PAID has no step '99': give a number from 1 to \d+ or a step id \(run 'scamcheck cases done INC-PAID' for the list\)\n$/],
      [["INC-PAID", "no-such-step"], /^scamcheck: case INC-PAID has no step 'no-such-step'/],
      [["INC-PAID", "1", "--on", "2026-02-30"], /^scamcheck: --on needs a date like 2026-11-20 \(got '2026-02-30'\)\n$/],
      [["INC-PAID", "1", "--on", "2999-01-01"], /^scamcheck: --on 2999-01-01 is after today \(\d{4}-\d\d-\d\d\); a step is recorded on the day it was done\n$/],
      [["NOPE", "1"], /^scamcheck: no case 'NOPE' in /],
    ] as const) {
      const r = await runCli(["cases", "done", ...args], { env });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    // Nothing was changed by the refusals.
    expect(JSON.parse((await runCli(["cases", "show", "INC-PAID", "--json"], { env })).stdout).done).toBeUndefined();
  });
});

describe("CSV and JSON Lines exports as a spreadsheet or a script reads them", () => {
  /** RFC 4180 records, read strictly: each field plain or quoted ("" for a quote), then a comma or CRLF. */
  function parseCsv(text: string): string[][] {
    const rows: string[][] = [[]];
    const field = /("(?:[^"]|"")*"|[^",\r\n]*)(,|\r\n|$)/y;
    while (field.lastIndex < text.length) {
      const at = field.lastIndex;
      const m = field.exec(text);
      expect(m, `a well-formed field at offset ${at}`).not.toBeNull();
      const [, raw = "", end] = m as RegExpExecArray;
      rows.at(-1)?.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
      if (end === "\r\n") rows.push([]);
      else expect(end, "every record ends with CRLF").toBe(",");
    }
    expect(rows.pop(), "the text ends with a whole record").toEqual([]);
    return rows;
  }

  it("CSV: one header and one record per case, every record with the header's columns, text with commas, quotes and line breaks kept whole", async () => {
    const env = { SCAMCHECK_CASE_STORE: await freshStore("sqlite") };
    const awkward = { ...paidByCard, details: { ...paidByCard.details, organisation: 'Microsoft, "Windows support"\nsecond line' } };
    for (const c of [awkward, premiumRate, vague]) expect((await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify(c), env })).code).toBe(0);
    const r = await runCli(["cases", "export", "--format", "csv", "--no-formula-guard"], { env });
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual(["id", "recorded_at", "operator", "ticket", "number", "number_e164", "organisation", "call_time", "region", "verdict", "score", "family", "signs", "actions"]);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toHaveLength(header?.length as number);
    const paid = rows.find((row) => row[0] === "INC-PAID") as string[];
    const col = (name: string) => paid[header?.indexOf(name) as number];
    expect(col("organisation")).toBe('Microsoft, "Windows support"\nsecond line');
    expect(col("number_e164")).toBe("+442079460018");
    expect(col("verdict")).toBe("scam");
    expect(col("signs")?.split(";")).toContain("asked-remote-access");
  });

  it("JSON Lines: one case a line, and importing the export into an empty store gives the same export back", async () => {
    const from = { SCAMCHECK_CASE_STORE: await freshStore("sqlite") };
    for (const c of [paidByCard, premiumRate, vague]) expect((await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify(c), env: from })).code).toBe(0);
    expect((await runCli(["cases", "done", "INC-PAID", "1", "--on", "2026-12-02"], { env: from })).code).toBe(0);
    const exported = (await runCli(["cases", "export", "--format", "jsonl"], { env: from })).stdout;
    const lines = exported.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(JSON.parse(line).schemaVersion).toBe(1);
    const file = join(scratch("jsonl"), "all.jsonl");
    writeFileSync(file, exported);
    const to = { SCAMCHECK_CASE_STORE: await freshStore("sqlite") };
    const imported = await runCli(["cases", "import", file], { env: to });
    expect(imported.code, imported.stderr).toBe(0);
    expect((await runCli(["cases", "export", "--format", "jsonl"], { env: to })).stdout).toBe(exported);
  });
});
