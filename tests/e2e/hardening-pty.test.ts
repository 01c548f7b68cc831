/**
 * Hardening, the interactive triage in a pseudo-terminal: interrupted at a prompt (Ctrl-C, or a
 * real SIGINT or SIGTERM) it keeps the answers so far in the draft; with a state folder it cannot
 * write, the triage still works and says the draft could not be saved.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerAll, expectNoTrace, KEYS, scratch, SignalPty } from "../hardening/helpers.js";
import { flat, HEADLINES } from "../helpers/pty.js";
import { cannotRunAs } from "../helpers/cli.js";

const question = (n: number) => new RegExp(`Question ${n}\\b[\\s\\S]*\\? \\S`);
const draftAnswers = (state: string) => Object.keys(JSON.parse(readFileSync(join(state, "draft.json"), "utf8")).answers);


/** A run as an ordinary user, so file permissions apply even when the tests run as root. */
const asRoot = process.getuid?.() === 0;
/** Set when, run as root, the tests cannot run the CLI as nobody from this checkout (they then skip outside CI). */
const nobodyBlocked = asRoot && !process.env.CI && cannotRunAs({ uid: 65534, gid: 65534 }) !== undefined;
const NOBODY = { uid: 65534, gid: 65534 };

describe("hardening: interrupted at a prompt", () => {
  it("Ctrl-C: exit 130, one line, the answers so far kept in a private draft", async () => {
    const state = scratch("state");
    const s = new SignalPty([], { SCAMCHECK_STATE_DIR: state });
    await s.waitFor(question(1));
    await s.press("2", KEYS.enter); // no longer on the line
    await s.waitFor(question(2));
    await s.press(KEYS.enter); // nothing ticked: not sure what happened
    await s.waitFor(question(3));
    await s.press(KEYS.ctrlC);
    expect(await s.exited).toBe(130);
    expect(s.text).toMatch(/\nStopped\. Your answers so far are saved; run 'scamcheck --resume' to carry on\.\r?\n$/);
    expectNoTrace(s.text);
    expect(draftAnswers(state)).toHaveLength(2);
    expect(statSync(join(state, "draft.json")).mode & 0o777).toBe(0o600);
  });

  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
    // Any other signal that would end the process is met the same way, and still ends it.
    ["SIGUSR2", 128 + 12],
  ] as const) {
    it(`${signal} sent to the process at a prompt: exit ${code}, no trace, the answers so far kept, the cursor shown again`, async () => {
      const state = scratch("state");
      const s = new SignalPty([], { SCAMCHECK_STATE_DIR: state });
      await s.waitFor(question(1));
      await s.press("2", KEYS.enter);
      await s.waitFor(question(2));
      process.kill(s.pid, signal);
      expect(await s.exited).toBe(code);
      expectNoTrace(s.text);
      expect(draftAnswers(state)).toHaveLength(1);
      // The prompt hid the cursor; the last cursor command the terminal got shows it again.
      const raw = (s as unknown as { raw: string }).raw;
      expect(raw.lastIndexOf("\u001b[?25h")).toBeGreaterThan(raw.lastIndexOf("\u001b[?25l"));
      expect(s.text).toContain(`Stopped by ${signal}. Your answers so far are saved; run 'scamcheck --resume' to carry on.`);
    });
  }
});

describe("hardening: the draft's state folder", () => {
  it("missing: created (mode 0700) and the draft saved there", async () => {
    const state = join(scratch("state"), "not", "yet", "there");
    const s = new SignalPty([], { SCAMCHECK_STATE_DIR: state });
    await s.waitFor(question(1));
    await s.press("2", KEYS.enter);
    await s.waitFor(question(2));
    expect(draftAnswers(state)).toHaveLength(1);
    expect(statSync(state).mode & 0o777).toBe(0o700);
    s.kill();
  });

  it.skipIf(nobodyBlocked)("read-only: the triage still works, says once per answer that the draft could not be saved, exit 0", async () => {
    const base = scratch("readonly");
    const state = join(base, "state");
    mkdirSync(state);
    for (const d of [base, state]) chmodSync(d, asRoot ? 0o755 : 0o555); // root is made an ordinary user below
    const s = new SignalPty([], { SCAMCHECK_STATE_DIR: state, SCAMCHECK_DATA_DIR: join(base, "data"), SCAMCHECK_CONFIG_DIR: join(base, "config"), HOME: base }, asRoot ? NOBODY : undefined);
    await answerAll(s);
    expect(await s.exited).toBe(0);
    expect(s.text).toMatch(HEADLINES);
    expect(flat(s.text)).toContain(`(Could not save a draft in ${state}: permission denied. Carrying on.)`);
    expectNoTrace(s.text);
    expect(existsSync(join(state, "draft.json"))).toBe(false);
    chmodSync(base, 0o755);
  });

  // A state path that runs through a file (ENOTDIR): drafts cannot be saved or removed, and neither
  // may spoil the verdict.
  it("a path through a file (ENOTDIR): the triage still works and ends with exit 0", async () => {
    const file = join(scratch("notdir"), "a-file");
    writeFileSync(file, "not a folder");
    const state = join(file, "state");
    const s = new SignalPty([], { SCAMCHECK_STATE_DIR: state });
    await answerAll(s);
    const code = await s.exited;
    expect(s.text).toMatch(HEADLINES);
    expect(flat(s.text)).toContain(`(Could not save a draft in ${state}: part of the path is a file, not a folder. Carrying on.)`);
    expectNoTrace(s.text);
    expect(s.text).not.toContain("internal error");
    expect(code).toBe(0);
  });
});
