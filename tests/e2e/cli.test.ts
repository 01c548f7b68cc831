/** The built CLI, spawned as a user or a script would run it. */
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { batchErrorSchema, verdictOutputSchema } from "../../src/core/output-schema.js";
import { loadRules } from "../../src/node/load-rules.js";
import { runCli } from "../helpers/cli.js";

const example = (name: string) => readFileSync(join(__dirname, "../../rules/examples", name), "utf8");
const tmp = mkdtempSync(join(tmpdir(), "scamcheck-e2e-"));

describe("scamcheck CLI", () => {
  it("prints help with examples and exits 0", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: scamcheck");
    expect(r.stdout).toContain("Examples:");
    const check = await runCli(["check", "--help"]);
    expect(check.stdout).toContain("--batch <file>");
  });

  it("prints its version", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    // The shim answers a bare --version itself; the full CLI must say the same.
    const full = await runCli(["--plain", "--version"]);
    expect(full.stdout).toBe(r.stdout);
    expect((await runCli(["-V"])).stdout).toBe(r.stdout);
  });

  it("calls the classic cold call a scam, with reasons and a 'now' action", async () => {
    const r = await runCli(["check", "--answers", "-", "--json"], { input: example("cold-call.json") });
    expect(r.code).toBe(0);
    const out = verdictOutputSchema.parse(JSON.parse(r.stdout));
    expect(["scam", "likely-scam"]).toContain(out.verdict);
    expect(out.reasons.length).toBeGreaterThan(0);
    expect(out.actions.some((a) => a.urgency === "now")).toBe(true);
    expect(out.family?.id).toBe("tech-support");
    expect(r.stderr).toBe("");
  });

  it("finds no warning signs in a support call-back the person booked", async () => {
    const r = await runCli(["check", "--answers", "rules/examples/booked-callback.json", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verdict).toBe("no-warning-signs");
  });

  it("prints a readable verdict without colour codes when piped", async () => {
    const r = await runCli(["check", "--answers", "rules/examples/cold-call.json", "--region", "gb"], { env: { NO_COLOR: undefined } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("This is a scam");
    expect(r.stdout).toContain("Do this now");
    expect(r.stdout).toContain("Report Fraud");
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it("colours output only when forced, and NO_COLOR wins over a terminal", async () => {
    const forced = await runCli(["check", "--answers", "rules/examples/cold-call.json"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(forced.stdout).toMatch(/\u001b\[/);
    const plain = await runCli(["--plain", "check", "--answers", "rules/examples/cold-call.json"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    expect(plain.stdout).toContain("Verdict: This is a scam");
  });

  it("exits 1 with --fail-on when the verdict is at or above the band", async () => {
    const hit = await runCli(["check", "--answers", "rules/examples/cold-call.json", "--json", "--fail-on", "likely-scam"]);
    expect(hit.code).toBe(1);
    expect(JSON.parse(hit.stdout).verdict).toBe("scam"); // the verdict is still printed
    const miss = await runCli(["check", "--answers", "rules/examples/booked-callback.json", "--fail-on", "suspicious"]);
    expect(miss.code).toBe(0);
    const bad = await runCli(["check", "--answers", "rules/examples/booked-callback.json", "--fail-on", "maybe"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--fail-on must be one of: suspicious, likely-scam, scam");
  });

  it("names the JSON path of bad answers, lists valid choices and exits 2", async () => {
    const r = await runCli(["check", "--answers", "-"], { input: '{"contact-start": "they-rang", "asked-remote": "yes"}' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('scamcheck: <stdin>: $.contact-start: "they-rang" is not one of the choices');
    expect(r.stderr).toContain('"they-called"');
    expect(r.stderr).toContain("scamcheck: <stdin>: $.asked-remote: unknown question id (did you mean 'asked-remote-access'?)");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("gives line and column for invalid JSON", async () => {
    const r = await runCli(["check", "--answers", "-"], { input: '{\n  "pressure": "yes",\n}' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("scamcheck: <stdin>:2:20: invalid JSON: trailing comma is not allowed");
  });

  it("reports missing files and usage errors with exit 2", async () => {
    expect((await runCli(["check", "--answers", "nope.json"])).stderr.trim()).toBe("scamcheck: nope.json: no such file");
    const none = await runCli(["check"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("check needs --answers FILE");
    const unknown = await runCli(["check", "--answser", "x"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("scamcheck: unknown option '--answser' (did you mean --answers?); run 'scamcheck --help' for usage\n");
    // A mistyped command is named as one, with the nearest real command.
    for (const args of [["chek"], ["chek", "--answers", "case.json"], ["--region", "gb", "chek"]]) {
      const typo = await runCli(args);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toBe("scamcheck: unknown command 'chek' (did you mean 'check'?); run 'scamcheck --help' for the commands\n");
    }
    expect((await runCli(["--region", "zz", "check", "--answers", "rules/examples/cold-call.json"])).stderr).toContain("unknown region 'zz'");
    // A mistyped global option is named, not its value taken for a command word.
    const regin = await runCli(["--regin", "gb", "check", "--answers", "rules/examples/cold-call.json"]);
    expect([regin.code, regin.stderr]).toEqual([2, "scamcheck: unknown option '--regin' (did you mean --region?); run 'scamcheck --help' for usage\n"]);
    const uk = await runCli(["--region", "uk", "check", "--answers", "rules/examples/cold-call.json"]);
    expect([uk.code, uk.stderr]).toEqual([2, "scamcheck: unknown region 'uk' (did you mean 'gb'?); choose one of: gb, us, ie, ca, au (or 'none')\n"]);
  });

  it("refuses options that only the interactive triage reads when a command is given, instead of ignoring them", async () => {
    const r = await runCli(["--resume", "--save", "f.json", "--notes-file", "n.md", "check", "--answers", "rules/examples/cold-call.json"]);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      "",
      "scamcheck: --resume, --save and --notes-file apply only to the interactive triage ('scamcheck' with no command); 'check' does not use them\n",
    ]);
    const list = await runCli(["--notes", "text", "cases", "list"]);
    expect([list.code, list.stderr]).toEqual([2, "scamcheck: --notes applies only to the interactive triage ('scamcheck' with no command); 'cases list' does not use it\n"]);
  });

  it.each([
    [["--staff", "check", "--answers", "rules/examples/cold-call.json"], "--staff applies only to the interactive triage ('scamcheck' with no command); 'check' does not use it"],
    [["--no-staff", "cases", "list"], "--no-staff applies only to the interactive triage ('scamcheck' with no command); 'cases list' does not use it"],
    [["--operator", "Sam", "scan", "-"], "--operator applies only to the interactive triage ('scamcheck' with no command) and 'check'; 'scan' does not use it"],
    [["--case-store", "cases.sqlite", "rules", "list"], "--case-store applies only to the interactive triage ('scamcheck' with no command), 'check', 'cases' and 'letter'; 'rules list' does not use it"],
    [["--case-store", "cases.sqlite", "--operator", "Sam", "questions"], "--operator applies only to the interactive triage ('scamcheck' with no command) and 'check'; 'questions' does not use it"],
  ])("refuses a global option that the command does not read: %j", async (args, message) => {
    const r = await runCli(args, { input: "" });
    expect([r.code, r.stdout, r.stderr]).toEqual([2, "", `scamcheck: ${message}\n`]);
  });

  it("refuses an over-large answers file without reading it all", async () => {
    const big = join(tmp, "big.json");
    writeFileSync(big, `{"note": "${"x".repeat(2 * 1024 * 1024)}"}`);
    const r = await runCli(["check", "--answers", big]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is too large (2 MB; the limit is 1 MB)");
    // Just over: the sizes would both read 1 MB, so the message says by how much.
    writeFileSync(big, Buffer.alloc(1024 * 1024 + 20, " "));
    expect((await runCli(["check", "--answers", big])).stderr).toBe(`scamcheck: ${big}: is too large (20 bytes over the limit of 1 MB)\n`);
  });

  it("says how to pipe answers when there is no terminal, instead of hanging", async () => {
    const r = await runCli([], { stdin: "ignore" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("scamcheck check --answers -");
  });

  it("lists the questions as JSON for script authors", async () => {
    const r = await runCli(["questions", "--json"]);
    const q = JSON.parse(r.stdout).questions as { id: string; type: string; choices?: unknown[] }[];
    expect(q.find((x) => x.id === "contact-start")?.type).toBe("single");
    expect(q.every((x) => x.type === "text" || x.type === "number" || Array.isArray(x.choices))).toBe(true);
  });

  it("lists, given some answers, what the interview would still ask, in its order, and why it would stop", async () => {
    const ask = async (answers: object) => JSON.parse((await runCli(["questions", "--answers", "-", "--json"], { input: JSON.stringify(answers) })).stdout);
    // The situation first; then, after a yes to money, how they wanted it.
    expect((await ask({})).questions[0].id).toBe("on-call-now");
    const next = await ask({ "on-call-now": "no", "what-happened": "not-sure", "asked-payment": "yes" });
    expect(next.questions[0].id).toBe("payment-method");
    expect(next.stop).toBeUndefined();
    // Called a number they looked up, asked for nothing: stopped on the packs' evidence, with the reason.
    const done = await ask({ "on-call-now": "no", "what-happened": ["nothing"], "contact-start": "i-called-official", "asked-payment": "no", "asked-remote-access": "no", "asked-secrets": "no", "claimed-org": "delivery", "delivery-expecting": "yes", pressure: "no", secrecy: "no", verification: "invited-official", "recorded-call-press-key": "no", "number-shown": "ordinary", "knew-details": "no", "passed-along": "no", "angry-on-refusal": "no", "call-minutes": 3, "delivery-arrange-only": "yes", "reference-held": "yes" });
    expect(done.questions).toEqual([]);
    expect(done.stop.reason).toMatch(/./);
  });

  it("validates, lists and tests rule packs", async () => {
    expect((await runCli(["rules", "validate"])).stdout).toMatch(/^OK: the built-in packs/);
    expect((await runCli(["rules", "list"])).stdout).toContain("tech-support");
    const t = await runCli(["rules", "test"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/pack tests: \d+ passed, 0 failed/);
    const schema = JSON.parse((await runCli(["rules", "schema"])).stdout);
    expect(schema.title).toBe("scamcheck rule pack");
  });

  it("reports every problem in a broken pack as file:line:col and exits 2", async () => {
    const packFile = join(tmp, "broken.yaml");
    writeFileSync(packFile, "schema_version: 1\npack: { id: ours, title: Ours, version: 1.0.0 }\nquestions:\n  - { id: q1, type: yes-no, txt: Hello? }\nindicators:\n  - { id: s1, title: S, explanation: E, when: { question: asked-remot, equals: \"yes\" }, weight: 5, references: [https://example.org], falsepositives: [x] }\n");
    const r = await runCli(["rules", "validate", packFile]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/broken\.yaml:4:29: questions\[0\] \(q1\): unknown field 'txt' \(did you mean 'text'\?\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/broken\.yaml:4:5: questions\[0\] \(q1\): missing required field 'text'$/));
    expect(lines.at(-1)).toBe("scamcheck: 2 problems in the rule packs; nothing was scored.");
  });

  it("ends quietly when the reader closes the pipe early", async () => {
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync("sh", ["-c", `node bin/scamcheck.js questions | head -1`], { encoding: "utf8", cwd: join(__dirname, "../..") });
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n").length).toBe(2);
  });
});

describe("batch mode", () => {
  it("answers line K on line K, keeps going past bad lines and counts both", async () => {
    const lines = [
      example("cold-call.json").replace(/\s+/g, " "),
      "{not json",
      "",
      '{"id": "case-4", "region": "gb", "answers": {"asked-secrets": "yes"}}',
      '{"contact-start": "nope"}',
      example("booked-callback.json").replace(/\s+/g, " "),
    ];
    const r = await runCli(["check", "--batch", "-"], { input: `${lines.join("\n")}\n` });
    expect(r.code).toBe(2);
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out[0].verdict).toBe("scam");
    expect(batchErrorSchema.parse(out[1]).error).toMatch(/^invalid JSON: /);
    expect(out[2].error).toBe("empty line (expected a JSON object)");
    expect(verdictOutputSchema.parse(out[3]).id).toBe("case-4");
    expect(out[3].region).toBe("gb");
    expect(out[4].problems[0].path).toBe("$.contact-start");
    expect(out[5].verdict).toBe("no-warning-signs");
    expect(r.stderr).toContain("<stdin>:2:2: invalid JSON");
    expect(r.stderr).toContain("batch: 3 cases scored, 3 lines with errors");
  });

  it("streams 100,000 cases with one output line per input line", async () => {
    const file = join(tmp, "batch.jsonl");
    const variants = [
      '{"contact-start":"they-called","claimed-org":"computer-company","asked-remote-access":"yes"}',
      '{"contact-start":"booked-callback","asked-remote-access":"no","asked-payment":"no","asked-secrets":"no"}',
      '{"asked-payment":"yes","payment-method":["gift-cards"]}',
      '{"pressure":"not-sure"}',
    ];
    const n = 100_000;
    writeFileSync(file, Array.from({ length: n }, (_, i) => variants[i % variants.length]).join("\n") + "\n");
    const outFile = join(tmp, "verdicts.jsonl");
    const r = await runCli(["check", "--batch", file, "--fail-on", "scam"], { stdoutFile: outFile });
    expect(r.stderr).toContain(`batch: ${n} cases scored, 0 lines with errors`);
    expect(r.code).toBe(1); // gift cards are always a scam, so --fail-on scam trips
    const out: string[] = [];
    for await (const line of createInterface({ input: createReadStream(outFile) })) if (out.length < 4 || line) out.push(line);
    expect(out.length).toBe(n);
    const sample = [0, 1, 2, 3, n - 1].map((i) => JSON.parse(out[i] as string));
    expect(sample.map((s) => s.line)).toEqual([1, 2, 3, 4, n]);
    expect(sample.map((s) => s.verdict)).toEqual(["scam", "no-warning-signs", "scam", "not-enough-information", "not-enough-information"]);
  });
});

describe("batch mode on distinct cases", () => {
  it("gives each case the verdict `check --answers` gives it alone, before and after the batch stops looking cases up", async () => {
    const { rules } = await loadRules();
    // Thousands of varied cases, none repeated (so the batch soon stops looking verdicts up), some
    // with a case id and a region of their own.
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
    const seen = new Set<string>();
    const docs: unknown[] = [];
    while (docs.length < 3000) {
      const answers: Record<string, unknown> = {};
      for (let k = 0; k < 2 + Math.floor(random() * 10); k++) {
        const q = pick(rules.questions);
        const choices = q.choices.map((c) => c.id);
        // A choice that goes on its own ("None of these") is left out of the random ticks.
        const tickable = q.choices.filter((c) => !c.exclusive).map((c) => c.id);
        answers[q.id] = q.type === "multiple" ? tickable.filter(() => random() < 0.3) : q.type === "number" ? Math.floor(random() * 100) : pick([...choices, "not-sure"]);
      }
      const text = JSON.stringify(answers);
      if (seen.has(text)) continue;
      seen.add(text);
      docs.push(docs.length % 3 === 0 ? { id: `case-${docs.length}`, region: pick(rules.regions).id, answers } : answers);
    }
    const file = join(tmp, "distinct.jsonl");
    writeFileSync(file, `${docs.map((d) => JSON.stringify(d)).join("\n")}\n`);
    const batch = await runCli(["--region", "us", "check", "--batch", file], { stdoutFile: join(tmp, "distinct-out.jsonl") });
    expect(batch.stderr).toContain("batch: 3000 cases scored, 0 lines with errors");
    const lines = readFileSync(join(tmp, "distinct-out.jsonl"), "utf8").trim().split("\n");
    expect(lines.length).toBe(3000);
    for (const i of [0, 1, 2, 3, 500, 1023, 1024, 1025, 1500, 2047, 2048, 2999]) {
      const single = join(tmp, `single-${i}.json`);
      writeFileSync(single, JSON.stringify(docs[i]));
      const alone = await runCli(["--region", "us", "check", "--answers", single, "--json"]);
      const { line, ...fromBatch } = JSON.parse(lines[i] as string);
      expect(line).toBe(i + 1);
      expect(fromBatch).toEqual(JSON.parse(alone.stdout));
    }
  });
});

describe("the README", () => {
  const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");

  it("shows the example pack and its tests exactly as shipped", () => {
    for (const file of ["utility-shutoff.yaml", "utility-shutoff.test.yaml"])
      expect(readme).toContain(readFileSync(join(__dirname, "../../rules/examples/pack", file), "utf8"));
  });

  it("has an example pack that validates and passes its tests", async () => {
    expect((await runCli(["rules", "validate", "rules/examples/pack/"])).code).toBe(0);
    const t = await runCli(["rules", "test", "rules/examples/pack/"]);
    expect(t.stdout).toContain("pack tests: 3 passed, 0 failed");
    expect(t.code).toBe(0);
  });
});
