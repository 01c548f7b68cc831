/**
 * Saving cases to the case history, for the interactive operator mode and `check --record`.
 *
 * - The case log is read once, numbers are looked up in memory (so a batch does not re-read the log
 *   per line), and each case is appended as it is scored.
 * - A case that cannot be saved (a full disk, a folder that cannot be written, a lock held too
 *   long, a signal while waiting for the lock) is never lost: it is kept in `unsaved-cases.jsonl`
 *   in the private state folder and added to that case log the next time a case is saved there.
 *   Should even that fail, the record is printed on stderr as one JSON line, to be kept by hand.
 * - A signal (SIGINT, SIGTERM, SIGHUP) while saving: a record being written is finished first and
 *   the lock removed; the caller then stops with 128 + the signal number.
 */
import { readFile, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { CaseInput } from "../core/answers.js";
import { addToHistory, buildCaseRecord, historyFacts, isScamVerdict, newCaseId, type CaseRecord, type NumberHistory } from "../core/case-record.js";
import type { FactValue } from "../core/conditions.js";
import { normaliseCallerNumber, numberKey, type CallerNumber } from "../core/phone.js";
import { numberMatcher } from "../core/caller-number.js";
import type { RuleSet } from "../core/ruleset.js";
import type { TriageResult } from "../core/triage.js";
import { acquireLock, appendCases, appendLines, CaseLogError, isCaseRecord, replaceFile, type CaseLogProblem } from "../node/case-log.js";
import { describeFsError } from "../node/read-input.js";
import { summarizeCaseLog, type CaseSummary } from "../node/case-index.js";
import { VERSION } from "../version.js";

/** Cases that could not be saved, each with the case log it belongs in, in the state folder. */
export const unsavedCasesPath = (stateDir: string) => join(stateDir, "unsaved-cases.jsonl");

const SIGNALS: NodeJS.Signals[] = process.platform === "win32" ? ["SIGINT", "SIGTERM"] : ["SIGINT", "SIGTERM", "SIGHUP"];

export interface SaveResult {
  record: CaseRecord;
  /** The case is in the case log. */
  saved: boolean;
  /** Why it is not. */
  error?: CaseLogError;
  /** Where it was kept instead (the unsaved-cases file). */
  keptIn?: string;
  /** Why it could not be kept there either; the record must then be printed. */
  keepError?: string;
  /** A signal that came while saving: the caller stops after saying what happened. */
  signal?: NodeJS.Signals;
  /** Cases kept from earlier runs that were added to the case log now. */
  addedEarlier: string[];
  /** A case with this id was already in the case log (a script run twice), so it was not added again. */
  duplicate?: boolean;
  /** Cases kept from earlier runs for other case logs, still waiting. */
  waitingElsewhere?: { count: number; file: string };
}

/**
 * Save a case to the case log; if that fails, keep it in the unsaved-cases file. After a case is
 * saved, cases kept earlier for the same case log are added too. Never throws for a file problem.
 */
export async function saveCase(log: string, stateDir: string, record: CaseRecord): Promise<SaveResult> {
  const controller = new AbortController();
  let signal: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals) => {
    signal ??= s;
    controller.abort(s);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    try {
      await appendCases(log, [record], { signal: controller.signal });
    } catch (error) {
      const failure = error instanceof CaseLogError ? error : new CaseLogError(`could not write to it: ${describeFsError(error)}`, log, { cause: error });
      const kept = await keepUnsaved(stateDir, log, record).then(
        (keptIn) => ({ keptIn }),
        (keepError: unknown) => ({ keepError: keepError instanceof CaseLogError ? keepError.reason : describeFsError(keepError) }),
      );
      return { record, saved: false, error: failure, ...kept, ...(signal && { signal }), addedEarlier: [] };
    }
    const earlier = signal ? undefined : await addUnsaved(stateDir, log, controller.signal).catch(() => undefined);
    return {
      record,
      saved: true,
      ...(signal && { signal }),
      addedEarlier: earlier?.added ?? [],
      ...(earlier?.waiting && { waitingElsewhere: { count: earlier.waiting, file: unsavedCasesPath(stateDir) } }),
    };
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}

/** Keep a record that could not be saved, for the next time a case is saved to that log. */
async function keepUnsaved(stateDir: string, log: string, record: CaseRecord): Promise<string> {
  const file = unsavedCasesPath(stateDir);
  await appendLines(file, `${JSON.stringify({ caseLog: resolve(log), record })}\n`, { what: "the case was kept" });
  return file;
}

/**
 * Add the cases kept earlier for this case log, skipping any already in it (a run stopped between
 * adding them and tidying up), then drop them from the unsaved-cases file. Returns their ids, and
 * how many other lines (cases for other case logs) are still waiting there.
 */
export async function addUnsaved(stateDir: string, log: string, stop?: AbortSignal): Promise<{ added: string[]; waiting: number }> {
  const file = unsavedCasesPath(stateDir);
  try {
    await stat(file);
  } catch {
    return { added: [], waiting: 0 };
  }
  const release = await acquireLock(file, stop);
  try {
    const target = resolve(log);
    const mine: CaseRecord[] = [];
    const rest: string[] = [];
    for (const line of (await readFile(file, "utf8")).split("\n")) {
      if (line.trim() === "") continue;
      try {
        const entry = JSON.parse(line) as { caseLog?: unknown; record?: unknown };
        if (entry?.caseLog === target && isCaseRecord(entry.record)) {
          mine.push(entry.record);
          continue;
        }
      } catch {
        // A line that cannot be read is left for a person to look at.
      }
      rest.push(line);
    }
    if (mine.length === 0) return { added: [], waiting: rest.length };
    const ids = new Set(mine.map((r) => r.id));
    const present = new Set<string>();
    for (const r of await summarizeCaseLog(log)) if (ids.has(r.id)) present.add(r.id);
    const missing = [...new Map(mine.filter((r) => !present.has(r.id)).map((r) => [r.id, r])).values()];
    await appendCases(log, missing, stop ? { signal: stop } : {});
    if (rest.length) await replaceFile(file, `${rest.join("\n")}\n`, undefined, true);
    else await rm(file, { force: true });
    return { added: missing.map((r) => r.id), waiting: rest.length };
  } finally {
    await release();
  }
}

export class CaseRecorder {
  private constructor(
    readonly path: string,
    private readonly stateDir: string,
    private readonly byNumber: Map<string, NumberHistory>,
    readonly problems: CaseLogProblem[],
  ) {}

  /** Why the case log could not be read, if it could not: cases are then scored without its history. */
  readError?: CaseLogError;

  static async open(path: string, stateDir: string): Promise<CaseRecorder> {
    const problems: CaseLogProblem[] = [];
    const recorder = new CaseRecorder(path, stateDir, new Map(), problems);
    try {
      for (const r of await summarizeCaseLog(path, problems)) recorder.remember(r);
    } catch (error) {
      // As in the interactive triage: the verdict does not wait on the history.
      recorder.readError =
        error instanceof CaseLogError
          ? error
          : new CaseLogError(`could not read it: ${describeFsError(error)}`, path, { code: (error as NodeJS.ErrnoException)?.code ?? "EUNKNOWN", cause: error });
    }
    return recorder;
  }

  /** Every case id in the log, with its number and verdict: a case recorded again is not counted twice. */
  private readonly known = new Map<string, { number: string | undefined; verdict: string }>();

  private remember(r: Pick<CaseSummary, "number" | "id" | "recordedAt" | "verdict">): void {
    this.known.set(r.id, { number: r.number, verdict: r.verdict });
    const key = r.number;
    if (!key) return;
    const h = this.byNumber.get(key) ?? { key, cases: 0, scamCases: 0 };
    addToHistory(h, r);
    this.byNumber.set(key, h);
  }

  caller(input: CaseInput, region: string | undefined): CallerNumber | undefined {
    return input.details?.number !== undefined ? normaliseCallerNumber(input.details.number, region) : undefined;
  }

  /** What the history says about the case's number, as facts for the engine. */
  facts(input: CaseInput, region: string | undefined): Map<string, FactValue> {
    const key = numberKey(this.caller(input, region));
    if (!key) return historyFacts(undefined);
    // The same rule as cases search and the operator's look-up: a national number typed without a
    // region also finds the international form it was stored in.
    const matches = numberMatcher(key);
    // An international key matches only itself: a map look-up, not a pass over every number.
    const found = key.startsWith("+") ? [this.byNumber.get(key)] : [...this.byNumber.values()].filter((n) => matches(n.key));
    const history = { key, cases: 0, scamCases: 0 };
    for (const h of found) {
      history.cases += h?.cases ?? 0;
      history.scamCases += h?.scamCases ?? 0;
    }
    // The same case scored again (a script run twice) is not evidence about itself.
    const earlier = input.id !== undefined ? this.known.get(input.id) : undefined;
    if (earlier && matches(earlier.number)) {
      history.cases--;
      if (isScamVerdict(earlier.verdict)) history.scamCases--;
    }
    return historyFacts(history);
  }

  /** Build the case record and save it (see saveCase: a case that cannot be saved is kept, not lost). */
  async record(rules: RuleSet, result: TriageResult, input: CaseInput, region: string | undefined, operator: string | undefined): Promise<SaveResult> {
    const caller = this.caller(input, region);
    const d = input.details ?? {};
    const record = buildCaseRecord(
      rules,
      result,
      input.answers,
      {
        ...(caller && { caller }),
        ...(d.organisation !== undefined && { organisation: d.organisation }),
        ...(d.callTime !== undefined && { callTime: d.callTime }),
        ...(d.ticket !== undefined && { ticket: d.ticket }),
        ...((d.operator ?? operator) !== undefined && { operator: d.operator ?? operator }),
      },
      { id: input.id && /^[\w.-]{1,64}$/.test(input.id) ? input.id : newCaseId(new Date()), now: new Date(), toolVersion: VERSION },
    );
    if (this.known.has(record.id)) return { record, saved: true, duplicate: true, addedEarlier: [] };
    const saved = await saveCase(this.path, this.stateDir, record);
    if (saved.saved) this.remember({ ...record, number: numberKey(record.caller) });
    return saved;
  }
}
