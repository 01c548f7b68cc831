/**
 * What a stored case record must look like to be read back: the one check of records coming from
 * outside the program (an imported JSON Lines log, a row written by another version). A record that
 * fails it is reported by where it came from and skipped, so one odd record never stops a command
 * that reads the whole history. The check is the published case-record schema, compiled to code
 * when the schemas are written (scripts/case-record-validator.mjs), with unknown top-level fields
 * allowed so that a newer scamcheck's records still read; reading a history loads neither zod nor
 * a schema compiler.
 */
import type { CaseRecord } from "./case-record.js";
import { validate } from "./case-record-validator.generated.js";

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

/** The record, or what is wrong with it in a few words ("reasons: must be array"). */
export function checkCaseRecord(value: unknown): { record: CaseRecord } | { problem: string } {
  if (validate(value)) return { record: value as CaseRecord };
  const error = validate.errors?.[0];
  const path = error?.instancePath.split("/").slice(1).map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~")) ?? [];
  const missing = error?.keyword === "required" ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const where = path.length > 0 ? `${path.join(".")}: ` : "";
  const what = missing !== undefined ? `${missing} is missing` : (error?.message ?? "invalid");
  return { problem: `not a case record (${where}${what})` };
}
