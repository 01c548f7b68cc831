/**
 * One finished triage as kept in the case log: the case details an operator typed, the answers and
 * the verdict, with every free-text field passed through redactSecrets first. Also what the history
 * says about a calling number, as facts the rule packs can weigh.
 */
import { redactedAnswersJson, type Answers } from "./answers.js";
import type { AnswerValue, FactValue } from "./conditions.js";
import type { CallerNumber } from "./caller-number.js";
import { mergeRedactions, redactor, type Redaction } from "./redact.js";
import type { RuleSet } from "./ruleset.js";
import type { TriageResult } from "./triage.js";

export const CASE_RECORD_VERSION = 1;

/** A step advised that the person or operator ticked as done, and the day (YYYY-MM-DD) it was done. */
export interface DoneStep {
  action: string;
  on: string;
}

export interface CaseDetails {
  caller?: CallerNumber;
  organisation?: string;
  callTime?: string;
  ticket?: string;
  operator?: string;
  /** Steps already done: kept only for steps the verdict advised. */
  done?: DoneStep[];
}

export interface CaseRecord {
  schemaVersion: typeof CASE_RECORD_VERSION;
  id: string;
  recordedAt: string;
  operator?: string;
  ticket?: string;
  organisation?: string;
  callTime?: string;
  caller?: CallerNumber;
  region?: string;
  verdict: string;
  score: number;
  family: string | null;
  reasons: string[];
  actions: string[];
  /** What has been done since the call: the steps ticked, in the order they were done. */
  done?: DoneStep[];
  answers: Record<string, AnswerValue>;
  redactions: Redaction[];
  tool: string;
  packs: { id: string; version: string }[];
}

export interface RecordContext {
  id: string;
  now: Date;
  toolVersion: string;
}

/** Letters for case ids: digits and lower-case letters without i, l, o and u, which are misread aloud. */
const ID_LETTERS = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * An id that sorts by day and is read out easily: C-20261129-0f3a9c2kx7. Its ten random letters
 * (50 bits) make two alike vanishingly rare, and the case store gives a case a new id should its
 * generated one be taken, so two cases never share one.
 */
export function newCaseId(now: Date, random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, "");
  const tail = [...random(new Uint8Array(10))].map((b) => ID_LETTERS[b & 31]).join("");
  return `C-${day}-${tail}`;
}

export function buildCaseRecord(
  rules: RuleSet,
  result: TriageResult,
  answers: Answers,
  details: CaseDetails,
  context: RecordContext,
): CaseRecord {
  const redact = redactor();
  const clean = (text: string | undefined) => (text === undefined || text.trim() === "" ? undefined : redact.text(text.trim()));
  const json = redactedAnswersJson(answers, rules, (text) => clean(text) ?? "");
  const fields = {
    operator: clean(details.operator),
    ticket: clean(details.ticket),
    organisation: clean(details.organisation),
    callTime: clean(details.callTime),
  };
  const advised = new Set(result.actions.map((a) => a.id));
  const done = markDone([], (details.done ?? []).filter((d) => advised.has(d.action)));
  return {
    schemaVersion: CASE_RECORD_VERSION,
    id: context.id,
    recordedAt: context.now.toISOString(),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    ...(details.caller && { caller: cleanCaller(details.caller, clean) }),
    ...(result.region !== undefined && { region: result.region }),
    verdict: result.verdict.id,
    score: result.score,
    family: result.family?.id ?? null,
    reasons: result.reasons.map((r) => r.id),
    actions: result.actions.map((a) => a.id),
    ...(done.length > 0 && { done }),
    answers: json,
    redactions: redact.redactions,
    tool: context.toolVersion,
    packs: rules.packs.map((p) => ({ id: p.id, version: p.version })),
  };
}

/**
 * The done list with these steps ticked: a step ticked again keeps the day it was last ticked,
 * and the list stays in the order the steps were done (by day, then as ticked).
 */
export function markDone(before: readonly DoneStep[], ticked: readonly DoneStep[]): DoneStep[] {
  const again = new Set(ticked.map((d) => d.action));
  const kept = before.filter((d) => !again.has(d.action));
  const seen = new Set<string>();
  const fresh = ticked.filter((d) => !seen.has(d.action) && seen.add(d.action));
  // sort is stable: steps done on the same day stay in the order they were ticked.
  return [...kept, ...fresh].map((d) => ({ action: d.action, on: d.on })).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
}

/** The day a step was done, for a ticked step: today where the person is. */
export const localDay = (now: Date) => `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;

/**
 * The calling number with secrets removed. A secret typed as the number (a card number in the
 * wrong box) would also be in its normalised form, so then only the redacted text is kept.
 */
function cleanCaller(caller: CallerNumber, clean: (text: string) => string | undefined): CallerNumber {
  const raw = clean(caller.raw) ?? "";
  if (raw === caller.raw.trim() || caller.kind !== "number") return { ...caller, raw };
  return { kind: "number", raw, valid: false };
}

/**
 * A stored record with its free text redacted again, for showing and exporting: a record written
 * by an older version, or before a secret format was known, leaves the tool clean all the same.
 */
export function redactRecord(record: CaseRecord): CaseRecord {
  const redact = redactor();
  const clean = (text: string | undefined) => (text === undefined ? undefined : redact.text(text));
  const answers = Object.fromEntries(Object.entries(record.answers).map(([id, v]) => [id, typeof v === "string" ? redact.text(v) : v]));
  const fields = { operator: clean(record.operator), ticket: clean(record.ticket), organisation: clean(record.organisation), callTime: clean(record.callTime) };
  const out: CaseRecord = { ...record, id: redact.text(record.id), ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), answers };
  if (record.caller) out.caller = cleanCaller(record.caller, (t) => clean(t.trim()));
  return redact.redactions.length === 0 ? record : { ...out, redactions: mergeRedactions([record.redactions, redact.redactions]) };
}

/** Verdicts that count as "reported as a scam" for repeat numbers. */
const SCAM_VERDICTS = new Set(["scam", "likely-scam"]);
/** The verdicts a number's history counts as scam cases. */
export const isScamVerdict = (verdict: string): boolean => SCAM_VERDICTS.has(verdict);

export interface NumberHistory {
  key: string;
  cases: number;
  scamCases: number;
  last?: { id: string; recordedAt: string; verdict: string };
}

/** The facts the packs can weigh (see core/facts.ts). */
export function historyFacts(history: NumberHistory | undefined): Map<string, FactValue> {
  const facts = new Map<string, FactValue>();
  if (history) {
    facts.set("history.sameNumberCases", history.cases);
    facts.set("history.sameNumberScamCases", history.scamCases);
  }
  return facts;
}
