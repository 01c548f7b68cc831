/**
 * Hardening, JSON answers in the core, and the CLI run in this very process, so the test can look
 * at this process's Object.prototype afterwards: no key of the input reaches it.
 */
import { Readable, Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { answersToJson, readAnswers, readCase } from "../../src/core/answers.js";
import { AnswerError } from "../../src/core/errors.js";
import { JsonSyntaxError, parseJson } from "../../src/core/json-text.js";
import type { RuleSet } from "../../src/core/ruleset.js";
import { triage } from "../../src/core/triage.js";
import { verdictToJson } from "../../src/core/verdict-json.js";
import type { CliIo } from "../../src/cli/context.js";
import { run } from "../../src/cli/main.js";
import { loadRules } from "../../src/node/load-rules.js";

let rules: RuleSet;
beforeAll(async () => {
  rules = (await loadRules()).rules;
});

/** Everything a polluted prototype would show: its own keys, and what a fresh object inherits. */
function prototypeState() {
  const probe: Record<string, unknown> = {};
  return {
    objectKeys: Reflect.ownKeys(Object.prototype).map(String).sort(),
    functionKeys: Reflect.ownKeys(Function.prototype).map(String).sort(),
    inherited: ["polluted", "isAdmin", "answers", "verdict"].map((k) => probe[k]),
    proto: Object.getPrototypeOf(probe) === Object.prototype,
  };
}

const HOSTILE = [
  '{"__proto__": {"polluted": true, "isAdmin": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"prototype": {"polluted": true}}',
  '{"contact-start": "they-called", "__proto__": {"verdict": "no-warning-signs"}}',
  '{"id": "x", "answers": {"__proto__": {"polluted": true}}, "__proto__": {"answers": {"polluted": true}}}',
  '{"region": "gb", "answers": {"constructor": {"prototype": {"isAdmin": true}}}}',
];

describe("hardening: prototype pollution", () => {
  it("the core refuses __proto__, constructor and prototype, and Object.prototype stays as it was", () => {
    const before = prototypeState();
    for (const text of HOSTILE) {
      const doc = parseJson(text);
      expect(() => readCase(doc, rules)).toThrow(AnswerError);
      try {
        readCase(doc, rules);
      } catch (error) {
        const paths = (error as AnswerError).problems.map((p) => p.path);
        expect(paths.some((p) => /__proto__|constructor|prototype/.test(p))).toBe(true);
      }
    }
    expect(() => readAnswers(JSON.parse('{"__proto__": {"polluted": 1}}'), rules)).toThrow("$.__proto__: '__proto__' is not a question id (reserved key refused)");
    expect(prototypeState()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a number too big for JSON's doubles is named as Infinity, not as the null JSON would write", () => {
    try {
      readAnswers(parseJson('{"call-minutes": 1e400}'), rules);
      expect.unreachable();
    } catch (error) {
      expect((error as AnswerError).problems).toEqual([{ path: "$.call-minutes", message: 'expected a number (or "not-sure"), got Infinity' }]);
    }
  });

  it("answers live in a Map, and their JSON form has no reserved keys and a normal prototype", () => {
    const answers = readAnswers({ "contact-start": "they-called", "asked-remote-access": "yes" }, rules);
    expect(answers).toBeInstanceOf(Map);
    const json = answersToJson(answers, rules);
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(Object.keys(json)).toEqual(["contact-start", "asked-remote-access"]);
    const verdict = verdictToJson(triage(rules, answers), rules);
    expect(Object.getPrototypeOf(verdict)).toBe(Object.prototype);
  });

  it("through the CLI (run in this process), for one case and for a batch: refused, and nothing polluted", async () => {
    const before = prototypeState();
    for (const text of HOSTILE) {
      const r = await runInProcess(["check", "--answers", "-", "--json"], text);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^scamcheck: <stdin>: \$[.\w[\]"-]*(__proto__|constructor|prototype)/m);
    }
    const batch = await runInProcess(["check", "--batch", "-"], `${HOSTILE.join("\n")}\n`);
    expect(batch.code).toBe(2);
    const records = batch.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(records.map((r) => [r.line, r.error])).toEqual(HOSTILE.map((_, i) => [i + 1, "invalid answers"]));
    expect(batch.stderr.trim().split("\n").at(-1)).toBe(`batch: 0 cases scored, ${HOSTILE.length} lines with errors`);
    expect(prototypeState()).toEqual(before);
  });
});

describe("hardening: deeply nested JSON in the core", () => {
  it("parses or locates the error without recursion, however deep", () => {
    const depth = 500_000;
    expect(() => parseJson(`${"[".repeat(depth)}${"]".repeat(depth)}`)).not.toThrow();
    let caught: unknown;
    try {
      parseJson(`${"[".repeat(depth)}1,]${"]".repeat(depth - 1)}`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JsonSyntaxError);
    expect((caught as JsonSyntaxError).message).toBe("trailing comma is not allowed");
    expect([(caught as JsonSyntaxError).line, (caught as JsonSyntaxError).column]).toEqual([1, depth + 2]);
  });

  it("a deep document as answers is one problem at the top, not a stack overflow", () => {
    const deep = parseJson(`${'{"answers":'.repeat(50_000)}{}${"}".repeat(50_000)}`);
    expect(() => readCase(deep, rules)).toThrow("$.answers.answers: unknown question id");
  });
});

/** Run the CLI's `run()` here, with standard input from a string and output collected. */
async function runInProcess(argv: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        add(String(chunk));
        done();
      },
    });
  const io: CliIo = {
    stdin: Readable.from([Buffer.from(input)]) as unknown as NodeJS.ReadStream,
    stdout: sink((s) => (stdout += s)) as unknown as NodeJS.WriteStream,
    stderr: sink((s) => (stderr += s)) as unknown as NodeJS.WriteStream,
    env: { NO_COLOR: "1", LANG: "C" },
    platform: process.platform,
    cwd: process.cwd(),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
