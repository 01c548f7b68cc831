/**
 * Nothing typed is lost to a bad path (issue 15): every file the interactive triage will read or
 * write is checked before it asks anything. And reading call notes and writing case notes have two
 * names, --read-notes and --write-notes; the old spellings still work, with a warning.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { flat, KEY, PtySession } from "../helpers/pty.js";

function place() {
  const dir = mkdtempSync(join(tmpdir(), "scamcheck-files-"));
  mkdirSync(join(dir, "a-folder"));
  writeFileSync(join(dir, "call.txt"), "A man rang saying he was from Windows technical department.\nHe wanted me to install AnyDesk.\n");
  writeFileSync(join(dir, "empty.txt"), "");
  writeFileSync(join(dir, "blank.txt"), " \n\t\n");
  return { dir, env: { SCAMCHECK_STATE_DIR: join(dir, "state"), SCAMCHECK_CASE_STORE: join(dir, "cases.sqlite") } };
}

/** The triage in a terminal until it ends; what it showed and its exit code. */
async function runToEnd(args: string[]): Promise<{ text: string; code: number | null; dir: string }> {
  const { dir, env } = place();
  const s = new PtySession(args, { env, cwd: dir });
  const code = await Promise.race([s.exited, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 30_000))]);
  s.kill();
  if (code === "hung") throw new Error(`still asking:\n${s.text}`);
  return { text: flat(s.text).trim(), code, dir };
}

describe("file arguments are checked before the triage asks anything", () => {
  it.each([
    [["--save", "no-such-folder/answers.json"], "scamcheck: --save no-such-folder/answers.json: its folder does not exist"],
    [["--save", "a-folder"], "scamcheck: --save a-folder: is a folder; give the name of a file to write"],
    [["--staff", "--write-notes", "call.txt/notes.md"], "scamcheck: --write-notes call.txt/notes.md: part of the path is a file, not a folder"],
    [["--read-notes", "nope.txt"], "scamcheck: nope.txt: no such file"],
    [["--read-notes", "-"], "scamcheck: --read-notes - would read the notes from the keyboard the questions need; give a file name instead"],
    // Notes with nothing in them would pre-fill nothing and look like notes that were read.
    [["--read-notes", "empty.txt"], "scamcheck: empty.txt: nothing to read: the call notes are empty"],
    [["--notes", "blank.txt"], "scamcheck: blank.txt: nothing to read: the call notes are only blank space"],
    // The case the issue found: meant as the case notes to write, and once lost five typed details.
    [["--staff", "--notes", "ticket.md"], "scamcheck: --notes ticket.md: no such file to read call notes from; to write the case notes to it, use --write-notes ticket.md (--notes takes markdown or text)"],
    [["--rules", "nope.yaml"], (dir: string) => `scamcheck: ${join(dir, "nope.yaml")}: no such file`],
  ])("%j: one line, exit 2, and not one question asked", async (args, line) => {
    const r = await runToEnd(args);
    expect(r.text).toBe(typeof line === "string" ? line : line(r.dir));
    expect(r.code).toBe(2);
    expect(readdirSync(r.dir).sort()).toEqual(["a-folder", "blank.txt", "call.txt", "empty.txt"]); // no draft, no store
  });
});

describe("reading call notes and writing case notes", () => {
  it("--help names them apart; the old --notes-file is not offered", async () => {
    const r = await runCli(["--help"]);
    const text = r.stdout.replace(/\s+/g, " ");
    expect(text).toContain("--read-notes <file> pre-fill the answers from these call notes (a text file)");
    expect(text).toContain("--write-notes <file> write ticket-ready case notes to this file (Markdown unless --notes text)");
    expect(text).toContain("--notes <format> print ticket-ready case notes at the end: markdown or text");
    expect(text).not.toContain("--notes-file");
  });

  it("the old spellings still work, each with one warning line naming the new option", async () => {
    const { dir, env } = place();
    const read = new PtySession(["--notes", join(dir, "call.txt")], { env });
    expect(await read.waitForAny(["Use these answers?"])).toBe(0);
    read.kill();
    expect(flat(read.text)).toContain(`scamcheck: warning: --notes FILE is now --read-notes FILE (--notes takes markdown or text); reading call notes from ${join(dir, "call.txt")}`);
    expect(flat(read.text)).toContain(`From ${join(dir, "call.txt")}, these answers:`);

    const write = new PtySession(["--staff", "--notes-file", join(dir, "notes.md")], { env });
    expect(await write.waitForAny(["Number that called"])).toBe(0);
    await write.press(KEY.ctrlC);
    await write.exited;
    expect(flat(write.text)).toContain("scamcheck: warning: --notes-file is now --write-notes (it writes the case notes); the old name still works for now");
  });

  it("--read-notes takes notes as large as scan does (one cap for call notes)", async () => {
    const { dir, env } = place();
    const notes = join(dir, "long.txt");
    writeFileSync(notes, `${"The man said he was from Windows technical department. ".repeat(27_000)}\n`); // about 1.5 MB
    const s = new PtySession(["--read-notes", notes], { env });
    expect(await s.waitForAny(["Use these answers?", "too large"], 60_000)).toBe(0);
    s.kill();
    const big = await runCli(["scan", notes, "--brief"]);
    expect(big.code).toBe(0);
  });

  it("the old and new name of one option, or a file given to --notes beside --read-notes, are refused", async () => {
    const { dir, env } = place();
    for (const [args, line] of [
      [["--staff", "--notes-file", "a.md", "--write-notes", "b.md"], "scamcheck: --notes-file is the old name of --write-notes; give one of them"],
      [["--read-notes", "call.txt", "--notes", "ticket.md"], "scamcheck: --notes takes markdown or text, not 'ticket.md'; --read-notes names the call notes to read"],
    ] as const) {
      const s = new PtySession([...args], { env, cwd: dir });
      expect(await s.exited).toBe(2);
      expect(flat(s.text).trim()).toBe(line);
    }
  });
});
