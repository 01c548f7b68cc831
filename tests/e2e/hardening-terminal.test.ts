/**
 * Hardening, the terminal: escape sequences and control characters in rule packs and answers never
 * reach the terminal raw. Packs with them are refused at load (with positions); answers with them
 * are scored, and anything shown of them is neutralised. (Rendering of rule text that got past the
 * loader is covered in tests/unit/hardening-terminal.test.ts.)
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { expectNoTrace, FIXTURES, linesOf, PACK_HEAD, scratch } from "../hardening/helpers.js";

const dir = scratch("terminal");
/** C0 controls other than newline, DEL, C1 controls, and bidi/zero-width format characters. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;
const NASTY = "\u001b[2J\u001b]0;owned\u0007\r\b\u0007\u009b31m\u202e";

describe("hardening: escape sequences and control characters", () => {
  it("rule text with ESC, CR, BS, BEL, C1 or bidi controls is refused at load, each at its place", async () => {
    const q = (id: string, text: string) => `  - { id: ${id}, type: yes-no, text: ${JSON.stringify(text)} }\n`;
    const file = join(dir, "ansi.yaml");
    writeFileSync(
      file,
      `${PACK_HEAD}questions:\n${q("clear", "Clear\u001b[2J?")}${q("title", "Title\u001b]0;owned\u0007?")}${q("cr", "Fine\rScam?")}${q("bs", "Back\bspace?")}${q("csi", "C1\u009b31m?")}${q("bidi", "Bidi\u202e?")}`,
    );
    const r = await runCli(["--rules", "ansi.yaml", "check", "--answers", "-"], { cwd: dir, input: "{}" });
    const msg = "must not contain control or bidirectional-format characters";
    expect(linesOf(r.stderr)).toEqual([
      `scamcheck: ansi.yaml:4:38: questions[0] (clear).text: ${msg}`,
      `scamcheck: ansi.yaml:5:38: questions[1] (title).text: ${msg}`,
      `scamcheck: ansi.yaml:6:35: questions[2] (cr).text: ${msg}`,
      `scamcheck: ansi.yaml:7:35: questions[3] (bs).text: ${msg}`,
      `scamcheck: ansi.yaml:8:36: questions[4] (csi).text: ${msg}`,
      `scamcheck: ansi.yaml:9:37: questions[5] (bidi).text: ${msg}`,
      "scamcheck: 6 problems in the rule packs; nothing was scored.",
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it("a text answer full of escapes is scored; human output shows nothing raw, JSON keeps it exact", async () => {
    const pack = join(FIXTURES, "literal-patterns.yaml");
    const answers = JSON.stringify({ "contact-start": "they-called", "caller-phrase": `Hello ${NASTY} from Microsoft` });
    const human = await runCli(["--rules", pack, "check", "--answers", "-"], { input: answers, env: { FORCE_COLOR: "0" } });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("The caller said (a+)+$");
    expect(human.stdout).not.toMatch(RAW_CONTROL);
    expect(human.stderr).toBe("");
    const json = await runCli(["--rules", pack, "check", "--answers", "-", "--json"], { input: answers });
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(RAW_CONTROL); // JSON escapes C0 controls; C1 and bidi stay valid JSON text
    expect(JSON.parse(json.stdout).reasons.map((x: { id: string }) => x.id)).toContain("caller-phrase-given");
  });

  it("answers with escapes in keys or values are neutralised in error messages", async () => {
    const r = await runCli(["check", "--answers", "-"], { input: JSON.stringify({ [`x\u009b2J\u202e${"\u001b]0;t\u0007"}`]: 1, "contact-start": NASTY }) });
    expect(linesOf(r.stderr)).toEqual([
      // JSON escaping shows C0 controls as \u001b…; a C1 CSI sequence is removed; bidi shown as <U+202E>.
      `scamcheck: <stdin>: $["x<U+202E>\\u001b]0;t\\u0007"]: unknown question id; run 'scamcheck questions' to list them`,
      `scamcheck: <stdin>: $.contact-start: "\\u001b[2J\\u001b]0;owned\\u0007\\r\\b\\u0007<U+202E>" is not one of the choices; valid: "they-called", "number-from-screen", "i-called-official", "booked-callback", "called-back-my-report", "not-sure"`,
    ]);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.code).toBe(2);
    expectNoTrace(r.stderr);
  });

  it("a file name with escapes is neutralised too", async () => {
    const name = "case\u001b[2J\u202e.json";
    writeFileSync(join(dir, name), "{oops");
    const r = await runCli(["check", "--answers", name], { cwd: dir });
    expect(r.stderr).toBe("scamcheck: case<U+202E>.json:1:2: invalid JSON: expected a property name in double quotes, found \"o\"\n");
    expect(r.code).toBe(2);
  });

  it("stored fields with escapes reach no terminal raw: cases list, show and stats neutralise them, their JSON writes C1 and bidi as \\u", async () => {
    const store = join(scratch("terminal-store"), "cases.sqlite");
    const env = { SCAMCHECK_CASE_STORE: store };
    const input = JSON.stringify({ id: "INC-1", details: { organisation: `Micro${NASTY}soft\u001b]52;c;ZXZpbA==\u0007`, ticket: "T\u009b2J\u202e-9" }, answers: { "contact-start": "they-called" } });
    expect((await runCli(["check", "--answers", "-", "--record"], { input, env })).code).toBe(0);
    // A record edited by hand (or imported) can carry escapes where the tool never puts them.
    const { DatabaseSync } = process.getBuiltinModule("node:sqlite") as typeof import("node:sqlite");
    new DatabaseSync(store).exec(`UPDATE scamcheck_cases SET verdict = 'scam\u001b[2J', family = 'x\u009b31m' WHERE id = 'INC-1'; UPDATE scamcheck_case_counts SET verdict = 'scam\u001b[2J', family = 'x\u009b31m'`);
    for (const args of [["cases", "list"], ["cases", "show", "INC-1"], ["cases", "stats"]]) {
      const r = await runCli(args, { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, args.join(" ")).not.toMatch(RAW_CONTROL);
    }
    for (const args of [["cases", "list", "--json"], ["cases", "show", "INC-1", "--json"], ["cases", "stats", "--json"], ["cases", "export", "--format", "jsonl"]]) {
      const r = await runCli(args, { env });
      expect(r.stdout, args.join(" ")).not.toMatch(RAW_CONTROL);
      expect(r.stdout).toContain("\\u009b");
    }
    const [record] = JSON.parse((await runCli(["cases", "list", "--json"], { env })).stdout);
    expect(record.ticket).toBe("T\u009b2J\u202e-9"); // the same text, read back
  });

  it("a store path with escapes is neutralised in 'Recorded as case … in PATH'", async () => {
    const store = join(scratch("terminal-path"), "cases\u001b]0;owned\u0007\u202e.sqlite");
    const r = await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify({ id: "INC-2", answers: {} }), env: { SCAMCHECK_CASE_STORE: store } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Recorded as case INC-2 in .*cases.*\.sqlite\.\n$/);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});
