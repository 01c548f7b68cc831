/**
 * Operator mode's part of the interactive triage: the case details typed before the questions,
 * the answers they already give, the caller's number looked up in the case history, and the
 * finished case saved there. The case store is opened once, when first needed.
 */
import type { Answers } from "../core/answers.js";
import { answerInWords, questionWording } from "../core/answer-words.js";
import { historyFacts, type CaseRecord } from "../core/case-record.js";
import type { FactValue } from "../core/conditions.js";
import type { RuleSet } from "../core/ruleset.js";
import type { CaseRecorder } from "../node/case-store/saving.js";
import { describeFsError } from "../node/read-input.js";
import { openRecorder } from "./case-store-open.js";
import { describeSave } from "./case-store-messages.js";
import type { CliContext } from "./context.js";
import type { DraftDetails } from "./draft.js";
import type { Terminal } from "./interactive-terminal.js";

export class OperatorDesk {
  private recorder: CaseRecorder | undefined;

  constructor(
    private readonly ctx: CliContext,
    private readonly term: Terminal,
    /** Where finished cases go; a resumed check keeps the store it started with. */
    public caseStore: string,
  ) {}

  /**
   * The case details, each skippable with Enter. Each one typed is handed to `keep` at once (the
   * draft), so Ctrl-C part way loses nothing; a resumed check offers what was typed as the default.
   */
  async askCaseDetails(before: DraftDetails, keep: (details: DraftDetails) => Promise<void>): Promise<DraftDetails> {
    const { term } = this;
    term.say();
    term.bold("Case details (press Enter to skip any):");
    const fields: [keyof DraftDetails, string, string | undefined][] = [
      ["number", "Number that called, as the customer saw it (or 'withheld')", before.number],
      ["organisation", "Organisation the caller claimed to be", before.organisation],
      ["callTime", "When was the call?", before.callTime],
      ["ticket", "Ticket reference", before.ticket],
      ["operator", "Your name", before.operator ?? this.ctx.operator],
    ];
    let typed: DraftDetails = {};
    for (const [key, message, fallback] of fields) {
      const value = (await term.input(message, fallback)) || undefined;
      if (value === undefined) continue;
      typed = { ...typed, [key]: value };
      await keep(typed);
    }
    return typed;
  }

  /**
   * The answers the case details give (the organisation the caller claimed), read as call notes
   * are, so the operator is not asked again what they just typed.
   */
  async answersFromDetails(rules: RuleSet, typed: DraftDetails): Promise<Answers> {
    const wanted = rules.questions.filter((q) => q.caseDetail === "organisation");
    if (typed.organisation === undefined || wanted.length === 0) return new Map();
    const { inferAnswers } = await import("../core/scan/index.js");
    const { answers: inferred } = inferAnswers(rules, `The caller said they were from ${typed.organisation}.`);
    const out: Answers = new Map();
    for (const q of wanted) {
      const value = inferred.get(q.id);
      if (value === undefined) continue;
      out.set(q.id, value);
      this.term.dim(`(${questionWording(q, { staff: true })} ${answerInWords(rules, q.id, value, { staff: true })}, from the case details.)`);
    }
    return out;
  }

  /** Look the number up in the case history and say what it shows; the packs decide what it is worth. */
  async lookUpNumber(raw: string | undefined, region: string | undefined): Promise<Map<string, FactValue>> {
    if (raw === undefined) return new Map();
    const { term } = this;
    // Loaded only for operators: the phone-number metadata is the largest part of the package.
    const { normaliseCallerNumber, numberKey } = await import("../core/phone.js");
    const caller = normaliseCallerNumber(raw, region);
    const key = caller.kind === "number" ? numberKey(caller) : undefined;
    if (caller.kind !== "number" || key === undefined) return new Map();
    if (!caller.valid) term.dim(`(${raw} does not look like a valid number${region ? ` for ${region.toUpperCase()}` : ""}; it is kept as typed.)`);
    try {
      const history = await (await this.history()).history(key);
      // A number that is not valid is matched by its ending, so the cases found may be another number's.
      const found = (n: number) => (caller.valid ? `This number is in ${n} earlier case${n === 1 ? "" : "s"}` : `${n} earlier case${n === 1 ? " has a number" : "s have numbers"} ending in these digits`);
      if (history && history.cases > 0 && history.last)
        term.say(`${found(history.cases)}, last on ${history.last.recordedAt.slice(0, 10)}, verdict ${history.last.verdict}.`, (s) => term.chalk.bold.yellow(s));
      else if (history) term.dim("No earlier cases with this number.");
      return historyFacts(history);
    } catch (error) {
      term.dim(`(Could not read the case history: ${error instanceof Error ? error.message : describeFsError(error)}.)`);
      return new Map();
    }
  }

  /**
   * Save the finished case. Nothing typed is lost: a case that cannot be saved is kept in the state
   * folder and added to the case store next time (or, failing that, printed whole on stderr). See
   * node/case-store/saving.ts. The exit code says which.
   */
  async save(record: CaseRecord): Promise<number> {
    const { term } = this;
    const history = await this.history();
    const saved = await history.save(record);
    await history.close();
    if (saved.saved) term.dim(`Saved as case ${saved.record.id} in ${history.location}.`);
    const report = describeSave(saved);
    for (const line of report.lines) term.say(line, saved.saved ? (s) => term.chalk.dim(s) : (s) => term.chalk.bold.red(s));
    if (report.recordJson !== undefined) term.write(`${report.recordJson}\n`);
    return report.exitCode;
  }

  private async history(): Promise<CaseRecorder> {
    this.recorder ??= await openRecorder(this.ctx, this.caseStore, (line) => this.term.dim(`(${line})`));
    return this.recorder;
  }
}
