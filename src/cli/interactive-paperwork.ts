/**
 * What follows a verdict in the interactive triage: the answers saved (--save), the case as it
 * would be stored, the case notes, the evidence pack offered when money or access was lost, and,
 * once, the offer to name a trusted contact. Every write is redacted and said so once (see
 * Terminal.tell); a file that cannot be written says why.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { redactedAnswersJson, type Answers } from "../core/answers.js";
import { buildCaseRecord, newCaseId, type CaseRecord } from "../core/case-record.js";
import { renderCaseNotes, type NotesFormat } from "../core/case-notes.js";
import { InputError } from "../core/errors.js";
import { describeRedactions, redactor, redactSecrets, secretsIn } from "../core/redact.js";
import type { RuleSet } from "../core/ruleset.js";
import type { TriageResult } from "../core/triage.js";
import { describeFsError } from "../node/read-input.js";
import { VERSION } from "../version.js";
import type { CliContext } from "./context.js";
import { dateWriter } from "./dates.js";
import type { TriageSession } from "./interactive-session.js";
import type { Terminal } from "./interactive-terminal.js";

/**
 * --save FILE: the answers, redacted, in the form `check --answers` reads; with the region the
 * triage ran in as a case's `region`, so scoring them again gives that region's steps and contacts.
 */
export async function saveAnswers(term: Terminal, file: string, rules: RuleSet, answers: Answers, region: string | undefined): Promise<void> {
  const redact = redactor();
  const json = redactedAnswersJson(answers, rules, redact.text);
  try {
    await writeFile(file, `${JSON.stringify(region !== undefined ? { region, answers: json } : json, null, 2)}\n`, { mode: 0o600 });
  } catch (error) {
    throw new InputError(`could not save the answers: ${describeFsError(error)}`, file);
  }
  term.tell(redact.redactions);
  term.dim(`Answers saved to ${file}. Score them again with: scamcheck check --answers ${file}`);
}

/** The case as it would be stored: every typed field redacted (see buildCaseRecord). */
export async function caseRecordFor(ctx: CliContext, rules: RuleSet, session: TriageSession, result: TriageResult): Promise<CaseRecord> {
  const { normaliseCallerNumber } = await import("../core/phone.js");
  const { details } = session;
  const operator = details.operator ?? ctx.operator;
  const caseDetails = {
    ...(details.number !== undefined && { caller: normaliseCallerNumber(details.number, session.region) }),
    ...(details.organisation !== undefined && { organisation: details.organisation }),
    ...(details.callTime !== undefined && { callTime: details.callTime }),
    ...(details.ticket !== undefined && { ticket: details.ticket }),
    ...(operator !== undefined && { operator }),
    ...(session.doneSteps.length > 0 && { done: session.doneSteps }),
  };
  const now = new Date();
  return buildCaseRecord(rules, result, session.answers, caseDetails, { id: newCaseId(now), now, toolVersion: VERSION });
}

export interface CaseNotesTarget {
  format: NotesFormat;
  /** Print them on stdout after the verdict. */
  print: boolean;
  /** Write them to this file. */
  output?: string;
}

/** The case notes, printed or written. The record's text is already redacted; the notes are checked again as a whole, as every write is. */
export async function writeCaseNotes(term: Terminal, stdout: NodeJS.WritableStream, target: CaseNotesTarget, record: CaseRecord, result: TriageResult, rules: RuleSet): Promise<void> {
  term.tell(record.redactions);
  const notes = redactSecrets(renderCaseNotes(record, result, rules, target.format)).text;
  if (target.print) stdout.write(`\n${notes}`);
  if (target.output === undefined) return;
  try {
    await writeFile(target.output, notes, { mode: 0o600 });
    term.dim(`Case notes written to ${target.output}.`);
  } catch (error) {
    throw new InputError(`could not write the case notes: ${describeFsError(error)}`, target.output);
  }
}

/**
 * When money or access was lost, the paperwork comes next: offer the evidence pack (what
 * happened, for the bank and the police) as a file, once, at the end. An operator's saved case
 * also has it later, with 'scamcheck cases report ID'.
 */
export async function offerReport(term: Terminal, rules: RuleSet, record: CaseRecord, staff: boolean, region: string | undefined): Promise<void> {
  const { lossesOf } = await import("../core/ticket-exports.js");
  const lost = lossesOf(record, rules);
  if (!lost.has("money") && !lost.has("access")) return;
  term.say();
  const want = await term.confirm(
    staff ? "Write the evidence pack for the customer's bank and the police to a file?" : "Write down what happened, for your bank and the police, in a file you can keep?",
    true,
  );
  if (!want) {
    if (staff) term.dim(`It is there later too: scamcheck cases report ${record.id}`);
    return;
  }
  const { caseReport } = await import("../core/case-report.js");
  // Only an operator's case is kept in the case history (see OperatorDesk.save).
  const text = caseReport(record, rules, dateWriter(rules, record.region ?? region), "markdown", staff);
  // A name that cannot be written is asked again, so the pack is not lost to a typo.
  for (let retry = false; ; retry = true) {
    const file = retry ? await term.input("Another file name (or Enter to skip)") : await term.input("File name", `scamcheck-report-${record.id}.md`);
    if (!file) return;
    // A name is shown and kept like any other the user gives (see refuseSecretNames).
    const held = secretsIn(file);
    if (held.length > 0) {
      term.dim(`(That name looks like it holds ${describeRedactions(held)}; it would be shown and kept, so give one that holds no secret.)`);
      continue;
    }
    try {
      // Built from the redacted record, and checked again as a whole, as every write is.
      await writeFile(file, redactSecrets(text).text, { mode: 0o600 });
      // The whole path: a frightened person must be able to find the file again.
      term.bold(`Written to ${resolve(file)}. Take it with you, or read from it, when you call your bank.`);
      return;
    } catch (error) {
      term.dim(`(Could not write ${file}: ${describeFsError(error)}.)`);
    }
  }
}

/**
 * Once, at the end of a first check: someone to name in the first step next time. Never required;
 * asked only once whatever the answer (a marker in the state folder).
 */
export async function offerTrustedContact(term: Terminal, ctx: CliContext, stateDir: string): Promise<void> {
  const { join } = await import("node:path");
  const { writePrivateFile } = await import("../node/private-file.js");
  const marker = join(stateDir, "offered-trusted-contact");
  if (existsSync(marker)) return;
  try {
    await writePrivateFile(marker, `${new Date().toISOString()}\n`);
  } catch {
    return; // a state folder we cannot write: better never asked than asked every time
  }
  term.say();
  term.bold("Is there someone you trust - a relative, friend or carer - whom you would call after a scam call?");
  term.dim("If you name them, the first step of a scam result will say to call them. Press Enter to skip; you will not be asked again.");
  const name = await term.input("Their name");
  if (!name) return;
  const phone = await term.input(`${name}'s phone number`);
  if (!phone) return;
  const { saveTrustedContact } = await import("./config.js");
  try {
    const where = await saveTrustedContact(ctx.io.env, ctx.io.platform, { name, phone });
    term.dim(`Saved in ${where}. Change or remove it there at any time.`);
  } catch (error) {
    term.dim(`(Could not save it: ${describeFsError(error)}.)`);
  }
}
