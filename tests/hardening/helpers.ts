/**
 * Shared by the hardening tests (tests/e2e/hardening-*.test.ts, tests/unit/hardening-*.test.ts):
 * scratch folders, a CLI process the test can signal and feed slowly, preloads that measure or
 * break the CLI from outside, and the "no stack trace" check.
 */
import { PtySession } from "../helpers/pty.js";
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

/**
 * The built CLI in a pseudo-terminal (tests/helpers/pty.ts), also knowing the CLI's process id, so
 * a test can send it real signals.
 */
export class SignalPty extends PtySession {
  private readonly pidFile: string;

  constructor(args: string[], env: Record<string, string | undefined> = {}, user?: { uid: number; gid: number }) {
    const pidDir = scratch("pty");
    chmodSync(pidDir, 0o777); // the CLI may run as another user
    const pidFile = join(pidDir, "pid");
    super(args, { env, pidFile, ...(user && { user }) });
    this.pidFile = pidFile;
  }

  /** The CLI's own process id (the shell that `script` starts execs it). */
  get pid(): number {
    return Number(readFileSync(this.pidFile, "utf8"));
  }

  /** Wait until the output since the last match contains the pattern; pause briefly, as a person would. */
  override async waitFor(pattern: string | RegExp, timeoutMs = 30_000): Promise<string> {
    await this.waitForAny([pattern], timeoutMs);
    return this.lastScreen;
  }
}

/** Answer every question with the first choice until the verdict shows (or the CLI ends). */
export async function answerAll(s: SignalPty): Promise<void> {
  for (let guard = 0; guard < 80; guard++) {
    const screen = await Promise.race([
      s.waitFor(/Question \d+\b[\s\S]*\? \S|What would you like to do\?|Press Enter when (you have|the customer has) done this|\(Y\/n\)/, 60_000).then(() => s.text.slice(-4000)),
      s.exited.then(() => undefined),
    ]);
    if (screen === undefined) return;
    const last = Math.max(screen.lastIndexOf("Question "), screen.lastIndexOf("What would you like to do?"), screen.search(/Press Enter when (you have|the customer has) done this(?![\s\S]*Press Enter when)/), screen.lastIndexOf("(Y/n)"));
    const tail = screen.slice(last);
    if (tail.startsWith("Press Enter")) await s.press(KEYS.enter);
    else if (tail.startsWith("(Y/n)")) await s.press("n", KEYS.enter); // the evidence pack, offered when money or access was lost
    else await s.press("1", KEYS.enter); // a question's first choice, or "Show me the result"
  }
  throw new Error("the triage did not end");
}

/** Operator mode's case details: the number (skipped unless given), then the rest skipped with Enter. */
export async function answerCaseDetails(s: SignalPty, number?: string): Promise<void> {
  await s.waitFor("Number that called");
  await s.press(...(number !== undefined ? [number, KEYS.enter] : [KEYS.enter]));
  for (const prompt of ["Organisation the caller claimed", "When was the call?", "Ticket reference", "Your name"]) {
    await s.waitFor(prompt);
    await s.press(KEYS.enter);
  }
}
