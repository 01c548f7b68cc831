/**
 * `scamcheck check`: score answers from a file or standard input, one case (--answers) or a JSON
 * Lines batch (--batch), and print the verdict for people or as JSON for scripts.
 */
import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { readCase, type CaseInput } from "../../core/answers.js";
import { AnswerError, InputError, UsageError } from "../../core/errors.js";
import { JsonSyntaxError, parseJson } from "../../core/json-text.js";
import type { RuleSet } from "../../core/ruleset.js";
import { VERDICT_IDS, type VerdictId } from "../../core/constants.js";
import { triage, type TriageResult } from "../../core/triage.js";
import { verdictToJson } from "../../core/verdict-json.js";
import { readLines } from "../../node/lines.js";
import { assertReadableFile, displayName, readText, STDIN } from "../../node/read-input.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { renderVerdict } from "../render-verdict.js";
import { outputWidth } from "../wrap.js";
import { writeOut } from "../output.js";

export interface CheckOptions {
  answers?: string;
  batch?: string;
  json?: boolean;
  failOn?: string;
}

/** One answers document (or one batch line) may be at most this large. */
export const MAX_ANSWERS_BYTES = 1024 * 1024;
export const FAIL_ON_BANDS = ["suspicious", "likely-scam", "scam"] as const;

export function parseFailOn(value: string | undefined): VerdictId | undefined {
  if (value === undefined) return undefined;
  if (!(FAIL_ON_BANDS as readonly string[]).includes(value))
    throw new UsageError(`--fail-on must be one of: ${FAIL_ON_BANDS.join(", ")} (got '${value}')`);
  return value as VerdictId;
}

/** Whether a verdict is at or above the --fail-on band (VERDICT_IDS runs from most to least serious). */
export const failsOn = (verdict: VerdictId, threshold: VerdictId | undefined) =>
  threshold !== undefined && VERDICT_IDS.indexOf(verdict) <= VERDICT_IDS.indexOf(threshold);

/**
 * Parse answers JSON text into a case, with errors naming the source and position. In a batch,
 * `batchLine` is the input line number, so positions read `file:LINE:COLUMN` for the batch file.
 */
export function parseCase(text: string, source: string, rules: RuleSet, batchLine?: number): CaseInput {
  let doc: unknown;
  try {
    doc = parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new InputError(`invalid JSON: ${error.message}`, `${source}:${batchLine ?? error.line}:${error.column}`);
    throw error;
  }
  try {
    return readCase(doc, rules);
  } catch (error) {
    if (error instanceof AnswerError) throw new AnswerError(error.problems, batchLine === undefined ? source : `${source}:${batchLine}`);
    throw error;
  }
}

export async function runCheck(ctx: CliContext, options: CheckOptions): Promise<number> {
  if ((options.answers === undefined) === (options.batch === undefined))
    throw new UsageError(
      options.answers === undefined
        ? "check needs --answers FILE for one case or --batch FILE for JSON Lines (use - to read standard input)"
        : "use either --answers or --batch, not both",
    );
  const failOn = parseFailOn(options.failOn);
  const rules = await ctx.rules();
  const region = await ctx.region();
  if (options.batch !== undefined) return runBatch(ctx, rules, options.batch, region, failOn);

  const path = options.answers as string;
  if (path === STDIN && ctx.io.stdin.isTTY)
    throw new UsageError("--answers - reads JSON from standard input, but it is a terminal; pipe a file in, or run 'scamcheck' to be asked the questions");
  const text = await readText(path, MAX_ANSWERS_BYTES, ctx.io.stdin);
  const input = parseCase(text, displayName(path), rules);
  const caseRegion = input.region ?? region;
  const result = triage(rules, input.answers, { ...(caseRegion !== undefined && { region: caseRegion }) });
  if (options.json) {
    await writeOut(ctx.io.stdout, `${JSON.stringify(verdictToJson(result, rules, input.id), null, 2)}\n`);
  } else {
    await writeOut(ctx.io.stdout, renderHuman(ctx, result, rules));
  }
  return failsOn(result.verdict.id, failOn) ? EXIT.failOn : EXIT.ok;
}

function renderHuman(ctx: CliContext, result: TriageResult, rules: RuleSet): string {
  return renderVerdict(result, rules, {
    width: outputWidth(ctx.io.stdout),
    plain: ctx.plain,
    chalk: ctx.chalkFor(ctx.io.stdout),
    hintOpenQuestions: true,
  });
}

/**
 * JSON Lines in, JSON Lines out: output line K answers input line K, a bad line gives an error
 * record in its place, and memory stays flat however long the input is.
 */
async function runBatch(ctx: CliContext, rules: RuleSet, path: string, region: string | undefined, failOn: VerdictId | undefined): Promise<number> {
  const name = displayName(path);
  if (path === STDIN && ctx.io.stdin.isTTY) throw new UsageError("--batch - reads JSON Lines from standard input, but it is a terminal; pipe a file in");
  let stream: AsyncIterable<Buffer>;
  if (path === STDIN) stream = ctx.io.stdin as AsyncIterable<Buffer>;
  else {
    // Check first so a missing file is one clear error, not a failed batch.
    await assertReadableFile(path);
    stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  }
  let good = 0;
  let bad = 0;
  let flagged = false;
  let pending = "";
  const flush = async () => {
    if (pending) await writeOut(ctx.io.stdout, pending);
    pending = "";
  };
  for await (const line of readLines(stream, MAX_ANSWERS_BYTES)) {
    let record: string;
    try {
      if (line.tooLong) throw new InputError(`line is too long (more than ${MAX_ANSWERS_BYTES} bytes)`);
      if (line.text.trim() === "") throw new InputError("empty line (expected a JSON object)");
      if (line.text.includes("\uFFFD") && !isUtf8(Buffer.from(line.text))) throw new InputError("line is not valid UTF-8");
      const input = parseCase(line.text, name, rules, line.number);
      const caseRegion = input.region ?? region;
      const result = triage(rules, input.answers, { ...(caseRegion !== undefined && { region: caseRegion }) });
      if (failsOn(result.verdict.id, failOn)) flagged = true;
      record = JSON.stringify({ line: line.number, ...verdictToJson(result, rules, input.id) });
      good++;
    } catch (error) {
      if (error instanceof AnswerError) record = errorRecord(line.number, "invalid answers", error.problems);
      else if (error instanceof InputError) record = errorRecord(line.number, error.where ? error.message.slice(error.where.length + 2) : error.message);
      else throw error;
      bad++;
      ctx.io.stderr.write(`${error instanceof InputError && error.where ? error.message : `${name}:${line.number}: ${error.message}`}\n`);
    }
    pending += `${record}\n`;
    if (pending.length > 64 * 1024) await flush();
  }
  await flush();
  ctx.io.stderr.write(`batch: ${good} case${good === 1 ? "" : "s"} scored, ${bad} line${bad === 1 ? "" : "s"} with errors\n`);
  if (bad > 0) return EXIT.usage;
  return flagged ? EXIT.failOn : EXIT.ok;
}

function errorRecord(line: number, error: string, problems?: readonly { path: string; message: string }[]): string {
  return JSON.stringify({ line, error, ...(problems && { problems }) });
}
