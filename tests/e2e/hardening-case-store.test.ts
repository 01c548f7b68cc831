/**
 * Hardening, the case store: a full disk, a folder that is missing or cannot be written, PostgreSQL
 * down or refusing, signals and kill -9 during saves, many processes saving at once. In every case
 * the verdict is still shown, the case is never lost (it is kept in the state folder's unsaved-cases
 * file and added next time, or printed whole on stderr), the error is one line naming the store,
 * and the exit code is documented (2, or 143 for SIGTERM).
 *
 * What the JSON Lines log needed and the database does not: a lock file (a stale or foreign lock,
 * a FIFO as the lock), temporary files beside the log (planted symlinks) and a summary index
 * trusted on samples. That code is gone, so those attacks have nothing left to hit.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { BIN, cannotRunAs, nodeFor, runCli, type RunResult } from "../helpers/cli.js";
import { answerAll, answerCaseDetails, expectNoTrace, linesOf, scratch, SignalPty, startCli } from "../hardening/helpers.js";
import { flat, HEADLINES } from "../helpers/pty.js";
import { SCHEMA_VERSION } from "../../src/node/case-store/index.js";
import { casesIn, freshStore, newPostgresSchema, POSTGRES_BASE, postgresAdmin, postgresUrl, skipsHere, STORE_KINDS } from "../helpers/stores.js";

const asRoot = process.getuid?.() === 0;
/** Set when, run as root, the tests cannot run the CLI as nobody from this checkout (they then skip outside CI). */
const nobodyBlocked = asRoot && !process.env.CI && cannotRunAs({ uid: 65534, gid: 65534 }) !== undefined;
const NOBODY = { uid: 65534, gid: 65534 };
const CHOOSE = "choose another case store with --case-store PATH|URL or SCAMCHECK_CASE_STORE.";
const ID = "C-\\d{8}-[0-9a-z]{10}";

/** A case for `check --answers -`, with an id so the test can find it. */
const caseInput = (id: string) =>
  JSON.stringify({
    id,
    details: { number: "020 7946 0018", organisation: "Microsoft", operator: "Sam" },
    answers: { "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes" },
  });

/** A fresh place: a folder for the store, a private state folder, and no config file. */
function place(label: string) {
  const dir = scratch(label);
  return {
    dir,
    state: join(dir, "state"),
    unsaved: join(dir, "state", "unsaved-cases.sqlite"),
    env: (store: string, extra: Record<string, string | undefined> = {}) => ({
      SCAMCHECK_CASE_STORE: store,
      SCAMCHECK_STATE_DIR: join(dir, "state"),
      SCAMCHECK_CONFIG_DIR: join(dir, "config"),
      ...extra,
    }),
  };
}

const record1 = (id: string, env: Record<string, string | undefined>, extra: string[] = []) =>
  runCli(["--region", "gb", "check", "--answers", "-", "--record", "--json", ...extra], { input: caseInput(id), env });

/** The ids of the cases kept in the state folder. */
function keptIds(unsaved: string): string[] {
  if (!existsSync(unsaved)) return [];
  const db = new DatabaseSync(unsaved);
  try {
    return (db.prepare("SELECT record FROM unsaved ORDER BY seq").all() as { record: string }[]).map((r) => JSON.parse(r.record).id);
  } finally {
    db.close();
  }
}

/** The verdict was printed whole on stdout (check --json). */
function expectVerdict(r: RunResult): void {
  expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1, verdict: expect.any(String) });
}

const keptLine = (unsaved: string) => `The case is kept in ${unsaved} and will be added to the case store the next time a case is saved to it.`;
const savedLine = (store: string, id: string, cause: string, advice: string, unsaved: string) =>
  `scamcheck: ${store}: could not save case ${id}: ${cause}. ${advice} ${keptLine(unsaved)}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Run the CLI as another user (file permissions apply even when the tests run as root). */
function runAs(user: { uid: number; gid: number } | undefined, args: string[], input: string, env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(nodeFor(user), [BIN, ...args], { cwd: PACKAGE_ROOT, env: { PATH: process.env.PATH, NO_COLOR: "1", LANG: "C", ...env }, stdio: ["pipe", "pipe", "pipe"], ...user });
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

/** A PostgreSQL store whose server fails the save of one case id as on a full disk (a trigger raising disk_full). */
async function postgresFailingOn(id: string): Promise<string> {
  const schema = await newPostgresSchema();
  const url = postgresUrl(schema);
  await runCli(["cases", "migrate"], { env: { SCAMCHECK_CASE_STORE: url } });
  await postgresAdmin(`
    CREATE FUNCTION ${schema}.fail_one() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = '${id}' THEN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '53100'; END IF; RETURN NEW; END $$;
    CREATE TRIGGER fail_one BEFORE INSERT ON ${schema}.scamcheck_cases FOR EACH ROW EXECUTE FUNCTION ${schema}.fail_one();`);
  return url;
}
const shown = (url: string) => url.replace(/^(postgres:\/\/[^:@/]*):[^@]*@/, "$1@");

describe("hardening: a full disk under the case store", () => {
  it.skipIf(!canMount)("a real full disk (64 KB tmpfs) under SQLite: the case kept, the store opens cleanly, added once there is space", async () => {
    const p = place("tmpfs");
    const disk = join(p.dir, "disk");
    mkdirSync(disk);
    expect(tryMount(disk, "size=256k,mode=0700")).toBe(true);
    const store = join(disk, "cases.sqlite");
    expect((await record1("INC-0", p.env(store))).code).toBe(0);
    const { bfree, bsize } = statfsSync(disk);
    writeFileSync(join(disk, "filler"), Buffer.alloc(bfree * bsize));

    const r = await record1("INC-1", p.env(store));
    expect(r.code).toBe(2);
    expectVerdict(r);
    // SQLite cannot even open its write-ahead log there, so the history is not read either.
    expect(linesOf(r.stderr)).toEqual([
      `scamcheck: ${store}: could not open it: the disk is full; earlier cases are not counted.`,
      savedLine(store, "INC-1", "could not open it: the disk is full", `Free some space there, or ${CHOOSE}`, p.unsaved),
    ]);
    expectNoTrace(r.stderr);
    expect(keptIds(p.unsaved)).toEqual(["INC-1"]);
    expect(statSync(p.unsaved).mode & 0o777).toBe(0o600);

    rmSync(join(disk, "filler"));
    const next = await record1("INC-2", p.env(store));
    expect(next.code).toBe(0);
    expect(linesOf(next.stderr)).toEqual([`Recorded as case INC-2 in ${store}.`, "Also saved case INC-1, kept from an earlier run when it could not be saved."]);
    expect((await casesIn(store)).map((x) => x.id)).toEqual(["INC-0", "INC-1", "INC-2"]); // by when they were recorded
    expect(keptIds(p.unsaved)).toEqual([]);
  });

  it.skipIf(skipsHere("postgres"))("the server's disk full (PostgreSQL) in a --record batch: that line's verdict is written, the batch stops, the case kept", async () => {
    const p = place("batch");
    const url = await postgresFailingOn("B-3");
    const r = await runCli(["--region", "gb", "check", "--batch", "-", "--record"], { input: ["B-1", "B-2", "B-3", "B-4", "B-5"].map(caseInput).join("\n"), env: p.env(url) });
    expect(r.code).toBe(2);
    expect(linesOf(r.stdout).map((l) => JSON.parse(l).line)).toEqual([1, 2, 3]);
    expect(linesOf(r.stderr)).toEqual([
      savedLine(shown(url), "B-3", "could not write to it: the server's disk is full", `Free some space there, or ${CHOOSE}`, p.unsaved),
      "batch: stopped after line 3, whose case could not be recorded: 3 cases scored, 0 lines with errors; the lines after it were not scored",
    ]);
    expect((await casesIn(url)).map((x) => x.id)).toEqual(["B-1", "B-2"]);
    expect(keptIds(p.unsaved)).toEqual(["B-3"]);
  });

  it("the state folder cannot take the case either: the record is printed whole on stderr, as JSON, after one line saying so", async () => {
    const p = place("both-fail");
    writeFileSync(join(p.dir, "a-file"), "");
    const url = "postgres://desk:hunter2@127.0.0.1:1/cases";
    const r = await record1("INC-1", { ...p.env(url), SCAMCHECK_STATE_DIR: join(p.dir, "a-file", "state") });
    expect(r.code).toBe(2);
    expectVerdict(r);
    const lines = linesOf(r.stderr);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("scamcheck: postgres://desk@127.0.0.1:1/cases: could not connect: the server refused the connection (is PostgreSQL running there?); earlier cases are not counted.");
    expect(lines[1]).toMatch(
      /^scamcheck: postgres:\/\/desk@127\.0\.0\.1:1\/cases: could not save case INC-1: could not connect: .* It could not be kept in the state folder either \(could not create the folder .*\), so here it is: keep this line, and add it with 'scamcheck cases import FILE' when the store can be written\.$/,
    );
    expect(JSON.parse(lines[2] ?? "")).toMatchObject({ schemaVersion: 1, id: "INC-1", operator: "Sam", organisation: "Microsoft" });
    expect(r.stderr).not.toContain("hunter2");
  });
});

describe.each(STORE_KINDS)("hardening: saving at once and being killed (%s)", (kind) => {
  it.skipIf(skipsHere(kind))("four processes recording 15 cases each at once: none lost, none twice", async () => {
    const p = place("many");
    const store = await freshStore(kind);
    const run = (w: number) =>
      new Promise<number | null>((resolve) => {
        const batch = Array.from({ length: 15 }, (_, i) => caseInput(`W${w}-${i}`)).join("\n");
        const child = spawn(process.execPath, [BIN, "--region", "gb", "check", "--batch", "-", "--record"], { env: { ...process.env, ...p.env(store) }, stdio: ["pipe", "ignore", "ignore"] });
        child.on("close", resolve);
        child.stdin.end(batch);
      });
    expect(await Promise.all([0, 1, 2, 3].map(run))).toEqual([0, 0, 0, 0]);
    const ids = (await casesIn(store)).map((x) => x.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    // Each later case of the same number counts the earlier ones: the counts are in step.
    const stats = JSON.parse((await runCli(["cases", "stats", "--json"], { env: p.env(store) })).stdout);
    expect(stats.repeatedNumbers).toEqual([expect.objectContaining({ number: "+442079460018", cases: 60 })]);
  });

  it.skipIf(skipsHere(kind))("kill -9 at random moments while recording: every case that was reported saved is there, and the store opens cleanly", async () => {
    const p = place("kill9");
    const store = await freshStore(kind);
    const reported: string[] = [];
    for (let round = 0; round < 6; round++) {
      const batch = Array.from({ length: 200 }, (_, i) => caseInput(`K${round}-${i}`)).join("\n");
      const cli = startCli(["--region", "gb", "check", "--batch", "-", "--record"], { env: p.env(store) });
      cli.child.stdin?.end(batch);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 400));
      cli.child.kill("SIGKILL");
      await cli.exited;
      // A verdict line is written only after its case is saved. (The kill can cut the last line
      // short; only whole lines are counted.)
      for (const line of cli.stdout().split("\n").slice(0, -1)) reported.push(`K${round}-${JSON.parse(line).line - 1}`);
    }
    const ids = new Set((await casesIn(store)).map((x) => x.id));
    for (const id of reported) expect(ids.has(id)).toBe(true);
    const after = await record1("AFTER", p.env(store));
    expect(after.code).toBe(0);
  });
});

describe("hardening: PostgreSQL down, refusing, and its password", () => {
  it.skipIf(skipsHere("postgres"))("a role that may not insert: the case kept; once it may, the next save adds it; the password never shown or kept", async () => {
    const p = place("refusing");
    const schema = await newPostgresSchema();
    const role = `${schema}_op`;
    await runCli(["cases", "migrate"], { env: { SCAMCHECK_CASE_STORE: postgresUrl(schema) } });
    // What the README asks of an operator's role once the tables exist: no CREATE.
    await postgresAdmin(`CREATE ROLE ${role} LOGIN PASSWORD 'pw-${role}';
      GRANT USAGE ON SCHEMA ${schema} TO ${role};
      GRANT SELECT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role};`);
    const url = postgresUrl(schema, { user: role, password: `pw-${role}` });
    try {
      const refused = await record1("INC-1", p.env(url));
      expect(refused.code).toBe(2);
      expectVerdict(refused);
      expect(linesOf(refused.stderr)).toEqual([
        expect.stringMatching(new RegExp(`^scamcheck: ${escape(shown(url))}: could not save case INC-1: could not write to it: permission denied \\(permission denied for table scamcheck_cases\\)\\. Ask for write access to it, or ${escape(CHOOSE)} ${escape(keptLine(p.unsaved))}$`)),
      ]);
      expect(keptIds(p.unsaved)).toEqual(["INC-1"]);
      await postgresAdmin(`GRANT INSERT ON ALL TABLES IN SCHEMA ${schema} TO ${role};`);
      const next = await record1("INC-2", p.env(url));
      expect(next.code).toBe(0);
      expect(linesOf(next.stderr)).toEqual([`Recorded as case INC-2 in ${shown(url)}.`, "Also saved case INC-1, kept from an earlier run when it could not be saved."]);
      expect((await casesIn(url)).map((x) => x.id).sort()).toEqual(["INC-1", "INC-2"]);
      for (const r of [refused, next]) expect(r.stderr).not.toContain(`pw-${role}`);
      expect(readFileSync(p.unsaved).toString("latin1")).not.toContain(`pw-${role}`);
    } finally {
      await postgresAdmin(`DROP OWNED BY ${role}; DROP ROLE ${role};`).catch(() => {});
    }
  });

  it.skipIf(skipsHere("postgres"))("sslmode=require on a server without TLS: one line naming TLS, exit 2, no password; sslmode=disable works", async () => {
    const p = place("tls");
    const base = postgresUrl(await newPostgresSchema(), { user: new URL(POSTGRES_BASE).username, password: "pw-tls-secret" });
    const withMode = (mode: string) => `${base}&sslmode=${mode}`;
    const refused = await runCli(["cases", "stats"], { env: p.env(withMode("require")) });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(linesOf(refused.stderr)).toEqual([
      `scamcheck: ${shown(withMode("require"))}: could not connect: the server does not offer TLS, which the address asks for (sslmode). Check the server and the address, or ${CHOOSE}`,
    ]);
    const plain = await runCli(["cases", "stats"], { env: p.env(withMode("disable")) });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^0 cases in /);
    for (const r of [refused, plain]) expect(`${r.stdout}${r.stderr}`).not.toContain("pw-tls-secret");
  });

  it.skipIf(skipsHere("postgres"))("a new PostgreSQL store says once that it created its tables; cases migrate says when there is nothing to do", async () => {
    const url = postgresUrl(await newPostgresSchema());
    const first = await runCli(["cases", "migrate"], { env: { SCAMCHECK_CASE_STORE: url } });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`Created the case store tables in ${shown(url)} (schema version ${SCHEMA_VERSION}).\n`);
    const again = await runCli(["cases", "migrate"], { env: { SCAMCHECK_CASE_STORE: url } });
    expect(again.stderr).toBe(`The case store ${shown(url)} is up to date (schema version ${SCHEMA_VERSION}).\n`);
  });
});

describe("hardening: a store folder that is missing or cannot be written", () => {
  it("a missing folder is created (mode 0700) with the store in it (mode 0600), also in the default place under HOME; no warning from Node", async () => {
    const p = place("missing");
    const store = join(p.dir, "not", "yet", "cases.sqlite");
    const r = await record1("INC-1", p.env(store));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Recorded as case INC-1 in ${store}.\n`); // no ExperimentalWarning for node:sqlite
    for (const d of [join(p.dir, "not"), join(p.dir, "not", "yet")]) expect(statSync(d).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(join(p.dir, "not", "yet"))) expect(statSync(join(p.dir, "not", "yet", f)).mode & 0o777).toBe(0o600);

    const home = join(p.dir, "home");
    mkdirSync(home);
    const d = await runCli(["check", "--answers", "-", "--record"], {
      input: caseInput("INC-2"),
      env: { HOME: home, XDG_DATA_HOME: undefined, SCAMCHECK_DATA_DIR: undefined, SCAMCHECK_CASE_STORE: undefined, SCAMCHECK_STATE_DIR: p.state, SCAMCHECK_CONFIG_DIR: join(p.dir, "config") },
    });
    expect(d.code).toBe(0);
    const data = join(home, ".local", "share", "scamcheck");
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(join(data, "cases.sqlite")).mode & 0o777).toBe(0o600);
  });

  // As root, permissions do not stop writes: the CLI then runs as "nobody".
  it.skipIf(nobodyBlocked)("a folder that cannot be written: the verdict, one line naming the store and what to do, exit 2, the case kept", async () => {
    const p = place("readonly");
    chmodSync(p.dir, 0o755);
    const folder = join(p.dir, "shared");
    mkdirSync(folder, { mode: 0o755 });
    const state = join(p.dir, "state-for-user");
    mkdirSync(state, { mode: 0o777 });
    chmodSync(state, 0o777);
    const store = join(folder, "cases.sqlite");
    chmodSync(folder, 0o555);
    const r = await runAs(asRoot ? NOBODY : undefined, ["check", "--answers", "-", "--record", "--json"], caseInput("INC-1"), {
      HOME: state,
      SCAMCHECK_CASE_STORE: store,
      SCAMCHECK_STATE_DIR: state,
      SCAMCHECK_CONFIG_DIR: join(state, "config"),
    });
    chmodSync(folder, 0o755);
    expect(r.code).toBe(2);
    expectVerdict(r);
    const unsaved = join(state, "unsaved-cases.sqlite");
    expect(linesOf(r.stderr)).toEqual([
      `scamcheck: ${store}: could not open it: permission denied; earlier cases are not counted.`,
      savedLine(store, "INC-1", "could not open it: permission denied", `Ask for write access to it, or ${CHOOSE}`, unsaved),
    ]);
    expectNoTrace(r.stderr);
    expect(keptIds(unsaved)).toEqual(["INC-1"]);
  });

  it("XDG_DATA_HOME that is a file (ENOTDIR, works as root too): the history is skipped, the verdict shown, the case kept, exit 2", async () => {
    const p = place("notdir");
    const file = join(p.dir, "a-file");
    writeFileSync(file, "not a folder");
    const r = await runCli(["check", "--answers", "-", "--record", "--json"], {
      input: caseInput("INC-1"),
      env: { XDG_DATA_HOME: file, SCAMCHECK_DATA_DIR: undefined, SCAMCHECK_CASE_STORE: undefined, SCAMCHECK_STATE_DIR: p.state, SCAMCHECK_CONFIG_DIR: join(p.dir, "config") },
    });
    const store = join(file, "scamcheck", "cases.sqlite");
    const cause = `could not create the folder ${join(file, "scamcheck")}: part of the path is a file, not a folder`;
    expect(r.code).toBe(2);
    expectVerdict(r);
    expect(linesOf(r.stderr)).toEqual([`scamcheck: ${store}: ${cause}; earlier cases are not counted.`, savedLine(store, "INC-1", cause, `Check the path, or ${CHOOSE}`, p.unsaved)]);
    expect(keptIds(p.unsaved)).toEqual(["INC-1"]);
    expectNoTrace(r.stderr);
  });

  it("operator mode in a terminal with a store that cannot be created: the verdict, the message, exit 2", async () => {
    const p = place("staff-notdir");
    const file = join(p.dir, "a-file");
    writeFileSync(file, "not a folder");
    const store = join(file, "cases.sqlite");
    const s = new SignalPty(["--staff", "--region", "gb"], p.env(store));
    await answerCaseDetails(s, "020 7946 0018");
    await answerAll(s);
    expect(await s.exited).toBe(2);
    expect(s.text).toMatch(HEADLINES);
    const text = flat(s.text);
    expect(text).toContain(`(${store}: could not create the folder ${file}: a file is in the way; earlier cases are not counted.)`);
    expect(text).toMatch(new RegExp(`${escape(store)}: could not save case ${ID}: could not create the folder ${escape(file)}: a file is in the way\\.`));
    expect(text).toContain(`The case is kept in ${p.unsaved}`);
    expectNoTrace(s.text);
    expect(keptIds(p.unsaved)).toHaveLength(1);
  });
});

describe("hardening: signals while recording", () => {
  it("SIGTERM during a --record batch: it stops after the line in hand, with every line up to K recorded and written", async () => {
    const p = place("sig-batch");
    const store = join(p.dir, "cases.sqlite");
    const file = join(p.dir, "cases.jsonl.in");
    writeFileSync(file, `${Array.from({ length: 3000 }, (_, i) => caseInput(`B-${i + 1}`)).join("\n")}\n`);
    const cli = startCli(["--region", "gb", "check", "--batch", file, "--record"], { env: p.env(store) });
    for (const started = Date.now(); linesOf(cli.stdout()).length < 100 && Date.now() - started < 30_000; ) await new Promise((r) => setTimeout(r, 10));
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toEqual({ code: 143, signal: null });
    const m = /^batch: stopped by SIGTERM after line (\d+): \1 cases scored, 0 lines with errors$/.exec(linesOf(cli.stderr()).at(-1) ?? "");
    expect(m).not.toBeNull();
    const k = Number(m![1]);
    expect((await casesIn(store)).map((x) => x.id).sort()).toEqual(Array.from({ length: k }, (_, i) => `B-${i + 1}`).sort());
    expect(linesOf(cli.stdout()).map((l) => JSON.parse(l).line)).toEqual(Array.from({ length: k }, (_, i) => i + 1));
  });
});
