/**
 * The case log: JSON Lines, one finished triage a line, shared by a team on one file server.
 *
 * - Appends happen under an exclusive lock (a lock file created with O_EXCL, which works on local
 *   and network file systems), each record written whole and synced, so operators appending at
 *   once never interleave or lose a record.
 * - A write that fails part way (a full disk) is undone: the file is cut back to where it was, so
 *   a record is either all there or not there at all.
 * - A torn last line (a power cut mid-write) is reported and skipped on read; the next append starts
 *   on a fresh line, so it never glues onto the torn one or hides earlier records.
 * - SIGINT, SIGTERM and SIGHUP that arrive while the lock is held are held back until the record is
 *   whole and the lock is gone; a wait for the lock stops at once. A lock left by a process that died
 *   anyway (SIGKILL, a crash) is recognised and taken over.
 * - The file is created with mode 0600 in a folder with mode 0700.
 */
import { createReadStream, readlinkSync } from "node:fs";
import { open, readdir, readFile, rename, rm, stat, utimes, type FileHandle } from "node:fs/promises";
import { makeFolder } from "./make-folder.js";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import type { CaseRecord } from "../core/case-record.js";
import { readLines, type Line } from "./lines.js";
import { describeFsError } from "./read-input.js";

export const LOCK_TIMEOUT_MS = 15_000;
/** A lock not refreshed for this long is from a process that died holding it (on another computer). */
export const STALE_LOCK_MS = 60_000;
/** A lock file still empty after this long was left by a process that died while taking it. */
const EMPTY_LOCK_MS = 5_000;
/** How often a held lock is refreshed, so a long purge is never mistaken for a dead one. */
const LOCK_REFRESH_MS = 10_000;
const MAX_RECORD_BYTES = 1024 * 1024;
/** Writes go out in pieces of at most this size, so a stop request is noticed between them. */
const WRITE_CHUNK_BYTES = 1024 * 1024;

/** The signals held back while the case log is being changed. */
const HELD_SIGNALS: NodeJS.Signals[] = process.platform === "win32" ? ["SIGINT", "SIGTERM"] : ["SIGINT", "SIGTERM", "SIGHUP"];

export class CaseLogError extends Error {
  override readonly name = "CaseLogError";
  /** The system error code behind it (ENOSPC, EACCES, …), or ELOCKED when the lock could not be had. */
  readonly code: string | undefined;
  /** The signal that stopped the change before it was made. */
  readonly signal: NodeJS.Signals | undefined;
  constructor(
    /** What went wrong, without the path: "could not write to it: the disk is full". */
    readonly reason: string,
    readonly path: string,
    details: { code?: string; signal?: NodeJS.Signals; cause?: unknown } = {},
  ) {
    super(`${path}: ${reason}`, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.code = details.code;
    this.signal = details.signal;
  }
}

/** The cause of a file system error, in words. */
function describeCause(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "EDQUOT") return "the disk quota is used up";
  if (code === "EEXIST") return "a file is in the way";
  return describeFsError(error);
}

function fsError(what: string, path: string, error: unknown): CaseLogError {
  if (error instanceof CaseLogError) return error;
  return new CaseLogError(`${what}: ${describeCause(error)}`, path, { code: (error as NodeJS.ErrnoException)?.code ?? "EUNKNOWN", cause: error });
}

function stoppedError(path: string, stop: AbortSignal, what: string): CaseLogError {
  const signal = typeof stop.reason === "string" && stop.reason.startsWith("SIG") ? (stop.reason as NodeJS.Signals) : undefined;
  return new CaseLogError(`stopped${signal ? ` by ${signal}` : ""} before ${what}`, path, { code: "EINTR", ...(signal && { signal }) });
}

/** Wait, or less if `stop` fires. */
const sleep = (ms: number, stop?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop?.addEventListener("abort", done, { once: true });
  });

/**
 * Run `work` with SIGINT, SIGTERM and SIGHUP held back. The first one fires `stop` (so a wait can end
 * early) while whatever must finish, finishes. Afterwards, when nothing else in the process listens
 * for that signal, it is raised again, so the process ends as it would have, just a moment later and
 * with the case log whole. `outer` (the caller's own stop request) fires `stop` too.
 */
async function holdingSignals<T>(work: (stop: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  let caught: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    caught ??= signal;
    controller.abort(signal);
  };
  const onOuter = () => controller.abort(outer?.reason);
  for (const signal of HELD_SIGNALS) process.on(signal, onSignal);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener("abort", onOuter, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    for (const signal of HELD_SIGNALS) process.off(signal, onSignal);
    outer?.removeEventListener("abort", onOuter);
    if (caught && process.listenerCount(caught) === 0) process.kill(process.pid, caught);
  }
}

/** Who holds a lock: the process id and the computer (and, on Linux, the process namespace). */
let owner: string | undefined;
function lockOwner(): string {
  if (owner === undefined) {
    let namespace = "";
    try {
      namespace = `/${readlinkSync("/proc/self/ns/pid")}`;
    } catch {
      // Not Linux: the host name alone.
    }
    owner = `${hostname()}${namespace}`;
  }
  return owner;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether a lock was left by a process that is gone: one on this computer that no longer runs, one
 * still empty seconds after it was made, or one nobody has refreshed for STALE_LOCK_MS. Undefined when
 * the lock has gone meanwhile.
 */
async function lockIsStale(lock: string): Promise<{ stale: boolean; ino: number; mtimeMs: number } | undefined> {
  let info: { ino: number; mtimeMs: number };
  try {
    info = await stat(lock);
  } catch {
    return undefined;
  }
  const verdict = (stale: boolean) => ({ stale, ino: info.ino, mtimeMs: info.mtimeMs });
  const age = Date.now() - info.mtimeMs;
  let text: string | undefined;
  try {
    text = await readFile(lock, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    // Unreadable (another user's lock): only its age can tell.
  }
  if (text !== undefined) {
    const held = /^(\d+)(?: (.+))?\n$/.exec(text);
    if (!held) return verdict(age > EMPTY_LOCK_MS);
    const pid = Number(held[1]);
    if (held[2] === lockOwner() && pid !== process.pid && !processIsAlive(pid)) return verdict(true);
  }
  return verdict(age > STALE_LOCK_MS);
}

/**
 * Take the lock on `path` (the file `path.lock`), waiting while another process holds it. Returns
 * the release function. `stop` ends the wait early (with a CaseLogError saying so).
 */
export async function acquireLock(path: string, stop?: AbortSignal): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    if (stop?.aborted) throw stoppedError(path, stop, "the case log was changed");
    let handle: FileHandle;
    try {
      handle = await open(lock, "wx", 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw fsError(`could not lock the case log (${lock})`, path, error);
      const judged = await lockIsStale(lock);
      if (judged === undefined) continue; // released between our attempts
      if (judged.stale) {
        // Remove only the lock judged stale: if another process has taken it over meanwhile (a new
        // file, or a new time), leave theirs alone.
        const now = await stat(lock).catch(() => undefined);
        if (now && now.ino === judged.ino && now.mtimeMs === judged.mtimeMs) await rm(lock, { force: true }).catch(() => {});
        continue;
      }
      if (Date.now() - started > LOCK_TIMEOUT_MS)
        throw new CaseLogError(
          `could not lock the case log: another process has held ${lock} for too long (if no scamcheck is running, delete that file)`,
          path,
          { code: "ELOCKED" },
        );
      await sleep(Math.min(100, 5 + attempt * 5) + Math.random() * 10, stop);
      continue;
    }
    // The lock is ours. If its owner cannot be written (a full disk), give it back at once: a lock
    // nobody can identify would hold up every other process.
    try {
      await writeAll(handle, Buffer.from(`${process.pid} ${lockOwner()}\n`));
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => {});
      await rm(lock, { force: true }).catch(() => {});
      throw fsError(`could not lock the case log (${lock})`, path, error);
    }
    const refresh = setInterval(() => {
      const now = new Date();
      utimes(lock, now, now).catch(() => {});
    }, LOCK_REFRESH_MS);
    refresh.unref();
    return async () => {
      clearInterval(refresh);
      await rm(lock, { force: true }).catch(() => {}); // a lock we cannot remove goes stale: ours is known dead
    };
  }
}

/** Write all of `data`, however many calls it takes (a write may take only part of it). */
async function writeAll(handle: FileHandle, data: Buffer, stop?: AbortSignal, path?: string): Promise<void> {
  for (let offset = 0; offset < data.length; ) {
    if (stop?.aborted && path !== undefined) throw stoppedError(path, stop, "the case log was changed");
    const { bytesWritten } = await handle.write(data, offset, Math.min(WRITE_CHUNK_BYTES, data.length - offset));
    if (bytesWritten <= 0) throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    offset += bytesWritten;
  }
}

/** Sync to the disk; file systems that cannot (some network and special files) are taken at their word. */
async function sync(handle: FileHandle): Promise<void> {
  try {
    await handle.datasync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EINVAL" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
  }
}

async function endsWithNewline(handle: FileHandle, size: number): Promise<boolean> {
  if (size === 0) return true;
  const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
  return buffer[0] === 10;
}

export interface AppendOptions {
  /** Stop waiting for the lock when this fires; a record already being written is finished first. */
  signal?: AbortSignal;
}

/**
 * Append lines of text (each ending in a newline) under the lock, all or nothing: a write that
 * fails part way is cut back off, and a signal that arrives meanwhile waits until it is done.
 */
export async function appendLines(path: string, text: string, options: AppendOptions & { what?: string } = {}): Promise<void> {
  const what = options.what ?? "the lines were written";
  const data = Buffer.from(text);
  const folder = dirname(path);
  try {
    await makeFolder(folder);
  } catch (error) {
    throw fsError(`could not create the folder ${folder}`, path, error);
  }
  await holdingSignals(async (stop) => {
    const release = await acquireLock(path, stop).catch((error: unknown) => {
      throw error instanceof CaseLogError && error.code === "EINTR" ? stoppedError(path, stop, what) : error;
    });
    try {
      if (stop.aborted) throw stoppedError(path, stop, what);
      let handle: FileHandle;
      try {
        handle = await open(path, "a+", 0o600);
      } catch (error) {
        throw fsError("could not open it for writing", path, error);
      }
      try {
        const { size } = await handle.stat();
        // After a torn write the file ends mid-line: start on a fresh line.
        const whole = (await endsWithNewline(handle, size)) ? data : Buffer.concat([Buffer.from("\n"), data]);
        try {
          // Once writing starts, it finishes: a half-written record is worse than a late signal.
          await writeAll(handle, whole);
          await sync(handle);
        } catch (error) {
          // Undo a partial write, so the log never keeps half a record. (Should even this fail, the
          // half line is skipped by readers and the next append starts on a fresh line.)
          await handle.truncate(size).catch(() => {});
          throw fsError("could not write to it", path, error);
        }
      } catch (error) {
        throw fsError("could not write to it", path, error);
      } finally {
        await handle.close().catch(() => {});
      }
    } finally {
      await release();
    }
  }, options.signal);
}

/** Append one record, whole, under the lock. */
export async function appendCase(path: string, record: CaseRecord, options: AppendOptions = {}): Promise<void> {
  await appendCases(path, [record], options);
}

/** Append records in one write under one lock: all of them, or none. */
export async function appendCases(path: string, records: readonly CaseRecord[], options: AppendOptions = {}): Promise<void> {
  if (records.length === 0) return;
  const lines = records.map((r) => `${JSON.stringify(r)}\n`);
  if (lines.some((line) => Buffer.byteLength(line) > MAX_RECORD_BYTES))
    throw new CaseLogError("the case record is too large to store", path, { code: "EFBIG" });
  await appendLines(path, lines.join(""), { ...options, what: records.length === 1 ? `case ${records[0]?.id} was saved` : "the cases were saved" });
}

/** The summary index kept beside a case log (see case-index.ts). */
export const indexPathFor = (log: string) => `${log}.idx`;

export interface CaseLogProblem {
  line: number;
  message: string;
}

/**
 * One line of the case log as a record; a problem to report (a torn last line, a hand edit); or
 * undefined for a blank line. Every reader of the log goes through here, so they agree on what a
 * case record is.
 */
export function caseFromLine(line: Line): CaseRecord | { problem: string } | undefined {
  if (line.tooLong) return { problem: "line too long" };
  const unreadable = { problem: "unreadable (cut short or edited by hand); skipped" };
  if (line.badUtf8At !== undefined) return unreadable;
  if (line.text.trim() === "") return undefined;
  let record: CaseRecord;
  try {
    record = JSON.parse(line.text) as CaseRecord;
  } catch {
    return unreadable;
  }
  return isCaseRecord(record) ? record : { problem: "not a case record" };
}

/** Whether a parsed value has what every reader of a case record relies on: id, time and verdict. */
export function isCaseRecord(r: unknown): r is CaseRecord {
  const x = r as CaseRecord | null;
  return !!x && typeof x === "object" && typeof x.id === "string" && typeof x.recordedAt === "string" && typeof x.verdict === "string";
}

/** Read every record; unreadable lines (a torn last line, a hand edit) are reported, not fatal. */
export async function* readCaseLog(path: string, problems: CaseLogProblem[] = []): AsyncGenerator<CaseRecord> {
  let stream;
  try {
    // A device or a folder given as the case log would be read forever or fail oddly.
    if (!(await stat(path)).isFile()) throw new CaseLogError("is not a regular file", path, { code: "ENOTREG" });
    stream = createReadStream(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  for await (const line of readLines(stream, MAX_RECORD_BYTES)) {
    const found = caseFromLine(line);
    if (found && "problem" in found) problems.push({ line: line.number, message: found.problem });
    else if (found) yield found;
  }
}

export async function readAllCases(path: string): Promise<{ records: CaseRecord[]; problems: CaseLogProblem[] }> {
  const problems: CaseLogProblem[] = [];
  const records: CaseRecord[] = [];
  for await (const r of readCaseLog(path, problems)) records.push(r);
  return { records, problems };
}

/**
 * Replace a file's contents atomically, keeping its mode (or making it 0600 with `privateFile`):
 * the new text goes to a temporary file beside it, is synced, and is renamed over the file. On any
 * failure, or when `stop` fires before the rename, the temporary file is removed and the file is
 * left exactly as it was. The caller holds the lock.
 */
export async function replaceFile(path: string, text: string, stop?: AbortSignal, privateFile = false): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  let mode = 0o600;
  try {
    if (!privateFile) mode = (await stat(path)).mode & 0o777;
  } catch {
    // A new file: private.
  }
  try {
    const handle = await open(temp, "w", 0o600);
    try {
      await handle.chmod(mode);
      await writeAll(handle, Buffer.from(text), stop, path);
      await sync(handle);
    } finally {
      await handle.close().catch(() => {});
    }
    if (stop?.aborted) throw stoppedError(path, stop, "anything was changed");
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
}

/** Temporary files left beside the log by a rewrite that was killed outright (SIGKILL, power cut). */
async function removeLeftovers(path: string): Promise<void> {
  const name = basename(path);
  const leftover = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d+)\\.tmp$`);
  try {
    for (const entry of await readdir(dirname(path))) {
      const m = leftover.exec(entry);
      if (m && Number(m[1]) !== process.pid) await rm(join(dirname(path), entry), { force: true });
    }
  } catch {
    // Only tidying.
  }
}

/**
 * Remove records from before a date (retention). Lines that cannot be read are kept as they are,
 * since their date is unknown. Rewrites the file atomically under the lock: interrupted (a signal,
 * `options.signal`) or failing (a full disk) part way, the log is left as it was and the temporary
 * file is removed.
 */
export async function purgeCases(
  path: string,
  before: Date,
  options: AppendOptions = {},
): Promise<{ removed: number; kept: number; unreadable: number }> {
  return holdingSignals(async (stop) => {
    const release = await acquireLock(path, stop);
    try {
      await removeLeftovers(path);
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return { removed: 0, kept: 0, unreadable: 0 };
        throw fsError("could not read it", path, error);
      }
      const cutoff = before.toISOString();
      const kept: string[] = [];
      let removed = 0;
      let unreadable = 0;
      for (const line of text.split("\n")) {
        if (line.trim() === "") continue;
        let record: CaseRecord | undefined;
        try {
          record = JSON.parse(line) as CaseRecord;
        } catch {
          unreadable++;
        }
        if (record && typeof record.recordedAt === "string" && record.recordedAt < cutoff) removed++;
        else kept.push(line);
      }
      if (removed > 0) {
        if (stop.aborted) throw stoppedError(path, stop, "anything was deleted");
        try {
          await replaceFile(path, kept.length ? `${kept.join("\n")}\n` : "", stop);
        } catch (error) {
          if (error instanceof CaseLogError && error.code === "EINTR") throw stoppedError(path, stop, "anything was deleted");
          throw fsError("could not rewrite it, so nothing was deleted", path, error);
        }
        // The summary index still names the deleted cases (ids, dates, numbers): it goes too, and
        // the next look-up that needs one writes a new one.
        await rm(indexPathFor(path), { force: true }).catch(() => undefined);
      }
      return { removed, kept: kept.length - unreadable, unreadable };
    } finally {
      await release();
    }
  }, options.signal);
}
