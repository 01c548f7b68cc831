/**
 * `scamcheck check`: score answers from a file or standard input, one case (--answers) or a JSON
 * Lines batch (--batch), and print the verdict for people or as JSON for scripts.
 */
import { InputError } from "../../core/errors.js";
import type { CaseInput } from "../../core/answers.js";
import { UsageError } from "../usage-error.js";
import type { RuleSet } from "../../core/ruleset.js";
import type { VerdictId } from "../../core/constants.js";
import type { TriageResult } from "../../core/triage.js";
import { assess } from "../../core/interview.js";
import { verdictToJson } from "../../core/verdict-json.js";
import { briefVerdict, fieldsVerdict, parseFields, UnknownFieldError, VERDICT_FIELDS, type FieldSelection, type FieldTable, type VerdictForm } from "../../core/verdict-forms.js";
import { BatchVerdicts } from "../../core/batch-verdicts.js";
import { failsOn, lineProblem, MAX_ANSWERS_BYTES, parseCase, scoreLines, writeBadLine, type BatchSettings, type LinesScored } from "../batch-lines.js";
import { readLineChunks, type Line } from "../../node/lines.js";
import { checkStdin, describeFsError, displayName, openChunks, readText, STDIN } from "../../node/read-input.js";
import { sanitizeForTerminal, terminalSafeJson } from "../../core/sanitize.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { describeRedactions } from "../../core/redact.js";
import type { CaseRecorder, SaveResult } from "../../node/case-store/saving.js";
import { describeSave, type SaveReport } from "../case-store-messages.js";
import { appPaths } from "../../node/paths.js";
import { renderVerdict } from "../render-verdict.js";
import { outputWidth } from "../wrap.js";
import { OutputBuffer, writeOut } from "../output.js";

export interface CheckOptions {
  answers?: string;
  batch?: string;
  json?: boolean;
  failOn?: string;
  /** Append each case to the case history (and weigh what it says about the number). */
  record?: boolean;
  /** One JSON line of ids and the headline. */
  brief?: boolean;
  /** One JSON line with only these fields ("verdict,score,reasons.id"). */
  fields?: string;
}

/**
 * The compact form --brief or --fields asks for ("brief", or the fields to keep), or undefined for
 * the full verdict. `table` is what the command's JSON has; `command` names its help.
 */
export function compactForm(options: { brief?: boolean; fields?: string }, table: FieldTable, command: string): "brief" | FieldSelection | undefined {
  if (options.brief && options.fields !== undefined) throw new UsageError("use either --brief or --fields, not both");
  if (options.brief) return "brief";
  if (options.fields === undefined) return undefined;
  try {
    return parseFields(options.fields, table);
  } catch (error) {
    if (!(error instanceof UnknownFieldError)) throw error;
    const hint = error.suggestion === undefined ? "" : ` (did you mean '${error.suggestion}'?)`;
    throw new UsageError(`--fields: unknown field '${error.field}'${hint}; fields: ${Object.keys(table).join(", ")}, and parts such as reasons.id (see 'scamcheck ${command} --help')`);
  }
}

export const FAIL_ON_BANDS = ["suspicious", "likely-scam", "scam"] as const;

/** The --fail-on band: commander has checked it against FAIL_ON_BANDS (the option's .choices()). */
export function parseFailOn(value: string | undefined): VerdictId | undefined {
  return value as VerdictId | undefined;
}

export async function runCheck(ctx: CliContext, options: CheckOptions): Promise<number> {
  if ((options.answers === undefined) === (options.batch === undefined))
    throw new UsageError(
      options.answers === undefined
        ? "check needs --answers FILE for one case or --batch FILE for JSON Lines (use - to read standard input)"
        : "use either --answers or --batch, not both",
    );
  const failOn = parseFailOn(options.failOn);
  const compact = compactForm(options, VERDICT_FIELDS, "check");
  const form: VerdictForm | undefined = compact === "brief" ? briefVerdict : compact ? fieldsVerdict(compact) : undefined;
  const rules = await ctx.rules();
  const region = await ctx.region();
  if (options.batch !== undefined) {
    const recorder = options.record ? await openRecorder(ctx) : undefined;
    try {
      return await runBatch(ctx, rules, options.batch, region, failOn, form, recorder);
    } finally {
      await recorder?.close();
    }
  }
  const path = options.answers as string;
  if (path === STDIN && ctx.io.stdin.isTTY)
    throw new UsageError("--answers - reads JSON from standard input, but it is a terminal; pipe a file in, or run 'scamcheck' to be asked the questions");
  const text = await readText(path, MAX_ANSWERS_BYTES, path === STDIN ? ctx.io.stdin : undefined);
  const input = parseCase(text, displayName(path), rules);
  // Opened once the case is known to be good: a refused case leaves nothing behind, not even a new store.
  const recorder = options.record ? await openRecorder(ctx) : undefined;
  try {
    return await checkOne(ctx, options, form, rules, input, region, failOn, recorder);
  } finally {
    await recorder?.close();
  }
}

async function checkOne(
  ctx: CliContext,
  options: CheckOptions,
  form: VerdictForm | undefined,
  rules: RuleSet,
  input: CaseInput,
  region: string | undefined,
  failOn: VerdictId | undefined,
  recorder: CaseRecorder | undefined,
): Promise<number> {
  const caseRegion = input.region ?? region;
  const result = assess(rules, input.answers, { ...(caseRegion !== undefined && { region: caseRegion }), ...(recorder && { facts: await recorder.facts(input, caseRegion) }) });
  // The verdict comes first: a case that cannot be recorded must not cost the person the answer.
  if (form) {
    // One line, like each line of a batch: the compact forms are for scripts.
    await writeOut(ctx.io.stdout, `${terminalSafeJson(form(result, rules, input.id))}\n`);
  } else if (options.json) {
    await writeOut(ctx.io.stdout, `${terminalSafeJson(verdictToJson(result, rules, input.id), 2)}\n`);
  } else {
    await writeOut(ctx.io.stdout, await renderHuman(ctx, result, rules));
  }
  if (recorder) {
    const saved = await recorder.record(rules, result, input, caseRegion, ctx.operator);
    // The store's name is the user's text (a path, an address): neutralised like any other.
    if (saved.duplicate) ctx.io.stderr.write(`${sanitizeForTerminal(`Case ${saved.record.id} is already in ${recorder.location}; not recorded again.`)}\n`);
    else if (saved.saved)
      ctx.io.stderr.write(`${sanitizeForTerminal(`Recorded as case ${saved.record.id} in ${recorder.location}${saved.record.redactions.length ? ` (removed before saving: ${describeRedactions(saved.record.redactions)})` : ""}.`)}\n`);
    const { exitCode } = reportSave(ctx, saved);
    if (exitCode !== EXIT.ok) return exitCode;
  }
  return failsOn(result.verdict.id, failOn) ? EXIT.failOn : EXIT.ok;
}

/** What became of a case that was to be recorded, beyond success, on stderr. */
function reportSave(ctx: CliContext, saved: SaveResult): SaveReport {
  const report = describeSave(saved);
  for (const line of report.lines) ctx.io.stderr.write(`${saved.saved ? "" : "scamcheck: "}${sanitizeForTerminal(line)}\n`);
  if (report.recordJson !== undefined) ctx.io.stderr.write(`${report.recordJson}\n`);
  return report;
}

async function renderHuman(ctx: CliContext, result: TriageResult, rules: RuleSet): Promise<string> {
  return renderVerdict(result, rules, {
    width: outputWidth(ctx.io.stdout),
    plain: ctx.plain,
    chalk: await ctx.chalkFor(ctx.io.stdout),
    hintOpenQuestions: true,
  });
}

/** The exit code for a batch stopped by a signal: 128 + the signal number, as shells report it. */
export const SIGNAL_EXIT: Record<"SIGINT" | "SIGTERM", number> = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated };
/** Lines scored between two looks at the event loop, so a signal is noticed within milliseconds. */
const LINES_PER_TURN = 256;
const IDLE = Symbol("idle");
/** Settles after pending I/O has had its turn: a line still unread by then has to wait for input. */
const afterIo = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));

/**
 * JSON Lines in, JSON Lines out: output line K answers input line K, a bad line gives an error
 * record in its place, and memory stays flat however long the input is. Ctrl-C (SIGINT) or SIGTERM
 * stops it between lines: the verdicts so far are written out whole, the counts are printed, and the
 * exit code is 130 or 143.
 */
async function runBatch(
  ctx: CliContext,
  rules: RuleSet,
  path: string,
  region: string | undefined,
  failOn: VerdictId | undefined,
  form: VerdictForm | undefined,
  recorder?: CaseRecorder,
): Promise<number> {
  const name = displayName(path);
  if (path === STDIN && ctx.io.stdin.isTTY) throw new UsageError("--batch - reads JSON Lines from standard input, but it is a terminal; pipe a file in");
  // A missing or unreadable file (or a folder on standard input) is one clear error here, not a failed batch.
  if (path === STDIN) checkStdin(ctx.io.stdin);
  const stream: AsyncIterable<Buffer> & { destroy?: () => void } = path === STDIN ? (ctx.io.stdin as AsyncIterable<Buffer>) : openChunks(path, 64 * 1024);
  const settings: BatchSettings = { name, region, failOn, form };
  // Problems go to stderr one line each; text from the input is neutralised first.
  const report = (text: string) => ctx.io.stderr.write(`${sanitizeForTerminal(text)}\n`);
  let good = 0;
  let bad = 0;
  let flagged = false;
  /** The last line whose record has been handed to the output. */
  let lastLine = 0;
  const tally = (scored: LinesScored) => {
    good += scored.good;
    bad += scored.bad;
    flagged ||= scored.flagged;
    for (const line of scored.reports) report(line);
  };
  // Records are gathered as bytes and written after each slice of lines (and whenever the input
  // makes us wait); a slice of verdicts is some hundreds of kilobytes, which fits without growing.
  const pending = new OutputBuffer(2 * 1024 * 1024);
  const flush = async () => {
    if (pending.length === 0) return;
    const chunk = pending.take();
    await writeOut(ctx.io.stdout, chunk, () => pending.recycle(chunk));
  };
  const verdicts = new BatchVerdicts(rules, undefined, form);

  let stopped: "SIGINT" | "SIGTERM" | undefined;
  /** A case that could not be recorded (kept for later instead): the batch stops after its line. */
  let unrecorded: SaveResult | undefined;
  // A signal stops the input, which ends a read that is waiting for a slow pipe. (Racing every
  // read against a "signalled" promise instead would pile one reaction per read onto it: a long
  // batch would then hold one for every chunk of its input.)
  const onSignal = (signal: NodeJS.Signals) => {
    stopped ??= signal as "SIGINT" | "SIGTERM";
    stream.destroy?.();
  };
  // Listeners of our own rather than signal-exit's onExit: the batch is not ended by the signal
  // but carries on to finish the line it is on and say how far it got.
  const SIGNALS = ["SIGINT", "SIGTERM"] as const;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  // The lines come a chunk of input at a time: one wait per chunk, not per line.
  const chunks = readLineChunks(stream, MAX_ANSWERS_BYTES)[Symbol.asyncIterator]();
  let linesRead = 0;
  // The input failing part way (a disk error) is an input problem, not a bug in scamcheck.
  const readNext = () =>
    chunks.next().catch((error: unknown): IteratorResult<Line[]> => {
      if (stopped) return { done: true, value: undefined }; // the input was stopped on purpose
      throw new InputError(`could not read past line ${linesRead}: ${describeFsError(error)}`, name);
    });
  try {
    reading: for (;;) {
      const next = readNext();
      let step = pending.length > 0 ? await Promise.race([next, afterIo()]) : await next;
      if (step === IDLE) {
        // The next lines are not here yet (a slow pipe): write out what is done while waiting.
        await flush();
        step = await next;
      }
      if (stopped || step.done) break;
      const lines = step.value;
      linesRead = (lines.at(-1) as Line).number;
      for (let start = 0; start < lines.length; start += LINES_PER_TURN) {
        const slice = lines.slice(start, start + LINES_PER_TURN);
        if (recorder) {
          for (const line of slice) {
            unrecorded = await scoreAndRecord(ctx, rules, recorder, line, settings, pending, tally);
            lastLine = line.number;
            // Saving waits on the disk, so a signal can arrive during any line: stop after it, as
            // each line recorded after the signal would be a case the operator did not want added.
            if (unrecorded || stopped) break reading;
          }
        } else {
          tally(scoreLines(slice, verdicts, settings, pending));
          lastLine = (slice.at(-1) as Line).number;
        }
        if (pending.length > 64 * 1024) await flush();
        // Let a signal in: the lines so far are whole, and the batch stops here.
        await new Promise((resolve) => setImmediate(resolve));
        if (stopped) break reading;
      }
    }
    await flush();
  } catch (error) {
    if (error instanceof InputError) await flush(); // the verdicts so far are kept
    throw error;
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    // Stopped, or done with a file (whose reading may have stopped early): let it go.
    if (stopped || path !== STDIN) stream.destroy?.();
  }
  const counts = `${good} case${good === 1 ? "" : "s"} scored, ${bad} line${bad === 1 ? "" : "s"} with errors`;
  if (unrecorded) reportSave(ctx, unrecorded);
  if (stopped) {
    report(`batch: stopped by ${stopped} after line ${lastLine}: ${counts}`);
    return SIGNAL_EXIT[stopped];
  }
  if (unrecorded) {
    report(`batch: stopped after line ${lastLine}, whose case could not be recorded: ${counts}; the lines after it were not scored`);
    return EXIT.usage;
  }
  report(`batch: ${counts}`);
  if (bad > 0) return EXIT.usage;
  return flagged ? EXIT.failOn : EXIT.ok;
}

/**
 * One line of a batch with --record: scored with what the case history knows about the number, then
 * appended to the case log. Returns the save result when the case could not be recorded (the batch
 * then stops after this line).
 */
async function scoreAndRecord(
  ctx: CliContext,
  rules: RuleSet,
  recorder: CaseRecorder,
  line: Line,
  settings: BatchSettings,
  out: OutputBuffer,
  tally: (scored: LinesScored) => void,
): Promise<SaveResult | undefined> {
  const scored: LinesScored = { good: 0, bad: 0, flagged: false, reports: [] };
  let unrecorded: SaveResult | undefined;
  try {
    const problem = lineProblem(line, settings.name);
    if (problem) throw problem;
    const input = parseCase(line.text, settings.name, rules, line.number);
    const caseRegion = input.region ?? settings.region;
    // The case history adds facts about the number, so each case is worked out afresh.
    const result = assess(rules, input.answers, { ...(caseRegion !== undefined && { region: caseRegion }), facts: await recorder.facts(input, caseRegion) });
    const saved = await recorder.record(rules, result, input, caseRegion, ctx.operator);
    if (saved.duplicate) scored.reports.push(`${settings.name}:${line.number}: case ${saved.record.id} is already in ${recorder.location}; not recorded again`);
    if (!saved.saved) unrecorded = saved; // its verdict is still written; the batch stops after it
    else if (saved.addedEarlier.length) reportSave(ctx, saved);
    out.text(`${terminalSafeJson({ line: line.number, ...(settings.form ?? verdictToJson)(result, rules, input.id) })}\n`);
    scored.flagged = failsOn(result.verdict.id, settings.failOn);
    scored.good++;
  } catch (error) {
    writeBadLine(error, line.number, settings.name, out, scored);
  }
  tally(scored);
  return unrecorded;
}

/** The case history for --record; a store that cannot be opened is said once, and cases are kept for later. */
async function openRecorder(ctx: CliContext): Promise<CaseRecorder> {
  const { openRecorder: open } = await import("../case-store-open.js");
  return open(ctx);
}
