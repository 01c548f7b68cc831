/** The interactive triage in a real pseudo-terminal: keystrokes in, screen text out. */
import { mkdtempSync, statSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KEY, PtySession } from "../helpers/pty.js";

const HEADLINES = /This is a scam|very likely a scam|Be careful|No clear warning signs|Not enough information/;
const freshState = () => mkdtempSync(join(tmpdir(), "scamcheck-state-"));

const questionLine = (n: number) => new RegExp(`Question ${n} [\\s\\S]*\\? \\S`);

/** The question on screen for progress line `Question n`, once it is drawn and listening. */
async function question(s: PtySession, n: number): Promise<string> {
  await s.waitForAny([questionLine(n)]);
  const screen = s.lastScreen;
  return /\? (.+)/.exec(screen.slice(screen.indexOf(`Question ${n} `)))?.[1] ?? "";
}

/** Answer every question with the same key until the verdict shows; returns how many were asked. */
async function answerAll(s: PtySession, key: string, from = 2): Promise<number> {
  let n = from;
  for (let guard = 0; guard < 80; guard++) {
    const next = await s.waitForAny([questionLine(n), "What would you like to do?"]);
    if (next === -1) return n - 1;
    if (next === 1) {
      await s.press("1", KEY.enter); // "Show me the result"
      continue;
    }
    await s.press(key, KEY.enter);
    n++;
  }
  throw new Error("the triage did not end");
}

describe("interactive triage in a terminal", () => {
  it("runs a whole triage with number keys and shows a verdict with steps", async () => {
    const state = freshState();
    const s = new PtySession(["--region", "gb"], { env: { SCAMCHECK_STATE_DIR: state } });
    await s.waitFor("Your answers stay on this computer");
    await s.waitFor("Is the caller still on the phone with you right now?");
    await s.press("2", KEY.enter); // No
    await answerAll(s, "1");
    expect(await s.exited).toBe(0);
    expect(s.text).toMatch(HEADLINES);
    expect(s.text).toContain("Do this now");
    expect(s.text).toContain("Who can help (United Kingdom)");
    expect(existsSync(join(state, "draft.json"))).toBe(false); // a finished triage leaves no draft
  });

  it("shows what to do immediately when the caller is still connected", async () => {
    const s = new PtySession([], { env: { SCAMCHECK_STATE_DIR: freshState() } });
    expect(await question(s, 1)).toContain("still on the phone");
    await s.press("1", KEY.enter);
    for (let n = 2; n < 30; n++) {
      const text = await question(s, n);
      if (text.includes("install an app or program")) break;
      await s.press("3", KEY.enter); // "Not sure" keeps the verdict open until the remote-access question
    }
    await s.press("1", KEY.enter); // yes, they asked for remote access
    // Still on the line and asked for access: "hang up now" comes first, before any other question.
    expect(await s.waitForAny(["Press Enter when you have done this"])).toBe(0);
    expect(s.lastScreen).toContain("Hang up now.");
    expect(s.lastScreen).not.toMatch(/Question \d+ /);
    await s.press(KEY.enter);
    await s.waitForAny(["can the caller still see or control your computer"]);
    await s.press("1", KEY.enter);
    const screen = await s.waitFor("Press Enter when you have done this");
    expect(screen).toContain("Do this right now");
    expect(screen).toContain("Disconnect the computer from the internet now");
    expect(screen).not.toMatch(/Question \d+ /); // before any further question
    s.kill();
  });

  it("keeps the answers on Ctrl-C (exit 130) and --resume carries on", async () => {
    const state = freshState();
    const s = new PtySession([], { env: { SCAMCHECK_STATE_DIR: state } });
    await s.waitFor("still on the phone");
    await s.press("2", KEY.enter);
    await s.waitFor("Question 2");
    await s.press("1", KEY.enter);
    await s.waitFor("Question 3");
    await s.press(KEY.ctrlC);
    expect(await s.exited).toBe(130);
    expect(s.text).toContain("Stopped. Your answers so far are saved; run 'scamcheck --resume' to carry on.");
    expect(s.text).not.toMatch(/\n\s+at /); // no stack trace
    const draft = join(state, "draft.json");
    expect(statSync(draft).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(draft, "utf8")).answers)).toHaveLength(2);

    const again = new PtySession(["--resume"], { env: { SCAMCHECK_STATE_DIR: state } });
    const screen = await again.waitFor("Question 3");
    expect(screen).not.toContain("Question 1 ");
    again.kill();
  });

  it("goes back to change the previous answer", async () => {
    const s = new PtySession([], { env: { SCAMCHECK_STATE_DIR: freshState() } });
    await s.waitFor("still on the phone");
    await s.press("2", KEY.enter);
    await s.waitFor("Question 2");
    await s.press(KEY.up, KEY.enter); // the last choice is "Go back to the previous question"
    const screen = await s.waitFor("Question 1");
    expect(screen).toContain("Is the caller still on the phone with you right now?");
    s.kill();
  });

  it("--plain uses no colour and no box-drawing characters", async () => {
    const s = new PtySession(["--plain"], { env: { SCAMCHECK_STATE_DIR: freshState() } });
    await s.waitFor("still on the phone");
    await s.press("2", KEY.enter);
    await answerAll(s, "1");
    expect(await s.exited).toBe(0);
    expect(s.rawOutput).not.toMatch(/\u001b\[(?:3\d|9\d|1|2)m/); // no colour, bold or dim
    expect(s.text).not.toMatch(/[─│❯✔◯◉⚠•·]/);
    expect(s.text).toContain("Verdict:");
  });

  it("wraps everything to a 40-column terminal", async () => {
    const s = new PtySession([], { cols: 40, env: { SCAMCHECK_STATE_DIR: freshState() } });
    await s.waitFor("still on the phone");
    await s.press("2", KEY.enter);
    await answerAll(s, "1");
    expect(await s.exited).toBe(0);
    const verdict = s.text.slice(s.text.search(HEADLINES) - 2).split(/\r?\n/);
    for (const line of verdict) expect(line.length, line).toBeLessThanOrEqual(40);
  });
});
