/**
 * Opening the case store for a command: where it is (see config.ts), what opening it said (tables
 * created, an earlier version's log moved over), and a store that cannot be opened said once.
 */
import { sanitizeForTerminal } from "../core/sanitize.js";
import type { CaseStore } from "../node/case-store/index.js";
import type { CaseRecorder } from "../node/case-store/saving.js";
import { join } from "node:path";
import { appPaths, OLD_LOG_FILE } from "../node/paths.js";
import type { CliContext } from "./context.js";

function openOptions(ctx: CliContext) {
  const { isDefault } = ctx.caseStore;
  return {
    notice: (line: string) => ctx.io.stderr.write(`${sanitizeForTerminal(line)}\n`),
    // Only the default store takes over the default place's old log: a chosen store is the user's own.
    ...(isDefault && { importOnCreate: oldLogPath(ctx) }),
  };
}

const oldLogPath = (ctx: CliContext) => join(appPaths(ctx.io.env, ctx.io.platform).data, OLD_LOG_FILE);

/**
 * The store for `cases …` and `letter`; an error opening it ends the command (one line, exit 2). A
 * store not made yet reads as empty and none is created, unless `create` (`cases import`): these
 * commands read, or change only records already there.
 */
export async function openStore(ctx: CliContext, { create = false } = {}): Promise<CaseStore> {
  const { openCaseStore } = await import("../node/case-store/index.js");
  return openCaseStore(ctx.caseStore.location, { ...openOptions(ctx), create });
}

/** The recorder for `check --record` and operator mode: a store that cannot be opened is said once, and cases are kept for later. */
export async function openRecorder(ctx: CliContext, location = ctx.caseStore.location, say?: (line: string) => void): Promise<CaseRecorder> {
  const { CaseRecorder } = await import("../node/case-store/saving.js");
  const options = openOptions(ctx);
  const recorder = await CaseRecorder.open(location, appPaths(ctx.io.env, ctx.io.platform).state, say ? { ...options, notice: say } : options);
  const problem = recorder.openError && `${sanitizeForTerminal(recorder.openError.message)}; earlier cases are not counted.`;
  if (problem) (say ?? ((line: string) => ctx.io.stderr.write(`scamcheck: ${line}\n`)))(problem);
  return recorder;
}

/** The store as a draft keeps it on disk: a PostgreSQL address without its password. */
export async function draftStore(location: string): Promise<string> {
  const { storeLocation } = await import("../node/case-store/index.js");
  return storeLocation(location);
}

/** The store a resumed check saves to: the one chosen now when the draft's is it without its password, else the draft's. */
export async function storeForDraft(ctx: CliContext, kept: string): Promise<string> {
  const current = ctx.caseStore.location;
  return (await draftStore(current)) === kept ? current : kept;
}
