/**
 * Nothing secret at rest (issue 15): every command that writes what people type is run in a fresh
 * HOME with generated secrets in the notes, answers and case details, then every file under that
 * HOME is searched for them. Realistic innocent numbers typed alongside must come through.
 * Each run spawns the CLI several times, so the runs are few; tests/unit/redact.test.ts runs the
 * redactor itself on many more.
 */
import fc from "fast-check";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { casesIn } from "../helpers/stores.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { expectValid } from "../helpers/schemas.js";
import { flat, KEY, PtySession } from "../helpers/pty.js";
import { cardNumber, notes, type Notes } from "../property/secrets.js";

const PACK_WITH_TEXT_QUESTION = join(import.meta.dirname, "..", "hardening", "fixtures", "literal-patterns.yaml");

/** A HOME with nothing pointing elsewhere: every default folder (state, data, config) is under it. */
function freshHome() {
  const home = mkdtempSync(join(tmpdir(), "scamcheck-home-"));
  const env = {
    HOME: home,
    ...Object.fromEntries(
      ["XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "SCAMCHECK_STATE_DIR", "SCAMCHECK_CASE_STORE", "SCAMCHECK_CONFIG", "SCAMCHECK_OPERATOR", "SCAMCHECK_STAFF"].map((k) => [k, undefined]),
    ),
  };
  return { home, env };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Every needle of every secret found in any file under `home`, as "file: kind: needle". */
function leaks(home: string, typed: readonly Notes[]): string[] {
  const found: string[] = [];
  for (const file of filesUnder(home)) {
    const text = readFileSync(file, "utf8");
    for (const n of typed) for (const s of n.secrets) for (const needle of s.needles) if (text.includes(needle)) found.push(`${file.slice(home.length)}: ${s.kind}: ${needle}`);
  }
  return found;
}

const ANSWERS = { "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes", "asked-payment": "yes", "payment-method": ["card"] };

describe("no secret typed into a case reaches a file", () => {
  it("check --record (one case and a batch), cases list, cases export and cases report (property)", async () => {
    await fc.assert(
      fc.asyncProperty(notes(3), notes(2), notes(2), fc.boolean(), cardNumber, async (organisation, ticket, when, cardAsNumber, card) => {
        const { home, env } = freshHome();
        const details = (n: Notes, t: Notes) => ({
          number: cardAsNumber ? card.spelled : "020 7946 0018",
          organisation: n.text,
          ticket: t.text,
          callTime: when.text,
          operator: "Sam",
        });
        const one = await runCli(["--region", "gb", "check", "--answers", "-", "--record"], { input: JSON.stringify({ details: details(organisation, ticket), answers: ANSWERS }), env, cwd: home });
        expect(one.code, one.stderr).toBe(0);
        expect(one.stderr).toMatch(/removed before saving: /);
        const batch = [details(ticket, when), details(when, organisation)].map((d) => JSON.stringify({ details: d, answers: ANSWERS })).join("\n");
        const many = await runCli(["--region", "gb", "check", "--batch", "-", "--record"], { input: `${batch}\n`, env, cwd: home });
        expect(many.code, many.stderr).toBe(0);
        const shown = await runCli(["cases", "list", "--json"], { env, cwd: home, stdoutFile: join(home, "list.json") });
        expect(shown.code, shown.stderr).toBe(0);
        for (const format of ["csv", "zendesk"]) {
          const exported = await runCli(["cases", "export", "--format", format], { env, cwd: home, stdoutFile: join(home, `export.${format}`) });
          expect(exported.code, exported.stderr).toBe(0);
        }
        // The evidence pack of a case, as a clerk would save it.
        const [first] = await casesIn(join(home, ".local", "share", "scamcheck", "cases.sqlite"));
        const report = await runCli(["cases", "report", String(first?.id)], { env, cwd: home, stdoutFile: join(home, "report.md") });
        expect(report.code, report.stderr).toBe(0);

        const typed = [organisation, ticket, when, ...(cardAsNumber ? [{ text: card.spelled, secrets: [{ kind: "card as the number", text: card.spelled, needles: [card.spelled, card.number] }], innocents: [] }] : [])];
        expect(leaks(home, typed)).toEqual([]);
        const log = JSON.stringify(await casesIn(join(home, ".local", "share", "scamcheck", "cases.sqlite")));
        for (const n of [organisation, ticket, when]) for (const i of n.innocents) expect(log).toContain(JSON.stringify(i).slice(1, -1));
      }),
      { numRuns: 10, endOnFailure: true },
    );
    // Each run starts the CLI six times: more than the default test time on a busy machine.
  }, 240_000);

  it("a case id that is a card number is refused in one line, and neither stored nor echoed", async () => {
    const { home, env } = freshHome();
    const r = await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify({ id: "4111111111111111", answers: ANSWERS }), env, cwd: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("scamcheck: <stdin>: $.id: looks like a card number; a case id is stored and shown, so use a reference that holds no secret\n");
    expect(r.stdout).toBe("");
    expect(filesUnder(home)).toEqual([]);
  });

  it.each([
    [["--save", "4111-1111-1111-1111.json"], "--save"],
    [["--write-notes", "pin 4321.md"], "--write-notes"],
    [["--read-notes", "otp 493817.txt"], "--read-notes"],
    [["--case-store", "GB82WEST12345698765432.sqlite", "check", "--answers", "-"], "--case-store"],
    [["cases", "show", "4111111111111111"], "an argument"],
  ])("a file name or id holding a secret is refused before anything runs: %j", async (args, where) => {
    const { home, env } = freshHome();
    const r = await runCli(args, { env, cwd: home, input: JSON.stringify(ANSWERS) });
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toHaveLength(2); // one line
    expect(r.stderr).toMatch(new RegExp(`^scamcheck: ${where} looks like it holds an? [a-zA-Z -]+; it would be shown and stored`));
    expect(r.stderr).not.toMatch(/4111|4321|GB82/);
    expect(filesUnder(home)).toEqual([]);
  });

  it("operator mode: the draft after Ctrl-C, then --save and the notes file after --resume (property)", async () => {
    // Typed at a prompt, a line break would be Enter: the notes are typed on one line.
    const oneLine = (n: Notes): Notes => ({ ...n, text: n.text.replace(/\n/g, ". ") });
    await fc.assert(
      fc.asyncProperty(notes(2).map(oneLine), notes(2).map(oneLine), notes(2).map(oneLine), async (organisation, ticket, said) => {
        const { home, env } = freshHome();
        const save = join(home, "answers.json");
        const notesFile = join(home, "notes.md");
        const args = ["--staff", "--region", "gb", "--rules", PACK_WITH_TEXT_QUESTION, "--save", save, "--write-notes", notesFile];
        // Run in the HOME, so the evidence pack offered at the end is written (and searched) there.
        const first = new PtySession(args, { env, cols: 200, cwd: home });
        try {
          await first.waitForAny(["Number that called"]);
          await first.press("020 7946 0018", KEY.enter);
          await first.waitForAny(["Organisation the caller claimed"]);
          await first.press(organisation.text, KEY.enter);
          await first.waitForAny(["When was the call?"]);
          await first.press("20/11/2026 10:40", KEY.enter);
          await first.waitForAny(["Ticket reference"]);
          await first.press(ticket.text, KEY.enter);
          await first.waitForAny(["Your name"]);
          await first.press("Sam", KEY.enter);
          await first.waitForAny([/Question 1 [\s\S]*\? \S/]);
          await first.press("1", KEY.enter);
          await first.waitForAny([/Question 2 [\s\S]*\? \S/, /Press Enter when (you have|the customer has) done this/]);
          await first.press(KEY.ctrlC);
          expect(await first.exited).toBe(130);
        } catch (error) {
          throw new Error(`${(error as Error).message}\nscreen:\n${first.text.slice(-2500)}`);
        } finally {
          first.kill();
        }
        expect(flat(first.text)).toMatch(/(?:was|were) removed before saving\./);
        const draft = filesUnder(home).find((f) => f.endsWith("draft.json"));
        expect(draft).toBeDefined();
        expect(leaks(home, [organisation, ticket])).toEqual([]);

        const again = new PtySession(["--resume", ...args], { env, cols: 200, cwd: home });
        let askedText = false;
        try {
          for (let n = 0; n < 80; n++) {
            const count = again.answered();
            const prompt = await again.activePrompt();
            if (prompt === undefined) break;
            if (/What did the caller say\?/.test(prompt)) {
              askedText = true;
              await again.press(said.text, KEY.enter);
            } else if (/Press Enter when (you have|the customer has) done this/.test(prompt)) await again.press(KEY.enter);
            // Offered the result early: ask on until the pack's text question has come.
            else if (prompt.includes("What would you like to do?")) await again.press(askedText ? "1" : "2", KEY.enter);
            else await again.press("1", KEY.enter);
            await again.answeredMoreThan(count);
          }
          expect(await again.exited).toBe(0);
        } catch (error) {
          throw new Error(`${(error as Error).message}\nscreen:\n${again.text.slice(-2500)}`);
        } finally {
          again.kill();
        }
        // The pack's text question comes after "they called out of the blue", the first choice.
        expect(askedText).toBe(true);
        expect(leaks(home, [organisation, ticket, said])).toEqual([]);
        const stored = (await casesIn(filesUnder(home).find((f) => f.endsWith("cases.sqlite")) as string)).map((c) => Object.values(c).join(" ")).join("\n");
        const written = readFileSync(notesFile, "utf8") + stored;
        for (const n of [organisation, ticket]) for (const i of n.innocents) expect(written.replace(/\s+/g, " ")).toContain(i);
        const saved = JSON.parse(readFileSync(save, "utf8"));
        expectValid("answers", saved); // what --save writes is what the answers schema describes
        expect(saved.region).toBe("gb");
        expect(saved.answers["contact-start"]).toBe("they-called");
        expect(saved.answers["caller-phrase"]).toContain(" removed");
        // Everything it wrote is private, as the README's table of files says: files 0600, folders 0700.
        const modes = readdirSync(home, { withFileTypes: true, recursive: true }).map((e) => {
          const path = join(e.parentPath, e.name);
          return [path.slice(home.length), (statSync(path).mode & 0o777).toString(8)];
        });
        expect(modes).toEqual(modes.map(([path]) => [path, statSync(join(home, path as string)).isDirectory() ? "700" : "600"]));
      }),
      // No shrinking: each step would drive two terminal sessions; the counterexample is printed whole.
      { numRuns: Number(process.env.PTY_RUNS ?? 2), endOnFailure: true },
    );
  }, 240_000);
});

describe("the configured case store (config file caseStore)", () => {
  /** A fresh HOME whose config file names this case store. */
  function configured(caseStore: string) {
    const { home, env } = freshHome();
    const config = join(home, ".config", "scamcheck", "config.json");
    mkdirSync(join(home, ".config", "scamcheck"), { recursive: true });
    writeFileSync(config, JSON.stringify({ caseStore }));
    return { home, env, config };
  }
  const written = (home: string, config: string) => filesUnder(home).filter((f) => f !== config).map((f) => readFileSync(f).toString("latin1")).join("\n");

  it("its passwords (after the user, and in ?password= or ?sslpassword=) are never shown, nor kept with a case that could not be saved", async () => {
    // Port 1: nothing listens, so the case cannot be saved and is kept in the state folder.
    const { home, env, config } = configured("postgres://helpdesk:Hunter2-pw@127.0.0.1:1/test?sslmode=disable&password=Q-pw&sslpassword=K-pw");
    const r = await runCli(["check", "--answers", "-", "--record"], { input: JSON.stringify(ANSWERS), env, cwd: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("postgres://helpdesk@127.0.0.1:1/test?sslmode=disable: could not save case");
    const kept = written(home, config);
    expect(kept).toContain("postgres://helpdesk@127.0.0.1:1/test?sslmode=disable");
    for (const pw of ["Hunter2-pw", "Q-pw", "K-pw"]) {
      expect(r.stderr + r.stdout).not.toContain(pw);
      expect(kept).not.toContain(pw);
    }
  });

  it("operator mode: the draft keeps the store's address without its password", async () => {
    const { home, env, config } = configured("postgres://helpdesk:Hunter2-pw@127.0.0.1:1/test?password=Q-pw");
    const s = new PtySession(["--staff", "--region", "gb"], { env });
    await s.waitForAny(["Number that called"]);
    await s.press("020 7946 0018", KEY.enter);
    await s.waitForAny(["Organisation the caller claimed"]);
    await s.press(KEY.ctrlC);
    expect(await s.exited).toBe(130);
    const drafts = filesUnder(home).filter((f) => f.endsWith("draft.json"));
    expect(drafts).toHaveLength(1);
    expect(JSON.parse(readFileSync(drafts[0] as string, "utf8")).staff).toEqual({ caseLog: "postgres://helpdesk@127.0.0.1:1/test" });
    expect(written(home, config)).not.toMatch(/Hunter2-pw|Q-pw/);
    expect(s.text).not.toMatch(/Hunter2-pw|Q-pw/);
  });

  it.each([
    ["cases-4111111111111111.sqlite", "a card number"],
    ["postgres://helpdesk@db.example/pin-1234", "a PIN"],
  ])("a store name holding a secret (%s) is refused in one line naming the setting, without repeating it", async (caseStore, what) => {
    const { home, env, config } = configured(caseStore);
    for (const args of [["check", "--answers", "-", "--record"], ["cases", "list"]]) {
      const r = await runCli(args, { input: JSON.stringify(ANSWERS), env, cwd: home });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`scamcheck: ${config}: $.caseStore: looks like it holds ${what}; it would be shown and stored, so use a name that holds no secret\n`);
      expect(filesUnder(home)).toEqual([config]);
    }
  });
});
