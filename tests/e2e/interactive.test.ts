/** The interactive triage in a real pseudo-terminal: keystrokes in, screen text out. */
import { mkdtempSync, statSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { HEADLINES, KEY, PtySession } from "../helpers/pty.js";
import { expectValid } from "../helpers/schemas.js";

const freshState = () => mkdtempSync(join(tmpdir(), "scamcheck-state-"));

const questionLine = (n: number) => new RegExp(`Question ${n}\\b[\\s\\S]*\\? \\S`);

/** The question on screen for progress line `Question n`, once it is drawn and listening. */
async function question(s: PtySession, n: number): Promise<string> {
  await s.waitForAny([questionLine(n)]);
  const screen = s.lastScreen;
  return /\? (.+)/.exec(screen.slice(screen.search(new RegExp(`Question ${n}\\b`))))?.[1] ?? "";
}

/**
 * Answer every question with the same key until the verdict shows; returns how many were asked.
 * Each prompt is the one drawn after the last answered one, and its answer is seen taken before
 * the next is looked for, so a prompt drawn twice, or named again in the echo of its answer, never
 * takes a second answer.
 */
async function answerAll(s: PtySession, key: string, from = 2): Promise<number> {
  const keysFor = [
    [key, KEY.enter],
    ["1", KEY.enter], // "Show me the result"
    [KEY.enter], // steps that could not wait were shown
    [KEY.enter], // no trusted contact, thank you (offered once, at the end of a first check)
    ["n", KEY.enter], // no evidence pack file (offered when money or access was lost)
  ];
  let n = from;
  for (let guard = 0; guard < 80; guard++) {
    const count = s.answered();
    const prompt = await s.activePrompt();
    if (prompt === undefined) return n - 1;
    const kind = [questionLine(n), /What would you like to do\?/, /Press Enter when you have done this/, /\? Their name/, /\(Y\/n\)/].findIndex((k) => k.test(prompt));
    if (kind === -1) throw new Error(`an unexpected prompt:\n${prompt}`);
    await s.press(...(keysFor[kind] as string[]));
    await s.answeredMoreThan(count);
    if (kind === 0) n++;
  }
  throw new Error("the triage did not end");
}

describe("interactive triage in a terminal", () => {
  it("runs a whole triage with number keys and shows a verdict with steps", async () => {
    const state = freshState();
    const s = new PtySession(["--region", "gb"], { env: { SCAMCHECK_STATE_DIR: state } });
    await answerAll(s, "1", 1); // the first choice every time: a computer company called out of the blue…
    expect(await s.exited).toBe(0);
    expect(s.text).toContain("Your answers stay on this computer. Press Ctrl-C at any time to stop");
    expect(s.text).toMatch(HEADLINES);
    expect(s.text).toContain("Do this now");
    expect(s.text).toContain("Who can help (United Kingdom)");
    expect(existsSync(join(state, "draft.json"))).toBe(false); // a finished triage leaves no draft
  });

  it("--save writes answers that 'check --answers' scores to the same verdict", async () => {
    const saved = join(freshState(), "case.json");
    const s = new PtySession(["--save", saved], { env: { SCAMCHECK_STATE_DIR: freshState() } });
    await answerAll(s, "2", 1);
    expect(await s.exited).toBe(0);
    expect(s.text).toContain(`Answers saved to ${saved}`);
    expect(statSync(saved).mode & 0o777).toBe(0o600);
    expectValid("answers", JSON.parse(readFileSync(saved, "utf8")));
    const shown = HEADLINES.exec(s.text)?.[0];
    const again = await runCli(["check", "--answers", saved, "--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).headline).toContain(shown);
  });

  it("--save keeps the region the triage ran in, so scoring the answers again gives its steps and contacts", async () => {
    const saved = join(freshState(), "case.json");
    const s = new PtySession(["--region", "gb", "--save", saved], { env: { SCAMCHECK_STATE_DIR: freshState(), LANG: "C" } });
    await answerAll(s, "2", 1);
    expect(await s.exited).toBe(0);
    expect(s.text).toContain("Who can help (United Kingdom)");
    const file = JSON.parse(readFileSync(saved, "utf8"));
    expectValid("answers", file);
    expect(file.region).toBe("gb");
    // Scored again with no --region and no locale to guess one from: still the UK's.
    const again = JSON.parse((await runCli(["check", "--answers", saved, "--json"], { env: { LANG: "C", LC_ALL: "C" } })).stdout);
    expect(again.region).toBe("gb");
    expect(again.contacts.map((c: { id: string }) => c.id)).toContain("report-fraud");
  });

  it("says what to do at once when the caller is on the line and connected, before any other question", async () => {
    const s = new PtySession([], { env: { SCAMCHECK_STATE_DIR: freshState() } });
    const seen: string[] = [];
    for (let n = 1; n < 40 && !seen.some((t) => t.includes("Disconnect the computer")); ) {
      const which = await s.waitForAny([questionLine(n), "Press Enter when you have done this"]);
      if (which === 1) {
        seen.push(s.lastScreen);
        expect(s.lastScreen).toContain("Do this right now");
        expect(s.lastScreen).not.toMatch(/Question \d+ /); // the steps come before the next question
        await s.press(KEY.enter);
        continue;
      }
      const text = /\? (.+)/.exec(s.lastScreen.slice(s.lastScreen.search(new RegExp(`Question ${n}\\b`))))?.[1] ?? "";
      // Yes to remote access, to "still on the phone" and to "still connected"; "Not sure" otherwise
      // (Enter alone on a list to tick).
      const yes = /install an app or program|still on the phone|can the caller still see/.test(text);
      if (/Choose all that apply/.test(text)) await s.press(KEY.enter);
      else await s.press(yes ? "1" : "3", KEY.enter);
      n++;
    }
    expect(seen.join("\n")).toContain("Hang up now.");
    expect(seen.join("\n")).toContain("Disconnect the computer from the internet now");
    s.kill();
  });

  it("shows the steps ticked during the call as done in the verdict, in their places, not as still to do", async () => {
    const s = new PtySession(["--region", "gb"], { env: { SCAMCHECK_STATE_DIR: freshState() } });
    let n = 1;
    for (let guard = 0; guard < 80; guard++) {
      const count = s.answered();
      const prompt = await s.activePrompt();
      if (prompt === undefined) break;
      if (/Press Enter when you have done this/.test(prompt)) await s.press("1", "2", "3", KEY.enter); // every step is done
      else if (/Has anything already happened/.test(prompt)) await s.press("1", "9", KEY.enter); // paid by card, let them connect
      else if (/still on the phone|can the caller still see/.test(prompt)) await s.press("1", KEY.enter);
      else if (/What would you like to do\?/.test(prompt)) await s.press("1", KEY.enter); // show me the result
      else if (/\(Y\/n\)/.test(prompt)) await s.press("n", KEY.enter);
      else if (/\? Their name/.test(prompt)) await s.press(KEY.enter);
      else if (questionLine(n).test(prompt)) await s.press("1", KEY.enter);
      else throw new Error(`an unexpected prompt:\n${prompt}`);
      await s.answeredMoreThan(count);
      if (questionLine(n).test(prompt)) n++;
    }
    expect(await s.exited).toBe(0);
    const verdict = s.text.slice(s.text.lastIndexOf("Do this now"));
    for (const step of ["Hang up now.", "Disconnect the computer from the internet now", "Call your bank or card company"])
      expect(verdict).toMatch(new RegExp(`\\d\\.\\s+✔ Done: ${step}`));
    // What was not ticked is still to do.
    expect(verdict).toMatch(/\d\.\s+(?!✔)\S/);
  });

  it("keeps the answers on Ctrl-C (exit 130) and --resume carries on", async () => {
    const state = freshState();
    const s = new PtySession([], { env: { SCAMCHECK_STATE_DIR: state } });
    await question(s, 1);
    await s.press("2", KEY.enter); // no longer on the line
    await question(s, 2);
    await s.press(KEY.enter); // nothing ticked: not sure
    await question(s, 3);
    await s.press(KEY.ctrlC);
    expect(await s.exited).toBe(130);
    expect(s.text).toContain("Stopped. Your answers so far are saved; run 'scamcheck --resume' to carry on.");
    expect(s.text).not.toMatch(/\n\s+at /); // no stack trace
    const draft = join(state, "draft.json");
    expect(statSync(draft).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(draft, "utf8")).answers)).toHaveLength(2);

    const again = new PtySession(["--resume"], { env: { SCAMCHECK_STATE_DIR: state } });
    await question(again, 3);
    expect(again.text).not.toMatch(/Question 1\b/);
    again.kill();
  });

  it("a resumed check keeps the region it was started in", async () => {
    const state = freshState();
    const s = new PtySession(["--region", "gb"], { env: { SCAMCHECK_STATE_DIR: state } });
    await question(s, 1);
    await s.press("2", KEY.enter);
    await question(s, 2);
    await s.press(KEY.ctrlC);
    expect(await s.exited).toBe(130);
    expect(JSON.parse(readFileSync(join(state, "draft.json"), "utf8")).region).toBe("gb");
    const again = new PtySession(["--resume"], { env: { SCAMCHECK_STATE_DIR: state } });
    await answerAll(again, "1", 2);
    expect(await again.exited).toBe(0);
    expect(again.text).toContain("Who can help (United Kingdom)");
  });

  it("goes back to change the previous answer", async () => {
    const s = new PtySession([], { env: { SCAMCHECK_STATE_DIR: freshState() } });
    const first = await question(s, 1);
    await s.press("2", KEY.enter);
    await question(s, 2);
    await s.press(KEY.up, KEY.space, KEY.enter); // the last choice is "Go back to the previous question"
    expect(await question(s, 1)).toBe(first);
    s.kill();
  });

  it("--plain uses no colour and no box-drawing characters", async () => {
    const s = new PtySession(["--plain"], { env: { SCAMCHECK_STATE_DIR: freshState() } });
    await answerAll(s, "1", 1);
    expect(await s.exited).toBe(0);
    expect(s.rawOutput).not.toMatch(/\u001b\[(?:3\d|9\d|1|2)m/); // no colour, bold or dim
    expect(s.text).not.toMatch(/[─│❯✔◯◉⚠•·]/);
    expect(s.text).toContain("Verdict:");
  });

  it("wraps everything to a 40-column terminal", async () => {
    const s = new PtySession([], { cols: 40, env: { SCAMCHECK_STATE_DIR: freshState() } });
    await answerAll(s, "1", 1);
    expect(await s.exited).toBe(0);
    const screen = await s.screen();
    const from = screen.findIndex((row) => HEADLINES.test(row.text));
    expect(from).toBeGreaterThan(0);
    // The prompts after the verdict are the prompt library's, which lets the terminal wrap its lines.
    const to = screen.findIndex((row, i) => i > from && /^\? (Write down what happened|Their name)/.test(row.text));
    const verdict = screen.slice(from, to > from ? to : undefined);
    // A row the terminal had to start itself means a line ran past the edge, broken wherever it fell.
    expect(verdict.filter((row) => row.wrapped).map((row) => row.text)).toEqual([]);
  });

  it("wraps the Ctrl-C line to a 50-column terminal between words", async () => {
    const s = new PtySession([], { cols: 50, env: { SCAMCHECK_STATE_DIR: freshState() } });
    await question(s, 1);
    await s.press("2", KEY.enter); // no longer on the phone
    await question(s, 2);
    await s.press(KEY.ctrlC);
    expect(await s.exited).toBe(130);
    const screen = await s.screen();
    const stop = screen.findIndex((row) => row.text.startsWith("Stopped."));
    expect(screen.slice(stop).map((row) => row.text)).toEqual(["Stopped. Your answers so far are saved; run", "'scamcheck --resume' to carry on."]);
    expect(screen.slice(stop).some((row) => row.wrapped)).toBe(false);
  });
});

describe("pre-filling from call notes", () => {
  it("--read-notes FILE shows what the notes answer, with the words, and asks only what is still open", async () => {
    const dir = freshState();
    const notes = join(dir, "notes.txt");
    writeFileSync(notes, "A man rang saying he was from Windows technical department.\nHe said my computer had a virus and wanted me to install AnyDesk.\nI refused to give my card details and hung up.\n");
    const s = new PtySession(["--read-notes", notes], { env: { SCAMCHECK_STATE_DIR: join(dir, "state") } });
    expect(await s.waitForAny(["Use these answers?"])).toBe(0);
    expect(s.lastScreen).toContain(`From ${notes}, these answers:`);
    expect(s.lastScreen).toContain('(line 2: "wanted me to install")');
    expect(s.lastScreen).not.toMatch(/card details/); // a refusal answers nothing
    await s.press(KEY.enter); // use them
    const first = await question(s, 5); // four answers came from the notes, so the first question asked is the fifth
    expect(first).not.toContain("Who did the caller say they were?");
    s.kill();
  });
});
