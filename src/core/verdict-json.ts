/**
 * The JSON a script reads from `check --json`: a stable, documented shape (schemas/verdict.schema.json).
 * Bump OUTPUT_SCHEMA_VERSION on any incompatible change.
 */
import type { RuleSet } from "./ruleset.js";
import type { TriageResult } from "./triage.js";

export const OUTPUT_SCHEMA_VERSION = 1;

export interface VerdictJson {
  schemaVersion: number;
  id?: string;
  verdict: string;
  headline: string;
  summary: string;
  score: number;
  settled: boolean;
  family: { id: string; title: string } | null;
  reasons: { id: string; title: string; explanation: string; weight: number; references: string[] }[];
  reassurances: { id: string; title: string; explanation: string; weight: number; references: string[] }[];
  actions: { id: string; urgency: string; text: string; region?: string; references: string[] }[];
  /** Ids of unanswered questions that could still change the verdict, most useful first. */
  unanswered: string[];
  ignored: string[];
  region: string | null;
  contacts: { id: string; name: string; purpose: string; phone?: string; url?: string; hours?: string }[];
}

export function verdictToJson(result: TriageResult, rules: RuleSet, caseId?: string): VerdictJson {
  const indicator = (i: TriageResult["reasons"][number]) => ({
    id: i.id,
    title: i.title,
    explanation: i.explanation,
    weight: i.weight,
    references: i.references,
  });
  const region = result.region !== undefined ? rules.regions.find((r) => r.id === result.region) : undefined;
  return {
    schemaVersion: OUTPUT_SCHEMA_VERSION,
    ...(caseId !== undefined && { id: caseId }),
    verdict: result.verdict.id,
    headline: result.verdict.headline,
    summary: result.verdict.summary,
    score: result.score,
    settled: result.settled,
    family: result.family ? { id: result.family.id, title: result.family.title } : null,
    reasons: result.reasons.map(indicator),
    reassurances: result.reassurances.map(indicator),
    actions: result.actions.map((a) => ({
      id: a.id,
      urgency: a.urgency,
      text: a.text,
      ...(a.region !== undefined && { region: a.region }),
      references: a.references,
    })),
    unanswered: result.unanswered.map((q) => q.id),
    ignored: result.ignored,
    region: result.region ?? null,
    contacts: (region?.contacts ?? []).map(({ references: _references, ...c }) => c),
  };
}
