/**
 * Hardening, batch mode (JSON Lines) through the built CLI: every bad line is reported with its
 * number (stderr) and an error record in its place (stdout), the good lines are still scored, and
 * the counts come last.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { batchErrorSchema, verdictOutputSchema } from "../../src/core/output-schema.js";
import { runCli } from "../helpers/cli.js";
import { expectNoTrace, linesOf, maxRssKb, preload, scratch } from "../hardening/helpers.js";

const dir = scratch("batch");
const GOOD = '{"contact-start":"they-called","claimed-org":"computer-company","asked-remote-access":"yes"}';
const records = (stdout: string) => linesOf(stdout).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("hardening: batch lines", () => {
  it("bad lines of every kind are numbered, good lines still scored, and the counts printed", async () => {
    const input = Buffer.concat([
      Buffer.from(`${GOOD}\r\n`), // 1: CRLF
      Buffer.from('{"contact-start": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n'), // 2: Latin-1, not UTF-8
      Buffer.from("\n"), // 3: blank
      Buffer.from(" \t \r\n"), // 4: only spaces
      Buffer.from(`{"note": "${"x".repeat(1024 * 1024)}"}\n`), // 5: over the 1 MB line cap
      Buffer.from('{"contact-start": "they-called",}\n'), // 6: invalid JSON
      Buffer.from('{"contact-start": "phoned", "asked-remote": "yes"}\n'), // 7: invalid answers, two problems
      Buffer.from('{"id": "T-8", "region": "gb", "answers": {"asked-secrets": "yes"}}\n'), // 8: a wrapped case
      Buffer.from(GOOD), // 9: the last line, without a line end
    ]);
    writeFileSync(join(dir, "mixed.jsonl"), input);
    const r = await runCli(["check", "--batch", "mixed.jsonl"], { cwd: dir });
    const out = records(r.stdout);
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const i of [0, 7, 8]) verdictOutputSchema.parse({ ...out[i], line: undefined });
    expect(out[7]?.id).toBe("T-8");
    for (const i of [1, 2, 3, 4, 5, 6]) batchErrorSchema.parse(out[i]);
    expect(out.slice(1, 7).map((o) => o.error)).toEqual([
      "not valid UTF-8 text; save the file as UTF-8",
      "empty line (expected a JSON object)",
      "empty line (expected a JSON object)",
      "line is too long (more than 1 MB)",
      "invalid JSON: trailing comma is not allowed",
      "invalid answers",
    ]);
    expect(linesOf(r.stderr)).toEqual([
      "mixed.jsonl:2:23: not valid UTF-8 text; save the file as UTF-8",
      "mixed.jsonl:3: empty line (expected a JSON object)",
      "mixed.jsonl:4: empty line (expected a JSON object)",
      "mixed.jsonl:5: line is too long (more than 1 MB)",
      "mixed.jsonl:6:32: invalid JSON: trailing comma is not allowed",
      `mixed.jsonl:7: $.contact-start: "phoned" is not one of the choices; valid: "they-called", "number-from-screen", "i-called-official", "booked-callback", "called-back-my-report", "not-sure"`,
      "mixed.jsonl:7: $.asked-remote: unknown question id (did you mean 'asked-remote-access'?); run 'scamcheck questions' to list them",
      "batch: 3 cases scored, 6 lines with errors",
    ]);
    expect(r.code).toBe(2);
    expectNoTrace(r.stderr);
  });

  it("CRLF line ends and a last line without a line end: all scored, exit 0", async () => {
    const r = await runCli(["check", "--batch", "-"], { input: `${GOOD}\r\n${GOOD}\r\n${GOOD}` });
    expect(records(r.stdout).map((o) => [o.line, o.verdict])).toEqual([
      [1, "scam"],
      [2, "scam"],
      [3, "scam"],
    ]);
    expect(r.stderr).toBe("batch: 3 cases scored, 0 lines with errors\n");
    expect(r.code).toBe(0);
  });

  it("a 30 MB line with no line end is skipped without being held in memory, and the next line is scored", async () => {
    const file = join(dir, "long.jsonl");
    const filler = Buffer.alloc(30 * 1024 * 1024, "x");
    writeFileSync(file, Buffer.concat([Buffer.from('{"note": "'), filler, Buffer.from(`"}\n${GOOD}\n`)]));
    const rss = join(dir, "long.rss");
    const r = await runCli(["check", "--batch", "long.jsonl"], { cwd: dir, env: { NODE_OPTIONS: preload("report-max-rss.cjs"), SCAMCHECK_TEST_MAXRSS_FILE: rss } });
    expect(records(r.stdout).map((o) => [o.line, o.error ?? o.verdict])).toEqual([
      [1, "line is too long (more than 1 MB)"],
      [2, "scam"],
    ]);
    expect(linesOf(r.stderr)).toEqual(["long.jsonl:1: line is too long (more than 1 MB)", "batch: 1 case scored, 1 line with errors"]);
    expect(maxRssKb(rss)).toBeLessThan(250 * 1024);
  });

  it("control and bidi characters from a line are neutralised on stderr, kept exact in the JSON record", async () => {
    const line = JSON.stringify({ "\u009b31m\u202eevil": "yes", "contact-start": "\u001b[2J\u0007" });
    const r = await runCli(["check", "--batch", "-"], { input: `${line}\n` });
    expect(linesOf(r.stderr)).toEqual([
      // The C1 CSI sequence is removed; the bidi override is shown, not obeyed.
      `<stdin>:1: $["<U+202E>evil"]: unknown question id; run 'scamcheck questions' to list them`,
      `<stdin>:1: $.contact-start: "\\u001b[2J\\u0007" is not one of the choices; valid: "they-called", "number-from-screen", "i-called-official", "booked-callback", "called-back-my-report", "not-sure"`,
      "batch: 0 cases scored, 1 line with errors",
    ]);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const record = records(r.stdout)[0] as { problems: { path: string }[] };
    expect(record.problems[0]?.path).toBe('$["\u009b31m\u202eevil"]'); // JSON output keeps the raw text; JSON escaping is enough there
  });

  it.skipIf(!existsSync("/proc/self/mem"))("input that fails part way (a device error) is an input error, not an internal one", async () => {
    const r = await runCli(["check", "--batch", "/proc/self/mem"]); // exists and is readable, but reading it fails (EIO)
    expect(r.stderr).toBe("scamcheck: /proc/self/mem: could not read past line 0: input/output error (the disk or device failed)\n");
    expect(r.code).toBe(2);
    const one = await runCli(["check", "--answers", "/proc/self/mem"]);
    expect(one.stderr).toBe("scamcheck: /proc/self/mem: input/output error (the disk or device failed)\n");
    expect(one.code).toBe(2);
  });

  it("an empty batch is zero cases, not an error", async () => {
    const r = await runCli(["check", "--batch", "-"], { input: "" });
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("batch: 0 cases scored, 0 lines with errors\n");
    expect(r.code).toBe(0);
  });
});
