/**
 * A summary index of the case log, so that looking up a number or counting cases in a log of
 * 100,000 records does not mean reading and parsing 150 MB of JSON every time.
 *
 * The log stays the only record: the index (`<log>.idx`, beside it, mode 0600) is a cache of what
 * `cases stats` and number look-ups need of each record (its verdict, family, number and day, and
 * where it is in the log) for the log's first E bytes. Because the log only ever grows at its end,
 * the index stays true for that part; readers read the index, then parse the part of the log after
 * E as usual. Appending never touches the index. When the unindexed part has grown large, a reader
 * writes a new index covering it (a new file renamed into place, so a reader never sees half of
 * one; if the folder is read-only the index is simply not written). `cases purge` deletes it.
 *
 * Before trusting an index, its end must lie inside the log and sampled entries must point at
 * records with the same id; a log rewritten, restored from a backup or edited by hand fails that
 * check and is read in full again (and re-indexed).
 *
 * The file is two lines of JSON. The first holds small integers only, in columns (verdicts,
 * families and numbers are stored once and referred to by position), so counting 100,000 cases
 * costs one JSON.parse of a few megabytes and no object per case. The second holds the case ids
 * and times, parsed only by the few commands that need them.
 */
import { createReadStream } from "node:fs";
import { open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { numberKey } from "../core/caller-number.js";
import { isScamVerdict, type CaseRecord, type NumberHistory } from "../core/case-record.js";
import { caseFromLine, CaseLogError, indexPathFor, isCaseRecord, type CaseLogProblem } from "./case-log.js";
import { readLines } from "./lines.js";

export { indexPathFor };

const FORMAT = "scamcheck case index";
const VERSION = 4;
/** Records longer than this are reported and skipped, as the log reader does. */
const MAX_RECORD_BYTES = 1024 * 1024;
/** The unindexed part of the log worth writing an index for (about 1,500 records). */
export const INDEX_AFTER_BYTES = 2 * 1024 * 1024;
const DAY_MS = 86_400_000;

/** What the index keeps of a record: enough for `cases stats`, number look-ups and finding it again. */
export interface CaseSummary {
  id: string;
  recordedAt: string;
  verdict: string;
  family: string | null;
  /** The number's key (see numberKey), or undefined. */
  number: string | undefined;
  /** Where the record's line is in the log: byte offset, byte length (without the line end), line number. */
  offset: number;
  length: number;
  line: number;
}

type Problem = CaseLogProblem & { offset: number };

/** A short hash of a case id: enough to tell that an index entry still points at its record. */
function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The columns of the first line of the index file: what counting and look-ups need. A record's
 * place in the log is kept as its length and the gap before it (blank or unreadable lines), which
 * are short numbers, mostly 0 for the gap.
 */
interface Columns {
  verdict: number[];
  family: number[];
  number: number[];
  day: number[];
  length: number[];
  gap: number[];
}
const COLUMN_NAMES = ["verdict", "family", "number", "day", "length", "gap"] as const;
/** The second line: each record's line number. */
interface Places {
  line: number[];
}
/** The third line: each record's id and time. */
interface Texts {
  id: string[];
  recordedAt: string[];
}

interface IndexHead {
  format: typeof FORMAT;
  version: typeof VERSION;
  end: number;
  lines: number;
  /** Verdict and family names, and number keys, referred to by position (-1: none). */
  values: string[];
  numbers: string[];
  problems: Problem[];
  /** The bytes of the second and third lines, to tell a whole index from a cut-short one. */
  rest: number;
  /** A few rows with where they are and a hash of their id, to check the index still fits the log. */
  samples: { row: number; offset: number; length: number; idHash: number }[];
  columns: Columns;
}

/** Lines 2 and 3 of an index, parsed on first use; rows read from the log's end are added after them. */
class Lazy {
  private value: Record<string, unknown[]> | undefined;
  constructor(
    private readonly parse: () => Record<string, unknown[]>,
    private readonly rows: number,
    private readonly added: Record<string, unknown[]>,
  ) {}
  get(key: string, row: number): unknown {
    if (row >= this.rows) return this.added[key]?.[row - this.rows];
    this.value ??= this.parse();
    return this.value[key]?.[row];
  }
  push(values: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(values)) this.added[key]?.push(value);
  }
}

/**
 * The case log as a table: row i is the i-th readable record, in log order. Verdicts, families
 * and numbers come as shared strings, without building an object per case.
 */
export class CaseTable {
  private readonly valueCodes = new Map<string, number>();
  private readonly numberCodes = new Map<string, number>();
  /** Each row's byte offset in the log, from the lengths and gaps. */
  private readonly offsets: number[] = [];

  constructor(
    readonly log: string,
    private readonly values: string[],
    private readonly numbers: string[],
    private readonly columns: Columns,
    private readonly places: Lazy,
    private readonly texts: Lazy,
  ) {
    values.forEach((v, i) => this.valueCodes.set(v, i));
    numbers.forEach((n, i) => this.numberCodes.set(n, i));
    let next = 0;
    for (let row = 0; row < columns.length.length; row++) {
      const offset = next + (columns.gap[row] as number);
      this.offsets.push(offset);
      next = offset + (columns.length[row] as number) + 1;
    }
  }
  private nextOffset(): number {
    const last = this.offsets.length - 1;
    return last < 0 ? 0 : (this.offsets[last] as number) + (this.columns.length[last] as number) + 1;
  }
  private offset(row: number): number {
    return this.offsets[row] as number;
  }

  get size(): number {
    return this.columns.verdict.length;
  }
  /** The row's verdict and family as positions in `names` (-1 for no family): cheap to count. */
  verdictCode(row: number): number {
    return this.columns.verdict[row] as number;
  }
  familyCode(row: number): number {
    return this.columns.family[row] as number;
  }
  get names(): readonly string[] {
    return this.values;
  }
  verdict(row: number): string {
    return this.values[this.verdictCode(row)] as string;
  }
  family(row: number): string | null {
    const code = this.familyCode(row);
    return code < 0 ? null : (this.values[code] as string);
  }
  /** The row's number, as a position in `distinctNumbers` (-1 for none). */
  numberCode(row: number): number {
    return this.columns.number[row] as number;
  }
  get distinctNumbers(): readonly string[] {
    return this.numbers;
  }
  number(row: number): string | undefined {
    const code = this.numberCode(row);
    return code < 0 ? undefined : this.numbers[code];
  }
  /** Days since 1970-01-01 (UTC) of the record's time, or NaN if it has none that can be read. */
  day(row: number): number {
    const day = this.columns.day[row] as number;
    return day < 0 ? NaN : day;
  }
  line(row: number): number {
    return this.places.get("line", row) as number;
  }
  id(row: number): string {
    return this.texts.get("id", row) as string;
  }
  recordedAt(row: number): string {
    return this.texts.get("recordedAt", row) as string;
  }
  summary(row: number): CaseSummary {
    return {
      id: this.id(row),
      recordedAt: this.recordedAt(row),
      verdict: this.verdict(row),
      family: this.family(row),
      number: this.number(row),
      offset: this.offset(row),
      length: this.columns.length[row] as number,
      line: this.line(row),
    };
  }
  /** The record itself, read from its place in the log (undefined if the log changed under it). */
  record(row: number): Promise<CaseRecord | undefined> {
    return readCaseAt(this.log, { offset: this.offset(row), length: this.columns.length[row] as number });
  }

  /** Add a record read from the log (used while building). */
  add(s: CaseSummary): void {
    const code = (map: Map<string, number>, list: string[], v: string) => {
      let c = map.get(v);
      if (c === undefined) map.set(v, (c = list.push(v) - 1));
      return c;
    };
    const c = this.columns;
    const time = Date.parse(s.recordedAt);
    c.verdict.push(code(this.valueCodes, this.values, s.verdict));
    c.family.push(s.family === null ? -1 : code(this.valueCodes, this.values, s.family));
    c.number.push(s.number === undefined ? -1 : code(this.numberCodes, this.numbers, s.number));
    c.day.push(Number.isFinite(time) ? Math.floor(time / DAY_MS) : -1);
    c.gap.push(s.offset - this.nextOffset());
    c.length.push(s.length);
    this.offsets.push(s.offset);
    this.places.push({ line: s.line });
    this.texts.push({ id: s.id, recordedAt: s.recordedAt });
  }

  /** The index file for the first `rows` rows, covering the log up to `end`. */
  format(rows: number, end: number, lines: number, problems: Problem[]): string {
    const columns = Object.fromEntries(COLUMN_NAMES.map((name) => [name, this.columns[name].slice(0, rows)])) as unknown as Columns;
    const places: Places = { line: [] };
    const texts: Texts = { id: [], recordedAt: [] };
    for (let row = 0; row < rows; row++) {
      places.line.push(this.line(row));
      texts.id.push(this.id(row));
      texts.recordedAt.push(this.recordedAt(row));
    }
    const samples = rows === 0 ? [] : [...new Set([0, rows >> 1, rows - 1])].map((row) => ({ row, offset: this.offset(row), length: this.columns.length[row] as number, idHash: idHash(texts.id[row] as string) }));
    const rest = `${JSON.stringify(places)}\n${JSON.stringify(texts)}\n`;
    const head: IndexHead = { format: FORMAT, version: VERSION, end, lines, values: this.values, numbers: this.numbers, problems, rest: Buffer.byteLength(rest), samples, columns };
    return `${JSON.stringify(head)}\n${rest}`;
  }
}

const emptyColumns = (): Columns => ({ verdict: [], family: [], number: [], day: [], length: [], gap: [] });
const emptyTable = (log: string) =>
  new CaseTable(
    log,
    [],
    [],
    emptyColumns(),
    new Lazy(() => ({}), 0, { line: [] }),
    new Lazy(() => ({}), 0, { id: [], recordedAt: [] }),
  );

/** The index file's first line, checked; the other two (places, ids and times) are parsed only on use. */
function parseIndex(log: string, bytes: Buffer): { table: CaseTable; head: IndexHead } | undefined {
  const first = bytes.indexOf(10);
  const second = first < 0 ? -1 : bytes.indexOf(10, first + 1);
  if (second < 0) return undefined;
  const head = JSON.parse(bytes.toString("utf8", 0, first)) as Partial<IndexHead>;
  if (head?.format !== FORMAT || head.version !== VERSION || !head.columns || !Array.isArray(head.values) || !Array.isArray(head.numbers)) return undefined;
  if (!Array.isArray(head.problems) || !Array.isArray(head.samples) || !Number.isSafeInteger(head.end) || !Number.isSafeInteger(head.lines)) return undefined;
  if (bytes.length !== first + 1 + (head.rest as number)) return undefined; // cut short, or added to
  const columns = head.columns;
  const rows = columns.verdict?.length;
  if (!COLUMN_NAMES.every((name) => Array.isArray(columns[name]) && columns[name].length === rows)) return undefined;
  const damaged = () => new CaseLogError("its index is damaged; delete the .idx file beside it", log, { code: "EINDEX" });
  const lazyLine = (from: number, to: number | undefined, keys: string[]) => () => {
    let value: Record<string, unknown[]>;
    try {
      value = JSON.parse(bytes.toString("utf8", from, to)) as Record<string, unknown[]>;
    } catch {
      throw damaged();
    }
    if (!keys.every((k) => Array.isArray(value?.[k]) && value[k].length === rows)) throw damaged();
    return value;
  };
  const table = new CaseTable(
    log,
    head.values,
    head.numbers,
    columns,
    new Lazy(lazyLine(first + 1, second, ["line"]), rows, { line: [] }),
    new Lazy(lazyLine(second + 1, undefined, ["id", "recordedAt"]), rows, { id: [], recordedAt: [] }),
  );
  return { table, head: head as IndexHead };
}

/** The record a summary points at, read straight from its place in the log. */
export async function readCaseAt(log: string, at: { offset: number; length: number }): Promise<CaseRecord | undefined> {
  const handle = await open(log, "r");
  try {
    const buffer = Buffer.alloc(at.length);
    const { bytesRead } = await handle.read(buffer, 0, at.length, at.offset);
    const record: unknown = JSON.parse(buffer.toString("utf8", 0, bytesRead));
    return isCaseRecord(record) ? record : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/** An index is trusted only if it ends inside the log and its sample rows still point at records with their ids. */
async function stillMatches(log: string, head: IndexHead, size: number): Promise<boolean> {
  if (head.end > size) return false;
  const rows = head.columns.verdict.length;
  if (rows > 0 && head.samples.length === 0) return false;
  for (const { row, offset, length, idHash: hash } of head.samples) {
    if (!(row < rows) || offset + length > head.end) return false;
    const record = await readCaseAt(log, { offset, length });
    if (typeof record?.id !== "string" || idHash(record.id) !== hash || head.values[head.columns.verdict[row] as number] !== record.verdict) return false;
  }
  return true;
}

/** Read the log from byte `start` (line `firstLine`) into the table; returns how far complete lines go. */
async function readTail(log: string, table: CaseTable, start: number, firstLine: number, problems: Problem[]): Promise<{ end: number; lines: number; rows: number }> {
  // Only complete lines are indexed: a torn last line (a power cut mid-write) is read and reported
  // each time until the next append completes or follows it.
  let end = start;
  let lines = firstLine - 1;
  let rows = table.size;
  for await (const line of readLines(createReadStream(log, { start, highWaterMark: 1024 * 1024 }), MAX_RECORD_BYTES)) {
    const offset = start + line.offset;
    const number = firstLine - 1 + line.number;
    const found = caseFromLine(line);
    if (found && "problem" in found) problems.push({ offset, line: number, message: found.problem });
    else if (found)
      table.add({
        id: found.id,
        recordedAt: found.recordedAt,
        verdict: found.verdict,
        family: typeof found.family === "string" ? found.family : null,
        number: numberKey(found.caller),
        offset,
        length: line.bytes,
        line: number,
      });
    if (line.ended) [end, lines, rows] = [start + line.end + 1, number, table.size];
  }
  return { end, lines, rows };
}

async function writeIndex(log: string, text: string): Promise<void> {
  const target = indexPathFor(log);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, target);
  } catch {
    // Only a cache: a read-only folder or a full disk means the next reader parses more.
    await rm(temp, { force: true }).catch(() => {});
  }
}

/**
 * The log as a table of its readable records, in log order, with the unreadable lines reported in
 * `problems` (line numbers as in the file). Uses and refreshes the index.
 */
export async function readCaseTable(log: string, problems: CaseLogProblem[] = []): Promise<CaseTable> {
  const empty = () => emptyTable(log);
  let size: number;
  try {
    const info = await stat(log);
    // A device or a folder given as the case log would be read forever or fail oddly.
    if (!info.isFile()) throw new CaseLogError("is not a regular file", log, { code: "ENOTREG" });
    size = info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return empty();
    throw error;
  }
  let table = empty();
  let from = { end: 0, lines: 0, problems: [] as Problem[] };
  try {
    const parsed = parseIndex(log, await readFile(indexPathFor(log)));
    if (parsed && (await stillMatches(log, parsed.head, size))) {
      table = parsed.table;
      from = { end: parsed.head.end, lines: parsed.head.lines, problems: parsed.head.problems };
    }
  } catch {
    // No index yet, or an unreadable one: read the log.
  }
  const tailProblems: Problem[] = [];
  const tail = from.end < size ? await readTail(log, table, from.end, from.lines + 1, tailProblems) : { end: from.end, lines: from.lines, rows: table.size };
  const found = [...from.problems, ...tailProblems];
  for (const p of found) problems.push({ line: p.line, message: p.message });
  if (tail.end - from.end >= INDEX_AFTER_BYTES)
    await writeIndex(log, table.format(tail.rows, tail.end, tail.lines, found.filter((p) => p.offset < tail.end)));
  return table;
}

/** Every readable record's summary, in log order (see readCaseTable). */
export async function summarizeCaseLog(log: string, problems: CaseLogProblem[] = []): Promise<CaseSummary[]> {
  const table = await readCaseTable(log, problems);
  return Array.from({ length: table.size }, (_, row) => table.summary(row));
}

/** Whether row a is a later case than row b: a later day, or the same day (or none) and written later. */
function isLater(table: CaseTable, a: number, b: number): boolean {
  const [da, db] = [table.day(a), table.day(b)];
  return da > db || (!(da < db) && a > b);
}

/** A number's cases in the table: how many, how many were scams, and its latest case's row. */
export interface NumberTally {
  key: string;
  cases: number;
  scamCases: number;
  lastRow: number;
}

/**
 * Tally the cases of each distinct number that `accept` accepts (all by default). The latest case
 * is the one with the latest day, and of those the one written last.
 */
export function tallyNumbers(table: CaseTable, accept: (key: string) => boolean = () => true): NumberTally[] {
  const numbers = table.distinctNumbers;
  const wanted = numbers.map((key) => accept(key));
  const tallies: (NumberTally | undefined)[] = new Array(numbers.length);
  for (let row = 0; row < table.size; row++) {
    const code = table.numberCode(row);
    if (code < 0 || !wanted[code]) continue;
    let t = tallies[code];
    if (!t) tallies[code] = t = { key: numbers[code] as string, cases: 0, scamCases: 0, lastRow: row };
    t.cases++;
    if (isScamVerdict(table.verdict(row))) t.scamCases++;
    if (isLater(table, row, t.lastRow)) t.lastRow = row;
  }
  return tallies.filter((t): t is NumberTally => t !== undefined);
}

/** A number's history as the engine and the screens use it, from one or more tallies (its last case read from the log). */
export async function historyOf(table: CaseTable, key: string, tallies: readonly NumberTally[]): Promise<NumberHistory> {
  const history: NumberHistory = { key, cases: 0, scamCases: 0 };
  let lastRow = -1;
  for (const t of tallies) {
    history.cases += t.cases;
    history.scamCases += t.scamCases;
    if (lastRow < 0 || isLater(table, t.lastRow, lastRow)) lastRow = t.lastRow;
  }
  if (lastRow >= 0) {
    const record = await table.record(lastRow);
    history.last = { id: record?.id ?? table.id(lastRow), recordedAt: record?.recordedAt ?? table.recordedAt(lastRow), verdict: table.verdict(lastRow) };
  }
  return history;
}
