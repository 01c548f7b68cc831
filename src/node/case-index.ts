/**
 * A summary index of the case log, so that looking up a number or counting cases in a log of
 * 100,000 records does not mean reading and parsing 150 MB of JSON every time.
 *
 * The log stays the only record: the index (`<log>.idx`, beside it, mode 0600) is a cache of one
 * line per record (where it is, its id, date, verdict, family and number) for the log's first E
 * bytes. Because the log only ever grows at its end, the index stays true for that part; readers
 * read the index, then parse the part of the log after E as usual. Appending never touches the
 * index. When the unindexed part has grown large, a reader writes a new index covering it (a new
 * file renamed into place, so a reader never sees half of one; if the folder is read-only the
 * index is simply not written).
 *
 * Before trusting an index, its end must lie inside the log and sampled entries must point at
 * records with the same ids; a log rewritten by `cases purge`, restored from a backup or edited
 * by hand fails that check and is read in full again (and re-indexed).
 */
import { createReadStream } from "node:fs";
import { readLines } from "./lines.js";
import { open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import type { CaseRecord } from "../core/case-record.js";
import { numberKey } from "../core/caller-number.js";
import { CaseLogError, indexPathFor, type CaseLogProblem } from "./case-log.js";

const FORMAT = "scamcheck case index";
const VERSION = 1;
/** Records longer than this are reported and skipped, as the log reader does. */
const MAX_RECORD_BYTES = 1024 * 1024;
/** The unindexed part of the log worth writing an index for (about 1,500 records). */
export const INDEX_AFTER_BYTES = 2 * 1024 * 1024;

/** What the index keeps of a record: enough for `cases stats`, number look-ups and finding it again. */
export interface CaseSummary {
  id: string;
  recordedAt: string;
  verdict: string;
  family: string | null;
  /** The number's key (see numberKey), or undefined. */
  number: string | undefined;
  /** Where the record's line is in the log: byte offset, byte length (without the newline), line number. */
  offset: number;
  length: number;
  line: number;
}

interface Indexed {
  summaries: CaseSummary[];
  problems: (CaseLogProblem & { offset: number })[];
  /** Bytes of the log covered, and lines in them. */
  end: number;
  lines: number;
}

export { indexPathFor };

const EMPTY: Indexed = { summaries: [], problems: [], end: 0, lines: 0 };

function summarize(text: string, offset: number, length: number, line: number): CaseSummary | string {
  let record: CaseRecord;
  try {
    record = JSON.parse(text) as CaseRecord;
  } catch {
    return "unreadable (cut short or edited by hand); skipped";
  }
  if (!record || typeof record !== "object" || typeof record.id !== "string" || typeof record.verdict !== "string" || typeof record.recordedAt !== "string")
    return "not a case record";
  const number = numberKey(record.caller);
  return {
    id: record.id,
    recordedAt: record.recordedAt,
    verdict: record.verdict,
    family: typeof record.family === "string" ? record.family : null,
    number,
    offset,
    length,
    line,
  };
}

/**
 * The index file: one JSON object holding columns rather than rows (100,000 records make one
 * native JSON.parse of a few megabytes instead of 100,000 small ones), with the few distinct
 * verdicts and families stored once.
 */
interface IndexFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  end: number;
  lines: number;
  values: string[];
  columns: { id: string[]; recordedAt: string[]; verdict: number[]; family: number[]; number: (string | null)[]; offset: number[]; length: number[]; line: number[] };
  problems: { offset: number; line: number; message: string }[];
}

function formatIndex(indexed: Indexed): string {
  const values: string[] = [];
  const codes = new Map<string, number>();
  const code = (v: string | null) => {
    if (v === null) return -1;
    let c = codes.get(v);
    if (c === undefined) codes.set(v, (c = values.push(v) - 1));
    return c;
  };
  const s = indexed.summaries;
  const file: IndexFile = {
    format: FORMAT,
    version: VERSION,
    end: indexed.end,
    lines: indexed.lines,
    values,
    columns: {
      id: s.map((x) => x.id),
      recordedAt: s.map((x) => x.recordedAt),
      verdict: s.map((x) => code(x.verdict)),
      family: s.map((x) => code(x.family)),
      number: s.map((x) => x.number ?? null),
      offset: s.map((x) => x.offset),
      length: s.map((x) => x.length),
      line: s.map((x) => x.line),
    },
    problems: indexed.problems,
  };
  return JSON.stringify(file);
}

function parseIndex(text: string): Indexed | undefined {
  const file = JSON.parse(text) as Partial<IndexFile>;
  if (file?.format !== FORMAT || file.version !== VERSION || !file.columns || !Array.isArray(file.values) || !Array.isArray(file.problems)) return undefined;
  const { end, lines, values, columns: c } = file;
  if (!Number.isSafeInteger(end) || !Number.isSafeInteger(lines)) return undefined;
  const n = c.id?.length;
  if (![c.recordedAt, c.verdict, c.family, c.number, c.offset, c.length, c.line].every((col) => Array.isArray(col) && col.length === n)) return undefined;
  const summaries: CaseSummary[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const family = c.family[i] as number;
    summaries[i] = {
      id: c.id[i] as string,
      recordedAt: c.recordedAt[i] as string,
      verdict: values[c.verdict[i] as number] as string,
      family: family < 0 ? null : (values[family] as string),
      number: c.number[i] ?? undefined,
      offset: c.offset[i] as number,
      length: c.length[i] as number,
      line: c.line[i] as number,
    };
  }
  return { summaries, problems: file.problems, end: end as number, lines: lines as number };
}

/** The record a summary points at, read straight from its place in the log. */
export async function readCaseAt(log: string, summary: Pick<CaseSummary, "offset" | "length">): Promise<CaseRecord | undefined> {
  const handle = await open(log, "r");
  try {
    const buffer = Buffer.alloc(summary.length);
    const { bytesRead } = await handle.read(buffer, 0, summary.length, summary.offset);
    const record = JSON.parse(buffer.toString("utf8", 0, bytesRead)) as CaseRecord;
    return record && typeof record === "object" ? record : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/** An index is trusted only if it ends inside the log and sampled entries still point at their records. */
async function stillMatches(log: string, indexed: Indexed, size: number): Promise<boolean> {
  if (indexed.end > size) return false;
  const { summaries } = indexed;
  if (summaries.length === 0) return true;
  const samples = new Set([0, summaries.length >> 1, summaries.length - 1]);
  for (const i of samples) {
    const s = summaries[i] as CaseSummary;
    if (s.offset + s.length > indexed.end) return false;
    const record = await readCaseAt(log, s);
    if (record?.id !== s.id || record.verdict !== s.verdict) return false;
  }
  return true;
}

/** Summarise the log from byte `start` (line `firstLine`); a last line without a line end is only reported. */
async function summarizeFrom(log: string, start: number, firstLine: number): Promise<Indexed> {
  const summaries: CaseSummary[] = [];
  const problems: Indexed["problems"] = [];
  // Only complete lines are indexed: a torn last line (a power cut mid-write) is read and reported
  // each time until the next append completes or follows it.
  let end = start;
  let lines = firstLine - 1;
  const stream = createReadStream(log, { start, highWaterMark: 1024 * 1024 });
  for await (const line of readLines(stream, MAX_RECORD_BYTES)) {
    const offset = start + line.offset;
    const number = firstLine - 1 + line.number;
    if (line.ended) [end, lines] = [start + line.end + 1, number];
    if (line.tooLong) problems.push({ offset, line: number, message: "line too long" });
    else if (line.badUtf8At !== undefined) problems.push({ offset, line: number, message: "unreadable (cut short or edited by hand); skipped" });
    else if (line.text.trim() !== "") {
      const s = summarize(line.text, offset, line.bytes, number);
      if (typeof s === "string") problems.push({ offset, line: number, message: s });
      else summaries.push(s);
    }
  }
  return { summaries, problems, end, lines };
}

async function writeIndex(log: string, indexed: Indexed): Promise<void> {
  const target = indexPathFor(log);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temp, formatIndex(indexed), { mode: 0o600 });
    await rename(temp, target);
  } catch {
    // Only a cache: a read-only folder or a full disk means the next reader parses more.
    await rm(temp, { force: true }).catch(() => {});
  }
}

/**
 * Summaries of every record in the log, in log order, with the unreadable lines reported in
 * `problems` (line numbers as in the file). Uses and refreshes the index.
 */
export async function summarizeCaseLog(log: string, problems: CaseLogProblem[] = []): Promise<CaseSummary[]> {
  let size: number;
  try {
    const info = await stat(log);
    // A device or a folder given as the case log would be read forever or fail oddly.
    if (!info.isFile()) throw new CaseLogError("is not a regular file", log, { code: "ENOTREG" });
    size = info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  let indexed = EMPTY;
  try {
    const parsed = parseIndex(await readFile(indexPathFor(log), "utf8"));
    if (parsed && (await stillMatches(log, parsed, size))) indexed = parsed;
  } catch {
    // No index yet, or an unreadable one: read the log.
  }
  const tail = indexed.end < size ? await summarizeFrom(log, indexed.end, indexed.lines + 1) : { ...EMPTY, end: indexed.end, lines: indexed.lines };
  const summaries = indexed.summaries.length ? indexed.summaries.concat(tail.summaries) : tail.summaries;
  const found = [...indexed.problems, ...tail.problems].sort((a, b) => a.offset - b.offset);
  for (const p of found) problems.push({ line: p.line, message: p.message });
  if (tail.end - indexed.end >= INDEX_AFTER_BYTES) {
    const covered = <T extends { offset: number }>(xs: T[]) => xs.filter((x) => x.offset < tail.end);
    await writeIndex(log, { summaries: covered(summaries), problems: covered(found), end: tail.end, lines: tail.lines });
  }
  return summaries;
}
