/**
 * One finished triage as kept in the case log: the case details an operator typed, the answers and
 * the verdict, with every free-text field passed through redactSecrets first. Also what the history
 * says about a calling number, as facts the rule packs can weigh.
 */
import { answersToJson, type Answers } from "./answers.js";
import type { AnswerValue, FactValue } from "./conditions.js";
import type { CallerNumber } from "./caller-number.js";
import { mergeRedactions, redactSecrets, type Redaction } from "./redact.js";
import type { RuleSet } from "./ruleset.js";
import type { TriageResult } from "./triage.js";

export const CASE_RECORD_VERSION = 1;

export interface CaseDetails {
  caller?: CallerNumber;
  organisation?: string;
  callTime?: string;
  ticket?: string;
  operator?: string;
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
  const found: Redaction[][] = [];
  const clean = (text: string | undefined) => {
    if (text === undefined || text.trim() === "") return undefined;
    const r = redactSecrets(text.trim());
    found.push(r.redactions);
    return r.text;
  };
  const json = answersToJson(answers, rules);
  for (const q of rules.questions) if (q.type === "text" && typeof json[q.id] === "string") json[q.id] = clean(json[q.id] as string) ?? "";
  const fields = {
    operator: clean(details.operator),
    ticket: clean(details.ticket),
    organisation: clean(details.organisation),
    callTime: clean(details.callTime),
  };
  return {
    schemaVersion: CASE_RECORD_VERSION,
    id: context.id,
    recordedAt: context.now.toISOString(),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    ...(details.caller && { caller: details.caller.kind === "number" ? { ...details.caller, raw: clean(details.caller.raw) ?? "" } : details.caller }),
    ...(result.region !== undefined && { region: result.region }),
    verdict: result.verdict.id,
    score: result.score,
    family: result.family?.id ?? null,
    reasons: result.reasons.map((r) => r.id),
    actions: result.actions.map((a) => a.id),
    answers: json,
    redactions: mergeRedactions(found),
    tool: context.toolVersion,
    packs: rules.packs.map((p) => ({ id: p.id, version: p.version })),
  };
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
