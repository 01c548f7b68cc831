/**
 * Compact verdicts for scripts: `--brief` (ids and the headline) and `--fields LIST` (the parts of
 * the full verdict a script names, such as `verdict,score,reasons.id`). A batch of many cases then
 * writes a few hundred bytes a case instead of several kilobytes. Each form has its published JSON
 * Schema (schemas/verdict-brief.schema.json, schemas/verdict-fields.schema.json).
 */
import { closest } from "./diagnostics.js";
import type { RuleSet } from "./ruleset.js";
import type { TriageResult } from "./triage.js";
import { OUTPUT_SCHEMA_VERSION, verdictToJson, type VerdictJson } from "./verdict-json.js";

/** A verdict as a script receives it: `schemaVersion` first, then the case id when there is one. */
export type VerdictForm = (result: TriageResult, rules: RuleSet, caseId?: string) => Record<string, unknown>;

/** The brief form lists this many reasons and steps: the strongest, and the most urgent. */
export const BRIEF_LIST = 3;

export interface BriefVerdict {
  schemaVersion: number;
  id?: string;
  verdict: string;
  headline: string;
  family: string | null;
  reasons: string[];
  actions: string[];
}

/** Ids and the headline: the verdict, the family, the strongest reasons and the most urgent steps. */
export const briefVerdict: VerdictForm = (result, _rules, caseId): BriefVerdict & Record<string, unknown> => ({
  schemaVersion: OUTPUT_SCHEMA_VERSION,
  ...(caseId !== undefined && { id: caseId }),
  verdict: result.verdict.id,
  headline: result.verdict.headline,
  family: result.family?.id ?? null,
  reasons: result.reasons.slice(0, BRIEF_LIST).map((r) => r.id),
  actions: result.actions.slice(0, BRIEF_LIST).map((a) => a.id),
});

const INDICATOR_PARTS = ["id", "title", "explanation", "weight", "references"] as const;

/**
 * The fields `--fields` can name, in the order the full verdict has them, each with the parts of
 * its objects that can be named on their own (`family.id`, `reasons.id`). schemaVersion, and a
 * batch's line and a case's id, always come.
 */
export const VERDICT_FIELDS = {
  verdict: [],
  headline: [],
  summary: [],
  score: [],
  settled: [],
  family: ["id", "title"],
  reasons: INDICATOR_PARTS,
  reassurances: INDICATOR_PARTS,
  actions: ["id", "urgency", "text", "region", "references"],
  unanswered: [],
  ignored: [],
  region: [],
  contacts: ["id", "name", "purpose", "phone", "url", "hours"],
} as const satisfies Record<Exclude<keyof VerdictJson, "schemaVersion" | "id">, readonly string[]>;

/** The fields `scan --fields` can name: the verdict's, and the answers and evidence read from the notes. */
export const SCAN_FIELDS = {
  answers: [],
  evidence: ["question", "answer", "text", "line", "column", "phrase", "cue"],
  ...VERDICT_FIELDS,
} as const;

export type FieldTable = Readonly<Record<string, readonly string[]>>;

/** Which fields to keep: a whole field (true) or some parts of its objects. */
export type FieldSelection = ReadonlyMap<string, true | ReadonlySet<string>>;

/** A --fields list that names a field the table does not have. */
export class UnknownFieldError extends Error {
  override readonly name = "UnknownFieldError";
  constructor(
    readonly field: string,
    readonly suggestion: string | undefined,
  ) {
    super(`unknown field '${field}'`);
  }
}

/** Every name a --fields list may use: each field, and each `field.part`. */
export function fieldNames(table: FieldTable): string[] {
  return Object.entries(table).flatMap(([field, parts]) => [field, ...parts.map((p) => `${field}.${p}`)]);
}

/** Read a --fields list ("verdict,score,reasons.id"). Throws UnknownFieldError naming the first unknown name. */
export function parseFields(list: string, table: FieldTable): FieldSelection {
  const selection = new Map<string, true | Set<string>>();
  for (const raw of list.split(",")) {
    const name = raw.trim();
    const [field = "", part, ...rest] = name.split(".");
    const parts = Object.hasOwn(table, field) ? table[field] : undefined;
    if (parts === undefined || rest.length > 0 || (part !== undefined && !parts.includes(part)))
      throw new UnknownFieldError(name, closest(name, fieldNames(table)));
    const kept = selection.get(field);
    if (part === undefined) selection.set(field, true);
    else if (kept !== true) selection.set(field, new Set([...(kept ?? []), part]));
  }
  return selection;
}

/** The fields of `json` the selection names, in `json`'s own order, after schemaVersion, line and id. */
export function pickFields(json: Record<string, unknown>, selection: FieldSelection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ["schemaVersion", "line", "id"]) if (json[key] !== undefined) out[key] = json[key];
  for (const [key, value] of Object.entries(json)) {
    const kept = selection.get(key);
    if (kept === undefined) continue;
    out[key] = kept === true ? value : pickParts(value, kept);
  }
  return out;
}

function pickParts(value: unknown, parts: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => pickParts(item, parts));
  if (value === null || typeof value !== "object") return value; // a family that is null stays null
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (parts.has(key)) out[key] = v;
  return out;
}

/** The verdict with only the selected fields. */
export function fieldsVerdict(selection: FieldSelection): VerdictForm {
  return (result, rules, caseId) => pickFields(verdictToJson(result, rules, caseId) as unknown as Record<string, unknown>, selection);
}
