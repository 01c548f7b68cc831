/**
 * Hardening, JSON answers through the built CLI: each kind of bad answers gives one line per
 * problem naming the file (or <stdin>) and the line:column or JSON path, exit 2, no stack trace.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { expectNoTrace, linesOf, maxRssKb, preload, scratch, startCli } from "../hardening/helpers.js";

const dir = scratch("answers");
const CONTACT_CHOICES = '"they-called", "number-from-screen", "i-called-official", "booked-callback", "called-back-my-report", "not-sure"';

/** `check --answers FILE` with the file written in a scratch folder (named briefly), or `-` with stdin. */
async function check(body: string | Buffer, options: { file?: string; args?: string[] } = {}) {
  if (options.file) writeFileSync(join(dir, options.file), body);
  return runCli(["check", "--answers", options.file ?? "-", ...(options.args ?? [])], { cwd: dir, ...(options.file ? {} : { input: body }) });
}

/** Refused answers: exactly these stderr lines (each prefixed), exit 2, nothing on stdout, no trace. */
async function expectRefused(result: Promise<Awaited<ReturnType<typeof runCli>>>, lines: string[]): Promise<void> {
  const r = await result;
  expect(linesOf(r.stderr)).toEqual(lines.map((l) => `scamcheck: ${l}`));
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expectNoTrace(r.stderr);
}

describe("hardening: JSON answers through the CLI", () => {
  it("syntax errors give the line and column, in a file and on stdin", async () => {
    await expectRefused(check('{\n  "contact-start": "they-called",\n  "asked-payment": yes\n}\n', { file: "case.json" }), ['case.json:3:20: invalid JSON: expected a value, found "y"']);
    await expectRefused(check('{"pressure": "yes"'), ["<stdin>:1:19: invalid JSON: expected ',' or '}', found end of input"]);
    await expectRefused(check("{'pressure': 'yes'}"), [`<stdin>:1:2: invalid JSON: expected a property name in double quotes, found "'"`]);
    await expectRefused(check('{"pressure": "yes\n"}'), ["<stdin>:1:18: invalid JSON: control character inside a string (use \\n, \\t …)"]);
    await expectRefused(check('{"pressure": "yes"} {"again": 1}'), ["<stdin>:1:21: invalid JSON: unexpected text after the JSON value"]);
    await expectRefused(check(""), ["<stdin>:1:1: invalid JSON: expected a value, found end of input"]);
  });

  it("wrong types: one line per problem, each with its JSON path", async () => {
    await expectRefused(check(JSON.stringify({ "asked-payment": 5, "payment-method": "card", "call-minutes": "ten", "contact-start": ["they-called"] }), { file: "types.json" }), [
      'types.json: $.asked-payment: 5 is not a valid answer; valid: "yes", "no", "not-sure" (or true/false)',
      'types.json: $.payment-method: expected a list of choices (or "not-sure"), got "card"; valid choices: gift-cards, crypto, bank-transfer, cash-courier, payment-app, card, other',
      'types.json: $.call-minutes: expected a number (or "not-sure"), got "ten"',
      `types.json: $.contact-start: a list is not one of the choices; valid: ${CONTACT_CHOICES}`,
    ]);
    await expectRefused(check("[1, 2]"), ["<stdin>: $: expected an object mapping question ids to answers, got a list"]);
    await expectRefused(check('"yes"'), ['<stdin>: $: expected an object mapping question ids to answers, got "yes"']);
  });

  it("unknown question ids, with a 'did you mean' when one is close", async () => {
    await expectRefused(check(JSON.stringify({ "contact-strat": "they-called", "asked-remote": "yes", zzz: 1 })), [
      "<stdin>: $.contact-strat: unknown question id (did you mean 'contact-start'?); run 'scamcheck questions' to list them",
      "<stdin>: $.asked-remote: unknown question id (did you mean 'asked-remote-access'?); run 'scamcheck questions' to list them",
      "<stdin>: $.zzz: unknown question id; run 'scamcheck questions' to list them",
    ]);
  });

  it("a value that is not a valid choice lists the valid ones", async () => {
    await expectRefused(check(JSON.stringify({ "contact-start": "they-caled", "payment-method": ["card", "cheque"] })), [
      `<stdin>: $.contact-start: "they-caled" is not one of the choices (did you mean 'they-called'?); valid: ${CONTACT_CHOICES}`,
      '<stdin>: $.payment-method[1]: "cheque" is not one of the choices; valid: gift-cards, crypto, bank-transfer, cash-courier, payment-app, card, other',
    ]);
  });

  it("__proto__, constructor and prototype keys are refused by name, at any level", async () => {
    await expectRefused(check('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 1}'), [
      "<stdin>: $.__proto__: '__proto__' is not a question id (reserved key refused)",
      "<stdin>: $.constructor: 'constructor' is not a question id (reserved key refused)",
      "<stdin>: $.prototype: 'prototype' is not a question id (reserved key refused)",
    ]);
    await expectRefused(check('{"id": "T-1", "__proto__": {"answers": {}}, "answers": {"__proto__": {"polluted": true}}}'), [
      "<stdin>: $.__proto__: unknown field; a case has id, region, details and answers",
      "<stdin>: $.answers.__proto__: '__proto__' is not a question id (reserved key refused)",
    ]);
    // The in-process proof that nothing reaches Object.prototype is in tests/unit/hardening-answers.test.ts.
  });

  it("deeply nested input: answered at once, no stack overflow", async () => {
    const depth = 200_000;
    await expectRefused(check(`${"[".repeat(depth)}${"]".repeat(depth)}`), ["<stdin>: $: expected an object mapping question ids to answers, got a list"]);
    await expectRefused(check(`${'{"a":'.repeat(depth / 2)}1${"}".repeat(depth / 2)}`), ["<stdin>: $.a: unknown question id; run 'scamcheck questions' to list them"]);
    await expectRefused(check(`{"answers": ${"[".repeat(depth)}`), [`<stdin>:1:${13 + depth}: invalid JSON: expected a value, found end of input`]);
  });

  it("a BOM (from Windows tools) is accepted; invalid UTF-8 is refused at its line and column", async () => {
    const bom = await check(`\uFEFF${JSON.stringify({ "contact-start": "they-called" })}`, { args: ["--json"] });
    expect(bom.code).toBe(0);
    expect(JSON.parse(bom.stdout).verdict).toBeTypeOf("string");
    const latin1 = Buffer.concat([Buffer.from('{\n  "contact-start": "they-called",\n  "note": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]);
    await expectRefused(check(latin1, { file: "latin1.json" }), ["latin1.json:3:15: not valid UTF-8 text (byte 0xE9); save it as UTF-8 and try again"]);
  });

  it("a huge key or value is answered quickly, and not repeated back in full", async () => {
    const started = Date.now();
    const r = await check(JSON.stringify({ [`k${"x".repeat(900_000)}`]: "yes", "contact-start": "y".repeat(100_000) }));
    expect(Date.now() - started).toBeLessThan(30_000); // "did you mean" no longer compares 900,000-character keys letter by letter
    expect(linesOf(r.stderr)).toEqual([
      `scamcheck: <stdin>: $["k${"x".repeat(99)}"…]: unknown question id; run 'scamcheck questions' to list them`,
      `scamcheck: <stdin>: $.contact-start: "${"y".repeat(56)}… is not one of the choices; valid: ${CONTACT_CHOICES}`,
    ]);
    expect(r.code).toBe(2);
  });

  it("a 100 MB stream on stdin is refused at the 1 MB cap without being read: quick, memory bounded", async () => {
    const rss = join(dir, "stream.rss");
    const cli = startCli(["check", "--answers", "-", "--json"], { env: { NODE_OPTIONS: preload("report-max-rss.cjs"), SCAMCHECK_TEST_MAXRSS_FILE: rss } });
    const stdin = cli.child.stdin!;
    let closed = false;
    const gone = new Promise<void>((resolve) => {
      stdin.once("close", resolve);
      stdin.once("error", resolve);
      void cli.exited.then(() => resolve());
    }).then(() => (closed = true));
    const total = 100 * 1024 * 1024;
    const chunk = Buffer.alloc(256 * 1024, "a");
    const started = Date.now();
    let sent = 0;
    stdin.write('{"contact-start": "');
    while (sent < total && !closed) {
      const ok = stdin.write(chunk);
      sent += chunk.length;
      if (!ok) await Promise.race([new Promise((resolve) => stdin.once("drain", resolve)), gone]);
    }
    if (!closed) stdin.end();
    const { code } = await cli.exited;
    expect(cli.stderr()).toBe("scamcheck: <stdin>: is too large (more than 1 MB)\n");
    expect(code).toBe(2);
    expect(cli.stdout()).toBe("");
    expect(sent).toBeLessThan(16 * 1024 * 1024); // it stopped reading just past the cap, not at 100 MB
    expect(maxRssKb(rss)).toBeLessThan(250 * 1024);
    expect(Date.now() - started).toBeLessThan(60_000); // "does not hang"
  });

  it("a document with 60,000 bad items lists the first 20 and counts the rest", async () => {
    const answers = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`bad${i}`, 1]));
    const r = await check(JSON.stringify({ answers }), { file: "many.json" });
    const lines = linesOf(r.stderr);
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe("scamcheck: many.json: $.answers.bad0: unknown question id; run 'scamcheck questions' to list them");
    expect(lines[20]).toBe("scamcheck: many.json: and 59,980 more problems not shown; fix the ones above first");
    expect(r.code).toBe(2);
    expectNoTrace(r.stderr);
  });
});
