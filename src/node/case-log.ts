/**
 * The case log: JSON Lines, one finished triage a line, shared by a team on one file server.
 *
 * - Appends happen under an exclusive lock (a lock file created with O_EXCL, which works on local
 *   and network file systems), each record written whole in one write and synced, so operators
 *   appending at once never interleave or lose a record.
 * - A torn last line (a power cut mid-write) is reported and skipped on read; the next append starts
 *   on a fresh line, so it never glues onto the torn one or hides earlier records.
 * - The file is created with mode 0600 in a folder with mode 0700.
 */
import { createReadStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import type { CaseRecord } from "../core/case-record.js";
import { readLines } from "./lines.js";

export const LOCK_TIMEOUT_MS = 15_000;
/** A lock older than this is from a process that died holding it. */
export const STALE_LOCK_MS = 60_000;
const MAX_RECORD_BYTES = 1024 * 1024;

export class CaseLogError extends Error {
  override readonly name = "CaseLogError";
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquireLock(path: string): Promise<() => Promise<void>> {
  const lock = `${path}.lock`;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(lock, { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw error;
      try {
        const info = await stat(lock);
        if (Date.now() - info.mtimeMs > STALE_LOCK_MS) {
          await rm(lock, { force: true });
          continue;
        }
      } catch {
        continue; // released between our attempts
      }
      if (Date.now() - started > LOCK_TIMEOUT_MS)
        throw new CaseLogError(`could not lock the case log (another process has held ${lock} for too long)`, path);
      await sleep(Math.min(100, 5 + attempt * 5) + Math.random() * 10);
    }
  }
}

async function endsWithNewline(handle: FileHandle, size: number): Promise<boolean> {
  if (size === 0) return true;
  const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
  return buffer[0] === 10;
}

/** Append one record, whole, under the lock. */
export async function appendCase(path: string, record: CaseRecord): Promise<void> {
  const line = `${JSON.stringify(record)}\n`;
  if (Buffer.byteLength(line) > MAX_RECORD_BYTES) throw new CaseLogError("the case record is too large to store", path);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const release = await acquireLock(path);
  try {
    const handle = await open(path, "a+", 0o600);
    try {
      const { size } = await handle.stat();
      // After a torn write the file ends mid-line: start the record on a fresh line.
      const text = (await endsWithNewline(handle, size)) ? line : `\n${line}`;
      await handle.write(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  } finally {
    await release();
  }
}

export interface CaseLogProblem {
  line: number;
  message: string;
}

/** Read every record; unreadable lines (a torn last line, a hand edit) are reported, not fatal. */
export async function* readCaseLog(path: string, problems: CaseLogProblem[] = [], mustContain?: string): AsyncGenerator<CaseRecord> {
  let stream;
  try {
    await stat(path);
    stream = createReadStream(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  for await (const { number, text, tooLong } of readLines(stream, MAX_RECORD_BYTES)) {
    if (tooLong) {
      problems.push({ line: number, message: "line too long" });
      continue;
    }
    if (text.trim() === "") continue;
    // A search skips lines that cannot match before paying for JSON.parse.
    if (mustContain !== undefined && !text.includes(mustContain)) continue;
    try {
      const record = JSON.parse(text) as CaseRecord;
      if (record && typeof record === "object" && typeof record.id === "string" && typeof record.verdict === "string") yield record;
      else problems.push({ line: number, message: "not a case record" });
    } catch {
      problems.push({ line: number, message: "unreadable (cut short or edited by hand); skipped" });
    }
  }
}

export async function readAllCases(path: string): Promise<{ records: CaseRecord[]; problems: CaseLogProblem[] }> {
  const problems: CaseLogProblem[] = [];
  const records: CaseRecord[] = [];
  for await (const r of readCaseLog(path, problems)) records.push(r);
  return { records, problems };
}

/**
 * Remove records from before a date (retention). Lines that cannot be read are kept as they are,
 * since their date is unknown. Rewrites the file atomically under the lock.
 */
export async function purgeCases(path: string, before: Date): Promise<{ removed: number; kept: number; unreadable: number }> {
  const release = await acquireLock(path);
  try {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { removed: 0, kept: 0, unreadable: 0 };
      throw error;
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
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, kept.length ? `${kept.join("\n")}\n` : "", { mode: 0o600 });
    await rename(temp, path);
    return { removed, kept: kept.length - unreadable, unreadable };
  } finally {
    await release();
  }
}
