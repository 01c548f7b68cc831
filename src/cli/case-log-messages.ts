/**
 * What scamcheck says when the case log cannot be written or read, and the exit code for it. Kept
 * apart from case-history.ts so main.ts can use it without loading the phone-number code.
 */
import { constants } from "node:os";
import type { CaseLogError } from "../node/case-log.js";
import type { SaveResult } from "./case-history.js";
import { EXIT } from "./exit-codes.js";

const CHOOSE_ANOTHER = "choose another case log with --case-log PATH or SCAMCHECK_CASE_LOG";

/** What to do about a case log error, as the end of its sentence; empty when there is nothing to do. */
export function caseLogAdvice(error: CaseLogError): string {
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
      return `${CHOOSE_ANOTHER[0]?.toUpperCase()}${CHOOSE_ANOTHER.slice(1)}.`;
    case "EFBIG":
    case "ELOCKED":
    case "EINTR":
    case undefined:
      return "";
    default:
      return `Check the disk, or ${CHOOSE_ANOTHER}.`;
  }
}

/** A case log error as one line: the path, what went wrong and what to do. */
export function caseLogErrorLine(error: CaseLogError): string {
  const advice = caseLogAdvice(error);
  return `${error.message}.${advice ? ` ${advice}` : ""}`;
}

/** The exit code for a signal, as shells report it: 130 for SIGINT, 143 for SIGTERM, 128 + n. */
export function signalExitCode(signal: NodeJS.Signals): number {
  if (signal === "SIGINT") return EXIT.interrupted;
  if (signal === "SIGTERM") return EXIT.terminated;
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * JSON safe to show on a terminal and to paste: characters a terminal could act on, or that would
 * hide text (C1 controls, bidirectional overrides, zero-width characters), are written as \u
 * escapes, which JSON reads back as the same characters.
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
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
  const { record, error, signal } = result;
  const n = result.addedEarlier.length;
  if (n > 0)
    lines.push(
      n === 1
        ? `Also saved case ${result.addedEarlier[0]}, kept from an earlier run when it could not be saved.`
        : `Also saved ${n} cases kept from earlier runs when they could not be saved: ${result.addedEarlier.join(", ")}.`,
    );
  const waiting = result.waitingElsewhere;
  if (waiting)
    lines.push(`(${waiting.count} case${waiting.count === 1 ? "" : "s"} kept earlier for another case log ${waiting.count === 1 ? "is" : "are"} still waiting in ${waiting.file}.)`);
  let recordJson: string | undefined;
  if (!result.saved && error) {
    const why = error.code === "EINTR" ? error.message : `${error.path}: could not save case ${record.id}: ${error.reason}`;
    const advice = caseLogAdvice(error);
    const where = result.keptIn
      ? `The case is kept in ${result.keptIn} and will be added to the case log the next time a case is saved to it.`
      : `It could not be kept in the state folder either (${result.keepError}), so here it is: add this line to the case log when it can be written.`;
    lines.push(`${why}.${advice ? ` ${advice}` : ""} ${where}`);
    if (!result.keptIn) recordJson = terminalSafeJson(record);
  }
  if (signal && error?.code !== "EINTR") lines.push(`Stopped by ${signal}.`);
  return { lines, ...(recordJson !== undefined && { recordJson }), exitCode: signal ? signalExitCode(signal) : result.saved ? EXIT.ok : EXIT.usage };
}
