/**
 * Shared by the hardening tests (tests/e2e/hardening-*.test.ts, tests/unit/hardening-*.test.ts):
 * scratch folders, a CLI process the test can signal and feed slowly, preloads that measure or
 * break the CLI from outside, and the "no stack trace" check.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { BIN } from "../helpers/cli.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";

export const FIXTURES = join(PACKAGE_ROOT, "tests", "hardening", "fixtures");

export const scratch = (label = "hardening") => mkdtempSync(join(tmpdir(), `scamcheck-${label}-`));

/** A line of a JavaScript stack trace, or Node's own report of an uncaught error. */
const TRACE = /^\s+at |node:internal|^Node\.js v\d|Uncaught|^\w*Error: /m;

/** Stderr holds no stack trace and every line is a complete, single message. */
export function expectNoTrace(stderr: string): void {
  expect(stderr).not.toMatch(TRACE);
}

/** The lines of a stream's text, without the final newline. */
export const linesOf = (text: string): string[] => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));

/** NODE_OPTIONS that preload a fixture into the CLI under test (keeping any options already set). */
export function preload(fixture: string): string {
  return `${process.env.NODE_OPTIONS ?? ""} --require "${join(FIXTURES, fixture)}"`.trim();
}

/** The peak memory (KB) the CLI reported through the report-max-rss preload. */
export const maxRssKb = (file: string): number => Number(readFileSync(file, "utf8"));

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout holds at least `n` complete lines. */
  stdoutLines: (n: number, timeoutMs?: number) => Promise<void>;
}

/** Start the built CLI with piped stdio, for tests that feed it slowly or send it signals. */
export function startCli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): CliProcess {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, LANG: "C", LC_ALL: undefined, SCAMCHECK_REGION: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? PACKAGE_ROOT, env: env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  child.stdin!.on("error", () => {}); // the CLI may stop reading first
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  const stdoutLines = async (n: number, timeoutMs = 30_000) => {
    const started = Date.now();
    while ((out.match(/\n/g)?.length ?? 0) < n) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${n} lines; stdout so far:\n${out.slice(-2000)}\nstderr:\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, stdout: () => out, stderr: () => err, exited, stdoutLines };
}

/** A pack file body on top of the built-in packs (a new question and sign). */
export const PACK_HEAD = "schema_version: 1\npack: { id: ours, title: Ours, version: 1.0.0 }\n";

/** Key presses, as a terminal sends them. */
export const KEYS = { enter: "\r", ctrlC: "\u0003" } as const;
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][0-9A-Za-z]|\u001b[=>78]/g;

/**
 * The built CLI in a pseudo-terminal (util-linux `script`), like tests/helpers/pty.ts, but also
 * knowing the CLI's process id, so a test can send it real signals.
 */
export class SignalPty {
  private raw = "";
  private mark = 0;
  private readonly child: ChildProcess;
  private readonly pidFile: string;
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: Record<string, string | undefined> = {}, user?: { uid: number; gid: number }) {
    const pidDir = scratch("pty");
    chmodSync(pidDir, 0o777); // the CLI may run as another user
    this.pidFile = join(pidDir, "pid");
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
    const command = `echo $$ > '${this.pidFile}'; stty cols 100 rows 40; exec ${quoted}`;
    const full: Record<string, string | undefined> = { ...process.env, TERM: "xterm-256color", LANG: "C", NO_COLOR: undefined, FORCE_COLOR: undefined, ...env };
    for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
    this.child = spawn("script", ["-qfec", command, "/dev/null"], { env: full as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"], ...user });
    this.child.stdout!.setEncoding("utf8").on("data", (d: string) => (this.raw += d));
    this.child.stderr!.setEncoding("utf8").on("data", (d: string) => (this.raw += d));
    this.exited = new Promise((resolve) => this.child.on("close", (code) => resolve(code)));
  }

  get text(): string {
    return this.raw.replace(ANSI, "");
  }

  /** The CLI's own process id (the shell that `script` starts execs it). */
  get pid(): number {
    return Number(readFileSync(this.pidFile, "utf8"));
  }

  /** Wait until the output since the last match contains the pattern; pause briefly, as a person would. */
  async waitFor(pattern: string | RegExp, timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const fresh = this.raw.slice(this.mark).replace(ANSI, "");
      if (typeof pattern === "string" ? fresh.includes(pattern) : pattern.test(fresh)) {
        this.mark = this.raw.length;
        await new Promise((r) => setTimeout(r, 150));
        return;
      }
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${String(pattern)}; screen so far:\n${this.text.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async press(...keys: string[]): Promise<void> {
    for (const k of keys) {
      this.child.stdin!.write(k);
      await new Promise((r) => setTimeout(r, 60));
    }
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}
