/**
 * A trusted contact: optional, offered once at the end of a first check, and named in the first
 * step of a scam verdict while the call is going on.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flat, HEADLINES, KEY, PtySession } from "../helpers/pty.js";

const questionLine = (n: number) => new RegExp(`Question ${n}\\b[\\s\\S]*\\? \\S`);
// The prompts while they wait ("? "), not their echo once answered.
const STEPS = /\? Press Enter when you have done this/;
const MENU = /\? What would you like to do\?/;

function setup(config?: object) {
  const dir = mkdtempSync(join(tmpdir(), "scamcheck-trusted-"));
  const configFile = join(dir, "config.json");
  if (config) writeFileSync(configFile, JSON.stringify(config));
  return { dir, configFile, env: { SCAMCHECK_STATE_DIR: join(dir, "state"), SCAMCHECK_CONFIG: configFile } };
}

/** "Not sure" to everything (Enter on a list), pressing through the steps and the stop menu, until the verdict. */
async function finish(s: PtySession, from: number): Promise<void> {
  for (let n = from; n < 60; ) {
    const which = await s.waitForAny([HEADLINES, questionLine(n), STEPS, MENU]);
    if (which === 1) {
      if (/Choose all that apply/.test(s.lastScreen)) await s.press(KEY.enter);
      else await s.press("3", KEY.enter);
      n++;
    } else if (which === 2) await s.press(KEY.enter);
    else if (which === 3) await s.press("1", KEY.enter);
    else return;
  }
}

describe("a trusted contact", () => {
  it("is named in the first step when the caller is on the line and wanted gift cards", async () => {
    const { env } = setup({ trustedContact: { name: "Sam", phone: "07700 900123" } });
    const s = new PtySession([], { env });
    await s.waitForAny([questionLine(1)]);
    await s.press("1", KEY.enter); // still on the line
    await s.waitForAny([STEPS]);
    await s.press(KEY.enter);
    await s.waitForAny([questionLine(2)]);
    await s.press(KEY.enter); // not sure what happened
    await s.waitForAny([questionLine(3)]);
    expect(s.lastScreen).toContain("Did they ask you to pay anything");
    await s.press("1", KEY.enter);
    await s.waitForAny([STEPS, questionLine(4)]);
    await s.press(KEY.enter);
    await s.waitForAny([questionLine(4)]);
    await s.press("1", KEY.enter); // gift cards
    expect(await s.waitForAny([STEPS])).toBe(0);
    expect(flat(s.lastScreen)).toMatch(/1\. Hang up now, then call Sam on 07700 900123 from another phone/);
    s.kill();
  });

  it("is offered once at the end of a first check, saved in the config file, and never asked again", async () => {
    const { configFile, env } = setup();
    const first = new PtySession([], { env });
    await finish(first, 1);
    // The offer may come in the same output as the verdict.
    const offer = /Is there someone you trust[\s\S]*\? Their name/;
    if (!offer.test(first.lastScreen)) expect(await first.waitForAny([offer])).toBe(0);
    await first.press("Sam", KEY.enter);
    await first.waitForAny(["Sam's phone number"]);
    await first.press("07700 900123", KEY.enter);
    expect(await first.exited).toBe(0);
    expect(JSON.parse(readFileSync(configFile, "utf8"))).toEqual({ trustedContact: { name: "Sam", phone: "07700 900123" } });

    const { env: env2, configFile: other } = setup();
    const skipped = new PtySession([], { env: { ...env2, SCAMCHECK_STATE_DIR: env.SCAMCHECK_STATE_DIR } });
    await finish(skipped, 1);
    expect(await skipped.exited).toBe(0);
    expect(skipped.text).not.toContain("Is there someone you trust");
    expect(existsSync(other)).toBe(false);
  });
});
