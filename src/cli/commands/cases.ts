/**
 * `scamcheck cases …`: the help desk's case history — list, show, search by number, export, stats,
 * purge, import and migrate. A stored record that cannot be read back is reported on stderr by its
 * id and skipped, so one odd record never stops the rest.
 */
import { localDay, type CaseRecord } from "../../core/case-record.js";
import { UsageError } from "../usage-error.js";
import { numberKey, describeCallerNumber } from "../../core/caller-number.js";
import type { RuleSet } from "../../core/ruleset.js";
import { dayInWords, describeCase, doneOn, mispEvent, serviceNowIncident, zendeskTicket } from "../../core/ticket-exports.js";
import { dateWriter, formatDateTime } from "../dates.js";
import { sanitizeForTerminal as clean, terminalSafeJson } from "../../core/sanitize.js";
import type { CaseStore, StoreProblem } from "../../node/case-store/index.js";
import { openStore } from "../case-store-open.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { writeOut } from "../output.js";
import { cut, displayWidth, outputWidth, padTo, wrap } from "../wrap.js";
import type { ExportFormat } from "../choices.js";

export function parseDate(value: string, option: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(`${value}T00:00:00.000Z`) : new Date(NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw new UsageError(`${option} needs a date like 2026-11-20 (got '${value}')`);
  return date;
}

/** Run `work` on the store, reporting records that could not be read back, and close it. */
async function withStore<T>(ctx: CliContext, work: (store: CaseStore, problems: StoreProblem[]) => Promise<T>, open: { create?: boolean } = {}): Promise<T> {
  const store = await openStore(ctx, open);
  const problems: StoreProblem[] = [];
  try {
    return await work(store, problems);
  } finally {
    for (const p of problems) ctx.io.stderr.write(`${clean(store.location)}: case ${clean(p.id)}: ${p.message}\n`);
    await store.close();
  }
}

const day = (iso: string) => iso.slice(0, 10);

const HEADER = ["ID", "DATE", "VERDICT", "NUMBER", "ORGANISATION", "TICKET"];
/**
 * The columns that give way on a narrow terminal, first the free text (organisation, ticket), then
 * the verdict and number; the id (what `cases show` takes) and the day never do.
 */
const NARROWABLE = [new Set([4, 5]), new Set([2, 3])];
const GAP = 2;
/** A narrowed column keeps at least this many columns: a few letters and the "…". */
const NARROWEST = 8;

/**
 * One case a line under a header, the columns padded to line up. Given a width (a terminal's), the
 * widest column that may give way is narrowed a column at a time until a row fits, and cells too
 * long for their column are cut with "…"; without one, rows are whole, for scripts.
 */
function table(records: readonly CaseRecord[], width?: number): string[] {
  const rows = records.map((r) => [
    r.id,
    day(r.recordedAt),
    r.verdict,
    r.caller ? describeCallerNumber(r.caller).replace(/ \(typed as .*\)$/, "") : "-",
    r.organisation ?? "-",
    r.ticket ?? "",
  ].map((cell) => clean(String(cell))));
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, col) => Math.max(...all.map((row) => displayWidth(row[col] ?? ""))));
  if (width !== undefined) {
    let over = widths.reduce((sum, w) => sum + w, GAP * (widths.length - 1)) - width;
    for (const narrowable of NARROWABLE)
      while (over > 0) {
        const widest = widths.reduce((best, w, col) => (narrowable.has(col) && w > NARROWEST && (best < 0 || w > (widths[best] as number)) ? col : best), -1);
        if (widest < 0) break;
        widths[widest] = (widths[widest] as number) - 1;
        over--;
      }
  }
  return all.map((row) =>
    row
      .map((cell, col) => {
        const fitted = cut(cell, widths[col] as number);
        return col < row.length - 1 ? padTo(fitted, widths[col] as number) : fitted;
      })
      .join(" ".repeat(GAP))
      .trimEnd(),
  );
}

async function printList(ctx: CliContext, records: CaseRecord[], json: boolean | undefined, empty: string): Promise<number> {
  if (json) await writeOut(ctx.io.stdout, `${terminalSafeJson(records, 2)}\n`);
  else {
    // On a terminal, rows fit its width (a wrapped row breaks the columns); piped, they are whole.
    const { isTTY, columns } = ctx.io.stdout;
    await writeOut(ctx.io.stdout, records.length ? `${table(records, isTTY && columns ? columns : undefined).join("\n")}\n` : `${empty}\n`);
  }
  return EXIT.ok;
}

export async function runCasesList(ctx: CliContext, options: { since?: string; verdict?: string; json?: boolean }): Promise<number> {
  const since = options.since !== undefined ? parseDate(options.since, "--since").toISOString() : undefined;
  return withStore(ctx, async (store, problems) => {
    const records = await store.list({ ...(since !== undefined && { since }), ...(options.verdict !== undefined && { verdict: options.verdict }) }, problems);
    return printList(ctx, records, options.json, `No cases in ${clean(store.location)}${since || options.verdict ? " match" : " yet"}.`);
  });
}

export async function runCasesShow(ctx: CliContext, id: string, options: { json?: boolean }): Promise<number> {
  const { record, location } = await withStore(ctx, async (store, problems) => ({ record: await store.get(id, problems), location: store.location }));
  if (!record) throw new UsageError(`no case '${clean(id)}' in ${clean(location)}`);
  if (options.json) {
    await writeOut(ctx.io.stdout, `${terminalSafeJson(record, 2)}\n`);
    return EXIT.ok;
  }
  const rules = await ctx.rules();
  const region = (await ctx.region()) ?? record.region;
  const out = describeCase(record, rules, dateWriter(rules, region), { wholeSteps: true });
  // Wrapped to the terminal, a list item's later lines under its text.
  const width = outputWidth(ctx.io.stdout);
  const lines = out.flatMap((l) => {
    const item = /^( *)(- )?/.exec(l) as RegExpExecArray;
    const lead = item[0];
    return wrap(clean(l.slice(lead.length)), width, " ".repeat(lead.length + (item[2] ? 0 : 2)), lead);
  });
  await writeOut(ctx.io.stdout, `${lines.join("\n")}\n`);
  return EXIT.ok;
}

export async function runCasesReport(ctx: CliContext, id: string, options: { plain?: boolean }): Promise<number> {
  const { record, location } = await withStore(ctx, async (store, problems) => ({ record: await store.get(id, problems), location: store.location }));
  if (!record) throw new UsageError(`no case '${clean(id)}' in ${clean(location)}`);
  const rules = await ctx.rules();
  const region = record.region ?? (await ctx.region());
  const { caseReport } = await import("../../core/case-report.js");
  const text = caseReport(record, rules, dateWriter(rules, region), options.plain || ctx.plain ? "plain" : "markdown");
  await writeOut(ctx.io.stdout, clean(text));
  return EXIT.ok;
}

/**
 * `cases done ID [STEPS…]`: tick steps as done after the call (the bank was called, the program
 * removed), so the evidence pack and the notes say what has been done since. With no steps, the
 * list to choose from.
 */
export async function runCasesDone(ctx: CliContext, id: string, steps: readonly string[], options: { on?: string }): Promise<number> {
  const today = localDay(new Date());
  const on = options.on !== undefined ? parseDate(options.on, "--on").toISOString().slice(0, 10) : today;
  // Done is in the past: a later day is a slip of the keyboard, and would go into the evidence pack.
  if (on > today) throw new UsageError(`--on ${clean(options.on ?? on)} is after today (${today}); a step is recorded on the day it was done`);
  const rules = await ctx.rules();
  const { record, location, count } = await withStore(ctx, async (store, problems) => {
    const found = await store.get(id, problems);
    if (!found || steps.length === 0) return { record: found, location: store.location, count: 0 };
    // The same step named twice (by number and by id) is one step.
    const ticked = [...new Set(steps.map((step) => stepId(found, step)))].map((action) => ({ action, on }));
    return { record: await store.markDone(id, ticked), location: store.location, count: ticked.length };
  });
  if (!record) throw new UsageError(`no case '${clean(id)}' in ${clean(location)}`);
  const writeDate = dateWriter(rules, record.region ?? (await ctx.region()));
  const done = doneOn(record);
  const width = outputWidth(ctx.io.stdout);
  /** A step, its id and the day it was done, after its number and tick box. */
  const stepLines = (action: string, when: string | undefined, first: string) =>
    wrap(clean(`${rules.actions.find((a) => a.id === action)?.text ?? action} (${action})${when ? ` Done ${dayInWords(writeDate, when)}.` : ""}`), width, " ".repeat(9), first);
  const lines = record.actions.flatMap((action, i) => {
    const when = done.get(action);
    return stepLines(action, when, `${String(i + 1).padStart(3)}. ${when ? "[x]" : "[ ]"} `);
  });
  // A step ticked on a "do this right now" screen during the call may not be among the verdict's
  // steps at the end (the answers after it changed them): it was still done, and is listed so.
  const during = (record.done ?? []).filter((d) => !record.actions.includes(d.action)).flatMap((d) => stepLines(d.action, d.on, "     [x] "));
  const also = during.length ? `\n\nDone during the call as well:\n${during.join("\n")}` : "";
  const said = steps.length ? `Case ${record.id}: ${count} step${count === 1 ? "" : "s"} recorded as done.\n` : "";
  await writeOut(ctx.io.stdout, `${said}${lines.length ? lines.join("\n") : "No steps were advised for this case."}${also}\n`);
  return EXIT.ok;
}

/** A step as typed: its number in the case's list, or its id; anything else is a usage error naming the steps. */
function stepId(record: CaseRecord, step: string): string {
  if (/^\d+$/.test(step)) {
    const action = record.actions[Number(step) - 1];
    if (action !== undefined) return action;
  } else if (record.actions.includes(step)) return step;
  throw new UsageError(
    record.actions.length
      ? `case ${clean(record.id)} has no step '${clean(step)}': give a number from 1 to ${record.actions.length} or a step id (run 'scamcheck cases done ${clean(record.id)}' for the list)`
      : `case ${clean(record.id)} has no steps to mark as done`,
  );
}

export async function runCasesSearch(ctx: CliContext, options: { number?: string; json?: boolean }): Promise<number> {
  if (!options.number) throw new UsageError("cases search needs --number NUMBER");
  // Loaded here only: the phone-number metadata is the largest part of the package.
  const { normaliseCallerNumber } = await import("../../core/phone.js");
  const region = await ctx.region();
  const key = numberKey(normaliseCallerNumber(options.number, region));
  if (!key) throw new UsageError(`'${options.number}' is not a number to search for`);
  // A number that could not be made international is matched by its ending: say why.
  if (!key.startsWith("+"))
    ctx.io.stderr.write(
      region
        ? `(${clean(options.number)} is not a valid number for ${region.toUpperCase()}, so it matches any stored number ending in its digits.)\n`
        : `(No region set, so ${clean(options.number)} also matches international numbers ending in its digits; add --region for exact matches.)\n`,
    );
  const records = await withStore(ctx, (store, problems) => store.withNumber(key, problems));
  return printList(ctx, records, options.json, `No cases with ${clean(key)}.`);
}

/** A CSV cell; `guard` puts ' before a leading = + - @ so that a spreadsheet shows it instead of running it. */
const csvCell = (v: unknown, guard: boolean) => {
  const s = v === undefined || v === null ? "" : String(v);
  const safe = guard && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** `format` is one of EXPORT_FORMATS: commander checked it against the option's .choices(). */
export async function runCasesExport(ctx: CliContext, options: { format?: string; formulaGuard?: boolean }): Promise<number> {
  const format = (options.format ?? "json") as ExportFormat;
  const guard = options.formulaGuard !== false;
  const rules = format === "zendesk" || format === "servicenow" || format === "misp" ? await ctx.rules() : undefined;
  const region = rules ? await ctx.region() : undefined;
  const writeDate = rules ? dateWriter(rules, region) : (iso: string) => formatDateTime(iso, undefined);
  // Only MISP needs to know a premium-rate number, and only it loads the full phone metadata.
  const numberType = format === "misp" ? await premiumRateCheck() : undefined;
  return withStore(ctx, async (store, problems) => {
    // A page of cases at a time: an export of a large history never holds all of it.
    const header = ["id", "recorded_at", "operator", "ticket", "number", "number_e164", "organisation", "call_time", "region", "verdict", "score", "family", "signs", "actions"];
    const list = format === "json" || format === "zendesk" || format === "servicenow" || format === "misp";
    const open = { json: "[", zendesk: '{"tickets": [', servicenow: '{"records": [', misp: "[" }[format as "json"] ?? "";
    const close = { json: "]", zendesk: "]}", servicenow: "]}", misp: "]" }[format as "json"] ?? "";
    let first = true;
    let chunk = list ? open : format === "csv" ? `${header.join(",")}\r\n` : "";
    const item = (value: unknown) => {
      chunk += `${first ? "" : ","}\n${terminalSafeJson(value, 2).replace(/^/gm, "  ")}`;
      first = false;
    };
    for await (const r of store.each(problems)) {
      if (format === "json") item(r);
      else if (format === "zendesk") item(zendeskTicket(r, rules as RuleSet, writeDate));
      else if (format === "servicenow") item(serviceNowIncident(r, rules as RuleSet, writeDate));
      else if (format === "misp") {
        const event = mispEvent(r, rules as RuleSet, numberType);
        if (event) item(event);
      } else if (format === "jsonl") chunk += `${terminalSafeJson(r)}\n`;
      else chunk += `${csvRow(r, guard)}\r\n`;
      if (chunk.length > 256 * 1024) {
        await writeOut(ctx.io.stdout, chunk);
        chunk = "";
      }
    }
    if (list) chunk += first ? `${close}\n` : `\n${close}\n`;
    await writeOut(ctx.io.stdout, chunk);
    return EXIT.ok;
  });
}

/** Whether an E.164 number is premium-rate, from libphonenumber's full metadata (loaded here only). */
async function premiumRateCheck(): Promise<(e164: string) => string | undefined> {
  const { parsePhoneNumberFromString } = await import("libphonenumber-js/max");
  return (e164) => parsePhoneNumberFromString(e164)?.getType();
}

function csvRow(r: CaseRecord, guard: boolean): string {
  return [
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
    .map((v) => csvCell(v, guard))
    .join(",");
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
  const { stats, location } = await withStore(ctx, async (store) => ({ stats: await store.stats(), location: store.location }));
  const byWeek = new Map<string, number>();
  // Days numbered from 1970-01-01, a Thursday: (day + 3) / 7 counts Monday-to-Sunday weeks, so each
  // week's name is worked out once, not once a day.
  const weekNames = new Map<number, string>();
  for (const [today, n] of stats.byDay) {
    const weekIndex = Math.floor((today + 3) / 7);
    let week = weekNames.get(weekIndex);
    if (week === undefined) weekNames.set(weekIndex, (week = isoWeek(new Date(today * 86_400_000).toISOString())));
    byWeek.set(week, (byWeek.get(week) ?? 0) + n);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = stats.repeatedNumbers;
  if (options.json) {
    const out = {
      total: stats.total,
      byVerdict: Object.fromEntries(sorted(stats.byVerdict)),
      byFamily: Object.fromEntries(sorted(stats.byFamily)),
      byWeek: Object.fromEntries([...byWeek].sort()),
      repeatedNumbers: top.map((n) => ({ number: n.key, cases: n.cases, scamCases: n.scamCases, lastSeen: n.last?.recordedAt, lastVerdict: n.last?.verdict })),
    };
    await writeOut(ctx.io.stdout, `${terminalSafeJson(out, 2)}\n`);
    return EXIT.ok;
  }
  const out = [`${stats.total} case${stats.total === 1 ? "" : "s"} in ${location}`, "", "By verdict:"];
  for (const [k, v] of sorted(stats.byVerdict)) out.push(`  ${k.padEnd(24)} ${v}`);
  out.push("", "By scam family:");
  for (const [k, v] of sorted(stats.byFamily)) out.push(`  ${k.padEnd(24)} ${v}`);
  out.push("", "Numbers seen more than once:");
  if (top.length === 0) out.push("  none");
  for (const n of top) out.push(`  ${n.key.padEnd(16)} ${n.cases} cases, last ${day(n.last?.recordedAt ?? "")} (${n.last?.verdict})`);
  out.push("", "Per week:");
  for (const [k, v] of [...byWeek].sort()) out.push(`  ${k}  ${v}`);
  // Stored values (verdicts, families, numbers) reach the terminal neutralised, like every other field.
  await writeOut(ctx.io.stdout, `${out.map((l) => clean(l)).join("\n")}\n`);
  return EXIT.ok;
}

export async function runCasesPurge(ctx: CliContext, options: { before?: string; yes?: boolean }): Promise<number> {
  if (!options.before) throw new UsageError("cases purge needs --before DATE (records recorded before that day are deleted)");
  const before = parseDate(options.before, "--before");
  if (!options.yes) {
    if (!ctx.io.stdin.isTTY || !ctx.io.stderr.isTTY) throw new UsageError("cases purge deletes records; add --yes to confirm when not at a terminal");
    const { confirm } = await import("../prompt-kit.js");
    const { storeLocation } = await import("../../node/case-store/index.js");
    const ok = await confirm({ message: `Delete every case recorded before ${options.before} from ${clean(await storeLocation(ctx.caseStore.location))}?`, default: false }, { input: ctx.io.stdin, output: ctx.io.stderr });
    if (!ok) {
      ctx.io.stderr.write("Nothing deleted.\n");
      return EXIT.ok;
    }
  }
  const { removed, kept } = await withStore(ctx, (store) => store.purge(before));
  await writeOut(ctx.io.stdout, `Deleted ${removed} case${removed === 1 ? "" : "s"} recorded before ${options.before}; ${kept} kept.\n`);
  return EXIT.ok;
}

export async function runCasesImport(ctx: CliContext, file: string): Promise<number> {
  const { importCaseLog } = await import("../../node/case-store/index.js");
  const { report, location } = await withStore(ctx, async (store) => ({ report: await importCaseLog(store, file), location: store.location }), { create: true });
  for (const p of report.problems) ctx.io.stderr.write(`${clean(file)}:${p.line}: ${p.message}; skipped\n`);
  const bad = report.problems.length;
  await writeOut(
    ctx.io.stdout,
    `Imported ${report.added} case${report.added === 1 ? "" : "s"} from ${clean(file)} into ${clean(location)}; ${report.alreadyThere} already there${bad ? `, ${bad} line${bad === 1 ? "" : "s"} skipped` : ""}.\n`,
  );
  return bad > 0 ? EXIT.usage : EXIT.ok;
}

export async function runCasesMigrate(ctx: CliContext): Promise<number> {
  const { openCaseStore, SCHEMA_VERSION } = await import("../../node/case-store/index.js");
  let said = false;
  const store = await openCaseStore(ctx.caseStore.location, {
    notice: (line) => {
      said = true;
      ctx.io.stderr.write(`${clean(line)}\n`);
    },
  });
  try {
    if (!said) ctx.io.stderr.write(`The case store ${clean(store.location)} is up to date (schema version ${SCHEMA_VERSION}).\n`);
  } finally {
    await store.close();
  }
  return EXIT.ok;
}
