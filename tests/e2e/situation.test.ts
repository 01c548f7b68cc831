/**
 * The situation first, in a real terminal: where the person is decides which steps cannot wait, and
 * they come at once, before any further question. Also the small things people trip on: Enter with
 * nothing ticked, the echoed answer, "why are we asking", the progress line.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flat, KEY, PtySession } from "../helpers/pty.js";

const fresh = () => ({ SCAMCHECK_STATE_DIR: mkdtempSync(join(tmpdir(), "scamcheck-situation-")) });
const questionLine = (n: number) => new RegExp(`Question ${n}\\b[\\s\\S]*\\? \\S`);
const STEPS = "Press Enter when you have done this";

/** A new check whose call is over, at "what already happened". */
async function callOver(args: string[] = []): Promise<PtySession> {
  const s = new PtySession(args, { env: fresh() });
  await s.waitForAny([questionLine(1)]);
  await s.press("2", KEY.enter);
  await s.waitForAny([questionLine(2)]);
  return s;
}

describe("the situation first", () => {
  it("asks whether the caller is still on the line, then what already happened, before anything else", async () => {
    const s = new PtySession(["--region", "gb"], { env: fresh() });
    await s.waitForAny([questionLine(1)]);
    expect(s.lastScreen).toContain("Is the caller still on the phone with you right now?");
    await s.press("2", KEY.enter);
    await s.waitForAny([questionLine(2)]);
    expect(s.lastScreen).toContain("Has anything already happened?");
    s.kill();
  });

  it("someone still on the line is told at once what not to give, before the next question", async () => {
    const s = new PtySession([], { env: fresh() });
    await s.waitForAny([questionLine(1)]);
    await s.press("1", KEY.enter);
    expect(await s.waitForAny([STEPS, questionLine(2)])).toBe(0);
    expect(flat(s.lastScreen)).toMatch(/do not give the caller any code, password, PIN or card number/);
    expect(s.lastScreen).not.toMatch(/Question 2\b/);
    s.kill();
  });

  it("someone who already paid by card and let them in is told to disconnect, then to call the bank, then warned about recovery calls, at once", async () => {
    const s = await callOver(["--region", "gb"]);
    await s.press("1", "9", KEY.enter); // paid by card; let them connect
    await s.waitForAny([questionLine(3)]);
    expect(s.lastScreen).toContain("can the caller still see or control your computer");
    await s.press("3", KEY.enter); // not sure: counts as yes for disconnecting
    expect(await s.waitForAny([STEPS, questionLine(4)])).toBe(0);
    const steps = flat(s.lastScreen);
    const at = (text: string) => steps.indexOf(text);
    expect(at("Disconnect the computer from the internet now")).toBeGreaterThan(-1);
    expect(at("Call your bank or card company")).toBeGreaterThan(at("Disconnect the computer"));
    expect(at("get your money back for a fee")).toBeGreaterThan(at("Call your bank or card company"));
    expect(steps).not.toMatch(/End the call/);
    s.kill();
  });
});

describe("small things people trip on", () => {
  it("Enter with nothing ticked answers 'Not sure', and the screen says so beforehand", async () => {
    const s = await callOver();
    expect(flat(s.lastScreen)).toContain("Enter with nothing ticked means Not sure");
    await s.press(KEY.enter);
    await s.waitForAny([questionLine(3)]);
    expect(flat(s.lastScreen)).toMatch(/Has anything already happened\? Choose all that apply\. Not sure/);
    expect(s.text).not.toContain("Tick at least one");
    s.kill();
  });

  it("echoes the chosen labels, without the list numbers", async () => {
    const s = await callOver();
    await s.press("3", "5", KEY.enter); // gift cards; a payment app
    await s.waitForAny([STEPS, questionLine(3)]);
    expect(flat(s.lastScreen)).toContain("Choose all that apply. I bought gift cards or vouchers and gave the numbers; I paid with PayPal or another payment app");
    expect(s.lastScreen).not.toMatch(/apply\. +\d\./);
    s.kill();
  });

  it("'Why are we asking this?' is not echoed as the answer, and the question comes back", async () => {
    const s = new PtySession([], { env: fresh() });
    await s.waitForAny([questionLine(1)]);
    await s.press("4", KEY.enter); // "Why are we asking this?"
    await s.waitForAny([/you can hang up at any moment[\s\S]*\? Is the caller still on the phone/i]);
    expect(s.text).not.toMatch(/right now\? Why are we asking this\?/);
    s.kill();
  });

  it("never says how many questions are left, so the figure cannot rise", async () => {
    const s = await callOver();
    await s.press(KEY.enter);
    await s.waitForAny([questionLine(3)]);
    expect(s.text).not.toMatch(/more after this|nearly done/);
    s.kill();
  });
});
