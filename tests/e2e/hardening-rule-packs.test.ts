/**
 * Hardening, rule packs: every broken pack a colleague might share, loaded through the built CLI.
 * Each gives one line per problem as `file:line:col: message`, a count, exit 2 and no stack trace.
 * (The loader's own unit tests in tests/unit/load-pack.test.ts pin the messages of the core; these
 * pin what a person at the terminal sees.)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { expectNoTrace, FIXTURES, linesOf, maxRssKb, PACK_HEAD, preload, scratch } from "../hardening/helpers.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";

const dir = scratch("packs");
const write = (name: string, body: string | Buffer) => {
  writeFileSync(join(dir, name), body);
  return name;
};
/** `scamcheck rules validate FILE`, run where the file is, so messages name it briefly. */
const validate = (file: string, env?: Record<string, string>) => runCli(["rules", "validate", file], { cwd: dir, ...(env && { env }) });

/** A refused pack: exactly these lines, then the count, exit 2, nothing on stdout, no trace. */
async function expectRefused(file: string, lines: string[]): Promise<void> {
  const r = await validate(file);
  expect(linesOf(r.stderr)).toEqual([...lines.map((l) => `scamcheck: ${l}`), `scamcheck: ${lines.length} problem${lines.length === 1 ? "" : "s"} in the rule packs; nothing was scored.`]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expectNoTrace(r.stderr);
}

const example = readFileSync(join(PACKAGE_ROOT, "rules/examples/pack/utility-shutoff.yaml"), "utf8");

describe("hardening: rule packs through the CLI", () => {
  it("YAML syntax error: the parser's message at its line and column", async () => {
    await expectRefused(write("syntax.yaml", `${PACK_HEAD}questions:\n  - { id: q, type: yes-no, text: "Unclosed? }\n`), [
      "syntax.yaml:5:1: Missing closing \"quote",
      "syntax.yaml:5:1: Flow map in block collection must be sufficiently indented and end with a }",
    ]);
  });

  it("alias bomb (billion laughs): refused fast, memory bounded, at most 20 lines", async () => {
    const bomb = ["schema_version: 1", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const file = write("bomb.yaml", `${bomb.join("\n")}\n`);
    const rss = join(dir, "bomb.rss");
    const started = Date.now();
    const r = await runCli(["rules", "validate", file], { cwd: dir, env: { NODE_OPTIONS: preload("report-max-rss.cjs"), SCAMCHECK_TEST_MAXRSS_FILE: rss } });
    const elapsed = Date.now() - started;
    const lines = linesOf(r.stderr);
    const alias = "YAML aliases (*name) are not allowed in rule packs; write the value out";
    expect(lines.slice(0, 3)).toEqual([`scamcheck: bomb.yaml:3:8: ${alias}`, `scamcheck: bomb.yaml:3:12: ${alias}`, `scamcheck: bomb.yaml:3:16: ${alias}`]);
    // 72 aliases: the first 20 are listed, then one line says how many more, then the count.
    expect(lines).toHaveLength(22);
    expect(lines[20]).toBe("scamcheck: bomb.yaml:5:16: 52 more problems in this file not shown; fix the ones above first");
    expect(lines[21]).toBe("scamcheck: 21 problems in the rule packs; nothing was scored.");
    expect(r.code).toBe(2);
    expectNoTrace(r.stderr);
    // Expanded, the bomb holds 9^9 strings (gigabytes). Refused unexpanded, it costs what any run costs.
    expect(maxRssKb(rss)).toBeLessThan(300 * 1024);
    expect(elapsed).toBeLessThan(30_000); // "does not hang"; a CLI start is well under a second
  });

  it("an alias to an anchor that does not exist: a positioned error, no ReferenceError", async () => {
    await expectRefused(write("unresolved.yaml", `${PACK_HEAD}questions: *nowhere\n`), [
      "unresolved.yaml:3:12: YAML aliases (*name) are not allowed in rule packs; write the value out",
    ]);
  });

  it("duplicate keys: the second one is named", async () => {
    await expectRefused(write("dup.yaml", `${PACK_HEAD}questions:\n  - id: q\n    type: yes-no\n    text: Q?\n    text: Again?\n`), [
      "dup.yaml:7:5: duplicate key: each key may appear once in a mapping",
    ]);
  });

  it("wrong types: the value's position, what was expected and what was found", async () => {
    await expectRefused(
      write("types.yaml", `${PACK_HEAD}questions:\n  - { id: q, type: yes-no, text: Q?, urgent: sometimes }\nindicators:\n  - { id: s, title: S, explanation: E, when: { question: q, equals: "yes" }, weight: high, references: [https://example.org], falsepositives: [x] }\n`),
      [
        'types.yaml:4:46: questions[0] (q).urgent: expected a boolean, got "sometimes"',
        'types.yaml:6:86: indicators[0] (s).weight: expected a number, got "high"',
      ],
    );
  });

  it("unknown fields: each at its key, with a 'did you mean'", async () => {
    await expectRefused(
      write("unknown.yaml", `${PACK_HEAD}questions:\n  - id: q\n    type: yes-no\n    text: Q?\n    hlep: Why we ask.\n    refrences: [https://example.org]\n`),
      ["unknown.yaml:7:5: questions[0] (q): unknown field 'hlep' (did you mean 'help'?)", "unknown.yaml:8:5: questions[0] (q): unknown field 'refrences' (did you mean 'references'?)"],
    );
  });

  it("empty files: empty, blank or only comments", async () => {
    for (const [name, body] of [["empty.yaml", ""], ["blank.yaml", "\n\n  \n"], ["comments.yaml", "# nothing yet\n"]] as const)
      await expectRefused(write(name, body), [`${name}:1:1: the file is empty: a rule pack needs schema_version and pack`]);
  });

  it("huge files: refused by size before being read, with the limit", async () => {
    const file = write("huge.yaml", `${PACK_HEAD}${"# padding padding padding padding padding padding padding padding\n".repeat(40_000)}`);
    const r = await validate(file);
    expect(r.stderr).toBe("scamcheck: huge.yaml: is too large for a rule pack (2.5 MB; the limit is 1 MB)\n");
    expect(r.code).toBe(2);
  });

  it("invalid UTF-8: the line and column of the first bad byte", async () => {
    const file = write("latin1.yaml", Buffer.concat([Buffer.from(`${PACK_HEAD}questions:\n  - { id: q, type: yes-no, text: "Caf`), Buffer.from([0xe9]), Buffer.from(` ok?" }\n`)]));
    const r = await validate(file);
    expect(r.stderr).toBe("scamcheck: latin1.yaml:4:38: not valid UTF-8 text (byte 0xE9); save it as UTF-8 and try again\n");
    expect(r.code).toBe(2);
    expectNoTrace(r.stderr);
  });

  it("a BOM and CRLF line ends: a valid pack loads as if they were not there", async () => {
    const file = write("windows.yaml", `\uFEFF${example.replace(/\n/g, "\r\n")}`);
    const r = await validate(file);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^OK: windows\.yaml \(\d+ packs: /);
    expect(r.code).toBe(0);
  });

  it("CRLF (with a BOM): positions of problems are still right", async () => {
    const file = write("crlf.yaml", `\uFEFF${PACK_HEAD}questions:\n  - id: q\n    type: yes-no\n    txt: Q?\n`.replace(/\n/g, "\r\n"));
    await expectRefused(file, ["crlf.yaml:4:5: questions[0] (q): missing required field 'text'", "crlf.yaml:6:5: questions[0] (q): unknown field 'txt' (did you mean 'text'?)"]);
  });

  it("tabs used for indentation", async () => {
    await expectRefused(write("tabs.yaml", `${PACK_HEAD}questions:\n\t- { id: q, type: yes-no, text: Q? }\n`), ["tabs.yaml:4:1: Tabs are not allowed as indentation"]);
  });

  it("custom YAML tags are refused, never run, and raise no Node warning", async () => {
    await expectRefused(write("tags.yaml", `${PACK_HEAD}questions:\n  - !!js/function "function () { return 1 }"\n  - !include other.yaml\n`), [
      "tags.yaml:4:5: custom YAML tag '!!js/function' is not allowed in rule packs",
      "tags.yaml:5:5: custom YAML tag '!include' is not allowed in rule packs",
    ]);
  });

  it("deep nesting: one message, not one per level", async () => {
    // Refused before parsing, at the bracket that goes too deep, the same on every Node version.
    await expectRefused(write("deep.yaml", `${PACK_HEAD}questions: ${"[".repeat(5000)}\n`), ["deep.yaml:3:76: the YAML is nested too deeply (more than 64 levels of [ ] or { })"]);
    await expectRefused(write("deep-maps.yaml", `${PACK_HEAD}questions: ${"{a: ".repeat(3000)}\n`), ["deep-maps.yaml:3:268: the YAML is nested too deeply (more than 64 levels of [ ] or { })"]);
  });

  it("pattern-like strings (ReDoS shapes) are plain text: loaded, shown and compared literally, fast", async () => {
    const pack = join(FIXTURES, "literal-patterns.yaml");
    const answers = JSON.stringify({ "contact-start": "they-called", "caller-phrase": `${"a".repeat(1990)}!` });
    const started = Date.now();
    const r = await runCli(["--rules", pack, "check", "--answers", "-"], { input: answers });
    expect(Date.now() - started).toBeLessThan(30_000); // a backtracking match on this answer would take years
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("• The caller said (a+)+$");
    expect(r.stderr).toBe("");

    // Evil shapes for the loader's own checks (ids, URLs) are refused quickly, with the usual messages.
    const evil = write("evil.yaml", `${PACK_HEAD}questions:\n  - { id: ${"a-".repeat(20_000)}!, type: yes-no, text: Q?, references: ["http://${"a.".repeat(20_000)}!"] }\n`);
    const t = Date.now();
    const e = await validate(evil);
    expect(Date.now() - t).toBeLessThan(30_000);
    expect(linesOf(e.stderr)).toEqual([
      "scamcheck: evil.yaml:4:11: questions[0].id: is too long (at most 64 characters)",
      `scamcheck: evil.yaml:4:11: questions[0].id: must be lower-case words joined by hyphens, like 'remote-access' (got "${"a-".repeat(18)}…)`,
      "scamcheck: evil.yaml:4:40051: questions[0].references[0]: is too long (at most 500 characters)",
      "scamcheck: 3 problems in the rule packs; nothing was scored.",
    ]);
    expect(e.code).toBe(2);
  });

  it("control characters in pack text are refused at load, and odd keys are shown escaped", async () => {
    await expectRefused(
      write("ansi.yaml", `${PACK_HEAD}questions:\n  - { id: q, type: yes-no, text: "Q\\e[2J\\e]0;owned\\a?" }\n  - { id: q2, type: yes-no, text: "Fine?", "\\e[31mred": 1 }\n`),
      ["ansi.yaml:4:34: questions[0] (q).text: must not contain control or bidirectional-format characters", 'ansi.yaml:5:44: questions[1] (q2): unknown field "\\u001b[31mred"'],
    );
  });

  it("a file that is not there, or a folder with no packs", async () => {
    const missing = await validate("nope.yaml");
    expect(missing.stderr).toBe(`scamcheck: ${join(dir, "nope.yaml")}: no such file\n`);
    expect(missing.code).toBe(2);
    const r = await runCli(["--rules", FIXTURES + "/../", "rules", "list"]);
    expect(r.stderr).toMatch(/^scamcheck: .*tests\/hardening\/?: holds no rule packs \(\*\.yaml\)\n$/);
    expect(r.code).toBe(2);
  });

  it("a pack test nested 100,000 deep: the packs' depth limit, exit 2, not a stack overflow", async () => {
    write("deep.yaml", example);
    const test = write("deep.test.yaml", `schema_version: 1\npack: x\ncases: ${"[".repeat(100_000)}\n`);
    const r = await runCli(["rules", "test", "deep.yaml"], { cwd: dir });
    expect(linesOf(r.stderr)).toEqual([`${test}:3:72: the YAML is nested too deeply (more than 64 levels of [ ] or { })`]);
    expect(r.code).toBe(2);
    expectNoTrace(r.stderr);
  });

  it("reference URLs with ESC, BEL or a C1 control are refused at their place", async () => {
    const refs = ['"https://example.org/\\e[2Jx"', '"https://example.org/\\abell"', '"https://example.org/\\x9bc1"'];
    await expectRefused(
      write("urls.yaml", `${PACK_HEAD}questions:\n${refs.map((r, i) => `  - { id: q${i}, type: yes-no, text: Q?, references: [${r}] }\n`).join("")}`),
      refs.map((_, i) => `urls.yaml:${4 + i}:52: questions[${i}] (q${i}).references[0]: must not contain control or bidirectional-format characters`),
    );
  });

  it("heavy call-note phrases: refused at the phrase that goes over the matching budget, in one line; a long light list loads", async () => {
    const detect = (phrases: string[]) => `${PACK_HEAD}questions:\n  - id: q\n    type: yes-no\n    text: Q?\n    detect:\n      yes:\n${phrases.map((p) => `        - "${p}"\n`).join("")}`;
    // Legal phrases, each as heavy as the phrase language allows, all on the same ten start words.
    const group = "{zorp|blik|quux|frob|grault|wibble|wobble|flurb|snark|plugh}";
    const heavy = write("heavy-phrases.yaml", detect(Array(300).fill(`${group} * ${group} * ${group} * =x`)));
    const started = Date.now();
    await expectRefused(heavy, [
      `heavy-phrases.yaml:25:11: question 'q': phrase "${`${group} * ${group}`.slice(0, 59)}…" goes over the matching budget: the phrases that start with 'zorp' could try up to 180,000 states at each such word of the notes, and at most 10,000 are allowed; start fewer phrases on that word, or use fewer and shorter {…} groups and '*' gaps`,
    ]);
    expect(Date.now() - started).toBeLessThan(30_000); // "does not hang"; refused at load, before any notes are read
    // As many phrases, each on its own start word: nothing to refuse.
    const word = (i: number) => `zq${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`;
    const light = await validate(write("light-phrases.yaml", detect(Array.from({ length: 300 }, (_, i) => `${word(i)} * {paid|sent} * money`))));
    expect(light.stderr).toBe("");
    expect(light.code).toBe(0);
  });
});
