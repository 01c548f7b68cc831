/**
 * `scamcheck cases …`: the help desk's case history — list, show, search by number, export, stats
 * and purge. Unreadable lines in the log are reported on stderr with their line numbers and skipped.
 */
import { redactRecord, type CaseRecord, type NumberHistory } from "../../core/case-record.js";
import { UsageError } from "../../core/errors.js";
import { numberKey, numberMatcher, describeCallerNumber } from "../../core/caller-number.js";
import { VERDICT_IDS } from "../../core/constants.js";
import { sanitizeForTerminal as clean } from "../../core/sanitize.js";
import { purgeCases, readCaseLog, type CaseLogProblem } from "../../node/case-log.js";
import { historyOf, readCaseTable, tallyNumbers, type CaseTable } from "../../node/case-index.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { writeOut } from "../output.js";

export function parseDate(value: string, option: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(`${value}T00:00:00.000Z`) : new Date(NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw new UsageError(`${option} needs a date like 2026-11-20 (got '${value}')`);
  return date;
}

/** The records in the rows `pick` chooses, read from their places in the log (see case-index.ts). */
async function collectRows(ctx: CliContext, pick: (table: CaseTable) => number[]): Promise<CaseRecord[]> {
  const problems: CaseLogProblem[] = [];
  const table = await readCaseTable(ctx.caseLog, problems);
  reportProblems(ctx, problems);
  const out: CaseRecord[] = [];
  for (const row of pick(table)) {
    const record = await table.record(row);
    // Redacted again on the way out: the log may hold records from before a secret format was known.
    if (record) out.push(redactRecord(record));
    else ctx.io.stderr.write(`${ctx.caseLog}:${table.line(row)}: changed while being read; skipped\n`);
  }
  return out;
}

const rowsWhere = (table: CaseTable, test: (row: number) => boolean) => Array.from({ length: table.size }, (_, row) => row).filter(test);

function reportProblems(ctx: CliContext, problems: readonly CaseLogProblem[]): void {
  for (const p of problems) ctx.io.stderr.write(`${ctx.caseLog}:${p.line}: ${p.message}\n`);
}

async function collect(ctx: CliContext, keep: (r: CaseRecord) => boolean = () => true): Promise<CaseRecord[]> {
  const problems: CaseLogProblem[] = [];
  const out: CaseRecord[] = [];
  for await (const r of readCaseLog(ctx.caseLog, problems)) if (keep(r)) out.push(r);
  reportProblems(ctx, problems);
  return out;
}

const day = (iso: string) => iso.slice(0, 10);

/** One case a line under a header, the columns padded to line up. */
function table(records: readonly CaseRecord[]): string[] {
  const rows = records.map((r) => [
    r.id,
    day(r.recordedAt),
    r.verdict,
    r.caller ? describeCallerNumber(r.caller).replace(/ \(typed as .*\)$/, "") : "-",
    r.organisation ?? "-",
    r.ticket ?? "",
  ].map((cell) => clean(String(cell))));
  const all = [["ID", "DATE", "VERDICT", "NUMBER", "ORGANISATION", "TICKET"], ...rows];
  const widths = all[0]?.map((_, col) => Math.max(...all.map((row) => (row[col] ?? "").length))) ?? [];
  return all.map((row) => row.map((cell, col) => (col < row.length - 1 ? cell.padEnd(widths[col] ?? 0) : cell)).join("  ").trimEnd());
}

async function printList(ctx: CliContext, records: CaseRecord[], json: boolean | undefined, empty: string): Promise<number> {
  if (json) await writeOut(ctx.io.stdout, `${JSON.stringify(records, null, 2)}\n`);
  else await writeOut(ctx.io.stdout, records.length ? `${table(records).join("\n")}\n` : `${empty}\n`);
  return EXIT.ok;
}

export async function runCasesList(ctx: CliContext, options: { since?: string; verdict?: string; json?: boolean }): Promise<number> {
  const since = options.since !== undefined ? parseDate(options.since, "--since").toISOString() : undefined;
  if (options.verdict !== undefined && !(VERDICT_IDS as readonly string[]).includes(options.verdict))
    throw new UsageError(`--verdict must be one of: ${VERDICT_IDS.join(", ")}`);
  const records = await collect(ctx, (r) => (since === undefined || r.recordedAt >= since) && (options.verdict === undefined || r.verdict === options.verdict));
  return printList(ctx, records, options.json, `No cases in ${ctx.caseLog}${since || options.verdict ? " match" : " yet"}.`);
}

export async function runCasesShow(ctx: CliContext, id: string, options: { json?: boolean }): Promise<number> {
  const [record] = await collectRows(ctx, (table) => rowsWhere(table, (row) => table.id(row) === id).slice(0, 1));
  if (!record) throw new UsageError(`no case '${id}' in ${ctx.caseLog}`);
  if (options.json) {
    await writeOut(ctx.io.stdout, `${JSON.stringify(record, null, 2)}\n`);
    return EXIT.ok;
  }
  const rules = await ctx.rules();
  const out = [
    `Case ${record.id}, recorded ${record.recordedAt}${record.operator ? ` by ${record.operator}` : ""}`,
    `Verdict: ${record.verdict} (score ${record.score})${record.family ? `, ${record.family}` : ""}`,
    `Number: ${record.caller ? describeCallerNumber(record.caller) : "not given"}`,
    ...(record.organisation ? [`Organisation claimed: ${record.organisation}`] : []),
    ...(record.callTime ? [`When: ${record.callTime}`] : []),
    ...(record.ticket ? [`Ticket: ${record.ticket}`] : []),
    `Signs: ${record.reasons.join(", ") || "none"}`,
    `Actions advised: ${record.actions.join(", ") || "none"}`,
    "Answers:",
    ...Object.entries(record.answers).map(([id, v]) => `  ${rules.questions.find((q) => q.id === id)?.staffText ?? id}: ${Array.isArray(v) ? v.join(", ") : String(v)}`),
  ];
  await writeOut(ctx.io.stdout, `${out.map((l) => clean(l)).join("\n")}\n`);
  return EXIT.ok;
}

export async function runCasesSearch(ctx: CliContext, options: { number?: string; json?: boolean }): Promise<number> {
  if (!options.number) throw new UsageError("cases search needs --number NUMBER");
  // Loaded here only: the phone-number metadata is the largest part of the package.
  const { normaliseCallerNumber } = await import("../../core/phone.js");
  const key = numberKey(normaliseCallerNumber(options.number, await ctx.region()));
  if (!key) throw new UsageError(`'${options.number}' is not a number to search for`);
  const matches = numberMatcher(key);
  if (!key.startsWith("+")) ctx.io.stderr.write(`(No region set, so ${clean(options.number)} also matches international numbers ending in its digits; add --region for exact matches.)\n`);
  const records = await collectRows(ctx, (table) => {
    const wanted = table.distinctNumbers.map(matches);
    return rowsWhere(table, (row) => wanted[table.numberCode(row)] === true);
  });
  return printList(ctx, records, options.json, `No cases with ${key}.`);
}

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? "" : String(v);
  // Quote everything that needs it; a leading = + - @ is neutralised so spreadsheets do not run it.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export async function runCasesExport(ctx: CliContext, options: { format?: string }): Promise<number> {
  const format = options.format ?? "json";
  if (format !== "csv" && format !== "json") throw new UsageError("--format must be csv or json");
  const records = await collect(ctx);
  if (format === "json") {
    await writeOut(ctx.io.stdout, `${JSON.stringify(records, null, 2)}\n`);
    return EXIT.ok;
  }
  const header = ["id", "recorded_at", "operator", "ticket", "number", "number_e164", "organisation", "call_time", "region", "verdict", "score", "family", "signs", "actions"];
  const rows = records.map((r) =>
    [
      r.id,
      r.recordedAt,
      r.operator,
      r.ticket,
      r.caller?.raw,
      r.caller?.kind === "number" ? r.caller.e164 : r.caller?.kind,
      r.organisation,
      r.callTime,
      r.region,
      r.verdict,
      r.score,
      r.family,
      r.reasons.join(";"),
      r.actions.join(";"),
    ]
      .map(csvCell)
      .join(","),
  );
  await writeOut(ctx.io.stdout, `${[header.join(","), ...rows].join("\r\n")}\r\n`);
  return EXIT.ok;
}

/** ISO week, like 2026-W48. */
export function isoWeek(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00.000Z`);
  const dayOfWeek = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - dayOfWeek + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((d.getTime() - firstThursday.getTime()) / 86400000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

export async function runCasesStats(ctx: CliContext, options: { json?: boolean }): Promise<number> {
  const byVerdict = new Map<string, number>();
  const byFamily = new Map<string, number>();
  const byWeek = new Map<string, number>();
  const byNumber = new Map<string, NumberHistory>();
  const problems: CaseLogProblem[] = [];
  const table = await readCaseTable(ctx.caseLog, problems);
  const total = table.size;
  // Counted by position in the table's name list and by day, then named: no string work per case.
  const verdictCounts = new Int32Array(table.names.length);
  const familyCounts = new Int32Array(table.names.length + 1);
  const dayCounts = new Map<number, number>();
  for (let row = 0; row < total; row++) {
    const verdict = table.verdictCode(row);
    const family = table.familyCode(row) + 1;
    verdictCounts[verdict] = (verdictCounts[verdict] ?? 0) + 1;
    familyCounts[family] = (familyCounts[family] ?? 0) + 1;
    const today = table.day(row);
    dayCounts.set(today, (dayCounts.get(today) ?? 0) + 1);
  }
  const add = (map: Map<string, number>, key: string, n: number) => n > 0 && map.set(key, (map.get(key) ?? 0) + n);
  verdictCounts.forEach((n, code) => add(byVerdict, table.names[code] as string, n));
  familyCounts.forEach((n, code) => add(byFamily, code === 0 ? "none" : (table.names[code - 1] as string), n));
  for (const [today, n] of dayCounts) add(byWeek, Number.isNaN(today) ? "unknown" : isoWeek(new Date(today * 86_400_000).toISOString()), n);
  reportProblems(ctx, problems);
  // The numbers seen most often, with each one's latest case read from the log.
  const tallies = tallyNumbers(table)
    .filter((t) => t.cases > 1)
    .sort((a, b) => b.cases - a.cases || (a.key < b.key ? -1 : 1))
    .slice(0, 10);
  for (const t of tallies) byNumber.set(t.key, await historyOf(table, t.key, [t]));
  const top = [...byNumber];
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (options.json) {
    const stats = {
      total,
      byVerdict: Object.fromEntries(sorted(byVerdict)),
      byFamily: Object.fromEntries(sorted(byFamily)),
      byWeek: Object.fromEntries([...byWeek].sort()),
      repeatedNumbers: top.map(([number, n]) => ({ number, cases: n.cases, scamCases: n.scamCases, lastSeen: n.last?.recordedAt, lastVerdict: n.last?.verdict })),
    };
    await writeOut(ctx.io.stdout, `${JSON.stringify(stats, null, 2)}\n`);
    return EXIT.ok;
  }
  const out = [`${total} case${total === 1 ? "" : "s"} in ${ctx.caseLog}`, "", "By verdict:"];
  for (const [k, v] of sorted(byVerdict)) out.push(`  ${k.padEnd(24)} ${v}`);
  out.push("", "By scam family:");
  for (const [k, v] of sorted(byFamily)) out.push(`  ${k.padEnd(24)} ${v}`);
  out.push("", "Numbers seen more than once:");
  if (top.length === 0) out.push("  none");
  for (const [k, n] of top) out.push(`  ${k.padEnd(16)} ${n.cases} cases, last ${day(n.last?.recordedAt ?? "")} (${n.last?.verdict})`);
  out.push("", "Per week:");
  for (const [k, v] of [...byWeek].sort()) out.push(`  ${k}  ${v}`);
  await writeOut(ctx.io.stdout, `${out.join("\n")}\n`);
  return EXIT.ok;
}

export async function runCasesPurge(ctx: CliContext, options: { before?: string; yes?: boolean }): Promise<number> {
  if (!options.before) throw new UsageError("cases purge needs --before DATE (records recorded before that day are deleted)");
  const before = parseDate(options.before, "--before");
  if (!options.yes) {
    if (!ctx.io.stdin.isTTY || !ctx.io.stderr.isTTY) throw new UsageError("cases purge deletes records; add --yes to confirm when not at a terminal");
    const { confirm } = await import("../prompt-kit.js");
    const ok = await confirm({ message: `Delete every case recorded before ${options.before} from ${ctx.caseLog}?`, default: false }, { input: ctx.io.stdin, output: ctx.io.stderr });
    if (!ok) {
      ctx.io.stderr.write("Nothing deleted.\n");
      return EXIT.ok;
    }
  }
  const { removed, kept, unreadable } = await purgeCases(ctx.caseLog, before);
  await writeOut(ctx.io.stdout, `Deleted ${removed} case${removed === 1 ? "" : "s"} recorded before ${options.before}; ${kept} kept${unreadable ? `, ${unreadable} unreadable line${unreadable === 1 ? "" : "s"} left as they were` : ""}.\n`);
  return EXIT.ok;
}
