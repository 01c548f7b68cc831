/** `scamcheck scan`, run as a person or a script would: notes in, answers with evidence and a verdict out. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { verdictOutputSchema } from "../../src/core/output-schema.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { runCli } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "scamcheck-scan-"));
const file = (name: string, content: string | Buffer) => {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
};

const STORY = `A man rang me this morning saying he was from the Windows technical department.
He said my computer was infected and asked me to download AnyDesk.
I refused to install it. They did not ask for my card.
`;

const evidenceSchema = z.strictObject({
  question: z.string(),
  answer: z.union([z.string(), z.number()]),
  text: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  phrase: z.string(),
  cue: z.string().optional(),
});

/** `scan --json` is the verdict of `check --json` plus the answers and their evidence. */
function parseScanJson(stdout: string) {
  const { answers, evidence, ...verdict } = JSON.parse(stdout) as { answers: Record<string, unknown>; evidence: unknown[] };
  return { answers, evidence: z.array(evidenceSchema).parse(evidence), verdict: verdictOutputSchema.parse(verdict) };
}

describe("scamcheck scan", () => {
  it("shows each inferred answer with the words and their line:column, then the verdict and steps", async () => {
    const r = await runCli(["scan", file("story.txt", STORY), "--region", "gb"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^What the notes say \(.*story\.txt\)$/m);
    expect(r.stdout).toContain("How did the call start? They called me out of the blue");
    expect(r.stdout).toMatch(/1:1\s+"A man rang"/);
    expect(r.stdout).toMatch(/2:\d+\s+"asked me to download"/);
    expect(r.stdout).toContain("This is a scam");
    expect(r.stdout).toContain("Do this now");
    expect(r.stdout).toContain("Who can help (United Kingdom)");
  });

  it("never repeats a secret from the notes in its evidence, as text or as JSON", async () => {
    const notes = file("code.txt", "He said he was from my bank. I read out the code 482913 from my text.\n");
    for (const args of [["scan", notes], ["scan", notes, "--json"]]) {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("[one-time code removed]");
      expect(r.stdout).not.toContain("482913");
    }
  });

  it("gives JSON with answers, evidence and the same verdict fields as check --json", async () => {
    const r = await runCli(["scan", file("story.txt", STORY), "--json"]);
    expect(r.code).toBe(0);
    const { answers, evidence, verdict } = parseScanJson(r.stdout);
    expect(answers).toMatchObject({ "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes", "computer-problem-claim": "yes" });
    expect(evidence).toContainEqual(expect.objectContaining({ question: "contact-start", answer: "they-called", text: "A man rang", line: 1, column: 1 }));
    expect(verdict.verdict).toBe("scam");
    expect(verdict.family?.id).toBe("tech-support");

    // The same answers through `check` give the same verdict.
    const check = await runCli(["check", "--answers", "-", "--json"], { input: JSON.stringify(answers) });
    expect(JSON.parse(check.stdout)).toEqual(verdict);
  });

  it("reads standard input with '-', in a transcript style", async () => {
    const transcript = "Caller: Hi, this is Chase fraud prevention.\nCaller: I'm sending a request to your app, just approve it.\nMe: I'd rather call the number on my card.\nCaller: There's no time for that.\n";
    const r = await runCli(["scan", "-", "--json"], { input: transcript });
    expect(r.code).toBe(0);
    const { answers } = parseScanJson(r.stdout);
    expect(answers).toMatchObject({ "claimed-org": "bank", "bank-approve-in-app": "yes", verification: "refused", pressure: "yes" });
  });

  it("never echoes control characters or escape sequences from the notes or the file name", async () => {
    const notes = "They asked for \u001b]0;owned\u0007 my\u001b[2J PIN.\n";
    const path = file("evil\u001b[31mname.txt", notes);
    const r = await runCli(["scan", path]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain("Did they ask for your whole PIN or password");
    const json = await runCli(["scan", path, "--json"]);
    const { evidence } = parseScanJson(json.stdout);
    expect(evidence[0]?.text).toContain("\u001b"); // JSON keeps the text as written; JSON escaping makes it safe
    expect(json.stdout).not.toMatch(/\u001b/);
  });

  it("says when the notes answer nothing, and gives the not-enough-information verdict", async () => {
    const r = await runCli(["scan", "-"], { input: "Rang the plumber about the boiler.\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Nothing in the notes answers the questions yet.");
    expect(r.stdout).toContain("Not enough information yet");
  });

  it("says plainly that empty notes, or blank space only, give nothing to read: exit 2 and no verdict", async () => {
    for (const [args, input, line] of [
      [["scan", file("empty.txt", "")], undefined, `scamcheck: ${join(tmp, "empty.txt")}: nothing to read: the call notes are empty`],
      [["scan", "-", "--json"], " \n\t\u00a0\n", "scamcheck: <stdin>: nothing to read: the call notes are only blank space"],
      [["scan", "-", "--brief"], "\ufeff", "scamcheck: <stdin>: nothing to read: the call notes are empty"],
    ] as const) {
      const r = await runCli([...args], input !== undefined ? { input } : {});
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim()).toBe(line);
      expect(r.stdout).toBe("");
    }
  });

  it("exits 1 with --fail-on at or above the band, and 2 for a bad band", async () => {
    const hit = await runCli(["scan", file("story.txt", STORY), "--fail-on", "likely-scam"]);
    expect(hit.code).toBe(1);
    const bad = await runCli(["scan", file("story.txt", STORY), "--fail-on", "maybe"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--fail-on must be one of: suspicious, likely-scam, scam");
  });

  it("refuses unreadable input with one positioned line and exit 2", async () => {
    const missing = await runCli(["scan", join(tmp, "nope.txt")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.txt: no such file/);
    const binary = await runCli(["scan", file("bad.txt", Buffer.from([0x61, 0x62, 0xff, 0xfe, 0x63]))]);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/bad\.txt\b.*not valid UTF-8/);
    const big = await runCli(["scan", file("big.txt", "a".repeat(3 * 1024 * 1024))]);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain("is too large");
    expect(missing.stderr + binary.stderr + big.stderr).not.toMatch(/\n\s+at /);
  });

  it("is listed in the help, with examples", async () => {
    const r = await runCli(["scan", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: scamcheck scan [options] <file>");
    expect(r.stdout).toContain("Caller: ... / Me: ...");
    expect((await runCli(["--help"])).stdout).toContain("scan [options] <file>");
  });

  it("is a library function too, for pre-filling the interview", async () => {
    const lib = await import(join(PACKAGE_ROOT, "dist", "index.js"));
    const { rules } = await lib.loadRules();
    const known = new Map([["contact-start", "they-called"]]);
    const { answers, evidence } = lib.inferAnswers(rules, "He was from Microsoft and wanted TeamViewer. It rang out of the blue.", { known });
    expect(Object.fromEntries(answers)).toEqual({ "claimed-org": "computer-company", "asked-remote-access": "yes" });
    expect(evidence.map((e: { question: string }) => e.question)).toEqual(["claimed-org", "asked-remote-access"]);
    expect(lib.triage(rules, new Map([...answers, ...known])).verdict.id).toBe("scam");
  });
});
