/**
 * Typed errors. The core throws these (never exits); the CLI maps each kind to an exit code and a
 * one-line message.
 */
import { formatDiagnostic, MAX_PROBLEMS_SHOWN, moreProblems, type Diagnostic } from "./diagnostics.js";

/** Rule packs that failed to load or check. Carries every problem found, not just the first. */
export class RuleError extends Error {
  override readonly name = "RuleError";
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic).join("\n") || "invalid rule packs");
  }
}

/** One problem with an answers document, located by its JSON path (like `$.remote-access`). */
export interface AnswerProblem {
  path: string;
  message: string;
}

/** Answers that do not fit the questions. */
export class AnswerError extends Error {
  override readonly name = "AnswerError";
  constructor(
    readonly problems: readonly AnswerProblem[],
    /** Where the answers came from (a file name or `<stdin>`), when known. */
    readonly source?: string,
  ) {
    // The message (one line a problem) lists the first few; `problems` keeps them all for scripts.
    const where = source ? `${source}: ` : "";
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `${where}${p.path}: ${p.message}`);
    if (problems.length > MAX_PROBLEMS_SHOWN) shown.push(`${where}and ${moreProblems(problems.length - MAX_PROBLEMS_SHOWN)}`);
    super(shown.join("\n"));
  }
}

/** Input that cannot be read at all: a missing file, too large, not UTF-8, not JSON. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    message: string,
    /** Where: a file name, `<stdin>`, `file:line:col`, or a batch line. */
    readonly where?: string,
  ) {
    super(where ? `${where}: ${message}` : message);
  }
}
