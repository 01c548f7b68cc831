/**
 * Hardening, the case history (issue #8): a full disk, signals during a write, a folder that is
 * missing or cannot be written, and `cases purge` failing or interrupted part way. In every case
 * the verdict is still shown, the case is never lost (it is kept in the state folder's
 * unsaved-cases.jsonl and added to the case log next time, or printed whole on stderr), the log
 * holds only whole records, no lock or temporary file is left behind, the error is one line naming
 * the case log, and the exit code is documented (2, or 130/143 for a signal).
 *
 * A full disk is simulated three ways: a 64 KB tmpfs (only where the tests may mount one, as root
 * usually can), and a preload (fixtures/case-log-faults.cjs) that makes writes to chosen
 * files take part of the data and then fail with ENOSPC, which needs no privilege at all.
 * (Two processes appending at once is in tests/e2e/case-log.test.ts.)
 */
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readAllCases } from "../../src/node/case-log.js";
import type { CaseRecord } from "../../src/core/case-record.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { BIN, cannotRunAs, nodeFor, runCli, type RunResult } from "../helpers/cli.js";
import { answerAll, answerCaseDetails, expectNoTrace, KEYS, linesOf, preload, scratch, SignalPty, startCli } from "../hardening/helpers.js";
import { flat, HEADLINES } from "../helpers/pty.js";

const asRoot = process.getuid?.() === 0;
/** Set when, run as root, the tests cannot run the CLI as nobody from this checkout (they then skip outside CI). */
const nobodyBlocked = asRoot && !process.env.CI && cannotRunAs({ uid: 65534, gid: 65534 }) !== undefined;
const NOBODY = { uid: 65534, gid: 65534 };
const ADVICE_FULL = "Free some space there, or choose another case log with --case-log PATH or SCAMCHECK_CASE_LOG.";
const CHOOSE = "choose another case log with --case-log PATH or SCAMCHECK_CASE_LOG.";

/** A case for `check --answers -`, with an id so the test can find it. */
const caseInput = (id: string) =>
  JSON.stringify({
    id,
    details: { number: "020 7946 0018", organisation: "Microsoft", operator: "Sam" },
    answers: { "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes" },
  });

/** A case log record written by the test itself. */
const record = (id: string, recordedAt = new Date().toISOString(), padding = 0): CaseRecord => ({
  schemaVersion: 1,
  id,
  recordedAt,
  verdict: "scam",
  score: 100,
  family: null,
  reasons: [],
  actions: [],
  answers: padding ? { note: "x".repeat(padding) } : {},
  redactions: [],
  tool: "test",
  packs: [],
});

/** A fresh place: the case log's folder, a private state folder, and no config file. */
function place(label: string) {
  const dir = scratch(label);
  return {
    dir,
    log: join(dir, "cases.jsonl"),
    state: join(dir, "state"),
    unsaved: join(dir, "state", "unsaved-cases.jsonl"),
    env: (log: string, extra: Record<string, string | undefined> = {}) => ({
      SCAMCHECK_CASE_LOG: log,
      SCAMCHECK_STATE_DIR: join(dir, "state"),
      SCAMCHECK_CONFIG_DIR: join(dir, "config"),
      ...extra,
    }),
  };
}

const record1 = (log: string, id: string, env: Record<string, string | undefined>, extra: string[] = []) =>
  runCli(["--region", "gb", "check", "--answers", "-", "--record", "--json", ...extra], { input: caseInput(id), env: { ...env, SCAMCHECK_CASE_LOG: log } });

/** The faults preload: writes to files matching `match` fail as on a full disk (after `allow` bytes). */
const full = (match: string, more: Record<string, string> = {}) => ({
  NODE_OPTIONS: preload("case-log-faults.cjs"),
  SCAMCHECK_TEST_FS_MATCH: match,
  SCAMCHECK_TEST_FS_FAULT: "enospc",
  ...more,
});
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The cases kept in the state folder, by id. */
const keptIds = (unsaved: string): string[] =>
  existsSync(unsaved) ? linesOf(readFileSync(unsaved, "utf8")).map((l) => (JSON.parse(l) as { record: CaseRecord }).record.id) : [];

/** Nothing left beside the log: no lock, no temporary file. */
function expectTidy(dir: string): void {
  expect(readdirSync(dir).filter((f) => f.endsWith(".lock") || f.endsWith(".tmp"))).toEqual([]);
}

/** The verdict was printed whole on stdout (check --json). */
function expectVerdict(r: RunResult): void {
  expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1, verdict: expect.any(String) });
}

const savedLine = (log: string, id: string, cause: string, advice: string, unsaved: string) =>
  `scamcheck: ${log}: could not save case ${id}: ${cause}. ${advice} The case is kept in ${unsaved} and will be added to the case log the next time a case is saved to it.`;

/** Run the CLI as another user (file permissions apply even when the tests run as root). */
function runAs(user: { uid: number; gid: number } | undefined, args: string[], input: string, env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(nodeFor(user), [BIN, ...args], {
      cwd: PACKAGE_ROOT,
      env: { PATH: process.env.PATH, NO_COLOR: "1", LANG: "C", ...env },
      stdio: ["pipe", "pipe", "pipe"],
      ...user,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (error) => resolve({ code: null, signal: null, stdout, stderr: `${stderr}could not start the CLI: ${error.message}` }));
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Whether this machine lets the tests mount a small tmpfs (root, outside a locked-down container). */
const mounts: string[] = [];
function tryMount(dir: string, options: string): boolean {
  if (!asRoot || process.platform !== "linux") return false;
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) return false;
  mounts.push(dir);
  return true;
}
const probe = scratch("mount-probe");
const canMount = tryMount(probe, "size=64k");
if (canMount) spawnSync("umount", [probe]);
afterAll(() => {
  for (const dir of mounts) spawnSync("umount", ["-l", dir]);
});

/** Wait until a file exists (a marker the faults preload writes when a slow write starts). */
async function waitForFile(file: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!existsSync(file)) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${file}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("hardening: a full disk under the case log", () => {
  it.skipIf(!canMount)("a real full disk (64 KB tmpfs): the write that fits only in part is undone, the case kept, added next time", async () => {
    const p = place("tmpfs");
    const disk = join(p.dir, "disk");
    mkdirSync(disk);
    expect(tryMount(disk, "size=64k,mode=0700")).toBe(true);
    const log = join(disk, "cases.jsonl");
    // One whole record of exactly 4,000 bytes: its page has 96 bytes to spare.
    const first = `${JSON.stringify(record("first", undefined, 1))}\n`;
    const line = `${JSON.stringify(record("first", undefined, 4000 - first.length + 1))}\n`;
    expect(line.length).toBe(4000);
    writeFileSync(log, line, { mode: 0o600 });
    // Fill every page but one, which the lock file takes: the record then fits only in part.
    const { bfree, bsize } = statfsSync(disk);
    writeFileSync(join(disk, "filler"), Buffer.alloc((bfree - 1) * bsize));
    expect(statfsSync(disk).bfree).toBe(1);

    const r = await record1(log, "INC-1", p.env(log));
    expect(r.code).toBe(2);
    expectVerdict(r);
    expect(linesOf(r.stderr)).toEqual([savedLine(log, "INC-1", "could not write to it: the disk is full", ADVICE_FULL, p.unsaved)]);
    expectNoTrace(r.stderr);
    expect(readFileSync(log, "utf8")).toBe(line); // no half record left behind
    expectTidy(disk);
    expect(keptIds(p.unsaved)).toEqual(["INC-1"]);
    expect(statSync(p.unsaved).mode & 0o777).toBe(0o600);

    // A completely full disk: not even the lock file can be written, and none is left behind.
    writeFileSync(join(disk, "filler2"), Buffer.alloc(statfsSync(disk).bfree * bsize));
    const locked = await record1(log, "INC-2", p.env(log));
    expect(locked.code).toBe(2);
    expectVerdict(locked);
    expect(linesOf(locked.stderr)).toEqual([
      savedLine(log, "INC-2", `could not lock the case log (${log}.lock): the disk is full`, ADVICE_FULL, p.unsaved),
    ]);
    expectTidy(disk);

    // Space again: the next case is saved, and the two kept cases are added after it.
    rmSync(join(disk, "filler"));
    rmSync(join(disk, "filler2"));
    const next = await record1(log, "INC-3", p.env(log));
    expect(next.code).toBe(0);
    expect(linesOf(next.stderr)).toEqual([
      `Recorded as case INC-3 in ${log}.`,
      "Also saved 2 cases kept from earlier runs when they could not be saved: INC-1, INC-2.",
    ]);
    const { records, problems } = await readAllCases(log);
    expect(problems).toEqual([]);
    expect(records.map((x) => x.id)).toEqual(["first", "INC-3", "INC-1", "INC-2"]);
    expect(existsSync(p.unsaved)).toBe(false);
    expectTidy(disk);
  });

  it("a write that takes only part of the record, then ENOSPC (simulated): the part is cut off again, the case kept", async () => {
    const p = place("enospc");
    expect((await record1(p.log, "INC-0", p.env(p.log))).code).toBe(0);
    const before = readFileSync(p.log, "utf8");
    const r = await record1(p.log, "INC-1", p.env(p.log, full(`/cases\\.jsonl$`, { SCAMCHECK_TEST_FS_ALLOW: "100" })));
    expect(r.code).toBe(2);
    expectVerdict(r);
    expect(linesOf(r.stderr)).toEqual([savedLine(p.log, "INC-1", "could not write to it: the disk is full", ADVICE_FULL, p.unsaved)]);
    expectNoTrace(r.stderr);
    expect(readFileSync(p.log, "utf8")).toBe(before);
    expectTidy(p.dir);
    expect(keptIds(p.unsaved)).toEqual(["INC-1"]);
    const next = await record1(p.log, "INC-2", p.env(p.log));
    expect(next.code).toBe(0);
    expect(next.stderr).toContain("Also saved case INC-1, kept from an earlier run when it could not be saved.");
    expect((await readAllCases(p.log)).records.map((x) => x.id)).toEqual(["INC-0", "INC-2", "INC-1"]);
  });

  it("a part written that cannot be cut off again: readers skip it, the next append starts a fresh line, nothing is lost", async () => {
    const p = place("torn");
    expect((await record1(p.log, "INC-0", p.env(p.log))).code).toBe(0);
    const r = await record1(p.log, "INC-1", p.env(p.log, full(`/cases\\.jsonl$`, { SCAMCHECK_TEST_FS_ALLOW: "100", SCAMCHECK_TEST_FS_NO_TRUNCATE: "1" })));
    expect(r.code).toBe(2);
    expectVerdict(r);
    expect(keptIds(p.unsaved)).toEqual(["INC-1"]);
    expectTidy(p.dir);
    const next = await record1(p.log, "INC-2", p.env(p.log));
    expect(next.code).toBe(0);
    // The half line is reported (by the next run that reads the log) and skipped, never glued to.
    expect(next.stderr).toContain(`${p.log}:2: unreadable (cut short or edited by hand); skipped`);
    const { records, problems } = await readAllCases(p.log);
    expect(records.map((x) => x.id)).toEqual(["INC-0", "INC-2", "INC-1"]);
    expect(problems).toEqual([{ line: 2, message: "unreadable (cut short or edited by hand); skipped" }]);
    const list = await runCli(["cases", "list"], { env: p.env(p.log) });
    expect(list.code).toBe(0);
    expect(linesOf(list.stdout)).toHaveLength(4); // a header and three cases
  });

  it("kept cases are added once: one already in the log is not added again; one for another case log stays, and is mentioned", async () => {
    const p = place("kept");
    const other = join(p.dir, "other.jsonl");
    expect((await record1(p.log, "INC-0", p.env(p.log))).code).toBe(0);
    const already = JSON.parse(linesOf(readFileSync(p.log, "utf8"))[0] ?? "") as CaseRecord;
    mkdirSync(p.state, { recursive: true });
    writeFileSync(
      p.unsaved,
      [{ caseLog: p.log, record: already }, { caseLog: p.log, record: record("K-1") }, { caseLog: other, record: record("K-2") }].map((e) => JSON.stringify(e)).join("\n") + "\n",
    );
    const r = await record1(p.log, "INC-1", p.env(p.log));
    expect(r.code).toBe(0);
    expect(linesOf(r.stderr)).toEqual([
      `Recorded as case INC-1 in ${p.log}.`,
      "Also saved case K-1, kept from an earlier run when it could not be saved.",
      `(1 case kept earlier for another case log is still waiting in ${p.unsaved}.)`,
    ]);
    expect((await readAllCases(p.log)).records.map((x) => x.id)).toEqual(["INC-0", "INC-1", "K-1"]);
    expect(keptIds(p.unsaved)).toEqual(["K-2"]);
    expect(statSync(p.unsaved).mode & 0o777).toBe(0o600);
  });

  it("the state folder is full too: the record is printed whole on stderr, as JSON, after one line saying so", async () => {
    const p = place("both-full");
    // Both the case log and the state folder's unsaved-cases.jsonl.
    const r = await record1(p.log, "INC-1", p.env(p.log, full(`cases\\.jsonl$`)));
    expect(r.code).toBe(2);
    expectVerdict(r);
    const lines = linesOf(r.stderr);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `scamcheck: ${p.log}: could not save case INC-1: could not write to it: the disk is full. ${ADVICE_FULL} It could not be kept in the state folder either (could not write to it: the disk is full), so here it is: add this line to the case log when it can be written.`,
    );
    expect(JSON.parse(lines[1] ?? "")).toMatchObject({ schemaVersion: 1, id: "INC-1", operator: "Sam", organisation: "Microsoft" });
    expect(existsSync(p.log) ? readFileSync(p.log, "utf8") : "").toBe("");
    expectTidy(p.dir);
    expectTidy(p.state);
  });

  it("a batch with --record: the verdict of the line whose case could not be saved is still written, then the batch stops", async () => {
    const p = place("batch");
    const input = ["B-1", "B-2", "B-3", "B-4", "B-5"].map(caseInput).join("\n");
    const r = await runCli(["--region", "gb", "check", "--batch", "-", "--record"], {
      input,
      env: p.env(p.log, full(`/cases\\.jsonl$`, { SCAMCHECK_TEST_FS_WRITES_OK: "2" })),
    });
    expect(r.code).toBe(2);
    expect(linesOf(r.stdout).map((l) => JSON.parse(l).line)).toEqual([1, 2, 3]);
    expect(linesOf(r.stderr)).toEqual([
      savedLine(p.log, "B-3", "could not write to it: the disk is full", ADVICE_FULL, p.unsaved),
      "batch: stopped after line 3, whose case could not be recorded: 3 cases scored, 0 lines with errors; the lines after it were not scored",
    ]);
    expect((await readAllCases(p.log)).records.map((x) => x.id)).toEqual(["B-1", "B-2"]);
    expect(keptIds(p.unsaved)).toEqual(["B-3"]);
    expectTidy(p.dir);
  });

  it("operator mode in a terminal: the verdict is shown, then one message naming the log and the disk, exit 2", async () => {
    const p = place("staff-full");
    const s = new SignalPty(["--staff", "--region", "gb"], { ...p.env(p.log), ...full(`/cases\\.jsonl$`) });
    await answerCaseDetails(s);
    await answerAll(s);
    expect(await s.exited).toBe(2);
    expect(s.text).toMatch(HEADLINES);
    const text = flat(s.text);
    expect(text).toMatch(new RegExp(`${escape(p.log)}: could not save case (C-\\d{8}-[0-9a-f]{6}): could not write to it: the disk is full\\. ${escape(ADVICE_FULL)}`));
    expect(text).toContain(`The case is kept in ${p.unsaved} and will be added to the case log the next time a case is saved to it.`);
    expectNoTrace(s.text);
    expect(keptIds(p.unsaved)).toHaveLength(1);
    expectTidy(p.dir);
  });
});


describe("hardening: signals while a case is being saved", () => {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`${signal} while waiting for the lock: exit ${code}, the other process's lock untouched, the case kept and added next time`, async () => {
      const p = place("sig-wait");
      // Another process (on another computer) holds the lock.
      writeFileSync(`${p.log}.lock`, `${process.pid} another-computer\n`);
      const cli = startCli(["--region", "gb", "check", "--answers", "-", "--record", "--json"], { env: p.env(p.log) });
      cli.child.stdin!.end(caseInput("INC-1"));
      // The verdict comes first; then the CLI waits for the lock.
      const started = Date.now();
      while (!cli.stdout().endsWith("}\n") && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      cli.child.kill(signal);
      const exit = await cli.exited;
      expect(exit).toEqual({ code, signal: null });
      expect(JSON.parse(cli.stdout()).verdict).toEqual(expect.any(String));
      expect(linesOf(cli.stderr())).toEqual([
        `scamcheck: ${p.log}: stopped by ${signal} before case INC-1 was saved. The case is kept in ${p.unsaved} and will be added to the case log the next time a case is saved to it.`,
      ]);
      expect(readFileSync(`${p.log}.lock`, "utf8")).toBe(`${process.pid} another-computer\n`);
      expect(existsSync(p.log)).toBe(false);
      rmSync(`${p.log}.lock`);
      const next = await record1(p.log, "INC-2", p.env(p.log));
      expect(next.code).toBe(0);
      expect((await readAllCases(p.log)).records.map((x) => x.id)).toEqual(["INC-2", "INC-1"]);
      expectTidy(p.dir);
    });

    it(`${signal} while the record is being written: the record is finished whole, the lock removed, then exit ${code}`, async () => {
      const p = place("sig-write");
      const mark = join(p.dir, "writing");
      const cli = startCli(["--region", "gb", "check", "--answers", "-", "--record", "--json"], {
        env: p.env(p.log, { NODE_OPTIONS: preload("case-log-faults.cjs"), SCAMCHECK_TEST_FS_MATCH: `/cases\\.jsonl$`, SCAMCHECK_TEST_FS_FAULT: "slow", SCAMCHECK_TEST_FS_MARK: mark }),
      });
      cli.child.stdin!.end(caseInput("INC-1"));
      await waitForFile(mark);
      expect(existsSync(`${p.log}.lock`)).toBe(true); // held while writing
      cli.child.kill(signal);
      expect(await cli.exited).toEqual({ code, signal: null });
      expect(linesOf(cli.stderr())).toEqual([`Recorded as case INC-1 in ${p.log}.`, `Stopped by ${signal}.`]);
      const { records, problems } = await readAllCases(p.log);
      expect(problems).toEqual([]);
      expect(records.map((x) => x.id)).toEqual(["INC-1"]);
      expectTidy(p.dir);
      expect(existsSync(p.unsaved)).toBe(false);
    });
  }

  it("SIGTERM during a --record batch: it stops after the line in hand, with every line up to K recorded and written", async () => {
    const p = place("sig-batch");
    const file = join(p.dir, "cases.jsonl.in");
    writeFileSync(file, `${Array.from({ length: 3000 }, (_, i) => caseInput(`B-${i + 1}`)).join("\n")}\n`);
    const cli = startCli(["--region", "gb", "check", "--batch", file, "--record"], { env: p.env(p.log) });
    // Signalled part way through a slice of lines (the output is written a slice at a time, the log a case at a time).
    const recorded = () => (existsSync(p.log) ? linesOf(readFileSync(p.log, "utf8")).length : 0);
    for (const started = Date.now(); recorded() < 100 && Date.now() - started < 30_000; ) await new Promise((r) => setTimeout(r, 10));
    const before = recorded();
    expect(before).toBeLessThan(250);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toEqual({ code: 143, signal: null });
    const m = /^batch: stopped by SIGTERM after line (\d+): \1 cases scored, 0 lines with errors$/.exec(linesOf(cli.stderr()).at(-1) ?? "");
    expect(m).not.toBeNull();
    const k = Number(m![1]);
    // The line being saved when the signal came is finished (in the log, or kept in the state
    // folder if the signal came while it waited for the lock); no further line is started.
    expect(k - before).toBeLessThanOrEqual(5);
    const saved = [...(await readAllCases(p.log)).records.map((x) => x.id), ...keptIds(p.unsaved)];
    expect(saved.sort()).toEqual(Array.from({ length: k }, (_, i) => `B-${i + 1}`).sort());
    expect(linesOf(cli.stdout()).map((l) => JSON.parse(l).line)).toEqual(Array.from({ length: k }, (_, i) => i + 1));
    expectTidy(p.dir);
  });

  it("a library user with no signal handlers: SIGTERM mid-write ends the process only after the record is whole and the lock gone", async () => {
    const p = place("sig-lib");
    const mark = join(p.dir, "writing");
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, "tests/helpers/append-cases.mjs"), join(PACKAGE_ROOT, "dist/index.js"), p.log, "3", "lib"], {
      env: { ...process.env, NODE_OPTIONS: preload("case-log-faults.cjs"), SCAMCHECK_TEST_FS_MATCH: `/cases\\.jsonl$`, SCAMCHECK_TEST_FS_FAULT: "slow", SCAMCHECK_TEST_FS_MARK: mark },
      stdio: "ignore",
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
    await waitForFile(mark);
    child.kill("SIGTERM");
    // The process ends by the signal, as it would have without the library (a shell reports 143).
    expect(await exited).toEqual({ code: null, signal: "SIGTERM" });
    const { records, problems } = await readAllCases(p.log);
    expect(problems).toEqual([]);
    expect(records.map((x) => x.id)).toEqual(["lib-0"]);
    expectTidy(p.dir);
  });

  it("SIGKILL mid-save (cannot be caught) leaves a lock naming a dead process: the next save takes it over at once", async () => {
    const p = place("sigkill");
    const mark = join(p.dir, "writing");
    const cli = startCli(["--region", "gb", "check", "--answers", "-", "--record", "--json"], {
      env: p.env(p.log, { NODE_OPTIONS: preload("case-log-faults.cjs"), SCAMCHECK_TEST_FS_MATCH: `/cases\\.jsonl$`, SCAMCHECK_TEST_FS_FAULT: "slow", SCAMCHECK_TEST_FS_MARK: mark }),
    });
    cli.child.stdin!.end(caseInput("INC-1"));
    await waitForFile(mark);
    cli.child.kill("SIGKILL");
    await cli.exited;
    expect(readFileSync(`${p.log}.lock`, "utf8")).toMatch(new RegExp(`^${cli.child.pid} `));
    const started = Date.now();
    const next = await record1(p.log, "INC-2", p.env(p.log));
    expect(next.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000); // not the 15 s lock timeout, nor the 60 s stale age
    expect((await readAllCases(p.log)).records.map((x) => x.id)).toEqual(["INC-2"]);
    expectTidy(p.dir);
  });

  it("a lock left empty by a process that died while taking it, or not refreshed for over a minute, is taken over", async () => {
    const p = place("stale");
    const lock = `${p.log}.lock`;
    writeFileSync(lock, "");
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock, old, old);
    expect((await record1(p.log, "INC-1", p.env(p.log))).code).toBe(0);
    writeFileSync(lock, "12345 another-computer\n");
    const older = new Date(Date.now() - 120_000);
    utimesSync(lock, older, older);
    expect((await record1(p.log, "INC-2", p.env(p.log))).code).toBe(0);
    expect((await readAllCases(p.log)).records.map((x) => x.id)).toEqual(["INC-1", "INC-2"]);
    expectTidy(p.dir);
  });

  it("a lock held by a live process for too long: after 15 s, one line saying which file to delete if no one is saving, the case kept", async () => {
    const p = place("lock-timeout");
    writeFileSync(`${p.log}.lock`, `${process.pid} another-computer\n`);
    const r = await record1(p.log, "INC-1", p.env(p.log));
    expect(r.code).toBe(2);
    expectVerdict(r);
    expect(linesOf(r.stderr)).toEqual([
      `scamcheck: ${p.log}: could not save case INC-1: could not lock the case log: another process has held ${p.log}.lock for too long (if no scamcheck is running, delete that file). The case is kept in ${p.unsaved} and will be added to the case log the next time a case is saved to it.`,
    ]);
    expect(keptIds(p.unsaved)).toEqual(["INC-1"]);
  });
});

describe("hardening: a case log folder that is missing or cannot be written", () => {
  it("a missing folder is created (mode 0700) with the log in it (mode 0600), also in the default place under HOME", async () => {
    const p = place("missing");
    const log = join(p.dir, "not", "yet", "cases.jsonl");
    expect((await record1(log, "INC-1", p.env(log))).code).toBe(0);
    for (const d of [join(p.dir, "not"), join(p.dir, "not", "yet")]) expect(statSync(d).mode & 0o777).toBe(0o700);
    expect(statSync(log).mode & 0o777).toBe(0o600);

    const home = join(p.dir, "home");
    mkdirSync(home);
    const r = await runCli(["check", "--answers", "-", "--record"], {
      input: caseInput("INC-2"),
      env: { HOME: home, XDG_DATA_HOME: undefined, SCAMCHECK_DATA_DIR: undefined, SCAMCHECK_CASE_LOG: undefined, SCAMCHECK_STATE_DIR: p.state, SCAMCHECK_CONFIG_DIR: join(p.dir, "config") },
    });
    expect(r.code).toBe(0);
    const data = join(home, ".local", "share", "scamcheck");
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(join(data, "cases.jsonl")).mode & 0o777).toBe(0o600);
  });

  // As root, permissions do not stop writes: the CLI then runs as "nobody".
  it.skipIf(nobodyBlocked)("a read-only folder (permission denied): the verdict, one line naming the log and what to do, exit 2, the case kept", async () => {
    const p = place("readonly");
    chmodSync(p.dir, 0o755);
    const folder = join(p.dir, "shared");
    mkdirSync(folder, { mode: 0o755 });
    const state = join(p.dir, "state-for-user");
    mkdirSync(state, { mode: 0o777 });
    chmodSync(state, 0o777);
    const log = join(folder, "cases.jsonl");
    chmodSync(folder, 0o555);
    const r = await runAs(asRoot ? NOBODY : undefined, ["check", "--answers", "-", "--record", "--json"], caseInput("INC-1"), {
      HOME: state,
      SCAMCHECK_CASE_LOG: log,
      SCAMCHECK_STATE_DIR: state,
      SCAMCHECK_CONFIG_DIR: join(state, "config"),
    });
    chmodSync(folder, 0o755);
    expect(r.code).toBe(2);
    expectVerdict(r);
    const unsaved = join(state, "unsaved-cases.jsonl");
    expect(linesOf(r.stderr)).toEqual([
      savedLine(log, "INC-1", `could not lock the case log (${log}.lock): permission denied`, `Ask for write access to it, or ${CHOOSE}`, unsaved),
    ]);
    expectNoTrace(r.stderr);
    expect(keptIds(unsaved)).toEqual(["INC-1"]);
    expectTidy(folder);
  });

  it.skipIf(nobodyBlocked)("HOME that cannot be written, and no XDG_DATA_HOME: one line naming the default case log and what to do, exit 2", async () => {
    const p = place("home-readonly");
    chmodSync(p.dir, 0o755);
    const home = join(p.dir, "home");
    mkdirSync(home, { mode: 0o555 });
    chmodSync(home, 0o555);
    const state = join(p.dir, "state-for-user");
    mkdirSync(state, { mode: 0o777 });
    chmodSync(state, 0o777);
    const r = await runAs(asRoot ? NOBODY : undefined, ["check", "--answers", "-", "--record", "--json"], caseInput("INC-1"), {
      HOME: home,
      SCAMCHECK_STATE_DIR: state,
    });
    const log = join(home, ".local", "share", "scamcheck", "cases.jsonl");
    expect(r.code).toBe(2);
    expectVerdict(r);
    expect(linesOf(r.stderr)).toEqual([
      savedLine(log, "INC-1", `could not create the folder ${join(home, ".local", "share", "scamcheck")}: permission denied`, `Ask for write access to it, or ${CHOOSE}`, join(state, "unsaved-cases.jsonl")),
    ]);
    expect(existsSync(join(home, ".local"))).toBe(false);
  });

  it.skipIf(!canMount)("a read-only file system (EROFS, even for root): one line, exit 2, the case kept", async () => {
    const p = place("erofs");
    const disk = join(p.dir, "ro");
    mkdirSync(disk);
    expect(tryMount(disk, "size=64k,ro")).toBe(true);
    const log = join(disk, "cases.jsonl");
    const r = await record1(log, "INC-1", p.env(log));
    expect(r.code).toBe(2);
    expectVerdict(r);
    expect(linesOf(r.stderr)).toEqual([
      savedLine(log, "INC-1", `could not lock the case log (${log}.lock): the file system is read-only`, "Choose another case log with --case-log PATH or SCAMCHECK_CASE_LOG.", p.unsaved),
    ]);
    expect(keptIds(p.unsaved)).toEqual(["INC-1"]);
  });

  it("XDG_DATA_HOME that is a file (ENOTDIR, works as root too): the history is skipped, the verdict shown, one line, exit 2", async () => {
    const p = place("notdir");
    const file = join(p.dir, "a-file");
    writeFileSync(file, "not a folder");
    const r = await runCli(["check", "--answers", "-", "--record", "--json"], {
      input: caseInput("INC-1"),
      env: { XDG_DATA_HOME: file, SCAMCHECK_DATA_DIR: undefined, SCAMCHECK_CASE_LOG: undefined, SCAMCHECK_STATE_DIR: p.state, SCAMCHECK_CONFIG_DIR: join(p.dir, "config") },
    });
    const log = join(file, "scamcheck", "cases.jsonl");
    expect(r.code).toBe(2);
    expectVerdict(r);
    expect(linesOf(r.stderr)).toEqual([
      `scamcheck: ${log}: could not read it: part of the path is a file, not a folder; earlier cases are not counted.`,
      savedLine(log, "INC-1", `could not create the folder ${join(file, "scamcheck")}: part of the path is a file, not a folder`, `Check the path, or ${CHOOSE}`, p.unsaved),
    ]);
    expect(keptIds(p.unsaved)).toEqual(["INC-1"]);
    expectNoTrace(r.stderr);
  });

  it("operator mode in a terminal with a case log that cannot be created: the verdict, the message, exit 2", async () => {
    const p = place("staff-notdir");
    const file = join(p.dir, "a-file");
    writeFileSync(file, "not a folder");
    const log = join(file, "cases.jsonl");
    const s = new SignalPty(["--staff", "--region", "gb"], p.env(log));
    await answerCaseDetails(s, "020 7946 0018");
    await answerAll(s);
    expect(await s.exited).toBe(2);
    expect(s.text).toMatch(HEADLINES);
    const text = flat(s.text);
    expect(text).toContain(`(Could not read the case history ${log}: part of the path is a file, not a folder.)`);
    expect(text).toMatch(new RegExp(`${escape(log)}: could not save case C-\\d{8}-[0-9a-f]{6}: could not create the folder ${escape(file)}: a file is in the way\\.`));
    expect(text).toContain(`The case is kept in ${p.unsaved}`);
    expectNoTrace(s.text);
    expect(keptIds(p.unsaved)).toHaveLength(1);
  });
});

describe("hardening: cases purge failing or interrupted part way", () => {
  /** A log with old and new records (and an unreadable line), and its exact bytes. */
  function oldAndNew(label: string) {
    const p = place(label);
    const lines = [record("old-1", "2020-01-01T00:00:00.000Z", 2000), record("new-1", "2026-01-01T00:00:00.000Z", 2000), record("old-2", "2020-02-01T00:00:00.000Z", 2000)]
      .map((r) => JSON.stringify(r))
      .concat(["not json"]);
    writeFileSync(p.log, `${lines.join("\n")}\n`, { mode: 0o640 });
    chmodSync(p.log, 0o640);
    return { ...p, bytes: readFileSync(p.log) };
  }
  const purge = (p: { log: string; env: (log: string, extra?: Record<string, string | undefined>) => Record<string, string | undefined> }, extra: Record<string, string> = {}) =>
    startCli(["cases", "purge", "--before", "2025-01-01", "--yes"], { env: p.env(p.log, extra) });

  it("a full disk while writing the new file: one line, exit 2, the log exactly as it was, no temporary file or lock left", async () => {
    const p = oldAndNew("purge-full");
    const cli = purge(p, full(`\\.tmp$`, { SCAMCHECK_TEST_FS_ALLOW: "1000" }));
    const { code } = await cli.exited;
    expect(code).toBe(2);
    expect(linesOf(cli.stderr())).toEqual([`scamcheck: ${p.log}: could not rewrite it, so nothing was deleted: the disk is full. ${ADVICE_FULL}`]);
    expect(readFileSync(p.log).equals(p.bytes)).toBe(true);
    expectTidy(p.dir);
  });

  it.skipIf(!canMount)("a real full disk (64 KB tmpfs) with too little room for the rewrite: the log is left as it was", async () => {
    const p = place("purge-tmpfs");
    const disk = join(p.dir, "disk");
    mkdirSync(disk);
    expect(tryMount(disk, "size=64k,mode=0700")).toBe(true);
    const log = join(disk, "cases.jsonl");
    const lines = Array.from({ length: 8 }, (_, i) => JSON.stringify(record(`c-${i}`, i === 0 ? "2020-01-01T00:00:00.000Z" : "2026-01-01T00:00:00.000Z", 3000)));
    writeFileSync(log, `${lines.join("\n")}\n`, { mode: 0o600 });
    const bytes = readFileSync(log);
    const { bfree, bsize } = statfsSync(disk);
    writeFileSync(join(disk, "filler"), Buffer.alloc((bfree - 4) * bsize)); // room for the lock and a little
    const cli = startCli(["cases", "purge", "--before", "2025-01-01", "--yes"], { env: p.env(log) });
    expect((await cli.exited).code).toBe(2);
    expect(linesOf(cli.stderr())).toEqual([`scamcheck: ${log}: could not rewrite it, so nothing was deleted: the disk is full. ${ADVICE_FULL}`]);
    expect(readFileSync(log).equals(bytes)).toBe(true);
    expectTidy(disk);
    rmSync(join(disk, "filler"));
    const again = startCli(["cases", "purge", "--before", "2025-01-01", "--yes"], { env: p.env(log) });
    expect((await again.exited).code).toBe(0);
    expect((await readAllCases(log)).records).toHaveLength(7);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} while the new file is being written: the process ends by the signal, the log as it was, nothing left behind`, async () => {
      const p = oldAndNew(`purge-${signal}`);
      const mark = join(p.dir, "writing");
      const cli = purge(p, { NODE_OPTIONS: preload("case-log-faults.cjs"), SCAMCHECK_TEST_FS_MATCH: `\\.tmp$`, SCAMCHECK_TEST_FS_FAULT: "slow", SCAMCHECK_TEST_FS_MARK: mark });
      await waitForFile(mark);
      expect(readdirSync(p.dir).filter((f) => f.endsWith(".tmp"))).toHaveLength(1);
      cli.child.kill(signal);
      // Ended by the signal itself once the log is safe, as a shell expects (it reports 130 or 143).
      expect(await cli.exited).toEqual({ code: null, signal });
      expectNoTrace(cli.stderr());
      expect(readFileSync(p.log).equals(p.bytes)).toBe(true);
      expectTidy(p.dir);
    });
  }

  it("killed outright (SIGKILL) mid-rewrite: the log as it was; the next purge takes over the lock, removes the leftover file and works", async () => {
    const p = oldAndNew("purge-kill");
    const mark = join(p.dir, "writing");
    const cli = purge(p, { NODE_OPTIONS: preload("case-log-faults.cjs"), SCAMCHECK_TEST_FS_MATCH: `\\.tmp$`, SCAMCHECK_TEST_FS_FAULT: "slow", SCAMCHECK_TEST_FS_MARK: mark });
    await waitForFile(mark);
    cli.child.kill("SIGKILL");
    await cli.exited;
    expect(readFileSync(p.log).equals(p.bytes)).toBe(true);
    expect(readdirSync(p.dir).filter((f) => f.endsWith(".tmp") || f.endsWith(".lock"))).toHaveLength(2);
    const again = purge(p);
    expect((await again.exited).code).toBe(0);
    expect(again.stdout()).toBe("Deleted 2 cases recorded before 2025-01-01; 1 kept, 1 unreadable line left as they were.\n");
    expectTidy(p.dir);
    const { records } = await readAllCases(p.log);
    expect(records.map((x) => x.id)).toEqual(["new-1"]);
    expect(statSync(p.log).mode & 0o777).toBe(0o640); // the log keeps its mode
  });
});

describe("a case log that is not a file", () => {
  it.skipIf(process.platform === "win32")("refuses a device (which would be read forever) in one line", async () => {
    for (const args of [["cases", "stats"], ["--region", "gb", "cases", "search", "--number", "020 7946 0018"]]) {
      const r = await runCli(["--case-log", "/dev/zero", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe("scamcheck: /dev/zero: is not a regular file. Choose another case log with --case-log PATH or SCAMCHECK_CASE_LOG.");
    }
  });
});
