/**
 * Help-desk mode: operator flow, recorded cases, repeat numbers, case history commands, each on
 * both case stores (an SQLite file, and PostgreSQL).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { flat, KEY, PtySession } from "../helpers/pty.js";
import { casesIn, freshStore, sampleRecord, skipsHere, STORE_KINDS } from "../helpers/stores.js";

const fresh = () => mkdtempSync(join(tmpdir(), "scamcheck-desk-"));
const scamCase = (number: string, ticket = "T-1") =>
  JSON.stringify({ details: { number, ticket }, answers: { "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes", "asked-payment": "yes", "payment-method": ["gift-cards"] } });
const vagueCase = (number: string) => JSON.stringify({ details: { number }, answers: { "contact-start": "they-called", "claimed-org": "bank" } });

const CASE_ID = /C-\d{8}-[0-9a-z]{10}/;

describe.each(STORE_KINDS)("recorded cases and repeat numbers (%s)", (kind) => {
  const skip = skipsHere(kind);
  const store = async (more: Record<string, string> = {}) => {
    const location = await freshStore(kind);
    return { location, env: { SCAMCHECK_CASE_STORE: location, SCAMCHECK_STATE_DIR: join(fresh(), "state"), ...more } };
  };
  it.skipIf(skip)("a number already in scam cases changes the verdict through the help-desk pack", async () => {
    const { location, env } = await store({ SCAMCHECK_OPERATOR: "Sam" });
    const before = JSON.parse((await runCli(["--region", "gb", "check", "--answers", "-", "--json", "--record"], { input: vagueCase("020 7946 0018"), env })).stdout);
    expect(before.verdict).not.toBe("suspicious");
    for (const ticket of ["T-1", "T-2"]) {
      const r = await runCli(["--region", "gb", "check", "--answers", "-", "--json", "--record"], { input: scamCase("+44 20 7946 0018", ticket), env });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^Recorded as case ${CASE_ID.source} in `));
    }
    const after = JSON.parse((await runCli(["--region", "gb", "check", "--answers", "-", "--json", "--record"], { input: vagueCase("02079460018"), env })).stdout);
    expect(after.verdict).toBe("suspicious");
    expect(after.reasons.map((r: { id: string }) => r.id)).toContain("number-reported-as-scam");
    const lines = await casesIn(location);
    expect(lines).toHaveLength(4);
    expect(lines[1]?.caller).toEqual({ kind: "number", raw: "+44 20 7946 0018", valid: true, e164: "+442079460018" });
    expect(lines[1]?.operator).toBe("Sam");
  });

  it.skipIf(skip)("a case recorded again (a script run twice) is not added twice and does not count as its own history", async () => {
    const { location, env } = await store();
    const input = JSON.stringify({ id: "INC-4471", ...JSON.parse(scamCase("020 7946 0018")) });
    const first = await runCli(["--region", "gb", "check", "--answers", "-", "--json", "--record"], { input, env });
    const again = await runCli(["--region", "gb", "check", "--answers", "-", "--json", "--record"], { input, env });
    expect(again.code).toBe(0);
    expect(again.stderr.trim()).toBe(`Case INC-4471 is already in ${location.replace(/^(postgres:\/\/[^:@/]*):[^@]*@/, "$1@")}; not recorded again.`);
    expect(JSON.parse(again.stdout).score).toBe(JSON.parse(first.stdout).score);
    expect(await casesIn(location)).toHaveLength(1);
  });

  it.skipIf(skip)("counts a national number scored without a region as the international number it was stored as", async () => {
    const { env } = await store({ LANG: "C" });
    for (const ticket of ["T-1", "T-2"]) await runCli(["--region", "gb", "check", "--answers", "-", "--record"], { input: scamCase("020 7946 0018", ticket), env });
    const after = JSON.parse((await runCli(["check", "--answers", "-", "--json", "--record"], { input: vagueCase("020 7946 0018"), env })).stdout);
    expect(after.reasons.map((r: { id: string }) => r.id)).toContain("number-reported-as-scam");
  });

  it.skipIf(skip)("finds a national number typed without a region among numbers stored in international form", async () => {
    const { env } = await store();
    await runCli(["--region", "gb", "check", "--answers", "-", "--record"], { input: scamCase("020 7946 0018", "INC-1"), env });
    const r = await runCli(["cases", "search", "--number", "020 7946 0018"], { env: { ...env, LANG: "C" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ INC-1$/m);
    expect(r.stderr).toContain("No region set");
    // With a region, a number not valid there is matched by its ending too, and it says why.
    const invalid = await runCli(["--region", "gb", "cases", "search", "--number", "07946 0018"], { env });
    expect(invalid.code).toBe(0);
    expect(invalid.stderr).toContain("07946 0018 is not a valid number for GB, so it matches any stored number ending in its digits.");
    expect(invalid.stderr).not.toContain("No region set");
  });

  it.skipIf(skip)("lists, shows, searches, exports, counts and purges cases", async () => {
    const { env } = await store();
    await runCli(["--region", "gb", "check", "--answers", "-", "--record"], { input: scamCase("020 7946 0018", "INC-1"), env });
    await runCli(["--region", "gb", "check", "--answers", "-", "--record"], { input: scamCase("020 7946 0018", "INC-2"), env });
    await runCli(["--region", "gb", "check", "--answers", "-", "--record"], { input: vagueCase("withheld"), env });

    const list = await runCli(["cases", "list"], { env });
    const listed = list.stdout.trim().split("\n");
    expect(listed).toHaveLength(4); // a header and three cases
    expect(listed[0]).toMatch(/^ID +DATE +VERDICT +NUMBER +ORGANISATION +TICKET$/);
    expect(list.stdout).toMatch(/ INC-2$/m);
    // The columns line up: every row's date starts where the header's does.
    const dateAt = (listed[0] as string).indexOf("DATE");
    for (const row of listed.slice(1)) expect(row.slice(dateAt, dateAt + 10)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await runCli(["cases", "list", "--verdict", "scam", "--json"], { env })).stdout).toContain('"INC-1"');
    expect(JSON.parse((await runCli(["cases", "list", "--since", "2999-01-01", "--json"], { env })).stdout)).toEqual([]);

    const search = await runCli(["--region", "gb", "cases", "search", "--number", "+442079460018"], { env });
    expect(search.stdout.trim().split("\n")).toHaveLength(3); // a header and two cases
    const id = (search.stdout.split("\n")[1] as string).split(/\s+/)[0] as string;
    const show = await runCli(["--region", "gb", "cases", "show", id], { env: { ...env, TZ: "UTC" } });
    expect(show.stdout).toContain(`Case ${id}`);
    expect(show.stdout).toContain("Number: +442079460018");
    // In the packs' words, dates as the region writes them: no internal ids.
    expect(show.stdout).toMatch(new RegExp(`^Case ${id}, recorded \\d{1,2} [A-Z][a-z]+ \\d{4} at \\d{2}:\\d{2} UTC$`, "m"));
    expect(show.stdout).toContain("Verdict: This is a scam");
    const words = show.stdout.replace(/\s+/g, " ");
    expect(words).toContain("How did the call start, according to the customer? They called the customer out of the blue");
    expect(words).toContain(" - They wanted payment in gift cards or vouchers");
    expect(show.stdout).not.toMatch(/they-called|gift-card/);
    for (const line of show.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);

    const csv = (await runCli(["cases", "export", "--format", "csv"], { env })).stdout.trim().split("\r\n");
    expect(csv[0]).toBe("id,recorded_at,operator,ticket,number,number_e164,organisation,call_time,region,verdict,score,family,signs,actions");
    expect(csv).toHaveLength(4);
    const jsonl = (await runCli(["cases", "export", "--format", "jsonl"], { env })).stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(jsonl.map((r: { ticket?: string }) => r.ticket)).toEqual(["INC-1", "INC-2", undefined]);
    expect(JSON.parse((await runCli(["cases", "export"], { env })).stdout)).toEqual(jsonl);

    const stats = JSON.parse((await runCli(["cases", "stats", "--json"], { env })).stdout);
    expect(stats.total).toBe(3);
    expect(stats.byVerdict.scam).toBe(2);
    expect(stats.repeatedNumbers).toEqual([expect.objectContaining({ number: "+442079460018", cases: 2, lastVerdict: "scam" })]);

    const refused = await runCli(["cases", "purge", "--before", "2999-01-01"], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("add --yes");
    const purge = await runCli(["cases", "purge", "--before", "2999-01-01", "--yes"], { env });
    expect(purge.stdout).toContain("Deleted 3 cases");
    expect((await runCli(["cases", "list"], { env })).stdout).toContain("No cases");
  });

  it.skipIf(skip)("removes card numbers from what it stores and says so", async () => {
    const { location, env } = await store();
    const input = JSON.stringify({ details: { ticket: "card 4111 1111 1111 1111 used, call back 020 7946 0018 on 2026-11-20" }, answers: { "asked-payment": "yes" } });
    const r = await runCli(["check", "--answers", "-", "--record"], { input, env });
    expect(r.stderr).toContain("(removed before saving: a card number)");
    const stored = JSON.stringify(await casesIn(location));
    expect(stored).not.toContain("4111 1111 1111 1111");
    expect(stored).toContain("[card number removed, ending 1111]");
    expect(stored).toContain("020 7946 0018 on 2026-11-20");
  });

  it.skipIf(skip)("moves an earlier version's JSON Lines log in with cases import, reporting bad lines; twice adds nothing", async () => {
    const { location, env } = await store();
    const old = join(fresh(), "cases.jsonl");
    writeFileSync(old, `${JSON.stringify(sampleRecord("OLD-1"))}\n{"id":"torn\n${JSON.stringify(sampleRecord("OLD-2"))}\n`);
    const r = await runCli(["cases", "import", old], { env });
    expect(r.code).toBe(2);
    // (A new PostgreSQL store also says, once, that its tables were created.)
    expect(r.stderr.replace(/^Created the case store tables in .*\n/, "")).toBe(`${old}:2: unreadable (cut short or edited by hand); skipped\n`);
    expect(r.stdout).toMatch(/^Imported 2 cases from .* into .*; 0 already there, 1 line skipped\.\n$/);
    expect((await runCli(["cases", "import", old], { env })).stdout).toMatch(/Imported 0 cases .*; 2 already there, 1 line skipped/);
    expect((await casesIn(location)).map((c) => c.id)).toEqual(["OLD-1", "OLD-2"]);
  });
});

describe("an earlier version's case log in the default place", () => {
  it("is moved into the new default store once, on the first run, which says so; the old file is left as it was", async () => {
    const home = fresh();
    const data = join(home, "data", "scamcheck");
    mkdirSync(data, { recursive: true });
    const old = join(data, "cases.jsonl");
    const text = `${JSON.stringify(sampleRecord("OLD-1", { caller: { kind: "number", raw: "020 7946 0018", valid: true, e164: "+442079460018" } }))}\n`;
    writeFileSync(old, text);
    const env = { HOME: home, XDG_DATA_HOME: join(home, "data"), XDG_STATE_HOME: join(home, "state") };
    const first = await runCli(["cases", "list"], { env });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`Moved 1 case from the earlier case log ${old} into ${join(data, "cases.sqlite")}; the old file is left as it was.\n`);
    expect(first.stdout).toMatch(/^OLD-1 /m);
    expect(readFileSync(old, "utf8")).toBe(text);
    const again = await runCli(["cases", "list"], { env });
    expect(again.stderr).toBe("");
    expect(again.stdout.trim().split("\n")).toHaveLength(2); // a header and the one case, not two
  });
});

describe("the case list's width", () => {
  it("fits an 80-column terminal, cutting long text with '…' and never the id; piped, the rows are whole", async () => {
    const home = fresh();
    const env = { SCAMCHECK_CASE_STORE: join(home, "cases.sqlite"), SCAMCHECK_STATE_DIR: join(home, "state") };
    const organisation = "Microsoft Windows Technical Support Department";
    const ticket = "INC-2026-11-0001-priority-high-escalated";
    for (const n of ["11", "22"])
      await runCli(["--region", "gb", "check", "--answers", "-", "--record"], { input: JSON.stringify({ details: { number: `020 7946 00${n}`, organisation, ticket }, answers: { "contact-start": "they-called", "claimed-org": "bank" } }), env });
    const ids = (await runCli(["cases", "list", "--json"], { env })).stdout.match(new RegExp(CASE_ID.source, "g")) ?? [];
    expect(ids).toHaveLength(2);

    const s = new PtySession(["cases", "list"], { cols: 80, env });
    expect(await s.exited).toBe(0);
    const rows = (await s.screen()).filter((r) => r.text !== "");
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.wrapped).toBe(false);
      expect(row.text.length).toBeLessThanOrEqual(80);
    }
    expect(rows[0]?.text).toMatch(/^ID +DATE +VERDICT +NUMBER +ORGANIS… +TICKET$/);
    for (const [i, id] of ids.entries()) expect(rows[i + 1]?.text).toMatch(new RegExp(`^${id}  2\\d{3}-\\d{2}-\\d{2}  .*…`));

    const piped = await runCli(["cases", "list"], { env });
    expect(piped.stdout).toContain(`${organisation}  ${ticket}\n`);
  });
});

describe("cases show", () => {
  it("shows each step advised whole, as the person was given it", async () => {
    const home = fresh();
    const env = { SCAMCHECK_CASE_STORE: join(home, "cases.sqlite"), SCAMCHECK_STATE_DIR: join(home, "state") };
    const input = JSON.stringify({ id: "T-5", answers: { "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes", "what-happened": ["paid-card"], "on-call-now": "no" } });
    const verdict = JSON.parse((await runCli(["--region", "gb", "check", "--answers", "-", "--json", "--record"], { input, env })).stdout);
    const steps: string[] = verdict.actions.map((a: { text: string }) => flat(a.text));
    expect(steps.some((text) => /[.!?] \S/.test(text))).toBe(true); // some steps have more than one sentence
    const shown = flat((await runCli(["--region", "gb", "cases", "show", "T-5"], { env })).stdout);
    for (const text of steps) expect(shown).toContain(`- ${text}`);
  });
});

describe("a case store not created yet", () => {
  it("is read as empty by the commands that read it, which say so and create no folder or file", async () => {
    const home = fresh();
    const location = join(home, "not", "yet", "cases.sqlite");
    const env = { SCAMCHECK_CASE_STORE: location, SCAMCHECK_STATE_DIR: join(home, "state") };
    const list = await runCli(["cases", "list"], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(`No cases in ${location} yet.\n`);
    expect((await runCli(["cases", "stats", "--json"], { env })).stdout).toContain('"total": 0');
    expect(JSON.parse((await runCli(["cases", "export"], { env })).stdout)).toEqual([]);
    expect((await runCli(["cases", "search", "--number", "020 7946 0018", "--region", "gb"], { env })).stdout).toContain("No cases");
    const show = await runCli(["cases", "show", "C-1"], { env });
    expect(show.code).toBe(2);
    expect(show.stderr).toBe(`scamcheck: no case 'C-1' in ${location}\n`);
    expect((await runCli(["cases", "purge", "--before", "2026-01-01", "--yes"], { env })).stdout).toContain("Deleted 0 cases");
    expect((await runCli(["letter", "card-chargeback-gb", "--case", "C-1"], { env })).code).toBe(2);
    expect(readdirSync(home)).toEqual([]);
    // Saving a case still creates it.
    await runCli(["check", "--answers", "-", "--record"], { input: scamCase("020 7946 0018"), env });
    expect((await runCli(["cases", "list"], { env })).stdout).toMatch(/^ID +DATE/);
  });
});

describe("a stored record that cannot be read back", () => {
  it("is named by its id on stderr and skipped by list, export and stats, which still succeed", async () => {
    const location = await freshStore("sqlite");
    const env = { SCAMCHECK_CASE_STORE: location };
    await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify({ id: "GOOD", answers: {} }), env });
    await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify({ id: "ODD", answers: {} }), env });
    new DatabaseSync(location).exec(`UPDATE scamcheck_cases SET record = '{"id":"ODD","caller":{"kind":"number"},"reasons":"x"}' WHERE id = 'ODD'`);
    for (const args of [["cases", "list"], ["cases", "export", "--format", "csv"]]) {
      const r = await runCli(args, { env });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^${location}: case ODD: not a case record \\(.*\\); skipped\n$`));
      expect(r.stdout).toContain("GOOD");
    }
    expect(JSON.parse((await runCli(["cases", "stats", "--json"], { env })).stdout).total).toBe(2);
  });
});

describe.each(STORE_KINDS)("operator mode in a terminal (%s)", (kind) => {
  it.skipIf(skipsHere(kind))("says an invalid number typed in the case details matched earlier cases only by its ending", async () => {
    const dir = fresh();
    const env = { SCAMCHECK_CASE_STORE: await freshStore(kind), SCAMCHECK_STATE_DIR: join(dir, "state") };
    await runCli(["--region", "gb", "check", "--answers", "-", "--record"], { input: scamCase("020 7946 0018"), env });
    const s = new PtySession(["--staff", "--region", "gb", "--operator", "Sam"], { env });
    await s.waitForAny(["Number that called"]);
    await s.press("07946 0018", KEY.enter);
    for (const field of ["Organisation the caller claimed", "When was the call?", "Ticket reference", "Your name"]) {
      await s.waitForAny([field]);
      await s.press(KEY.enter);
    }
    expect(await s.waitForAny([/Question 1\b[\s\S]*\? \S/])).toBe(0);
    const said = s.text.replace(/\s+/g, " ");
    expect(said).toContain("does not look like a valid number for GB");
    expect(said).toContain("1 earlier case has a number ending in these digits");
    expect(said).not.toContain("This number is in");
    s.kill();
  });

  it.skipIf(skipsHere(kind))("asks case details, warns about a repeat number, shows the caller script and records the case with notes", async () => {
    const dir = fresh();
    const location = await freshStore(kind);
    const env = { SCAMCHECK_CASE_STORE: location, SCAMCHECK_STATE_DIR: join(dir, "state") };
    await runCli(["--region", "gb", "check", "--answers", "-", "--record"], { input: scamCase("020 7946 0018"), env });
    const notesFile = join(dir, "notes.md");
    const s = new PtySession(["--staff", "--region", "gb", "--operator", "Sam", "--notes", "text", "--write-notes", notesFile], { env });
    await s.waitForAny(["Number that called"]);
    // Where the case goes is said truly: the case history, perhaps a team's database, not "this computer".
    expect(s.text.replace(/\s+/g, " ")).toContain("The case is saved in the case history (");
    expect(s.text).not.toContain("stay on this computer");
    await s.press("020 7946 0018", KEY.enter);
    await s.waitForAny(["Organisation the caller claimed"]);
    await s.press("Microsoft", KEY.enter);
    await s.waitForAny(["When was the call?"]);
    await s.press(KEY.enter);
    await s.waitForAny(["Ticket reference"]);
    await s.press("INC-9", KEY.enter);
    await s.waitForAny(["Your name"]);
    await s.press(KEY.enter); // keeps the default, Sam
    expect(await s.waitForAny([/This number is in 1 earlier case[\s\S]*Question 1\b[\s\S]*\? \S/])).toBe(0);
    expect(s.lastScreen).toContain("verdict scam");
    // Operator wording, number keys only: "1" + Enter throughout (a computer company, out of the blue, yes…).
    await s.press("1", KEY.enter);
    for (let n = 2; n < 40; n++) {
      const which = await s.waitForAny([new RegExp(`Question ${n}\\b[\\s\\S]*\\? \\S`), /Press Enter when (you have|the customer has) done this/, "What would you like to do?", "(Y/n)"]);
      if (which === -1) break;
      if (which === 1) await s.press(KEY.enter);
      else if (which === 3) await s.press("n", KEY.enter); // the evidence pack is there later too
      else await s.press("1", KEY.enter);
      if (which !== 0) n--;
    }
    expect(await s.exited).toBe(0);
    // The organisation typed in the case details answers "who did they claim to be", in staff words.
    expect(flat(s.text)).toContain("(Who did the caller claim to be? Microsoft, Windows, Apple, or another computer or software maker, from the case details.)");
    expect(s.text).not.toMatch(/\? Who did the caller claim to be\?/);
    // One script: once the caller asked for money, no "check who they are, then end the call" beside "hang up now".
    expect(s.text).toContain("Tell the customer: Give the caller nothing more");
    expect(s.text).not.toContain("Ask the caller to prove who they are");
    expect(s.text).not.toContain("Tell the customer: Tell the customer");
    expect(s.text).toMatch(new RegExp(`SCAM CALL TRIAGE ${CASE_ID.source}`));
    expect(s.text).toContain("Operator: Sam");
    expect(s.text).toContain("Ticket: INC-9");
    expect(s.text).toMatch(new RegExp(`Saved as case ${CASE_ID.source} in\\s`));
    expect(readFileSync(notesFile, "utf8")).toMatch(/^SCAM CALL TRIAGE/);
    const records = await casesIn(location);
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({ operator: "Sam", ticket: "INC-9", organisation: "Microsoft", caller: { e164: "+442079460018" } });
    expect(records[1]?.reasons).toContain("number-reported-as-scam");
  });
});

describe("operator mode reads as one script", () => {
  it("asks the caller to prove who they are only while nothing was demanded", async () => {
    const dir = fresh();
    const s = new PtySession(["--staff", "--operator", "Sam"], { env: { SCAMCHECK_CASE_LOG: join(dir, "cases.jsonl"), SCAMCHECK_STATE_DIR: join(dir, "state") } });
    for (const prompt of ["Number that called", "Organisation the caller claimed", "When was the call?", "Ticket reference", "Your name"]) {
      await s.waitForAny([prompt]);
      await s.press(KEY.enter);
    }
    const question = (n: number) => new RegExp(`Question ${n}\\b[\\s\\S]*\\? \\S`);
    await s.waitForAny([question(1)]);
    await s.press("1", KEY.enter); // the caller is still on the line
    await s.waitForAny([/Press Enter when (you have|the customer has) done this/]);
    // The steps are the customer's to take: the operator is told to pass them on.
    expect(s.text).toContain("Tell the customer to do this right now");
    expect(s.text).toContain("Press Enter when the customer has done this");
    await s.press(KEY.enter);
    await s.waitForAny([question(2)]);
    await s.press(KEY.enter); // not sure what happened
    // No to money, access and secrets, in whatever order they come: then, and only then, the check script.
    for (let n = 3; n < 6; n++) {
      await s.waitForAny([question(n)]);
      await s.press("2", KEY.enter);
    }
    expect(await s.waitForAny(["Ask the caller: Ask the caller to prove who they are", question(7)])).toBe(0);
    expect(s.text).not.toContain("Hang up now");
    s.kill();
  });
});
