/**
 * What scamcheck says when the case store cannot be written or read, and the exit code for it.
 * Kept apart from the store so main.ts can use it without loading the store.
 */
import type { CaseStoreError } from "../node/case-store/error.js";
import type { SaveResult } from "../node/case-store/saving.js";
import { EXIT } from "./exit-codes.js";
import { terminalSafeJson } from "../core/sanitize.js";

const CHOOSE_ANOTHER = "choose another case store with --case-store PATH|URL or SCAMCHECK_CASE_STORE";

/** What to do about a case store error, as the end of its sentence; empty when there is nothing to do. */
export function caseStoreAdvice(error: CaseStoreError): string {
  switch (error.code) {
    case "ENOSPC":
    case "EDQUOT":
      return `Free some space there, or ${CHOOSE_ANOTHER}.`;
    case "EACCES":
    case "EPERM":
      return `Ask for write access to it, or ${CHOOSE_ANOTHER}.`;
    case "EROFS":
      return `${CHOOSE_ANOTHER[0]?.toUpperCase()}${CHOOSE_ANOTHER.slice(1)}.`;
    case "ENOTDIR":
    case "EISDIR":
    case "EEXIST":
    case "ENOENT":
      return `Check the path, or ${CHOOSE_ANOTHER}.`;
    case "ENOTREG":
    case "ENOTDB":
      return `${CHOOSE_ANOTHER[0]?.toUpperCase()}${CHOOSE_ANOTHER.slice(1)}.`;
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "ETIMEDOUT":
    case "ECONNRESET":
    case "ETLS":
      return `Check the server and the address, or ${CHOOSE_ANOTHER}.`;
    case "ENEWER":
    case "ELOCKED":
      return "";
    default:
      // PostgreSQL's own error codes come as PG…; anything else is the file system's.
      return error.code.startsWith("PG") ? `Check the server and the address, or ${CHOOSE_ANOTHER}.` : `Check the disk, or ${CHOOSE_ANOTHER}.`;
  }
}

/** A case store error as one line: the store, what went wrong and what to do. */
export function caseStoreErrorLine(error: CaseStoreError): string {
  const advice = caseStoreAdvice(error);
  return `${error.message}.${advice ? ` ${advice}` : ""}`;
}

export interface SaveReport {
  /** One line each, for stderr. */
  lines: string[];
  /** Set when the record could be kept nowhere: one line of JSON to print as it is, after `lines`. */
  recordJson?: string;
  exitCode: number;
}

/** What to tell the person about a save, beyond "Saved as case …", and the exit code. */
export function describeSave(result: SaveResult): SaveReport {
  const lines: string[] = [];
  const { record, error } = result;
  const n = result.addedEarlier.length;
  if (n > 0)
    lines.push(
      n === 1
        ? `Also saved case ${result.addedEarlier[0]}, kept from an earlier run when it could not be saved.`
        : `Also saved ${n} cases kept from earlier runs when they could not be saved: ${result.addedEarlier.join(", ")}.`,
    );
  const waiting = result.waitingElsewhere;
  if (waiting)
    lines.push(`(${waiting.count} case${waiting.count === 1 ? "" : "s"} kept earlier for another case store ${waiting.count === 1 ? "is" : "are"} still waiting in ${waiting.file}.)`);
  let recordJson: string | undefined;
  if (!result.saved && error) {
    const why = `${error.location}: could not save case ${record.id}: ${error.reason}`;
    const advice = caseStoreAdvice(error);
    const where = result.keptIn
      ? `The case is kept in ${result.keptIn} and will be added to the case store the next time a case is saved to it.`
      : `It could not be kept in the state folder either (${result.keepError}), so here it is: keep this line, and add it with 'scamcheck cases import FILE' when the store can be written.`;
    lines.push(`${why}.${advice ? ` ${advice}` : ""} ${where}`);
    if (!result.keptIn) recordJson = terminalSafeJson(record);
  }
  return { lines, ...(recordJson !== undefined && { recordJson }), exitCode: result.saved ? EXIT.ok : EXIT.usage };
}
