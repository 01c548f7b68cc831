/**
 * The case store, as a specification that both stores meet: the same operations give the same
 * answers on SQLite and on PostgreSQL.
 */
import { writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CaseStoreError, importCaseLog, openCaseStore, SCHEMA_VERSION, type CaseStore, type StoreProblem } from "../../src/node/case-store/index.js";
import { saveCase } from "../../src/node/case-store/saving.js";
import { freshStore, newPostgresSchema, POSTGRES_BASE, postgresAdmin, postgresUrl, sampleRecord as rec, skipsHere, STORE_KINDS } from "../helpers/stores.js";

const gb = (digits: string) => ({ kind: "number" as const, raw: digits, valid: true, e164: `+44${digits.replace(/^0/, "")}` });
const open: CaseStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

describe.each(STORE_KINDS)("the %s case store", (kind) => {
  const fresh = async () => {
    const location = await freshStore(kind);
    const store = await openCaseStore(location);
    open.push(store);
    return { store, location };
  };
  const skip = skipsHere(kind);

  it.skipIf(skip)("keeps what is added, and gives it back whole, oldest first", async () => {
    const { store } = await fresh();
    const a = rec("A", { recordedAt: "2026-11-21T09:00:00.000Z", caller: gb("02079460018"), organisation: "Microsoft" });
    const b = rec("B", { recordedAt: "2026-11-20T09:00:00.000Z", verdict: "suspicious", family: null });
    expect((await store.add([{ record: a }, { record: b }])).map((r) => r.duplicate)).toEqual([false, false]);
    expect(await store.get("A")).toEqual(a);
    expect(await store.get("nope")).toBeUndefined();
    expect((await store.list()).map((r) => r.id)).toEqual(["B", "A"]);
    expect((await store.list({ verdict: "scam" })).map((r) => r.id)).toEqual(["A"]);
    expect((await store.list({ since: "2026-11-21T00:00:00.000Z" })).map((r) => r.id)).toEqual(["A"]);
  });

  it.skipIf(skip)("records steps as done on a case: a step ticked again keeps its latest day, the list in the order they were done, the counts unchanged", async () => {
    const { store } = await fresh();
    await store.add([{ record: rec("A", { caller: gb("02079460018"), actions: ["call-bank", "remove-tool", "report"] }) }]);
    const before = await store.stats();
    await store.markDone("A", [{ action: "remove-tool", on: "2026-11-22" }]);
    const after = await store.markDone("A", [
      { action: "call-bank", on: "2026-11-21" },
      { action: "remove-tool", on: "2026-11-23" },
    ]);
    const expected = [
      { action: "call-bank", on: "2026-11-21" },
      { action: "remove-tool", on: "2026-11-23" },
    ];
    expect(after?.done).toEqual(expected);
    expect((await store.get("A"))?.done).toEqual(expected);
    expect(await store.markDone("nope", [{ action: "call-bank", on: "2026-11-21" }])).toBeUndefined();
    expect(await store.stats()).toEqual(before);
    expect((await store.numberHistory("+442079460018")).cases).toBe(1);
  });

  it.skipIf(skip)("an explicit id saved twice is one case; a generated id that is taken gets a new one, never dropped", async () => {
    const { store } = await fresh();
    await store.add([{ record: rec("INC-1"), explicitId: true }]);
    const [again] = await store.add([{ record: rec("INC-1", { score: 5 }), explicitId: true }]);
    expect(again?.duplicate).toBe(true);
    expect((await store.get("INC-1"))?.score).toBe(100);
    const [clash] = await store.add([{ record: rec("INC-1", { score: 7 }) }]);
    expect(clash?.duplicate).toBe(false);
    expect(clash?.record.id).toMatch(/^C-20261120-[0-9a-z]{10}$/);
    expect((await store.get(clash?.record.id as string))?.score).toBe(7);
    expect(await store.list()).toHaveLength(2);
  });

  it.skipIf(skip)("finds a number by the one matching rule: exactly, or a national number by the digits it ends in", async () => {
    const { store } = await fresh();
    await store.add([
      { record: rec("intl", { caller: gb("02079460018") }) },
      { record: rec("other", { caller: gb("01632960000"), verdict: "suspicious" }) },
      { record: rec("typed", { caller: { kind: "number", raw: "02079460018", valid: false } }) },
      { record: rec("withheld", { caller: { kind: "withheld", raw: "withheld" } }) },
    ]);
    expect((await store.withNumber("+442079460018")).map((r) => r.id)).toEqual(["intl"]);
    // Typed without a region: the national form itself and the international one it ends.
    expect((await store.withNumber("02079460018")).map((r) => r.id).sort()).toEqual(["intl", "typed"]);
    // Too short to match by its ending: only itself.
    expect(await store.withNumber("946001")).toEqual([]);
    const history = await store.numberHistory("02079460018");
    expect(history).toMatchObject({ key: "02079460018", cases: 2, scamCases: 2 });
  });

  it.skipIf(skip)("a number's history leaves out the case being scored again, and names the latest case", async () => {
    const { store } = await fresh();
    await store.add([
      { record: rec("first", { caller: gb("02079460018"), recordedAt: "2026-11-01T10:00:00.000Z" }) },
      { record: rec("second", { caller: gb("02079460018"), recordedAt: "2026-11-02T10:00:00.000Z", verdict: "suspicious" }) },
    ]);
    expect(await store.numberHistory("+442079460018")).toEqual({
      key: "+442079460018",
      cases: 2,
      scamCases: 1,
      last: { id: "second", recordedAt: "2026-11-02T10:00:00.000Z", verdict: "suspicious" },
    });
    expect(await store.numberHistory("+442079460018", "first")).toMatchObject({ cases: 1, scamCases: 0, last: { id: "second" } });
    expect(await store.numberHistory("+15550100")).toEqual({ key: "+15550100", cases: 0, scamCases: 0 });
  });

  it.skipIf(skip)("counts by verdict, family and day, and names repeated numbers; a purge takes its cases out of every count", async () => {
    const { store } = await fresh();
    await store.add([
      { record: rec("1", { caller: gb("02079460018"), recordedAt: "2026-10-01T10:00:00.000Z" }) },
      { record: rec("2", { caller: gb("02079460018"), recordedAt: "2026-11-02T10:00:00.000Z" }) },
      { record: rec("3", { caller: gb("02079460018"), recordedAt: "2026-11-02T11:00:00.000Z", verdict: "likely-scam", family: null }) },
      { record: rec("4", { caller: gb("01632960000"), recordedAt: "2026-11-03T10:00:00.000Z", verdict: "no-warning-signs", family: null }) },
    ]);
    const stats = await store.stats();
    expect(stats.total).toBe(4);
    expect(Object.fromEntries(stats.byVerdict)).toEqual({ scam: 2, "likely-scam": 1, "no-warning-signs": 1 });
    expect(Object.fromEntries(stats.byFamily)).toEqual({ "tech-support": 2, none: 2 });
    expect(stats.byDay.get(Date.UTC(2026, 10, 2) / 86_400_000)).toBe(2);
    expect(stats.repeatedNumbers).toEqual([
      { key: "+442079460018", cases: 3, scamCases: 3, last: { id: "3", recordedAt: "2026-11-02T11:00:00.000Z", verdict: "likely-scam" } },
    ]);

    expect(await store.purge(new Date("2026-11-02T10:30:00.000Z"))).toEqual({ removed: 2, kept: 2 });
    const after = await store.stats();
    expect(after.total).toBe(2);
    expect(Object.fromEntries(after.byVerdict)).toEqual({ "likely-scam": 1, "no-warning-signs": 1 });
    expect(after.repeatedNumbers).toEqual([]);
    expect(await store.numberHistory("+442079460018")).toMatchObject({ cases: 1, scamCases: 1, last: { id: "3" } });
    expect((await store.list()).map((r) => r.id)).toEqual(["3", "4"]);
  });

  it.skipIf(skip)("exports every case a page at a time, in the order they were saved", async () => {
    const { store } = await fresh();
    const many = Array.from({ length: 2345 }, (_, i) => ({ record: rec(`N-${i}`) }));
    await store.add(many);
    const ids: string[] = [];
    for await (const r of store.each()) ids.push(r.id);
    expect(ids).toEqual(many.map((c) => c.record.id));
  });

  it.skipIf(skip)("moves a JSON Lines case log in, reporting bad lines by number; importing it again adds nothing", async () => {
    const { store } = await fresh();
    const file = `${await freshStore("sqlite")}.jsonl`;
    writeFileSync(
      file,
      [JSON.stringify(rec("old-1")), "", JSON.stringify({ ...rec("odd"), reasons: "x" }), JSON.stringify({ ...rec("odd2"), caller: { kind: "number" } }), '{"id":"torn', JSON.stringify(rec("old-2"))].join("\n"),
    );
    const first = await importCaseLog(store, file);
    expect(first).toEqual({
      added: 2,
      alreadyThere: 0,
      problems: [
        { line: 3, message: "not a case record (reasons: must be array)" },
        { line: 4, message: expect.stringMatching(/^not a case record \(caller/) },
        { line: 5, message: "unreadable (cut short or edited by hand)" },
      ],
    });
    expect(await importCaseLog(store, file)).toMatchObject({ added: 0, alreadyThere: 2 });
    expect((await store.list()).map((r) => r.id)).toEqual(["old-1", "old-2"]);
  });

  it.skipIf(skip)("a stored record that cannot be read back is reported by its id and skipped; the rest still comes back", async () => {
    const { store, location } = await fresh();
    await store.add([{ record: rec("good") }, { record: rec("bad") }]);
    const edit = "UPDATE scamcheck_cases SET record = '{\"id\":\"bad\",\"reasons\":\"x\"}' WHERE id = 'bad'";
    if (kind === "sqlite") new DatabaseSync(location).exec(edit);
    else await postgresAdmin(`SET search_path = ${new URL(location).searchParams.get("options")?.split("=")[1]}; ${edit}`);
    const problems: StoreProblem[] = [];
    expect((await store.list({}, problems)).map((r) => r.id)).toEqual(["good"]);
    expect(problems).toEqual([{ id: "bad", message: expect.stringMatching(/^not a case record .*; skipped$/) }]);
    expect((await store.stats()).total).toBe(2); // the counts are the database's own
  });

  it.skipIf(skip)("is at the current schema version once opened, and refuses a store from a newer scamcheck", async () => {
    const { store, location } = await fresh();
    await store.close();
    const bump = `UPDATE scamcheck_meta SET value = '${SCHEMA_VERSION + 1}' WHERE key = 'schema_version'`;
    if (kind === "sqlite") new DatabaseSync(location).exec(bump);
    else await postgresAdmin(`SET search_path = ${new URL(location).searchParams.get("options")?.split("=")[1]}; ${bump}`);
    const refused = await openCaseStore(location).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CaseStoreError);
    expect((refused as CaseStoreError).reason).toMatch(new RegExp(`^was made by a newer scamcheck \\(schema version ${SCHEMA_VERSION + 1}; this one knows up to ${SCHEMA_VERSION}\\): upgrade scamcheck$`));
  });

  it.skipIf(skip)("brings a store made at schema version 1 up to date, and its counts read the same", async () => {
    const { store, location } = await fresh();
    await store.add([
      { record: rec("A", { caller: gb("02079460018") }) },
      { record: rec("B", { caller: gb("02079460018"), verdict: "likely-scam" }) },
      { record: rec("C", { caller: gb("02079460019"), verdict: "suspicious", family: null }) },
    ]);
    const before = await store.stats();
    await store.close();
    // Version 1 as it was: the numbers' summary indexed by count alone.
    const back = `DROP INDEX scamcheck_number_counts_top; CREATE INDEX scamcheck_number_counts_cases ON scamcheck_number_counts (cases);
      UPDATE scamcheck_meta SET value = '1' WHERE key = 'schema_version'`;
    if (kind === "sqlite") new DatabaseSync(location).exec(back);
    else await postgresAdmin(`SET search_path = ${new URL(location).searchParams.get("options")?.split("=")[1]}; ${back}`);
    const notices: string[] = [];
    const again = await openCaseStore(location, { notice: (line) => notices.push(line) });
    open.push(again);
    expect(await again.stats()).toEqual(before);
    expect(before.repeatedNumbers.map((n) => [n.key, n.cases])).toEqual([["+442079460018", 2]]);
    if (kind === "postgres") expect(notices).toEqual([expect.stringMatching(new RegExp(`from schema version 1 to ${SCHEMA_VERSION}\\.$`))]);
    else {
      const db = new DatabaseSync(location);
      expect(db.prepare("SELECT value FROM scamcheck_meta WHERE key = 'schema_version'").get()).toEqual({ value: String(SCHEMA_VERSION) });
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'scamcheck_number_counts' ORDER BY name").all().map((r) => r.name)).toEqual([
        "scamcheck_number_counts_rev",
        "scamcheck_number_counts_top",
        "sqlite_autoindex_scamcheck_number_counts_1",
      ]);
      db.close();
    }
  });

  it.skipIf(skip)("saving never installs signal handlers: a library's host keeps its own", async () => {
    const { store, location } = await fresh();
    const before = ["SIGINT", "SIGTERM", "SIGHUP"].map((s) => process.listenerCount(s));
    const saved = await saveCase({ store, location }, `${await freshStore("sqlite")}-state`, { record: rec("S-1") });
    expect(saved.saved).toBe(true);
    expect(["SIGINT", "SIGTERM", "SIGHUP"].map((s) => process.listenerCount(s))).toEqual(before);
  });
});

describe("cases kept when they could not be saved", () => {
  it("are added to their store by the next save there; one that cannot be read is left for a person, and counted as waiting", async () => {
    const state = `${await freshStore("sqlite")}-state`;
    const location = await freshStore("sqlite");
    const down = { location, openError: new CaseStoreError("could not open it: the disk is full", location, "ENOSPC") };
    const kept = await saveCase(down, state, { record: rec("K-1") });
    expect(kept).toMatchObject({ saved: false, keptIn: `${state}/unsaved-cases.sqlite` });
    new DatabaseSync(`${state}/unsaved-cases.sqlite`).exec(`INSERT INTO unsaved (store, explicit_id, record) VALUES ('${location}', 1, '{"id":"torn')`);
    const store = await openCaseStore(location);
    open.push(store);
    const next = await saveCase({ store, location }, state, { record: rec("K-2") });
    expect(next).toMatchObject({ saved: true, addedEarlier: ["K-1"], waitingElsewhere: { count: 1 } });
    expect((await store.list()).map((r) => r.id)).toEqual(["K-2", "K-1"]); // the new case first, then the kept one
    // The next save finds nothing more to add, and the unreadable one still waits.
    expect(await saveCase({ store, location }, state, { record: rec("K-3") })).toMatchObject({ addedEarlier: [], waitingElsewhere: { count: 1 } });
  });
});

describe("the PostgreSQL store's address", () => {
  it.skipIf(skipsHere("postgres"))("is shown without its password, and a server that is not there is one clear error", async () => {
    const refused = (await openCaseStore("postgres://helpdesk:s3cret-pw@127.0.0.1:1/cases").catch((e: unknown) => e)) as CaseStoreError;
    expect(refused).toBeInstanceOf(CaseStoreError);
    expect(refused.message).toBe("postgres://helpdesk@127.0.0.1:1/cases: could not connect: the server refused the connection (is PostgreSQL running there?)");
    expect(refused.code).toBe("ECONNREFUSED");
    expect(JSON.stringify(refused)).not.toContain("s3cret");
  });

  it.skipIf(skipsHere("postgres"))("passes sslmode on: TLS asked of a server that offers none is one clear error naming TLS, and sslmode=disable connects", async () => {
    // The test server has no TLS and trusts local logins, so any password is let in.
    const schema = await newPostgresSchema();
    const withMode = (mode: string) => {
      const url = new URL(postgresUrl(schema, { user: new URL(POSTGRES_BASE).username, password: "s3cret-pw" }));
      url.searchParams.set("sslmode", mode);
      return url.toString();
    };
    const warnings = vi.spyOn(process, "emitWarning");
    try {
      for (const mode of ["require", "verify-full"]) {
        const refused = (await openCaseStore(withMode(mode)).catch((e: unknown) => e)) as CaseStoreError;
        expect(refused).toBeInstanceOf(CaseStoreError);
        expect(refused.code).toBe("ETLS");
        expect(refused.message).toBe(`${withMode(mode).replace(":s3cret-pw@", "@")}: could not connect: the server does not offer TLS, which the address asks for (sslmode)`);
        expect(JSON.stringify(refused)).not.toContain("s3cret");
      }
      // pg's several-line notice that it reads 'require' as 'verify-full' is not shown.
      expect(warnings).not.toHaveBeenCalled();
    } finally {
      warnings.mockRestore();
    }
    const store = await openCaseStore(withMode("disable"));
    open.push(store);
    expect(store.location).not.toContain("s3cret");
    await store.add([{ record: rec("TLS-1") }]);
    expect((await store.list()).map((r) => r.id)).toEqual(["TLS-1"]);
  });
});

describe("the SQLite store's file", () => {
  it("refuses an earlier version's JSON Lines log given as the store, saying how to move it over", async () => {
    const file = `${await freshStore("sqlite")}.jsonl`;
    writeFileSync(file, `${JSON.stringify(rec("x"))}\n`);
    const refused = (await openCaseStore(file).catch((e: unknown) => e)) as CaseStoreError;
    expect(refused.message).toBe(`${file}: is a JSON Lines case log from an earlier scamcheck, not a case store: move its cases over with 'scamcheck cases import ${file}'`);
    expect(refused.code).toBe("ENOTDB");
  });

  it("refuses a file that is not SQLite, and a folder", async () => {
    const file = await freshStore("sqlite");
    writeFileSync(file, "hello, not a database");
    await expect(openCaseStore(file)).rejects.toMatchObject({ code: "ENOTDB", reason: "is not a scamcheck case store (not an SQLite file)" });
    await expect(openCaseStore(file.replace(/\/cases\.sqlite$/, ""))).rejects.toMatchObject({ code: "ENOTREG" });
  });
});
