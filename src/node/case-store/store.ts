/**
 * The case history as SQL: one implementation of every operation (save, look up a number, list,
 * count, purge, export), run by either database through a small driver (sqlite.ts, postgres.ts),
 * so the two stores give the same answers by construction.
 *
 * Counting a million cases on every `cases stats` would be slow, so two summary tables are kept
 * in the same transaction as the cases themselves: cases per day, verdict and family, and cases per
 * number. They are a database's own bookkeeping, changed only with the rows they count.
 */
import { isScamVerdict, markDone, newCaseId, redactRecord, type CaseRecord, type DoneStep, type NumberHistory } from "../../core/case-record.js";
import { numberKey, numberQuery, reversedDigits } from "../../core/caller-number.js";
import { CaseStoreError } from "./error.js";

export { CaseStoreError };

/** What a driver does: run SQL (with `?` placeholders) and hold a transaction. */
export interface Driver {
  readonly dialect: "sqlite" | "postgres";
  all(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]>;
  /** Run a statement; the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Run `work` in one transaction that takes the write lock at once: all of it, or none. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The error as a CaseStoreError saying what went wrong while doing `what`. */
  explain(error: unknown, what: string): CaseStoreError;
}
export type SqlValue = string | number | null;

/** A case to save. `explicitId`: the id came from the user (a ticket system), so saving it twice is one case. */
export interface NewCase {
  record: CaseRecord;
  explicitId?: boolean;
}

export interface AddResult {
  /** The record as saved: its id is new if the generated one was taken. */
  record: CaseRecord;
  /** A case with this explicit id was there already, so nothing was added. */
  duplicate: boolean;
}

export interface CaseStats {
  total: number;
  byVerdict: Map<string, number>;
  /** "none" for cases with no scam family. */
  byFamily: Map<string, number>;
  /** Cases per day (days since 1970-01-01, UTC). */
  byDay: Map<number, number>;
  /** The numbers seen in more than one case, most cases first, at most `limit` of them. */
  repeatedNumbers: NumberHistory[];
}

/** A stored record that could not be read back (edited by hand, written by a newer version). */
export interface StoreProblem {
  id: string;
  message: string;
}

export interface CaseFilter {
  /** ISO time: cases recorded at or after it. */
  since?: string;
  verdict?: string;
}

/** Everything the case history can do, the same on SQLite and PostgreSQL. */
export interface CaseStore {
  readonly kind: "sqlite" | "postgres";
  /** The store as it may be shown (never with a password). */
  readonly location: string;
  add(cases: readonly NewCase[]): Promise<AddResult[]>;
  get(id: string, problems?: StoreProblem[]): Promise<CaseRecord | undefined>;
  /** Record steps as done (see markDone); the case as it now is, or undefined when there is no such case. */
  markDone(id: string, ticked: readonly DoneStep[]): Promise<CaseRecord | undefined>;
  list(filter?: CaseFilter, problems?: StoreProblem[]): Promise<CaseRecord[]>;
  /** The cases with this number key, by the one matching rule (numberQuery), oldest first. */
  withNumber(key: string, problems?: StoreProblem[]): Promise<CaseRecord[]>;
  /** How often a number was seen, and its latest case; `except` leaves out one case (the one being scored again). */
  numberHistory(key: string, except?: string): Promise<NumberHistory>;
  stats(limit?: number): Promise<CaseStats>;
  /** Delete the cases recorded before `before`. */
  purge(before: Date): Promise<{ removed: number; kept: number }>;
  /** Every case, oldest first, a page at a time (for export). */
  each(problems?: StoreProblem[]): AsyncGenerator<CaseRecord>;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
const PAGE = 1000;

/**
 * The schema, one step per version: a store at version N runs the steps after N in one transaction.
 * `TEXT_C` is text compared byte by byte (PostgreSQL's "C" collation), which the number and time
 * look-ups rely on; `SEQ` is an ever-growing row number.
 */
export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE scamcheck_cases (
      seq SEQ,
      id TEXT_C NOT NULL UNIQUE,
      recorded_at TEXT_C NOT NULL,
      day INTEGER NOT NULL,
      verdict TEXT_C NOT NULL,
      family TEXT_C,
      scam INTEGER NOT NULL,
      number_key TEXT_C,
      number_rev TEXT_C,
      record TEXT NOT NULL
    )`,
    "CREATE INDEX scamcheck_cases_time ON scamcheck_cases (recorded_at)",
    "CREATE INDEX scamcheck_cases_verdict ON scamcheck_cases (verdict, recorded_at)",
    "CREATE INDEX scamcheck_cases_family ON scamcheck_cases (family)",
    "CREATE INDEX scamcheck_cases_number ON scamcheck_cases (number_key, recorded_at)",
    "CREATE INDEX scamcheck_cases_number_rev ON scamcheck_cases (number_rev, recorded_at)",
    `CREATE TABLE scamcheck_case_counts (
      day INTEGER NOT NULL, verdict TEXT_C NOT NULL, family TEXT_C NOT NULL, cases INTEGER NOT NULL,
      PRIMARY KEY (day, verdict, family)
    )`,
    `CREATE TABLE scamcheck_number_counts (
      number_key TEXT_C PRIMARY KEY, number_rev TEXT_C, cases INTEGER NOT NULL, scam_cases INTEGER NOT NULL
    )`,
    "CREATE INDEX scamcheck_number_counts_rev ON scamcheck_number_counts (number_rev)",
    "CREATE INDEX scamcheck_number_counts_cases ON scamcheck_number_counts (cases)",
  ],
  // The most repeated numbers, in the order `cases stats` lists them, are the first entries of
  // this index: reading the top ten no longer sorts every number seen more than once.
  [
    "CREATE INDEX scamcheck_number_counts_top ON scamcheck_number_counts (cases DESC, number_key)",
    "DROP INDEX scamcheck_number_counts_cases",
  ],
];
export const SCHEMA_VERSION = MIGRATIONS.length;
const META = "CREATE TABLE IF NOT EXISTS scamcheck_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)";

/** The schema version the store is at: 0 when it has no tables yet. */
export async function schemaVersion(db: Driver): Promise<number> {
  try {
    const [row] = await db.all("SELECT value FROM scamcheck_meta WHERE key = 'schema_version'");
    return row ? Number(row.value) : 0;
  } catch (error) {
    if (isMissingTable(error)) return 0;
    throw error;
  }
}

const isMissingTable = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return e?.code === "42P01" || /no such table/.test(String(e?.message));
};

/**
 * Bring the schema up to date; returns the version it was at (the same as SCHEMA_VERSION when there
 * was nothing to do). A store from a newer scamcheck is refused rather than misread.
 */
export async function migrate(db: Driver, location: string, lock?: () => Promise<void>): Promise<number> {
  const before = await schemaVersion(db);
  if (before > SCHEMA_VERSION)
    throw new CaseStoreError(`was made by a newer scamcheck (schema version ${before}; this one knows up to ${SCHEMA_VERSION}): upgrade scamcheck`, location, "ENEWER");
  if (before === SCHEMA_VERSION) return before;
  return db.transaction(async () => {
    await lock?.();
    // The version table first: in PostgreSQL a failed look-up would end the transaction.
    await db.run(META);
    // Another process may have migrated it while this one waited for the lock.
    const now = await schemaVersion(db);
    if (now >= SCHEMA_VERSION) return now;
    for (const step of MIGRATIONS.slice(now)) for (const sql of step) await db.run(sql);
    await db.run("DELETE FROM scamcheck_meta WHERE key = 'schema_version'");
    await db.run("INSERT INTO scamcheck_meta (key, value) VALUES ('schema_version', ?)", [String(SCHEMA_VERSION)]);
    return now;
  });
}

const dayOf = (iso: string) => Math.floor(Date.parse(iso) / DAY_MS);

/** The SQL condition for "this row's number is the number searched for", and its values. */
function numberCondition(key: string, table: string): { sql: string; params: SqlValue[] } {
  const { exact, ending } = numberQuery(key);
  if (ending === undefined) return { sql: `${table}.number_key = ?`, params: [exact] };
  // "Ends with these digits" is "its reversed digits start with them reversed": a range on an index.
  // ":" sorts just after "9", so [p, p + ":") holds exactly the strings that start with p.
  const prefix = [...ending].reverse().join("");
  return { sql: `(${table}.number_key = ? OR (${table}.number_rev >= ? AND ${table}.number_rev < ?))`, params: [exact, prefix, `${prefix}:`] };
}

export class SqlCaseStore implements CaseStore {
  constructor(
    private readonly db: Driver,
    readonly location: string,
  ) {}

  get kind() {
    return this.db.dialect;
  }

  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw error instanceof CaseStoreError ? error : this.db.explain(error, what);
    }
  }

  /**
   * The records in these rows, skipping (and reporting) any that cannot be read back. The record
   * schema (and zod with it) is loaded only by commands that read records, so counting and number
   * look-ups start faster.
   */
  private async records(rows: Record<string, unknown>[], problems?: StoreProblem[]): Promise<CaseRecord[]> {
    if (rows.length === 0) return [];
    const { parseCaseRecord } = await import("../../core/case-record-schema.js");
    const out: CaseRecord[] = [];
    for (const row of rows) {
      const checked = parseCaseRecord(String(row.record));
      // Redacted again on the way out: a record saved before a secret format was known (or by hand)
      // still leaves the tool clean.
      if ("record" in checked) out.push(redactRecord(checked.record));
      else problems?.push({ id: String(row.id), message: `${checked.problem}; skipped` });
    }
    return out;
  }

  add(cases: readonly NewCase[]): Promise<AddResult[]> {
    return this.guard("could not write to it", () =>
      this.db.transaction(async () => {
        const results: AddResult[] = [];
        for (const item of cases) results.push(await this.insert(item));
        return results;
      }),
    );
  }

  private async insert({ record, explicitId }: NewCase): Promise<AddResult> {
    // The store's own boundary: whatever the caller built (an imported log, a library user's
    // record), no secret is written.
    let saved = redactRecord(record);
    for (;;) {
      const key = numberKey(saved.caller) ?? null;
      const added = await this.db.run(
        `INSERT INTO scamcheck_cases (id, recorded_at, day, verdict, family, scam, number_key, number_rev, record)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        [saved.id, saved.recordedAt, dayOf(saved.recordedAt), saved.verdict, saved.family, isScamVerdict(saved.verdict) ? 1 : 0, key, reversedDigits(key ?? undefined) ?? null, JSON.stringify(saved)],
      );
      if (added === 0) {
        // The same explicit id is the same case (a script run twice); a generated id that happens to
        // be taken is only bad luck, so the case gets a new one instead of being dropped.
        if (explicitId) return { record: saved, duplicate: true };
        saved = { ...saved, id: newCaseId(new Date(saved.recordedAt)) };
        continue;
      }
      await this.count(saved, key, 1);
      return { record: saved, duplicate: false };
    }
  }

  /** Keep the summary tables in step with one case added (+1) or removed (-1). */
  private async count(record: CaseRecord, key: string | null, by: 1 | -1): Promise<void> {
    const scam = isScamVerdict(record.verdict) ? by : 0;
    await this.db.run(
      `INSERT INTO scamcheck_case_counts (day, verdict, family, cases) VALUES (?, ?, ?, ?)
       ON CONFLICT (day, verdict, family) DO UPDATE SET cases = scamcheck_case_counts.cases + excluded.cases`,
      [dayOf(record.recordedAt), record.verdict, record.family ?? "", by],
    );
    if (key === null) return;
    await this.db.run(
      `INSERT INTO scamcheck_number_counts (number_key, number_rev, cases, scam_cases) VALUES (?, ?, ?, ?)
       ON CONFLICT (number_key) DO UPDATE SET cases = scamcheck_number_counts.cases + excluded.cases,
         scam_cases = scamcheck_number_counts.scam_cases + excluded.scam_cases`,
      [key, reversedDigits(key) ?? null, by, scam],
    );
  }

  get(id: string, problems?: StoreProblem[]): Promise<CaseRecord | undefined> {
    return this.guard("could not read it", async () => (await this.records(await this.db.all("SELECT id, record FROM scamcheck_cases WHERE id = ?", [id]), problems))[0]);
  }

  markDone(id: string, ticked: readonly DoneStep[]): Promise<CaseRecord | undefined> {
    return this.guard("could not write to it", () =>
      this.db.transaction(async () => {
        const problems: StoreProblem[] = [];
        const [record] = await this.records(await this.db.all("SELECT id, record FROM scamcheck_cases WHERE id = ?", [id]), problems);
        if (problems[0]) throw new CaseStoreError(`case ${id}: ${problems[0].message.replace(/; skipped$/, "")}, so it was left as it was`, this.location, "EBADRECORD");
        if (!record) return undefined;
        // Only what the steps are is changed: verdict, number and day stay, so the summary tables do too.
        const updated: CaseRecord = { ...record, done: markDone(record.done ?? [], ticked) };
        await this.db.run("UPDATE scamcheck_cases SET record = ? WHERE id = ?", [JSON.stringify(updated), id]);
        return updated;
      }),
    );
  }

  list(filter: CaseFilter = {}, problems?: StoreProblem[]): Promise<CaseRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.since !== undefined) {
      where.push("recorded_at >= ?");
      params.push(filter.since);
    }
    if (filter.verdict !== undefined) {
      where.push("verdict = ?");
      params.push(filter.verdict);
    }
    const sql = `SELECT id, record FROM scamcheck_cases ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY recorded_at, seq`;
    return this.guard("could not read it", async () => this.records(await this.db.all(sql, params), problems));
  }

  withNumber(key: string, problems?: StoreProblem[]): Promise<CaseRecord[]> {
    const match = numberCondition(key, "scamcheck_cases");
    return this.guard("could not read it", async () =>
      this.records(await this.db.all(`SELECT id, record FROM scamcheck_cases WHERE ${match.sql} ORDER BY recorded_at, seq`, match.params), problems),
    );
  }

  numberHistory(key: string, except?: string): Promise<NumberHistory> {
    return this.guard("could not read it", async () => {
      const counted = numberCondition(key, "scamcheck_number_counts");
      const [sums] = await this.db.all(`SELECT SUM(cases) AS cases, SUM(scam_cases) AS scam FROM scamcheck_number_counts WHERE ${counted.sql}`, counted.params);
      const history: NumberHistory = { key, cases: Number(sums?.cases ?? 0), scamCases: Number(sums?.scam ?? 0) };
      const match = numberCondition(key, "scamcheck_cases");
      const exclude = except !== undefined ? " AND id <> ?" : "";
      const params = except !== undefined ? [...match.params, except] : match.params;
      if (except !== undefined) {
        // The same case scored again is not evidence about itself.
        const [self] = await this.db.all(`SELECT scam FROM scamcheck_cases WHERE ${match.sql} AND id = ?`, params);
        if (self) {
          history.cases--;
          history.scamCases -= Number(self.scam);
        }
      }
      const [last] = await this.db.all(
        `SELECT id, recorded_at, verdict FROM scamcheck_cases WHERE ${match.sql}${exclude} ORDER BY recorded_at DESC, seq DESC LIMIT 1`,
        params,
      );
      if (last) history.last = { id: String(last.id), recordedAt: String(last.recorded_at), verdict: String(last.verdict) };
      return history;
    });
  }

  stats(limit = 10): Promise<CaseStats> {
    return this.guard("could not read it", async () => {
      const stats: CaseStats = { total: 0, byVerdict: new Map(), byFamily: new Map(), byDay: new Map(), repeatedNumbers: [] };
      // Added up by the database, one grouping at a time: a few hundred rows come back, not one
      // per day, verdict and family.
      const sums = (column: string) => this.db.all(`SELECT ${column} AS k, SUM(cases) AS n FROM scamcheck_case_counts WHERE cases > 0 GROUP BY ${column}`);
      for (const row of await sums("verdict")) {
        stats.total += Number(row.n);
        stats.byVerdict.set(String(row.k), Number(row.n));
      }
      for (const row of await sums("family")) stats.byFamily.set(String(row.k) || "none", Number(row.n));
      for (const row of await sums("day")) stats.byDay.set(Number(row.k), Number(row.n));
      const repeated = await this.db.all(
        "SELECT number_key, cases, scam_cases FROM scamcheck_number_counts WHERE cases > 1 ORDER BY cases DESC, number_key LIMIT ?",
        [limit],
      );
      for (const row of repeated) {
        const key = String(row.number_key);
        const [last] = await this.db.all(
          "SELECT id, recorded_at, verdict FROM scamcheck_cases WHERE number_key = ? ORDER BY recorded_at DESC, seq DESC LIMIT 1",
          [key],
        );
        stats.repeatedNumbers.push({
          key,
          cases: Number(row.cases),
          scamCases: Number(row.scam_cases),
          ...(last && { last: { id: String(last.id), recordedAt: String(last.recorded_at), verdict: String(last.verdict) } }),
        });
      }
      return stats;
    });
  }

  purge(before: Date): Promise<{ removed: number; kept: number }> {
    const cutoff = before.toISOString();
    return this.guard("could not delete from it, so nothing was deleted", () =>
      this.db.transaction(async () => {
        // The summary tables lose what the deleted cases added, counted by the same groups.
        await this.db.run(
          `UPDATE scamcheck_case_counts SET cases = scamcheck_case_counts.cases - gone.n
           FROM (SELECT day, verdict, COALESCE(family, '') AS family, COUNT(*) AS n FROM scamcheck_cases WHERE recorded_at < ? GROUP BY day, verdict, COALESCE(family, '')) AS gone
           WHERE scamcheck_case_counts.day = gone.day AND scamcheck_case_counts.verdict = gone.verdict AND scamcheck_case_counts.family = gone.family`,
          [cutoff],
        );
        await this.db.run(
          `UPDATE scamcheck_number_counts SET cases = scamcheck_number_counts.cases - gone.n, scam_cases = scamcheck_number_counts.scam_cases - gone.scam
           FROM (SELECT number_key, COUNT(*) AS n, SUM(scam) AS scam FROM scamcheck_cases WHERE recorded_at < ? AND number_key IS NOT NULL GROUP BY number_key) AS gone
           WHERE scamcheck_number_counts.number_key = gone.number_key`,
          [cutoff],
        );
        await this.db.run("DELETE FROM scamcheck_case_counts WHERE cases <= 0");
        await this.db.run("DELETE FROM scamcheck_number_counts WHERE cases <= 0");
        const removed = await this.db.run("DELETE FROM scamcheck_cases WHERE recorded_at < ?", [cutoff]);
        const [left] = await this.db.all("SELECT COUNT(*) AS n FROM scamcheck_cases");
        return { removed, kept: Number(left?.n ?? 0) };
      }),
    );
  }

  async *each(problems?: StoreProblem[]): AsyncGenerator<CaseRecord> {
    for (let after = 0; ; ) {
      const rows = await this.guard("could not read it", () =>
        this.db.all(`SELECT seq, id, record FROM scamcheck_cases WHERE seq > ? ORDER BY seq LIMIT ${PAGE}`, [after]),
      );
      yield* await this.records(rows, problems);
      if (rows.length < PAGE) return;
      after = Number(rows.at(-1)?.seq);
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
