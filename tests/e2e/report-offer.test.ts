/**
 * After an interactive triage in which money or access was lost, the evidence pack is offered as a
 * file to keep (what happened, for the bank and the police); when nothing was lost, it is not.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KEY, PtySession } from "../helpers/pty.js";

/** Answer every prompt: `first` for the questions in order, "not sure" (3) after that, and the result when offered. */
async function runThrough(s: PtySession, first: string[], onOffer: (prompt: string) => Promise<boolean>): Promise<void> {
  const queue = [...first];
  for (let n = 0; n < 60; n++) {
    const count = s.answered();
    const prompt = await s.activePrompt();
    if (prompt === undefined) return;
    if (await onOffer(prompt)) {
      await s.answeredMoreThan(count);
      continue;
    }
    if (prompt.includes("Press Enter when you have done this")) await s.press(KEY.enter);
    else if (prompt.includes("What would you like to do?")) await s.press("1", KEY.enter);
    else await s.press(queue.shift() ?? "3", KEY.enter);
    await s.answeredMoreThan(count);
  }
}

describe("the evidence pack offered at the end", () => {
  it("someone who already paid by card is offered a file with what happened and the steps ticked as done, written with mode 0600", async () => {
    const home = mkdtempSync(join(tmpdir(), "scamcheck-offer-"));
    const file = join(home, "for-my-bank.md");
    const s = new PtySession(["--region", "gb"], { env: { HOME: home, XDG_STATE_HOME: join(home, "state"), XDG_CONFIG_HOME: join(home, "config") } });
    let offered = false;
    let ticked = false;
    await runThrough(s, ["2", "1"], async (prompt) => {
      if (prompt.includes("Press Enter when you have done this") && !ticked) {
        ticked = true;
        await s.press("1", KEY.enter); // the first step is done
        return true;
      }
      if (prompt.includes("Write down what happened, for your bank and the police")) {
        offered = true;
        await s.press(KEY.enter); // yes, the default
        return true;
      }
      if (prompt.includes("File name")) {
        await s.press(file, KEY.enter);
        return true;
      }
      if (prompt.includes("Their name")) {
        await s.press(KEY.enter); // no trusted contact
        return true;
      }
      return false;
    });
    expect(await s.exited).toBe(0);
    expect(offered).toBe(true);
    expect(s.text).toContain(`Written to ${file}.`);
    const report = readFileSync(file, "utf8");
    expect(report).toMatch(/^# Scam call report: case C-\d{8}-[0-9a-z]{10}\n/);
    // A check at home keeps no case, so the report does not send anyone looking for one.
    expect(report).toContain("Prepared by scamcheck from a check made");
    expect(report).not.toContain("the case recorded");
    expect(report).toContain("- Money paid or handed over: I paid with a debit or credit card");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The step ticked on the "do this right now" screen is what has been done since.
    expect(ticked).toBe(true);
    expect(report).toMatch(/## What has been done since the call\n\n- \d{1,2} [A-Z][a-z]+ \d{4}: \S/);
    expect(report).not.toContain("Nothing recorded as done yet");
  });

  it("a name that cannot be written, or holds a secret, is asked again, and nothing is lost", async () => {
    const home = mkdtempSync(join(tmpdir(), "scamcheck-offer-"));
    const names = [join(home, "no-such-folder", "report.md"), join(home, "card 4111 1111 1111 1111.md"), join(home, "report.md")];
    const s = new PtySession(["--region", "gb"], { env: { HOME: home, XDG_STATE_HOME: join(home, "state"), XDG_CONFIG_HOME: join(home, "config") }, cols: 200 });
    await runThrough(s, ["2", "1"], async (prompt) => {
      if (prompt.includes("Write down what happened, for your bank and the police")) {
        await s.press(KEY.enter);
        return true;
      }
      if (prompt.includes("File name") || prompt.includes("Another file name")) {
        await s.press(names.shift() as string, KEY.enter);
        return true;
      }
      if (prompt.includes("Their name")) {
        await s.press(KEY.enter);
        return true;
      }
      return false;
    });
    expect(await s.exited).toBe(0);
    expect(names).toEqual([]);
    const text = s.text.replace(/\s+/g, " ");
    expect(text).toContain(`(Could not write ${join(home, "no-such-folder", "report.md")}: no such file.)`);
    expect(text).toContain("(That name looks like it holds a card number; it would be shown and kept, so give one that holds no secret.)");
    expect(text).toContain(`Written to ${join(home, "report.md")}.`);
    expect(readFileSync(join(home, "report.md"), "utf8")).toMatch(/^# Scam call report/);
    expect(readdirSync(home).filter((f) => f.includes("4111"))).toEqual([]);
  });

  it("is not offered when nothing was lost", async () => {
    const home = mkdtempSync(join(tmpdir(), "scamcheck-offer-"));
    const s = new PtySession(["--region", "gb"], { env: { HOME: home, XDG_STATE_HOME: join(home, "state"), XDG_CONFIG_HOME: join(home, "config") } });
    await runThrough(s, ["2", ""], async (prompt) => {
      if (prompt.includes("Their name")) {
        await s.press(KEY.enter);
        return true;
      }
      return false;
    });
    expect(await s.exited).toBe(0);
    expect(s.text).not.toContain("Write down what happened");
  });
});
