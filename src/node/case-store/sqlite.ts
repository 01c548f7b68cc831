/**
 * The embedded case store: one SQLite file through Node's own node:sqlite (no native module to
 * install). WAL mode lets readers and one writer work at once, and the busy timeout makes a writer
 * wait its turn instead of failing while another process saves. The file is made with mode 0600 in
 * a folder with mode 0700; SQLite gives its -wal and -shm files the same mode as the file.
 */
import { closeSync, openSync, readSync, statfsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { describeFsError } from "../read-input.js";
import { makeFolder } from "../make-folder.js";
import { withoutWarning } from "../quiet-warning.js";
import { CaseStoreError, type Driver, type SqlValue } from "./store.js";

/** How long a save waits for another process's save to finish before giving up. */
const BUSY_TIMEOUT_MS = 15_000;
const SQLITE_HEADER = "SQLite format 3\0";

let sqlite: typeof import("node:sqlite") | undefined;

/**
 * node:sqlite, loaded once. Node 22 and 24 print an ExperimentalWarning the first time it is loaded;
 * the person at the terminal can do nothing about it, so that one warning is held back while the
 * module loads (process.getBuiltinModule loads it synchronously).
 */
function loadSqlite(): typeof import("node:sqlite") {
  sqlite ??= withoutWarning(
    (type, text) => type === "ExperimentalWarning" && /SQLite/i.test(text),
    () => process.getBuiltinModule("node:sqlite") as typeof import("node:sqlite"),
  );
  return sqlite;
}

/** SQLite's primary result codes that say something a person can act on. */
const SQLITE_CODES: Record<number, { code: string; reason?: string }> = {
  5: { code: "ELOCKED", reason: "another process has kept it busy for too long (is a scamcheck stuck?)" },
  6: { code: "ELOCKED", reason: "another process has kept it busy for too long (is a scamcheck stuck?)" },
  8: { code: "EROFS", reason: "it can only be read here" },
  10: { code: "EIO", reason: "the disk reported an error" },
  11: { code: "ECORRUPT", reason: "the file is damaged (restore it from a backup)" },
  13: { code: "ENOSPC", reason: "the disk is full" },
  14: { code: "EACCES" },
  23: { code: "EACCES" },
  26: { code: "ENOTDB", reason: "it is not a scamcheck case store" },
};

function explain(path: string) {
  return (error: unknown, what: string): CaseStoreError => {
    if (error instanceof CaseStoreError) return error;
    const e = error as { errcode?: number; code?: string; message?: string };
    if (typeof e?.errcode === "number") {
      const primary = e.errcode & 0xff;
      // An I/O error or a file that cannot be opened (its -wal or -shm beside it) is most often a
      // full disk, which SQLite does not always call by its name: the file system can tell.
      if ((primary === 10 || primary === 14) && diskIsFull(path)) return new CaseStoreError(`${what}: the disk is full`, path, "ENOSPC", { cause: error });
      const known = SQLITE_CODES[primary];
      // "unable to open" says nothing of why: the file system does.
      const reason = known?.reason ?? (known?.code === "EACCES" ? whyNotWritable(path) : undefined) ?? String(e.message);
      return new CaseStoreError(`${what}: ${reason}`, path, known?.code ?? "ESQLITE", { cause: error });
    }
    return new CaseStoreError(`${what}: ${describeFsError(error)}`, path, e?.code ?? "EUNKNOWN", { cause: error });
  };
}

function diskIsFull(path: string): boolean {
  try {
    return statfsSync(dirname(path)).bavail === 0;
  } catch {
    return false;
  }
}

/** Why a store file or its folder cannot be opened or written, from the file system. */
function whyNotWritable(path: string): string | undefined {
  for (const target of [path, dirname(path)]) {
    try {
      const fd = openSync(target, target === path ? "r+" : "r");
      closeSync(fd);
    } catch (error) {
      return describeFsError(error);
    }
  }
  return undefined;
}

/**
 * The file, made private if new. A file that is not SQLite is refused with what it is, and one from
 * an earlier scamcheck (a JSON Lines case log) with how to move it over.
 */
async function prepareFile(path: string): Promise<void> {
  const fail = (reason: string, code: string, cause?: unknown) => new CaseStoreError(reason, path, code, { cause });
  try {
    await makeFolder(dirname(path));
  } catch (error) {
    throw fail(`could not create the folder ${dirname(path)}: ${describeFsError(error)}`, (error as NodeJS.ErrnoException).code ?? "EUNKNOWN", error);
  }
  let fd: number;
  try {
    fd = openSync(path, "a+", 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
    if (code === "EISDIR") throw fail("is a folder, not a case store file", "ENOTREG", error);
    throw fail(`could not open it: ${describeFsError(error)}`, code, error);
  }
  try {
    const info = statSync(path);
    if (!info.isFile()) throw fail("is not a regular file", "ENOTREG");
    if (info.size === 0) return;
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    if (head.toString("latin1") === SQLITE_HEADER) return;
    if (head[0] === 0x7b /* { */ || head.toString("utf8").trimStart().startsWith("{"))
      throw fail(`is a JSON Lines case log from an earlier scamcheck, not a case store: move its cases over with 'scamcheck cases import ${path}'`, "ENOTDB");
    throw fail("is not a scamcheck case store (not an SQLite file)", "ENOTDB");
  } finally {
    closeSync(fd);
  }
}

/**
 * The store at `path`; with `inMemory`, an empty one in memory that only names `path` (for a
 * command that reads a store not created yet, and so must create nothing).
 */
export async function openSqlite(path: string, { inMemory = false } = {}): Promise<Driver> {
  if (!inMemory) await prepareFile(path);
  const why = explain(path);
  let db: DatabaseSync;
  try {
    const { DatabaseSync } = loadSqlite();
    db = new DatabaseSync(inMemory ? ":memory:" : path);
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec("PRAGMA journal_mode = WAL");
    // Each save is on the disk before scamcheck says "Recorded".
    db.exec("PRAGMA synchronous = FULL");
  } catch (error) {
    throw why(error, "could not open it");
  }
  const statements = new Map<string, ReturnType<DatabaseSync["prepare"]>>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql.replace(/TEXT_C/g, "TEXT").replace(/\bSEQ\b/g, "INTEGER PRIMARY KEY"));
      statements.set(sql, statement);
    }
    return statement;
  };
  let depth = 0;
  let open = true;
  return {
    dialect: "sqlite",
    all: async (sql, params: readonly SqlValue[] = []) => prepare(sql).all(...params) as Record<string, unknown>[],
    run: async (sql, params: readonly SqlValue[] = []) => Number(prepare(sql).run(...params).changes),
    async transaction(work) {
      if (depth > 0) return work();
      // IMMEDIATE takes the write lock at the start, so two savers never both read, then clash.
      db.exec("BEGIN IMMEDIATE");
      depth++;
      try {
        const result = await work();
        db.exec("COMMIT");
        return result;
      } catch (error) {
        try {
          db.exec("ROLLBACK");
        } catch {
          // SQLite has rolled it back already (a full disk does).
        }
        throw error;
      } finally {
        depth--;
      }
    },
    async close() {
      if (open) db.close();
      open = false;
    },
    explain: why,
  };
}
