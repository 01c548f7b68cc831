/**
 * The draft of an unfinished interactive triage: the answers so far and the order they were asked
 * in, and the steps ticked as done, saved after every answer and every tick (mode 0600, atomically) so Ctrl-C, a closed window or a crash loses
 * nothing, and `scamcheck --resume` continues. Secrets are removed from what was typed before it is
 * written: the draft outlives the triage if it is stopped, so it must never hold a card number.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { readAnswers, redactedAnswersJson, type Answers } from "../core/answers.js";
import { redactor, type Redaction } from "../core/redact.js";
import type { DoneStep } from "../core/case-record.js";
import type { RuleSet } from "../core/ruleset.js";
import { writePrivateFile } from "../node/private-file.js";

export interface Draft {
  savedAt: string;
  answers: Answers;
  history: string[];
  /** The region the check was started in (so a resumed one gives the same contacts). */
  region?: string;
  /** Operator mode: the case details typed at the start. */
  details?: DraftDetails;
  /** The check was started in operator mode, recording to this case log: it carries on the same way. */
  staff?: { caseLog: string };
  /** Steps already ticked as done on the "do this right now" screens. */
  done?: DoneStep[];
}

export interface DraftDetails {
  number?: string;
  organisation?: string;
  callTime?: string;
  ticket?: string;
  operator?: string;
}

export const draftPath = (stateDir: string) => join(stateDir, "draft.json");

export async function saveDraft(
  stateDir: string,
  rules: RuleSet,
  answers: Answers,
  history: string[],
  details?: DraftDetails,
  staff?: { caseLog: string },
  done: readonly DoneStep[] = [],
  region?: string,
): Promise<Redaction[]> {
  const redact = redactor();
  const cleanDetails = details && Object.fromEntries(Object.entries(details).map(([k, v]) => [k, typeof v === "string" ? redact.text(v) : v]));
  const body = {
    version: 1,
    savedAt: new Date().toISOString(),
    answers: redactedAnswersJson(answers, rules, redact.text),
    history,
    ...(region !== undefined && { region }),
    ...(cleanDetails && { details: cleanDetails }),
    ...(staff && { staff }),
    ...(done.length > 0 && { done }),
  };
  await writePrivateFile(draftPath(stateDir), `${JSON.stringify(body, null, 2)}\n`);
  return redact.redactions;
}

/** The saved draft, keeping only answers that still fit the current rules (packs may have changed). */
export async function loadDraft(stateDir: string, rules: RuleSet): Promise<Draft | undefined> {
  let raw: { savedAt?: unknown; answers?: unknown; history?: unknown; region?: unknown; details?: unknown; staff?: unknown; done?: unknown };
  try {
    raw = JSON.parse(await readFile(draftPath(stateDir), "utf8"));
    if (!raw || typeof raw !== "object") return undefined;
  } catch {
    return undefined;
  }
  const answers: Answers = new Map();
  if (raw.answers && typeof raw.answers === "object") {
    for (const [id, value] of Object.entries(raw.answers as Record<string, unknown>)) {
      try {
        const one = readAnswers({ [id]: value }, rules);
        for (const [k, v] of one) answers.set(k, v);
      } catch {
        // An answer the current packs no longer accept is dropped; the question will be asked again.
      }
    }
  }
  const history = Array.isArray(raw.history) ? raw.history.filter((id): id is string => typeof id === "string" && answers.has(id)) : [];
  const details: DraftDetails = {};
  if (raw.details && typeof raw.details === "object")
    for (const key of ["number", "organisation", "callTime", "ticket", "operator"] as const) {
      const v = (raw.details as Record<string, unknown>)[key];
      if (typeof v === "string") details[key] = v;
    }
  const staff = raw.staff as { caseLog?: unknown } | undefined;
  // Only ticks of steps the current packs still have, with a day in the form cases keep.
  const done = (Array.isArray(raw.done) ? raw.done : []).filter(
    (d): d is DoneStep => !!d && typeof d === "object" && typeof d.action === "string" && typeof d.on === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d.on) && rules.actions.some((a) => a.id === d.action),
  );
  return {
    savedAt: typeof raw.savedAt === "string" ? raw.savedAt : "",
    answers,
    history,
    // The region the check was started in, while the packs still have it.
    ...(typeof raw.region === "string" && rules.regions.some((r) => r.id === raw.region) && { region: raw.region }),
    ...(Object.keys(details).length && { details }),
    ...(staff && typeof staff === "object" && typeof staff.caseLog === "string" && { staff: { caseLog: staff.caseLog } }),
    ...(done.length > 0 && { done: done.map(({ action, on }) => ({ action, on })) }),
  };
}

/** Remove the draft of a finished triage; a state folder that cannot be used never spoils the result. */
export async function removeDraft(stateDir: string): Promise<void> {
  await rm(draftPath(stateDir), { force: true }).catch(() => undefined);
}
