/**
 * The case history: where it is, opening it, and moving an old JSON Lines log into it.
 *
 * A store is either an SQLite file (the default, cases.sqlite in the data folder) or a PostgreSQL
 * database named by a postgres:// or postgresql:// connection string, which a team shares. Both
 * are opened here, brought to the current schema (saying so once for PostgreSQL, whose tables a
 * team creates once), and used through the same CaseStore.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { InputError } from "../../core/errors.js";
import type { CaseRecord } from "../../core/case-record.js";
import { readLines, type Line } from "../lines.js";
import { describeFsError } from "../read-input.js";
import { isPostgresUrl, shownStore } from "./location.js";
import { CaseStoreError, migrate, SCHEMA_VERSION, SqlCaseStore, type CaseStore, type Driver } from "./store.js";

export { CaseStoreError, SCHEMA_VERSION, type AddResult, type CaseFilter, type CaseStats, type CaseStore, type NewCase, type StoreProblem } from "./store.js";

/** A JSON Lines record longer than this is reported and skipped, as earlier versions did. */
const MAX_RECORD_BYTES = 1024 * 1024;

export { isPostgresUrl } from "./location.js";

/** The store as it may be shown: a path as given, a PostgreSQL address without its passwords. */
export async function storeLocation(location: string): Promise<string> {
  return shownStore(location);
}

export interface OpenOptions {
  /** Told, once, what opening did beyond opening: "Created the case store tables in …". */
  notice?: (line: string) => void;
  /** A JSON Lines log from an earlier version to move into an SQLite store that is new (see importCaseLog). */
  importOnCreate?: string;
  /**
   * False for commands that only read, or change only records already there: an SQLite store not
   * created yet is then read as an empty one, and no folder or file is made (unless an earlier
   * version's log is waiting to be moved into it). Default true.
   */
  create?: boolean;
}

const exists = (path: string) => stat(path).then(
  () => true,
  () => false,
);

/** Open a store, creating it or bringing its schema up to date as needed. */
export async function openCaseStore(location: string, options: OpenOptions = {}): Promise<CaseStore> {
  let driver: Driver;
  let shown = location;
  let lock: (() => Promise<void>) | undefined;
  let created = false;
  if (isPostgresUrl(location)) {
    const { openPostgres } = await import("./postgres.js");
    shown = shownStore(location);
    const pg = await openPostgres(location);
    driver = pg;
    lock = () => pg.migrationLock();
  } else {
    const { openSqlite } = await import("./sqlite.js");
    created = !(await exists(location));
    const old = options.importOnCreate;
    const nothingYet = created && options.create === false && !(old !== undefined && (await exists(old)));
    driver = await openSqlite(location, { inMemory: nothingYet });
    if (nothingYet) created = false;
  }
  try {
    const before = await migrate(driver, shown, lock).catch((error: unknown) => {
      throw driver.explain(error, "could not prepare its tables");
    });
    if (before < SCHEMA_VERSION && driver.dialect === "postgres")
      options.notice?.(
        before === 0
          ? `Created the case store tables in ${shown} (schema version ${SCHEMA_VERSION}).`
          : `Updated the case store tables in ${shown} from schema version ${before} to ${SCHEMA_VERSION}.`,
      );
  } catch (error) {
    await driver.close();
    throw error;
  }
  const store = new SqlCaseStore(driver, shown);
  const old = options.importOnCreate;
  if (created && old !== undefined && (await exists(old))) {
    // Once only: from now on the store exists, and the old file is left exactly as it was.
    const report = await importCaseLog(store, old).catch(() => undefined);
    if (report)
      options.notice?.(
        `Moved ${report.added} case${report.added === 1 ? "" : "s"} from the earlier case log ${old} into ${shown}${report.problems.length ? ` (${report.problems.length} unreadable line${report.problems.length === 1 ? "" : "s"} skipped; 'scamcheck cases import' lists them)` : ""}; the old file is left as it was.`,
      );
  }
  return store;
}

export interface ImportReport {
  added: number;
  /** Cases already in the store (the same id), left as they were. */
  alreadyThere: number;
  /** Lines that are not case records, by line number. */
  problems: { line: number; message: string }[];
}

/**
 * Add the cases of a JSON Lines case log (the format earlier versions kept, and `cases export
 * --format jsonl` writes) to a store. Cases already there are left alone, so importing twice adds
 * nothing; lines that are not case records are reported by number and skipped.
 */
export async function importCaseLog(store: CaseStore, path: string): Promise<ImportReport> {
  try {
    if (!(await stat(path)).isFile()) throw new InputError("is not a regular file (save the cases to a file, then import that)", path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`could not read it: ${describeFsError(error)}`, path);
  }
  const { parseCaseRecord } = await import("../../core/case-record-schema.js");
  /** One line as a record, or what is wrong with it; undefined for a blank line. */
  const caseFromLine = (line: Line) => {
    if (line.tooLong) return { problem: "line too long" };
    if (line.badUtf8At !== undefined) return { problem: "unreadable (cut short or edited by hand)" };
    return line.text.trim() === "" ? undefined : parseCaseRecord(line.text);
  };
  const report: ImportReport = { added: 0, alreadyThere: 0, problems: [] };
  let batch: CaseRecord[] = [];
  const flush = async () => {
    for (const result of await store.add(batch.map((record) => ({ record, explicitId: true })))) {
      if (result.duplicate) report.alreadyThere++;
      else report.added++;
    }
    batch = [];
  };
  try {
    for await (const line of readLines(createReadStream(path), MAX_RECORD_BYTES)) {
      const found = caseFromLine(line);
      if (found === undefined) continue;
      if ("problem" in found) report.problems.push({ line: line.number, message: found.problem });
      else batch.push(found.record);
      if (batch.length >= 1000) await flush();
    }
  } catch (error) {
    if (error instanceof CaseStoreError) throw error;
    throw new InputError(`could not read it: ${describeFsError(error)}`, path);
  }
  await flush();
  return report;
}
