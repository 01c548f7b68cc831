/**
 * Every JSON output has a published JSON Schema with an $id (schemas/ in the package), and what the
 * commands really print validates against it with ajv in strict mode, which also refuses a schema
 * with anything it does not understand.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { runCli } from "../helpers/cli.js";
import { scratch } from "../hardening/helpers.js";
import { freshStore } from "../helpers/stores.js";
import { expectValid, publishedSchemas as schemas, strictAjv, validatorOf } from "../helpers/schemas.js";

const scamCase = { id: "INC-1", region: "gb", details: { number: "020 7946 0018", organisation: "Microsoft", ticket: "INC-1" }, answers: { "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes" } };

describe("published JSON Schemas", () => {
  it("each has an $id under the package's schemas/ and compiles in ajv's strict mode", () => {
    expect(Object.keys(schemas).sort()).toEqual(["answers", "batch-error", "case-record", "cases-list", "cases-stats", "export-misp", "export-servicenow", "export-zendesk", "questions", "rules-list", "rules-test", "rules-validate", "scan", "scan-fields", "verdict", "verdict-brief", "verdict-fields"]);
    for (const [name, schema] of Object.entries(schemas)) {
      expect(schema.$id).toBe(`https://unpkg.com/scamcheck/schemas/${name}.schema.json`);
      expect(() => strictAjv().compile(schema)).not.toThrow();
    }
  });

  it("the rule pack and pack test schemas (for editors) have an $id and compile in strict mode too", () => {
    for (const file of ["schema.json", "test-schema.json"]) {
      const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, "rules", file), "utf8"));
      expect(schema.$id).toBe(`https://unpkg.com/scamcheck/rules/${file}`);
      expect(() => new Ajv2020({ strict: true }).compile(schema)).not.toThrow();
    }
  });

  it("the answers a script sends, with case details, are what the answers schema describes", () => {
    expectValid("answers", scamCase);
    expectValid("answers", scamCase.answers);
    const validate = validatorOf("answers");
    expect(validate({ ...scamCase, details: { colour: "red" } })).toBe(false);
  });

  it("check, a batch, scan, questions and rules print what their schemas describe", async () => {
    const dir = scratch("schemas");
    const one = await runCli(["check", "--answers", "-", "--json"], { input: JSON.stringify(scamCase) });
    expectValid("verdict", JSON.parse(one.stdout));
    const batch = await runCli(["check", "--batch", "-"], { input: `${JSON.stringify(scamCase)}\n{"asked-payment": "maybe"}\n` });
    const [good, bad] = batch.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expectValid("verdict", good);
    expectValid("batch-error", bad);
    const notes = join(dir, "notes.txt");
    writeFileSync(notes, "A man called out of the blue saying he was from Microsoft and asked me to install AnyDesk so he could fix my computer.\n");
    const scan = await runCli(["--region", "gb", "scan", notes, "--json"]);
    expect(scan.code, scan.stderr).toBe(0);
    const scanned = JSON.parse(scan.stdout);
    expect(scanned.evidence.length).toBeGreaterThan(0);
    expectValid("scan", scanned);
    expectValid("questions", JSON.parse((await runCli(["questions", "--json"])).stdout));
    // With answers: what is still to ask, and, once nothing is, why the interview would stop.
    const ask = async (answers: object) => JSON.parse((await runCli(["questions", "--answers", "-", "--json"], { input: JSON.stringify(answers) })).stdout);
    expectValid("questions", await ask({ "on-call-now": "no" }));
    // Called a number they looked up, asked for nothing: stopped on the packs' evidence.
    const stopped = await ask({ "on-call-now": "no", "what-happened": ["nothing"], "contact-start": "i-called-official", "asked-payment": "no", "asked-remote-access": "no", "asked-secrets": "no", "claimed-org": "delivery", "delivery-expecting": "yes", pressure: "no", secrecy: "no", verification: "invited-official", "recorded-call-press-key": "no", "number-shown": "ordinary", "knew-details": "no", "passed-along": "no", "angry-on-refusal": "no", "call-minutes": 3, "delivery-arrange-only": "yes", "reference-held": "yes" });
    expect(stopped.stop?.reason).toMatch(/./);
    expectValid("questions", stopped);
    expectValid("rules-list", JSON.parse((await runCli(["rules", "list", "--json"])).stdout));
    expectValid("rules-validate", JSON.parse((await runCli(["rules", "validate", "--json"])).stdout));
    const broken = join(dir, "broken.yaml");
    writeFileSync(broken, "schema_version: 1\npack: { id: broken, title: Broken, version: 1.0.0 }\nquestions:\n  - { id: q, type: maybe, text: Hm? }\n");
    const invalid = await runCli(["rules", "validate", broken, "--json"]);
    expect(JSON.parse(invalid.stdout).valid).toBe(false);
    expectValid("rules-validate", JSON.parse(invalid.stdout));
    expectValid("rules-test", JSON.parse((await runCli(["rules", "test", "--json"])).stdout));
  });

  it("the cases commands print what their schemas describe", async () => {
    const env = { SCAMCHECK_CASE_STORE: await freshStore("sqlite") };
    for (const id of ["INC-1", "INC-2"]) await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify({ ...scamCase, id }), env });
    // One case with steps ticked as done, so the records' `done` is checked too.
    expect((await runCli(["cases", "done", "INC-1", "1", "--on", "2026-12-02"], { env })).code).toBe(0);
    expectValid("cases-list", JSON.parse((await runCli(["cases", "list", "--json"], { env })).stdout));
    expectValid("cases-list", JSON.parse((await runCli(["--region", "gb", "cases", "search", "--number", "020 7946 0018", "--json"], { env })).stdout));
    expectValid("cases-list", JSON.parse((await runCli(["cases", "export"], { env })).stdout));
    expectValid("case-record", JSON.parse((await runCli(["cases", "show", "INC-1", "--json"], { env })).stdout));
    for (const line of (await runCli(["cases", "export", "--format", "jsonl"], { env })).stdout.trim().split("\n")) expectValid("case-record", JSON.parse(line));
    const stats = JSON.parse((await runCli(["cases", "stats", "--json"], { env })).stdout);
    expect(stats.repeatedNumbers).toHaveLength(1);
    expectValid("cases-stats", stats);
    for (const format of ["zendesk", "servicenow", "misp"]) {
      const r = await runCli(["--region", "gb", "cases", "export", "--format", format], { env });
      expect(r.code, r.stderr).toBe(0);
      expectValid(`export-${format}`, JSON.parse(r.stdout));
    }
  });
});
