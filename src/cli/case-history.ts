/**
 * Recording scripted cases (`check --record`): the case log is read once, numbers are looked up in
 * memory (so a batch does not re-read the log per line), and each case is appended as it is scored.
 */
import type { CaseInput } from "../core/answers.js";
import { addToHistory, buildCaseRecord, historyFacts, newCaseId, type CaseRecord, type NumberHistory } from "../core/case-record.js";
import type { FactValue } from "../core/conditions.js";
import { normaliseCallerNumber, numberKey, type CallerNumber } from "../core/phone.js";
import type { RuleSet } from "../core/ruleset.js";
import type { TriageResult } from "../core/triage.js";
import { appendCase, readCaseLog, type CaseLogProblem } from "../node/case-log.js";
import { VERSION } from "../version.js";

export class CaseRecorder {
  private constructor(
    readonly path: string,
    private readonly byNumber: Map<string, NumberHistory>,
    readonly problems: CaseLogProblem[],
  ) {}

  static async open(path: string): Promise<CaseRecorder> {
    const problems: CaseLogProblem[] = [];
    const recorder = new CaseRecorder(path, new Map(), problems);
    for await (const r of readCaseLog(path, problems)) recorder.remember(r);
    return recorder;
  }

  private remember(r: CaseRecord): void {
    const key = numberKey(r.caller);
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
    return historyFacts(key ? (this.byNumber.get(key) ?? { key, cases: 0, scamCases: 0 }) : undefined);
  }

  async record(rules: RuleSet, result: TriageResult, input: CaseInput, region: string | undefined, operator: string | undefined): Promise<CaseRecord> {
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
    await appendCase(this.path, record);
    this.remember(record);
    return record;
  }
}
