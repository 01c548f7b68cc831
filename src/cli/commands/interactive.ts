/**
 * `scamcheck` with no command: the interactive triage. Prompts draw on stderr so stdout stays clean.
 */
import { UsageError } from "../../core/errors.js";
import type { CliContext } from "../context.js";

export async function runInteractive(ctx: CliContext, _options: { resume?: boolean; save?: string }): Promise<number> {
  if (!ctx.io.stdin.isTTY || !ctx.io.stderr.isTTY)
    throw new UsageError(
      "no terminal to ask questions on. To score answers from a script, pipe JSON in: scamcheck check --answers - --json < answers.json (see 'scamcheck questions')",
    );
  throw new UsageError("interactive triage is not built yet");
}
