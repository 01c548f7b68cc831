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
    expect(rules.letters.map((l) => l.id).sort()).toEqual(["bank-transfer-complaint-gb", "billing-error-us", "card-chargeback-gb", "support-plan-cancel"]);
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
    expect(r.stdout).toContain("on 2 December, about 10am. The caller used the number\n+442079460018 and said they were from Microsoft.");
    // What was lost in the sender's own words, as the packs' first-person labels put it.
    expect(r.stdout).toContain("During the call, I paid with a debit or credit card and I let them connect to my computer or phone.");
    expect(r.stdout).toContain("- Has anything already happened? I paid with a debit or credit card; I let them connect to my computer or phone");
    expect(r.stdout).toContain("[amount, date and the name of the\npayee");
    expect(r.stdout).toContain("Our reference\nfor this case is INC-gb.");
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
});
