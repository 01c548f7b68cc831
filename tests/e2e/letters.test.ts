/**
 * Letter drafts: templates in the packs (`letters:`), filled in from a stored case, every gap left
 * in [brackets]; a deadline counted from the date given; unknown fields refused when a pack loads.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderLetter } from "../../src/core/letters.js";
import { loadRules } from "../../src/node/load-rules.js";
import { runCli } from "../helpers/cli.js";
import { scratch } from "../hardening/helpers.js";
import { freshStore, sampleRecord } from "../helpers/stores.js";

const paidByCard = (region: string) => ({
  id: `INC-${region}`,
  region,
  details: { number: region === "gb" ? "020 7946 0018" : "(202) 555-0143", organisation: "Microsoft", callTime: "2 December, about 10am" },
  answers: { "contact-start": "they-called", "claimed-org": "computer-company", "asked-payment": "yes", "what-happened": ["paid-card", "gave-remote-access"] },
});

describe("letters", () => {
  it("every built-in template renders for a sample case with no field left unfilled", async () => {
    const { rules } = await loadRules({ paths: [] });
    expect(rules.letters.map((l) => l.id).sort()).toEqual([
      "bank-transfer-complaint-au",
      "bank-transfer-complaint-ca",
      "bank-transfer-complaint-gb",
      "bank-transfer-complaint-ie",
      "billing-error-us",
      "card-chargeback-au",
      "card-chargeback-ca",
      "card-chargeback-gb",
      "card-chargeback-ie",
      "support-plan-cancel",
    ]);
    for (const letter of rules.letters) {
      const text = renderLetter(letter, sampleRecord("S-1", { region: letter.region ?? "gb" }), rules, { today: new Date("2026-12-03T12:00:00Z"), from: "2026-11-20", writeDate: (iso) => iso.slice(0, 10) });
      expect(text, letter.id).not.toMatch(/\{\{|\}\}/);
      expect(text, letter.id).toContain("S-1");
    }
  });

  it("a UK card payment gives a chargeback letter a clerk can act on; the gaps are in brackets", async () => {
    const env = { SCAMCHECK_CASE_STORE: await freshStore("sqlite"), TZ: "UTC" };
    expect((await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify(paidByCard("gb")), env })).code).toBe(0);
    const list = await runCli(["letter", "--list", "--case", "INC-gb"], { env });
    expect(list.stdout).toMatch(/^ {2}card-chargeback-gb +Ask your card company .*\(fits this case\)$/m);
    expect(list.stdout).not.toMatch(/bank-transfer-complaint-gb.*fits this case/);
    const r = await runCli(["letter", "card-chargeback-gb", "--case", "INC-gb"], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("section 75 of the Consumer\nCredit Act 1974");
    expect(r.stdout).toContain("on 2 December, about 10am. The caller used the number\n+442079460018 (shown on the phone as 020 7946 0018) and said they were from Microsoft.");
    // What was lost in the sender's own words, as the packs' first-person labels put it.
    expect(r.stdout).toContain("During the call, I paid with a debit or credit card and I let them connect to my computer or phone.");
    // What the call was, question by question; what was lost has its sentence above, and how things
    // stood when the check was made (still on the line?) is not part of the story.
    expect(r.stdout).toContain("- Who did the caller say they were? Microsoft, Windows, Apple, or another computer or software maker");
    expect(r.stdout).not.toContain("Has anything already happened?");
    expect(r.stdout).toContain("[amount, date and the name of the\npayee");
    expect(r.stdout).toContain("Our reference\nfor this case is INC-gb.");
  });

  it("a call time typed as 'this morning' becomes a gap with what was typed and the day it was noted, not 'on this morning'", async () => {
    const { rules } = await loadRules({ paths: [] });
    const letter = rules.letters.find((l) => l.id === "card-chargeback-gb")!;
    const record = { ...sampleRecord("S-2", { region: "gb" }), callTime: "this morning", recordedAt: "2026-12-04T09:30:00.000Z" };
    const text = renderLetter(letter, record, rules, { today: new Date("2026-12-05T12:00:00Z"), writeDate: (iso) => iso.slice(0, 10) });
    expect(text).toContain('a scam phone call on [date of the call: noted on 2026-12-04 as "this morning"]');
    const dated = renderLetter(letter, { ...record, callTime: "2 December, about 10am" }, rules, { today: new Date("2026-12-05T12:00:00Z"), writeDate: (iso) => iso.slice(0, 10) });
    expect(dated).toContain("a scam phone call on 2 December, about 10am.");
  });

  it("a US billing-error dispute counts its 60 days from the statement date given", async () => {
    const env = { SCAMCHECK_CASE_STORE: await freshStore("sqlite"), TZ: "UTC" };
    await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify(paidByCard("us")), env });
    const dated = await runCli(["letter", "billing-error-us", "--case", "INC-us", "--date", "2026-11-20"], { env });
    expect(dated.stdout).toContain("so that it arrives by January 19, 2027.");
    const undated = await runCli(["letter", "billing-error-us", "--case", "INC-us"], { env });
    expect(undated.stdout).toContain("so that it arrives by [60 days after the date of the first statement that showed the charge].");
    expect(undated.stderr).toContain("Add --date with the date of the first statement that showed the charge");
    expect((await runCli(["letter", "billing-error-us", "--case", "INC-us", "--date", "20/11/2026"], { env })).stderr).toMatch(/--date needs a date like/);
    expect((await runCli(["letter", "no-such", "--case", "INC-us"], { env })).stderr).toMatch(/^scamcheck: no letter 'no-such'/);
  });

  it("a pack whose letter uses a field scamcheck does not fill in is refused at that place", async () => {
    const pack = join(scratch("letters"), "ours.yaml");
    writeFileSync(pack, "schema_version: 1\npack: { id: ours, title: Ours, version: 1.0.0 }\nletters:\n  - id: x\n    title: X\n    references: [https://www.example.gov/x]\n    template: 'Dear {{recipient}}, about {{case_id}} by {{deadline}}'\n");
    const r = await runCli(["rules", "validate", pack]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ours.yaml:7:15: letter field '{{recipient}}' is not one scamcheck fills in");
    expect(r.stderr).toContain("'{{deadline}}' needs 'deadline_days'");
  });
  it("'letter --list' names the kinds for each region where the law differs: gb, us, ie, ca, au, and one for any region", async () => {
    const r = await runCli(["letter", "--list"]);
    expect(r.code, r.stderr).toBe(0);
    const regions = [...r.stdout.matchAll(/^(\S.*)$/gm)].map((m) => m[1]);
    expect(regions).toEqual(["Australia", "Canada", "United Kingdom", "Ireland", "United States", "Any region"]);
    for (const region of ["gb", "ie", "ca", "au"]) expect(r.stdout).toMatch(new RegExp(`^ {2}card-chargeback-${region} `, "m"));
    for (const region of ["gb", "ie", "ca", "au"]) expect(r.stdout).toMatch(new RegExp(`^ {2}bank-transfer-complaint-${region} `, "m"));
    // --region names the one region wanted; the letters for any region stay.
    const gb = await runCli(["--region", "gb", "letter", "--list"]);
    expect([...gb.stdout.matchAll(/^(\S.*)$/gm)].map((m) => m[1])).toEqual(["United Kingdom", "Any region"]);
  });

  it("each region's card letter follows its own route: the ombudsman or complaints body, the police or reporting service, the account format", async () => {
    const env = { SCAMCHECK_CASE_STORE: await freshStore("sqlite"), TZ: "UTC" };
    const expected: Record<string, RegExp[]> = {
      ie: [/Financial\s+Services and Pensions Ombudsman/, /final response letter/, /An Garda Síochána/],
      ca: [/complaint-handling\s+process/, /external complaints body/, /Canadian Anti-Fraud Centre/],
      au: [/ePayments Code/, /Australian Financial Complaints Authority \(AFCA\)/, /Scamwatch and ReportCyber/],
    };
    for (const [region, wanted] of Object.entries(expected)) {
      const input = { id: `INC-${region}`, region, details: { organisation: "Microsoft", callTime: "2 December, about 10am" }, answers: paidByCard(region).answers };
      expect((await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify(input), env })).code).toBe(0);
      const list = await runCli(["letter", "--list", "--case", `INC-${region}`], { env });
      expect(list.stdout).toMatch(new RegExp(`^ {2}card-chargeback-${region} .*\\(fits this case\\)$`, "m"));
      const r = await runCli(["letter", `card-chargeback-${region}`, "--case", `INC-${region}`], { env });
      expect(r.code, r.stderr).toBe(0);
      for (const w of wanted) expect(r.stdout, region).toMatch(w);
      expect(r.stdout).not.toMatch(/section 75|Financial Ombudsman Service|Report Fraud/);
      expect(r.stdout).toContain("I paid with a debit or credit card and I let them connect to my computer or phone.");
    }
  });

  it("'rules test' fills in every letter for a sample case and fails, at the place, on a field written wrongly or a gap left open", async () => {
    const dir = scratch("letter-pack");
    const pack = [
      "schema_version: 1",
      "pack: { id: ours, title: Ours, version: 1.0.0 }",
      "letters:",
      "  - id: sloppy",
      "    title: Sloppy",
      "    references: [https://www.example.gov/x]",
      "    template: |",
      "      Dear Sir or Madam,",
      "      The caller used {{ caller number }} on {{call_when}.",
      "      Yours, [your name",
      "  - id: fine",
      "    title: Fine",
      "    references: [https://www.example.gov/y]",
      "    template: |",
      "      About case {{case_id}}: [your name]",
      "",
    ].join("\n");
    writeFileSync(join(dir, "ours.yaml"), pack);
    writeFileSync(join(dir, "ours.test.yaml"), "schema_version: 1\npack: ours\ncases:\n  - name: anything\n    answers: {}\n    expect: { verdict_in: [not-enough-information, no-warning-signs] }\n");
    const r = await runCli(["rules", "test", dir], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toEqual([
      "ours.yaml:9:23: letter 'sloppy': '{{ caller number }}' is not a field it can fill in; write fields as {{case_id}}",
      "ours.yaml:9:46: letter 'sloppy': '{{call_when}.' is not a field it can fill in; write fields as {{case_id}}",
      "ours.yaml:10:14: letter 'sloppy': a gap '[' is never closed with ']'",
    ]);
    // The built-in letters all fill in cleanly.
    expect((await runCli(["rules", "test"])).code).toBe(0);
  });
});
