/**
 * `scamcheck scan FILE|-`: read free-text call notes, answer what they answer (with the words that
 * show it, and where), then give the verdict from the same engine as `check`. The notes are
 * untrusted text: everything quoted from them is sanitised before it reaches the terminal.
 */
import { redactedAnswersJson } from "../../core/answers.js";
import { redactor } from "../../core/redact.js";
import type { AnswerValue } from "../../core/conditions.js";
import { NOT_SURE } from "../../core/constants.js";
import { answerWords } from "../../core/answer-words.js";
import { UsageError } from "../usage-error.js";
import type { Question, RuleSet } from "../../core/ruleset.js";
import { sanitizeForTerminal as clean, terminalSafeJson } from "../../core/sanitize.js";
import { inferAnswers, type Evidence, type Inference } from "../../core/scan/index.js";
import type { TriageResult } from "../../core/triage.js";
import { assess } from "../../core/interview.js";
import { verdictToJson } from "../../core/verdict-json.js";
import { briefVerdict, pickFields, SCAN_FIELDS } from "../../core/verdict-forms.js";
import { displayName, readNotesText, STDIN } from "../../node/read-input.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { writeOut } from "../output.js";
import { renderVerdict } from "../render-verdict.js";
import { outputWidth, wrap } from "../wrap.js";
import { failsOn } from "../batch-lines.js";
import { compactForm, parseFailOn } from "./check.js";

export interface ScanOptions {
  json?: boolean;
  failOn?: string;
  brief?: boolean;
  fields?: string;
}

/** Quoted evidence is cut to this many characters on screen (JSON keeps it whole). */
const QUOTE_CHARS = 80;

export async function runScan(ctx: CliContext, path: string, options: ScanOptions): Promise<number> {
  const failOn = parseFailOn(options.failOn);
  const compact = compactForm(options, SCAN_FIELDS, "scan");
  if (path === STDIN && ctx.io.stdin.isTTY) {
    if (options.json || compact) throw new UsageError("scan - --json reads notes from standard input, but it is a terminal; pipe a file in");
    ctx.io.stderr.write("Paste or type the call notes, then press Ctrl-D (Ctrl-Z and Enter on Windows).\n");
  }
  const rules = await ctx.rules();
  const region = await ctx.region();
  const text = await readNotesText(path, path === STDIN ? ctx.io.stdin : undefined);
  const read = inferAnswers(rules, text);
  const result = assess(rules, read.answers, { ...(region !== undefined && { region }) });
  // What scan shows is usually kept (redirected to a file, pasted into a ticket), so the notes'
  // secrets are removed from the quoted evidence and typed answers, as from everything stored.
  const redact = redactor();
  const inference: Inference = {
    ...read,
    evidence: read.evidence.map((e) => ({ ...e, text: redact.text(e.text), ...(e.cue !== undefined && { cue: redact.text(e.cue) }) })),
  };
  if (compact === "brief") {
    await writeOut(ctx.io.stdout, `${terminalSafeJson(briefVerdict(result, rules))}\n`);
  } else if (options.json || compact) {
    const json = { answers: redactedAnswersJson(inference.answers, rules, redact.text), evidence: inference.evidence, ...verdictToJson(result, rules) };
    await writeOut(ctx.io.stdout, compact ? `${terminalSafeJson(pickFields(json, compact))}\n` : `${terminalSafeJson(json, 2)}\n`);
  } else {
    await writeOut(ctx.io.stdout, await renderScan(ctx, displayName(path), inference, result, rules));
  }
  return failsOn(result.verdict.id, failOn) ? EXIT.failOn : EXIT.ok;
}

async function renderScan(ctx: CliContext, source: string, inference: Inference, result: TriageResult, rules: RuleSet): Promise<string> {
  const width = outputWidth(ctx.io.stdout);
  const chalk = await ctx.chalkFor(ctx.io.stdout);
  const plain = ctx.plain;
  const out: string[] = [];
  const heading = `What the notes say (${clean(source)})`;
  out.push(plain ? `${heading}:` : chalk.bold(heading));
  const byQuestion = new Map<string, Evidence[]>();
  for (const e of inference.evidence) byQuestion.set(e.question, [...(byQuestion.get(e.question) ?? []), e]);
  if (inference.answers.size === 0) out.push(...wrap("Nothing in the notes answers the questions yet.", width, "  "));
  for (const question of rules.questions) {
    const answer = inference.answers.get(question.id);
    if (answer === undefined) continue;
    out.push(...wrap(`${clean(question.text)} ${describeAnswer(question, answer)}`, width, "    ", plain ? "  - " : "  • "));
    for (const e of byQuestion.get(question.id) ?? []) {
      const where = `${e.line}:${e.column}`.padEnd(7);
      const cue = e.cue !== undefined ? ` (${e.answer === NOT_SURE ? "unsure" : "denied"}: "${quote(e.cue)}")` : "";
      const line = `${where} "${quote(e.text)}"${cue}${question.type === "multiple" ? ` → ${describeAnswer(question, String(e.answer))}` : ""}`;
      out.push(...wrap(line, width, "             ", "      ").map((l) => (plain ? l : chalk.dim(l))));
    }
  }
  out.push("");
  out.push(
    renderVerdict(result, rules, { width, plain, chalk, hintOpenQuestions: true }).replace(/\n$/, ""),
  );
  return `${out.join("\n")}\n`;
}

const describeAnswer = (question: Question, answer: AnswerValue): string => clean(answerWords(question, answer));

/** Notes can hold anything: no control characters, and long matches shortened. */
function quote(text: string): string {
  const safe = clean(text).replace(/\s+/g, " ");
  return safe.length > QUOTE_CHARS ? `${safe.slice(0, QUOTE_CHARS - 1)}…` : safe;
}
