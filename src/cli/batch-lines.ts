/**
 * Scoring the lines of a JSON Lines batch: what `check --batch` does to each line. Each line gives
 * one record in the output, a verdict or an error in its place, and each problem one line for
 * standard error.
 */
import { terminalSafeJson } from "../core/sanitize.js";
import { readCase, type CaseInput } from "../core/answers.js";
import type { BatchVerdict, BatchVerdicts } from "../core/batch-verdicts.js";
import { VERDICT_IDS, type VerdictId } from "../core/constants.js";
import { AnswerError, InputError } from "../core/errors.js";
import { JsonSyntaxError, parseJson } from "../core/json-text.js";
import type { RuleSet } from "../core/ruleset.js";
import type { Line } from "../node/lines.js";
import type { VerdictForm } from "../core/verdict-forms.js";
import { formatBytes } from "../node/read-input.js";
import type { OutputBuffer } from "./output.js";

/** One answers document (or one batch line) may be at most this large. */
export const MAX_ANSWERS_BYTES = 1024 * 1024;

/** Whether a verdict is at or above the --fail-on band (VERDICT_IDS runs from most to least serious). */
export const failsOn = (verdict: VerdictId, threshold: VerdictId | undefined) =>
  threshold !== undefined && VERDICT_IDS.indexOf(verdict) <= VERDICT_IDS.indexOf(threshold);

/**
 * Parse answers JSON text into a case, with errors naming the source and position. In a batch,
 * `batchLine` is the input line number, so positions read `file:LINE:COLUMN` for the batch file.
 */
export function parseCase(text: string, source: string, rules: RuleSet, batchLine?: number): CaseInput {
  const doc = parseDocument(text, source, batchLine);
  try {
    return readCase(doc, rules);
  } catch (error) {
    throw located(error, source, batchLine);
  }
}

/** The JSON in `text`; invalid JSON is an InputError at `source:line:column`. */
function parseDocument(text: string, source: string, batchLine?: number): unknown {
  try {
    return parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new InputError(`invalid JSON: ${error.message}`, `${source}:${batchLine ?? error.line}:${error.column}`);
    throw error;
  }
}

/** An AnswerError given the source (and batch line) as its place; any other error as it is. */
function located(error: unknown, source: string, batchLine?: number): unknown {
  return error instanceof AnswerError ? new AnswerError(error.problems, batchLine === undefined ? source : `${source}:${batchLine}`) : error;
}

/** What scoring needs of a line: its number, its text, and what reading it found wrong. */
export type ScoredLine = Pick<Line, "number" | "text" | "tooLong" | "badUtf8At">;

/** The line's problem, or undefined when it holds text to parse. */
export function lineProblem(line: ScoredLine, name: string): InputError | undefined {
  if (line.tooLong) return new InputError(`line is too long (more than ${formatBytes(MAX_ANSWERS_BYTES)})`, `${name}:${line.number}`);
  if (line.badUtf8At !== undefined) return new InputError("not valid UTF-8 text; save the file as UTF-8", `${name}:${line.number}:${line.badUtf8At}`);
  // (A line that starts with "{" is not blank: the test most lines need is the cheapest.)
  if (line.text.charCodeAt(0) !== 0x7b && !/\S/.test(line.text)) return new InputError("empty line (expected a JSON object)", `${name}:${line.number}`);
  return undefined;
}

/** The record written in place of a line that could not be scored. */
function errorRecord(line: number, error: string, problems?: readonly { path: string; message: string }[]): string {
  return terminalSafeJson({ line, error, ...(problems && { problems }) });
}

/**
 * A bad line: its error record goes to the output in the line's place, its problems (one per line,
 * each naming the file and line) to `scored.reports`. Other errors are not the input's fault and
 * are thrown on.
 */
export function writeBadLine(error: unknown, line: number, name: string, out: OutputBuffer, scored: LinesScored): void {
  if (error instanceof AnswerError) {
    out.text(`${errorRecord(line, "invalid answers", error.problems)}\n`);
    scored.reports.push(error.message);
  } else if (error instanceof InputError) {
    out.text(`${errorRecord(line, error.where ? error.message.slice(error.where.length + 2) : error.message)}\n`);
    scored.reports.push(error.where ? error.message : `${name}:${line}: ${error.message}`);
  } else throw error;
  scored.bad++;
}

export interface BatchSettings {
  /** How the input is named in messages: the file name, or <stdin>. */
  name: string;
  region: string | undefined;
  failOn: VerdictId | undefined;
  /** A compact form to write each verdict in (--brief, --fields); the full verdict without. */
  form: VerdictForm | undefined;
}

export interface LinesScored {
  good: number;
  bad: number;
  /** Whether any verdict was at or above --fail-on. */
  flagged: boolean;
  /** Lines for standard error, in line order, not yet made safe for a terminal. */
  reports: string[];
}

/** Score lines (without --record) into `out`: a verdict or error record per line, in order. */
export function scoreLines(lines: readonly ScoredLine[], verdicts: BatchVerdicts, settings: BatchSettings, out: OutputBuffer): LinesScored {
  const scored: LinesScored = { good: 0, bad: 0, flagged: false, reports: [] };
  for (const line of lines) {
    try {
      const problem = lineProblem(line, settings.name);
      if (problem) throw problem;
      const doc = parseDocument(line.text, settings.name, line.number);
      let scoredLine: BatchVerdict;
      try {
        scoredLine = verdicts.verdictForDocument(line.number, doc, settings.region);
      } catch (error) {
        throw located(error, settings.name, line.number);
      }
      const { verdict, head, tail } = scoredLine;
      out.text(head);
      if (typeof tail === "string") out.text(tail);
      else out.bytes(tail);
      if (failsOn(verdict, settings.failOn)) scored.flagged = true;
      scored.good++;
    } catch (error) {
      writeBadLine(error, line.number, settings.name, out, scored);
    }
  }
  return scored;
}


