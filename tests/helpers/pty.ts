/**
 * Drive the built CLI in a real pseudo-terminal, as a person at a keyboard would. Uses `script`
 * from util-linux (present on Debian and most Linux systems), so no native module is needed. What
 * the terminal shows is kept by a terminal emulator (@xterm/headless), for tests of the layout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import xterm from "@xterm/headless";
import { BIN, nodeFor } from "./cli.js";

export const KEY = { enter: "\r", up: "\u001b[A", down: "\u001b[B", space: " ", ctrlC: "\u0003" } as const;

// CSI and OSC sequences, and the bare escapes inquirer uses for cursor movement.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][0-9A-Za-z]|\u001b[=>78]/g;
export const stripAnsi = (s: string) => s.replace(ANSI, "");
/** How the prompt library ends drawing a prompt: the cursor moved to a column (see settled). */
const RENDER_END = /\u001b\[\d+G$/;
/** The headline of any verdict screen. */
export const HEADLINES = /This is a scam|very likely a scam|Be careful|No clear warning signs|Not enough information/;
/** Screen text with line wrapping undone, for messages that may wrap. */
export const flat = (text: string) => text.replace(/\s+/g, " ");

export class PtySession {
  private raw = "";
  private mark = 0;
  /** How an answered prompt starts: the prompt library's "✔", or the plain theme's "*". */
  private readonly done: string;
  /** The new output that the last waitForAny matched in. */
  lastScreen = "";
  private child: ChildProcess;
  /** The screen as the terminal draws it, with every line scrolled off the top kept. */
  private terminal: InstanceType<typeof xterm.Terminal>;
  readonly exited: Promise<number | null>;

  constructor(
    args: string[],
    options: {
      cols?: number;
      rows?: number;
      env?: Record<string, string | undefined>;
      /** Where the CLI's process id is written, for tests that send it real signals. */
      pidFile?: string;
      /** Run as another user (tests of unwritable folders, when run as root). */
      user?: { uid: number; gid: number };
      /** The working folder; by default the test's HOME, else an empty one of its own. */
      cwd?: string;
    } = {},
  ) {
    this.done = args.includes("--plain") ? "* " : "✔";
    const quoted = [nodeFor(options.user), BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
    const pid = options.pidFile ? `echo $$ > '${options.pidFile}'; ` : "";
    const command = `${pid}stty cols ${options.cols ?? 100} rows ${options.rows ?? 40}; exec ${quoted}`;
    const env: Record<string, string | undefined> = { ...process.env, TERM: "xterm-256color", LANG: "C", NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    // In the test's HOME, or an empty folder: a file the CLI writes at a prompt (an evidence pack
    // named "1") lands there, not in the checkout.
    const cwd = options.cwd ?? options.env?.HOME ?? mkdtempSync(join(tmpdir(), "scamcheck-pty-"));
    this.child = spawn("script", ["-qfec", command, "/dev/null"], { cwd, env: env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"], ...options.user });
    this.terminal = new xterm.Terminal({ cols: options.cols ?? 100, rows: options.rows ?? 40, scrollback: 100_000, allowProposedApi: true });
    const take = (d: string) => {
      this.raw += d;
      this.terminal.write(d);
    };
    this.child.stdout!.setEncoding("utf8").on("data", take);
    this.child.stderr!.setEncoding("utf8").on("data", take);
    this.exited = new Promise((resolve) => this.child.on("close", (code) => resolve(code)));
  }

  /** Everything shown so far, without escape sequences. */
  get text(): string {
    return stripAnsi(this.raw);
  }
  get rawOutput(): string {
    return this.raw;
  }

  /**
   * The terminal's rows, top to bottom, scrolled-off lines first: what a person sees and can
   * scroll back to, after prompts redrew themselves in place. `wrapped` marks a row the terminal
   * started because the text before it ran past the right edge.
   */
  async screen(): Promise<{ text: string; wrapped: boolean }[]> {
    await new Promise<void>((resolve) => this.terminal.write("", resolve)); // what was written so far is drawn
    const buffer = this.terminal.buffer.active;
    const rows: { text: string; wrapped: boolean }[] = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      if (line) rows.push({ text: line.translateToString(true), wrapped: line.isWrapped });
    }
    while (rows.length > 0 && rows.at(-1)?.text === "") rows.pop();
    return rows;
  }

  /** Wait until the output since the last mark contains the text, then move the mark past it. */
  async waitFor(pattern: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const fresh = stripAnsi(this.raw.slice(this.mark));
      const index = typeof pattern === "string" ? fresh.indexOf(pattern) : fresh.search(pattern);
      if (index >= 0) {
        this.mark = this.raw.length;
        return fresh;
      }
      if (Date.now() - started > timeoutMs)
        throw new Error(`timed out waiting for ${String(pattern)}; screen so far:\n${this.text.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Wait for whichever pattern shows first, or the process ending; returns its index (-1 for exit). */
  /** How many prompts have been answered: each leaves a "✔" line ("*" with --plain). */
  answered(): number {
    return this.text.split(this.done).length - 1;
  }

  /**
   * The prompt now waiting for an answer: the text drawn after the last answered one, once a
   * "? …" line is on screen; undefined when the program has ended. Unlike waitForAny it never
   * misses a prompt drawn in the same burst of output as the previous one.
   */
  async activePrompt(timeoutMs = 30_000): Promise<string | undefined> {
    let ended = false;
    void this.exited.then(() => (ended = true));
    const started = Date.now();
    for (;;) {
      const text = this.text;
      const last = text.lastIndexOf(this.done);
      const start = last < 0 ? 0 : text.indexOf("\n", last) + 1; // past the answered prompt's own line
      const rest = last >= 0 && start === 0 ? "" : text.slice(start);
      if (/(^|\n)\? \S/.test(rest)) {
        await this.settled();
        return rest;
      }
      if (ended) return undefined;
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for a prompt; screen so far:\n${text.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Wait until more than `count` prompts have been answered (see answered). */
  async answeredMoreThan(count: number, timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    while (this.answered() <= count) {
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for an answer to be taken; screen so far:\n${this.text.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async waitForAny(patterns: (string | RegExp)[], timeoutMs = 30_000): Promise<number> {
    let ended = false;
    void this.exited.then(() => (ended = true));
    const started = Date.now();
    for (;;) {
      const fresh = stripAnsi(this.raw.slice(this.mark));
      // Only what was drawn after the last answered prompt is waiting: an answer's echo repeats
      // its prompt's words, and a prompt may draw itself again just before it is answered.
      const last = fresh.lastIndexOf(this.done);
      const open = last < 0 ? fresh : fresh.indexOf("\n", last) < 0 ? "" : fresh.slice(fresh.indexOf("\n", last));
      const found = patterns.findIndex((p) => (typeof p === "string" ? open.includes(p) : p.test(open)));
      if (found >= 0) {
        await this.settled();
        // Past everything drawn while it settled, which belongs to the prompt just found.
        this.lastScreen = stripAnsi(this.raw.slice(this.mark));
        this.mark = this.raw.length;
        return found;
      }
      if (ended) return -1;
      if (Date.now() - started > timeoutMs)
        throw new Error(`timed out waiting for ${patterns.map(String).join(" or ")}; screen so far:\n${this.text.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /**
   * Wait until the prompt just found is drawn whole, so that what it shows is in hand. The prompt
   * library draws a prompt in one write that ends by moving the cursor to the answer's column
   * (`ESC [ n G`, @inquirer/core's ScreenManager.render), and starts listening for keys in the same
   * turn, before it reads any input: once the output ends so and nothing follows for a moment, the
   * prompt is whole and listening. Any other ending (a busy machine passing a prompt on in several
   * pieces, text the CLI writes before a prompt) waits for the output to be still for longer.
   */
  private async settled(): Promise<void> {
    for (;;) {
      const length = this.raw.length;
      await new Promise((r) => setTimeout(r, RENDER_END.test(this.raw) ? 30 : 150));
      if (this.raw.length === length) return;
    }
  }

  /**
   * Type keys one at a time, each after the CLI has drawn its response to the one before (a prompt
   * draws itself again at every key it takes); a key that changes nothing draws nothing, so at most
   * 60 ms each.
   */
  async press(...keys: string[]): Promise<void> {
    for (const k of keys) {
      const length = this.raw.length;
      this.child.stdin!.write(k);
      for (const started = Date.now(); this.raw.length === length && Date.now() - started < 60; ) await new Promise((r) => setTimeout(r, 5));
    }
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}
