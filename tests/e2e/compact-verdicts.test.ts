/**
 * Compact verdicts for scripts: `--brief` (ids and the headline, one JSON line of at most 300 bytes
 * for every pack test case) and `--fields LIST` (only the named parts of the full verdict), on
 * check, its batch mode and scan, each what its published schema describes. A field name the
 * verdict does not have is a one-line usage error (exit 2) with a suggestion.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { answersToJson } from "../../src/core/answers.js";
import { packTestScenarios } from "../../src/core/interview-sim.js";
import type { RuleSet } from "../../src/core/ruleset.js";
import { BUILTIN_RULES_DIR, loadRules } from "../../src/node/load-rules.js";
import { runCli } from "../helpers/cli.js";
import { scratch } from "../hardening/helpers.js";
import { expectValid } from "../helpers/schemas.js";

let rules: RuleSet;
beforeAll(async () => {
  rules = (await loadRules()).rules;
});

const scamCase = { id: "INC-1", region: "gb", answers: { "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes", "asked-payment": "yes", "payment-method": ["card"] } };
const full = async (doc: unknown = scamCase) => JSON.parse((await runCli(["check", "--answers", "-", "--json"], { input: JSON.stringify(doc) })).stdout);

describe("check --brief", () => {
  it("prints one JSON line of ids and the headline: the verdict, family, strongest reasons and most urgent steps", async () => {
    const r = await runCli(["check", "--answers", "-", "--brief"], { input: JSON.stringify(scamCase) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.endsWith("\n") && !r.stdout.slice(0, -1).includes("\n")).toBe(true);
    const brief = JSON.parse(r.stdout);
    expectValid("verdict-brief", brief);
    const whole = await full();
    expect(brief).toEqual({
      schemaVersion: 1,
      id: "INC-1",
      verdict: whole.verdict,
      headline: whole.headline,
      family: whole.family.id,
      reasons: whole.reasons.slice(0, 3).map((x: { id: string }) => x.id),
      actions: whole.actions.slice(0, 3).map((x: { id: string }) => x.id),
    });
  });

  it("is at most 300 bytes a case, as a batch line, for every pack test case", async () => {
    const dir = BUILTIN_RULES_DIR;
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".test.yaml"))
      .map((f) => ({ name: f, text: readFileSync(join(dir, f), "utf8") }));
    const scenarios = packTestScenarios(files, rules);
    expect(scenarios.length).toBeGreaterThan(100);
    const input = scenarios.map((s) => JSON.stringify({ ...(s.options.region !== undefined && { region: s.options.region }), answers: answersToJson(s.answers, rules) })).join("\n");
    const r = await runCli(["check", "--batch", "-", "--brief"], { input: `${input}\n` });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n").slice(0, -1);
    expect(lines).toHaveLength(scenarios.length);
    for (const [i, line] of lines.entries()) {
      expect(Buffer.byteLength(`${line}\n`), `${scenarios[i]!.file}: ${scenarios[i]!.name}: ${line}`).toBeLessThanOrEqual(300);
      expectValid("verdict-brief", JSON.parse(line));
    }
  });
});

describe("check --fields", () => {
  it("keeps only the fields and parts named, in the verdict's own order, after schemaVersion and the id", async () => {
    const r = await runCli(["check", "--answers", "-", "--fields", "actions.id,verdict, score,family,reasons.id"], { input: JSON.stringify(scamCase) });
    expect(r.code, r.stderr).toBe(0);
    const picked = JSON.parse(r.stdout);
    expectValid("verdict-fields", picked);
    const whole = await full();
    expect(Object.keys(picked)).toEqual(["schemaVersion", "id", "verdict", "score", "family", "reasons", "actions"]);
    expect(picked.family).toEqual(whole.family);
    expect(picked.reasons).toEqual(whole.reasons.map((x: { id: string }) => ({ id: x.id })));
    expect(picked.actions).toEqual(whole.actions.map((x: { id: string }) => ({ id: x.id })));
  });

  it("keeps a family that is null, and takes a whole field beside its parts", async () => {
    const r = await runCli(["check", "--answers", "-", "--fields", "family.id,reasons,reasons.id,unanswered"], { input: "{}" });
    expect(r.code, r.stderr).toBe(0);
    const picked = JSON.parse(r.stdout);
    expectValid("verdict-fields", picked);
    expect(picked).toEqual({ schemaVersion: 1, family: null, reasons: [], unanswered: (await full({})).unanswered });
  });

  it("refuses a field the verdict does not have in one line, with a suggestion, exit 2, before reading any input", async () => {
    for (const [list, hint] of [
      ["verdict,socre", "did you mean 'score'?"],
      ["reasons.idd", "did you mean 'reasons.id'?"],
      ["verdict.id", "did you mean 'verdict'?"],
      ["verdict,,score", "''"],
    ] as const) {
      const r = await runCli(["check", "--answers", "no-such-file.json", "--fields", list]);
      expect(r.code, list).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n"), list).toHaveLength(1);
      expect(r.stderr).toMatch(/^scamcheck: --fields: unknown field /);
      expect(r.stderr, list).toContain(hint);
    }
    const both = await runCli(["check", "--answers", "-", "--brief", "--fields", "verdict"], { input: "{}" });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^scamcheck: .*--brief.*--fields/);
  });
});

describe("batch mode, --record and scan", () => {
  it("a batch writes each case in the form asked for, and error records in place of bad lines", async () => {
    const input = `${JSON.stringify(scamCase)}\n{"asked-payment": "maybe"}\n{"asked-payment": "yes"}\n`;
    const brief = await runCli(["check", "--batch", "-", "--brief"], { input });
    const [one, bad, three] = brief.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(one).toMatchObject({ line: 1, schemaVersion: 1, id: "INC-1", verdict: "scam" });
    expectValid("verdict-brief", one);
    expectValid("batch-error", bad);
    expect(three.line).toBe(3);
    expectValid("verdict-brief", three);
    const picked = await runCli(["check", "--batch", "-", "--fields", "verdict,score"], { input });
    const lines = picked.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ line: 1, schemaVersion: 1, id: "INC-1", verdict: "scam", score: (await full()).score });
    expectValid("verdict-fields", lines[2]);
    expect(picked.code).toBe(2); // a bad line, as without --fields
  });

  it("check --record writes the brief form too", async () => {
    const dir = scratch("brief-record");
    const env = { SCAMCHECK_CASE_STORE: join(dir, "cases.sqlite") };
    const one = await runCli(["check", "--answers", "-", "--record", "--brief"], { input: JSON.stringify(scamCase), env });
    expect(one.code, one.stderr).toBe(0);
    expectValid("verdict-brief", JSON.parse(one.stdout));
    const batch = await runCli(["check", "--batch", "-", "--record", "--fields", "verdict"], { input: `${JSON.stringify({ ...scamCase, id: "INC-2" })}\n`, env });
    expect(batch.code, batch.stderr).toBe(0);
    expect(JSON.parse(batch.stdout)).toEqual({ line: 1, schemaVersion: 1, id: "INC-2", verdict: "scam" });
  });

  it("scan --brief and scan --fields, which can name the answers and the evidence", async () => {
    const notes = join(scratch("brief-scan"), "notes.txt");
    writeFileSync(notes, "A man called out of the blue saying he was from Microsoft and asked me to install AnyDesk so he could fix my computer.\n");
    const brief = await runCli(["--region", "gb", "scan", notes, "--brief"]);
    expect(brief.code, brief.stderr).toBe(0);
    expectValid("verdict-brief", JSON.parse(brief.stdout));
    const picked = await runCli(["--region", "gb", "scan", notes, "--fields", "answers,evidence.question,verdict"]);
    expect(picked.code, picked.stderr).toBe(0);
    const json = JSON.parse(picked.stdout);
    expectValid("scan-fields", json);
    expect(Object.keys(json)).toEqual(["schemaVersion", "answers", "evidence", "verdict"]);
    expect(json.evidence.length).toBeGreaterThan(0);
    for (const e of json.evidence) expect(Object.keys(e)).toEqual(["question"]);
    const wrong = await runCli(["scan", notes, "--fields", "evidance"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("did you mean 'evidence'?");
  });
});
