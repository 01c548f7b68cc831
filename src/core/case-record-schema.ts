/**
 * What a stored case record must look like to be read back: the one validator for records coming
 * from outside the program (an imported JSON Lines log, a row written by another version). A record
 * that fails it is reported by where it came from and skipped, so one odd record never stops a
 * command that reads the whole history. Kept apart from case-record.ts so that scoring a case does
 * not load zod.
 */
import { z } from "zod";
import type { CaseRecord } from "./case-record.js";

const text = z.string();
const callerNumber = z.union([
  z.object({ kind: z.literal("number"), raw: text, valid: z.boolean(), e164: text.optional() }),
  z.object({ kind: z.literal("withheld"), raw: text }),
  z.object({ kind: z.literal("unknown"), raw: text }),
]);

export const caseRecordSchema = z.looseObject({
  schemaVersion: z.literal(1),
  id: text.min(1).max(200),
  recordedAt: z.iso.datetime({ offset: true }),
  operator: text.optional(),
  ticket: text.optional(),
  organisation: text.optional(),
  callTime: text.optional(),
  caller: callerNumber.optional(),
  region: text.optional(),
  verdict: text.min(1),
  score: z.number(),
  family: text.nullable(),
  reasons: z.array(text),
  actions: z.array(text),
  done: z.array(z.object({ action: text.min(1), on: z.iso.date() })).optional(),
  answers: z.record(text, z.union([text, z.number(), z.array(text)])),
  redactions: z.array(z.looseObject({ kind: text, count: z.number() })),
  tool: text,
  packs: z.array(z.object({ id: text, version: text })),
});

/** A record kept as JSON text (a store's row, a line of a log), or what is wrong with it. */
export function parseCaseRecord(text: string): { record: CaseRecord } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: "unreadable (cut short or edited by hand)" };
  }
  return checkCaseRecord(value);
}

/** The record, or what is wrong with it in a few words ("reasons: expected array"). */
export function checkCaseRecord(value: unknown): { record: CaseRecord } | { problem: string } {
  const parsed = caseRecordSchema.safeParse(value);
  if (parsed.success) return { record: parsed.data as CaseRecord };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return { problem: `not a case record (${where}${issue?.message ?? "invalid"})` };
}
