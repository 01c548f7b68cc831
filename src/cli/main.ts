/**
 * The process boundary: run the program, turn every error into a one-line message and a
 * documented exit code, and end quietly when the reader of our output goes away. Never calls
 * process.exit after writing results (that can cut off piped output); it sets process.exitCode.
 */
import { CommanderError } from "commander";
import { formatDiagnostic } from "../core/diagnostics.js";
import { AnswerError, InputError, RuleError } from "../core/errors.js";
import { UsageError } from "./usage-error.js";
import { sanitizeForTerminal } from "../core/sanitize.js";
import { CaseStoreError } from "../node/case-store/error.js";
import { caseStoreErrorLine } from "./case-store-messages.js";
import type { CliIo } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { OutputClosed, OutputError } from "./output.js";
import { buildProgram, checkCommandWord } from "./program.js";

/** Map an error to its message lines and exit code. */
export function describeError(error: unknown, debug: boolean): { lines: string[]; exitCode: number } {
  const name = (error as Error)?.name;
  if (error instanceof CommanderError) {
    const ok = ["commander.helpDisplayed", "commander.version"].includes(error.code);
    return { lines: [], exitCode: ok ? EXIT.ok : EXIT.usage }; // commander has already printed its message
  }
  if (error instanceof RuleError)
    return { lines: error.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic).concat(ruleSummary(error)), exitCode: EXIT.usage };
  if (error instanceof AnswerError) return { lines: error.message.split("\n"), exitCode: EXIT.usage };
  if (error instanceof InputError || error instanceof UsageError) return { lines: [error.message], exitCode: EXIT.usage };
  if (name === "ExitPromptError" || name === "AbortPromptError") return { lines: ["Stopped."], exitCode: EXIT.interrupted };
  if (error instanceof OutputClosed) return { lines: [], exitCode: EXIT.ok };
  if (error instanceof OutputError) return { lines: [error.message], exitCode: EXIT.usage };
  // The case log cannot be read or changed (a full disk, a folder that cannot be written, a lock
  // held too long): where, why and what to do, in one line.
  if (error instanceof CaseStoreError) return { lines: [caseStoreErrorLine(error)], exitCode: EXIT.usage };
  const message = (error as Error)?.message ?? String(error);
  return {
    lines: debug
      ? [`internal error: ${(error as Error)?.stack ?? message}`]
      : [`internal error: ${message}`, `This is a bug in scamcheck. Run again with --debug for details, and please report it (see "Reporting bugs" in the README)`],
    exitCode: EXIT.internal,
  };
}

function ruleSummary(error: RuleError): string[] {
  const count = error.diagnostics.filter((d) => d.severity === "error").length;
  return [`${count} problem${count === 1 ? "" : "s"} in the rule packs; nothing was scored.`];
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const result = { exitCode: EXIT.ok as number };
  const debug = argv.includes("--debug") || io.env.SCAMCHECK_DEBUG === "1";
  try {
    const program = buildProgram(io, result);
    checkCommandWord(program, argv);
    await program.parseAsync(argv as string[], { from: "user" });
    return result.exitCode;
  } catch (error) {
    return reportError(error, debug, io.stderr);
  }
}

/** Print an error as describeError says (one line per problem, the stack only with --debug); returns the exit code. */
function reportError(error: unknown, debug: boolean, stderr: NodeJS.WritableStream): number {
  const { lines, exitCode } = describeError(error, debug);
  for (const line of lines) stderr.write(`${exitCode === EXIT.usage ? "scamcheck: " : ""}${sanitizeForTerminal(line)}\n`);
  if (debug && exitCode !== EXIT.internal && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return exitCode;
}

/** Entry point for bin/scamcheck.js. */
export async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // Something thrown outside run() (in a callback or a stream event) is still a bug: the same one
  // line and exit 70 as any other internal error, never Node's own stack trace.
  const crash = (error: unknown) => {
    let code: number = EXIT.internal;
    try {
      code = reportError(error, argv.includes("--debug") || process.env.SCAMCHECK_DEBUG === "1", process.stderr);
    } catch {
      // Even standard error is gone: the exit code is all that is left.
    }
    process.exit(code);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  // A reader that stops early (`scamcheck … | head -1`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") {
        process.exitCode ??= EXIT.ok;
        return;
      }
      // Any other failure to write (a full disk): say so once and stop, since nothing more can be written.
      if (stream === process.stdout) process.stderr.write(`scamcheck: ${new OutputError(error).message}\n`);
      process.exit(EXIT.usage);
    });
  }
  const io: CliIo = {
    // A getter: opening standard input costs a start a millisecond or two (a pipe loads net), and
    // most commands never read it.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    platform: process.platform,
    cwd: process.cwd(),
  };
  process.exitCode = await run(argv, io);
}
