/**
 * `scamcheck` with no command: the interactive triage, one plain question at a time.
 *
 * Prompts draw on stderr, so stdout carries only the verdict. The order comes from the rules (see
 * core/interview.ts). Every answer is saved to a draft at once, so Ctrl-C loses nothing and
 * `scamcheck --resume` carries on. The prompt library is imported here only, so scripted runs
 * never pay for loading it. This file draws and reads the terminal; what the triage holds and does
 * next is interactive-session.ts's, the words of its screens interactive-screens.ts's and which
 * steps cannot wait interview-steps.ts's, so tests drive those without a terminal.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { onExit } from "signal-exit";
import { redactedAnswersJson, type Answers } from "../../core/answers.js";
import type { AnswerValue } from "../../core/conditions.js";
import { InputError } from "../../core/errors.js";
import { UsageError } from "../usage-error.js";
import { buildCaseRecord, historyFacts, localDay, newCaseId, type CaseRecord } from "../../core/case-record.js";
import { renderCaseNotes, type NotesFormat } from "../../core/case-notes.js";
import type { FactValue } from "../../core/conditions.js";
import { describeRedactions, mergeRedactions, newRedactions, redactor, redactSecrets, removedNotice, secretsIn, type Redaction } from "../../core/redact.js";
import type { TriageResult } from "../../core/triage.js";
import type { CaseRecorder } from "../../node/case-store/saving.js";
import { draftStore, openRecorder, storeForDraft } from "../case-store-open.js";
import { dateWriter } from "../dates.js";
import { VERSION } from "../../version.js";
import type { Question, StaffPrompt } from "../../core/ruleset.js";
import { sanitizeForTerminal as clean } from "../../core/sanitize.js";
import { appPaths } from "../../node/paths.js";
import { checkWritable } from "../../node/private-file.js";
import { describeFsError, readText } from "../../node/read-input.js";
import { NOT_SURE } from "../../core/constants.js";
import { answerInWords, questionWording } from "../../core/answer-words.js";
import { describeSave } from "../case-store-messages.js";
import type { CliContext } from "../context.js";
import { loadDraft, removeDraft, saveDraft, type DraftDetails } from "../draft.js";
import { EXIT } from "../exit-codes.js";
import { BACK, checkboxConfig, checkboxReply, HELP, inputConfig, inputReply, PLAIN_SELECT_HELP, PLAIN_THEME, selectConfig, type Reply } from "../question-prompts.js";
import { renderVerdict } from "../render-verdict.js";
import { TriageSession } from "../interactive-session.js";
import { questionHeading, staffPromptScreen, stepsScreen, stopOffer } from "../interactive-screens.js";
import { outputWidth, wrap } from "../wrap.js";

type Prompts = typeof import("../prompt-kit.js");

const NOTE_FORMATS: Record<string, NotesFormat> = { markdown: "markdown", md: "markdown", text: "text", txt: "text", plain: "text" };

/** What the notes options ask for: case notes to print or write, and call notes to read. */
export interface NotesOptions {
  /** The case notes' format, when they are printed or written. */
  format?: NotesFormat;
  /** Print the case notes on stdout after the verdict. */
  print: boolean;
  /** Call notes to pre-fill the answers from. */
  input?: string;
  /** The file to write the case notes to. */
  output?: string;
}

/**
 * --read-notes FILE reads call notes, --write-notes FILE writes the case notes and --notes FORMAT
 * prints them. The old spellings still work, each with a warning: --notes FILE (anything but a
 * format) for --read-notes (warned once the file is read, see readCallNotes), --notes-file for
 * --write-notes.
 */
export function parseNotesOptions(options: InteractiveOptions, warn: (line: string) => void): NotesOptions {
  const format = options.notes !== undefined ? NOTE_FORMATS[options.notes] : undefined;
  if (options.notesFile !== undefined) {
    if (options.writeNotes !== undefined && options.writeNotes !== options.notesFile)
      throw new UsageError("--notes-file is the old name of --write-notes; give one of them");
    warn("--notes-file is now --write-notes (it writes the case notes); the old name still works for now");
  }
  let input = options.readNotes;
  if (options.notes !== undefined && format === undefined) {
    if (input !== undefined) throw new UsageError(`--notes takes markdown or text, not '${options.notes}'; --read-notes names the call notes to read`);
    input = options.notes;
  }
  const output = options.writeNotes ?? options.notesFile;
  return {
    ...((format !== undefined || output !== undefined) && { format: format ?? "markdown" }),
    print: format !== undefined,
    ...(input !== undefined && { input }),
    ...(output !== undefined && { output }),
  };
}

/** Call notes for the pre-fill may be at most this large (as for `scamcheck scan`). */
const MAX_NOTES_BYTES = 1024 * 1024;

export interface InteractiveOptions {
  resume?: boolean;
  save?: string;
  /** Case notes to print after the verdict: "markdown" or "text" (a file name is the old spelling of readNotes). */
  notes?: string;
  readNotes?: string;
  writeNotes?: string;
  /** The old name of writeNotes. */
  notesFile?: string;
}

/**
 * Call notes for the pre-fill, read before anything is asked. Given as --notes FILE (the old
 * spelling), a file that is not there was most likely meant for the case notes: say so.
 */
async function readCallNotes(path: string, oldSpelling: boolean): Promise<string> {
  const flag = oldSpelling ? "--notes" : "--read-notes";
  if (path === "-") throw new UsageError(`${flag} - would read the notes from the keyboard the questions need; give a file name instead`);
  try {
    return await readText(path, MAX_NOTES_BYTES);
  } catch (error) {
    if (oldSpelling && error instanceof InputError && !existsSync(path))
      throw new UsageError(`--notes ${path}: no such file to read call notes from; to write the case notes to it, use --write-notes ${path} (--notes takes markdown or text)`);
    throw error;
  }
}

export async function runInteractive(ctx: CliContext, options: InteractiveOptions): Promise<number> {
  const { stdin, stderr } = ctx.io;
  if (!stdin.isTTY || !stderr.isTTY)
    throw new UsageError(
      "no terminal to ask questions on. To score answers from a script, pipe JSON in: scamcheck check --answers - --json < answers.json (see 'scamcheck questions')",
    );
  const notesOptions = parseNotesOptions(options, (line) => stderr.write(`scamcheck: warning: ${clean(line)}\n`));
  const { format: notesFormat, input: notesInput } = notesOptions;
  // Every file argument is checked before anything is asked, so no one answers every question and
  // then loses the answers to a mistyped path: the call notes are read now, the outputs' places tried.
  const callNotes = notesInput === undefined ? undefined : await readCallNotes(notesInput, options.readNotes === undefined);
  if (callNotes !== undefined && options.readNotes === undefined)
    stderr.write(`scamcheck: warning: ${clean(`--notes FILE is now --read-notes FILE (--notes takes markdown or text); reading call notes from ${notesInput}`)}\n`);
  if (options.save !== undefined) await checkWritable(options.save, "--save");
  if (notesOptions.output !== undefined) await checkWritable(notesOptions.output, options.writeNotes !== undefined ? "--write-notes" : "--notes-file");
  const rules = await ctx.rules();
  const region = await ctx.region();
  let staff = ctx.staff;
  // Where finished operator cases go; a resumed check keeps the case store it started with. The
  // draft keeps only its address without a password (see draftStore).
  let caseStore = staff ? ctx.caseStore.location : "";
  let recorder: CaseRecorder | undefined;
  const stateDir = appPaths(ctx.io.env, ctx.io.platform).state;
  const chalk = await ctx.chalkFor(stderr);
  // The prompt library colours by itself; make it follow our decision (NO_COLOR, --plain, --no-color).
  if (chalk.level === 0) ctx.io.env.NO_COLOR = "1";
  // An empty NO_COLOR means nothing (no-color.org), but the prompt library's colour check counts it.
  else if (ctx.io.env.NO_COLOR === "") delete ctx.io.env.NO_COLOR;
  const prompts: Prompts = await import("../prompt-kit.js");
  // A signal that ends the check from outside (Ctrl-C at a prompt arrives as a key instead).
  const stopWatching = onExit(onStopSignal);
  // --plain: ASCII only, for screen readers and copy-paste.
  const theme = ctx.plain ? PLAIN_THEME : {};
  // Every menu is numbered, as the operator hint says: a number key picks a choice.
  const menuTheme = { ...theme, indexMode: "number" as const };
  const separator = () => new prompts.Separator(ctx.plain ? "--------" : undefined);
  const selectHelp = ctx.plain ? PLAIN_SELECT_HELP : {};
  const dot = ctx.plain ? "-" : "·";
  // Read when drawn: a resumed check may turn operator mode on.
  const screenStyle = {
    get staff() {
      return staff;
    },
    plain: ctx.plain,
  };
  const width = outputWidth(stderr);
  /** Text as lines that fit the terminal, so it never breaks one inside a word ('scamc' / 'heck'). */
  const wrapped = (text: string) => wrap(clean(text), width).map((line) => `${line}\n`).join("");
  const say = (text = "", style: (s: string) => string = (s) => s) => {
    for (const line of text === "" ? [""] : wrap(clean(text), width)) stderr.write(`${style(line)}\n`);
  };
  const context = { input: stdin, output: stderr, clearPromptOnDone: false };
  // Secrets are removed at every write (draft, --save, notes, case history); each removal is said once.
  let told: Redaction[] = [];
  const tell = (found: readonly Redaction[]) => {
    const fresh = newRedactions(found, told);
    if (fresh.length === 0) return;
    told = mergeRedactions([told, fresh]);
    say(removedNotice(fresh), (s) => chalk.bold(s));
  };

  const trusted = ctx.config().trustedContact;
  const facts = new Map<string, FactValue>([["staff", staff]]);
  if (trusted && !staff) facts.set("trusted.name", trusted.name).set("trusted.phone", trusted.phone);
  // The answers, the way back, the ticks, the case details and what was shown (see interactive-session.ts).
  const session = new TriageSession(rules, region, facts);
  const draft = await loadDraft(stateDir, rules);
  try {
    // Case details typed before the first answer are a draft worth keeping too.
    const typedDetails = Object.keys(draft?.details ?? {}).length;
    if (draft && (draft.answers.size > 0 || typedDetails > 0)) {
      const when = draft.savedAt ? dateWriter(rules, region)(draft.savedAt) : "earlier";
      const resume =
        options.resume ||
        (await prompts.select(
          {
            message: `You have an unfinished check from ${when} (${draft.answers.size > 0 ? `${draft.answers.size} answer${draft.answers.size === 1 ? "" : "s"}` : `${typedDetails} case detail${typedDetails === 1 ? "" : "s"}`}). Continue it?`,
            choices: [
              { name: "Yes, continue where I stopped", value: true },
              { name: "No, start again", value: false },
            ],
            theme: menuTheme,
            ...selectHelp,
          },
          context,
        ));
      if (resume) session.resume(draft.answers, draft.history, draft.details, draft.done);
      // A resumed check keeps the region it was started in, unless this command names one.
      if (resume && draft.region !== undefined && ctx.options.region === undefined) session.region = draft.region;
      if (resume && draft.staff) {
        // Started in operator mode: it carries on that way, into the same case history.
        if (!staff) say("Carrying on in operator mode, as this check was started.", (s) => chalk.dim(s));
        [staff, caseStore] = [true, await storeForDraft(ctx, draft.staff.caseLog)];
        session.facts.set("staff", true);
      }
    } else if (options.resume) say("There is no unfinished check to resume, so let's start a new one.");

    say(
      `scamcheck ${dot} a few questions about the call, one at a time, then what to do.`,
      (s) => chalk.bold(s),
    );
    say("Your answers stay on this computer. Press Ctrl-C at any time to stop; 'scamcheck --resume' carries on later.", (s) => chalk.dim(s));
    const shownStore = staff ? await draftStore(caseStore) : "";
    const keepDraft = () =>
      saveDraft(stateDir, rules, session.answers, session.history, staff ? session.details : undefined, staff ? { caseLog: shownStore } : undefined, session.doneSteps, session.region).then(tell, (error: unknown) => {
        say(`(Could not save a draft in ${stateDir}: ${describeFsError(error)}. Carrying on.)`, (s) => chalk.dim(s));
      });
    if (staff) {
      say("Operator mode: questions are worded for you; type the number of a choice, then Enter.", (s) => chalk.dim(s));
      // Asked again when no question was answered yet (stopped during the details): what was typed is the default.
      if (Object.keys(session.details).length === 0 || session.answers.size === 0) {
        session.details = await askCaseDetails(session.details, keepDraft);
        session.fillIn(await answersFromDetails(session.details));
      }
      session.addFacts(await lookUpNumber(session.details.number));
    }
    // A new check (nothing asked yet; case details may have answered a question already).
    if (notesInput !== undefined && callNotes !== undefined && session.history.length === 0) {
      session.takeFromNotes(await prefillFromNotes(notesInput, callNotes));
      if (session.answers.size > 0) await keepDraft();
    }

    for (;;) {
      const state = session.state();
      const ticks = session.doneSteps.length;
      for (const screen of session.immediateScreens(state)) await showSteps(screen);
      // A tick is kept at once, like an answer: Ctrl-C straight after it loses nothing.
      if (session.doneSteps.length > ticks) await keepDraft();
      if (staff) for (const prompt of session.staffPrompts(state)) showStaffPrompt(prompt);
      const turn = session.turn(state);
      if (turn.kind === "verdict") break;
      if (turn.kind === "offer-stop") {
        const offer = stopOffer(turn);
        if (turn.first) say();
        say(offer.headline, (s) => chalk.bold(s));
        // Why it stopped, in the rules' words where a pack's stop rule decided it.
        if (offer.reason !== undefined) say(offer.reason, (s) => chalk.dim(s));
        const choice = await prompts.select(
          {
            message: "What would you like to do?",
            choices: [
              { name: "Show me the result", value: "done" },
              { name: "Answer a few more questions", value: "more" },
            ],
            theme: menuTheme,
            ...selectHelp,
          },
          context,
        );
        if (choice === "done") break;
        session.askMore();
        continue;
      }
      say();
      say(questionHeading(turn, screenStyle), (s) => chalk.dim(s));
      const answer = await ask(turn.question, turn.canGoBack, turn.previous);
      if (answer === BACK) {
        session.back();
        continue;
      }
      session.answer(turn.question.id, answer);
      await keepDraft();
    }

    const result = session.result();
    say();
    const out = renderVerdict(result, rules, {
      width: outputWidth(ctx.io.stdout.isTTY ? ctx.io.stdout : stderr),
      plain: ctx.plain,
      chalk: await ctx.chalkFor(ctx.io.stdout),
      staff,
      done: new Set(session.doneSteps.map((d) => d.action)),
    });
    ctx.io.stdout.write(out);
    if (options.save) {
      const redact = redactor();
      try {
        await writeFile(options.save, `${JSON.stringify(redactedAnswersJson(session.answers, rules, redact.text), null, 2)}\n`, { mode: 0o600 });
      } catch (error) {
        throw new InputError(`could not save the answers: ${describeFsError(error)}`, options.save);
      }
      tell(redact.redactions);
      say(`Answers saved to ${options.save}. Score them again with: scamcheck check --answers ${options.save}`, (s) => chalk.dim(s));
    }
    const record = await caseRecord(result);
    const exitCode = staff || notesFormat ? await finishCase(result, record) : EXIT.ok;
    await offerReport(record);
    await removeDraft(stateDir);
    if (!staff && !trusted) await offerTrustedContact();
    return exitCode;
  } catch (error) {
    if ((error as Error)?.name === "ExitPromptError") {
      stderr.write(`\n${wrapped(stoppedLine())}`);
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    stopWatching();
  }

  function stoppedLine(signal?: NodeJS.Signals): string {
    const by = signal ? ` by ${signal}` : "";
    if (session.answers.size > 0) return `Stopped${by}. Your answers so far are saved; run 'scamcheck --resume' to carry on.`;
    if (staff && Object.keys(session.details).length > 0) return `Stopped${by}. The case details typed so far are saved; run 'scamcheck --resume' to carry on.`;
    return `Stopped${by}.`;
  }

  /**
   * SIGINT, SIGTERM, SIGHUP (a closed terminal window) or another fatal signal while a prompt waits:
   * the prompt library has hidden the cursor and would leave the terminal so. Show it again and say
   * what was kept (every answer is in the draft already). signal-exit then ends the process by the
   * same signal, so a shell reports 130, 143 or 129 and a script's loop knows it was interrupted.
   */
  function onStopSignal(_code: number | null | undefined, signal: NodeJS.Signals | null): void {
    if (signal === null) return; // an ordinary exit, which has said what it had to
    stderr.write(`\u001b[?25h\n${wrapped(stoppedLine(signal))}`);
  }

  /**
   * Steps that cannot wait (the caller is still connected, money can still be stopped): shown before
   * any further question, a few at a time and in the order that saves the most (see
   * interview-steps.ts); the words are interactive-screens.ts's.
   */
  async function showSteps(steps: TriageResult["actions"]): Promise<void> {
    const screen = stepsScreen(rules, steps, screenStyle);
    say();
    say(screen.heading, (s) => chalk.bold.red(s));
    for (const step of screen.steps) for (const line of wrap(clean(step.text), width, "     ", `  ${step.number}. `)) stderr.write(`${chalk.bold(line)}\n`);
    // A tick says a step is done, for the case record and the evidence pack ("what has been done
    // since"); Enter alone carries on, so the screen is no slower for someone who cannot act yet.
    if (screen.ticks.length === 0) {
      await prompts.input({ message: screen.message, theme }, context);
      return;
    }
    const ticked = await prompts.checkbox(
      {
        message: screen.message,
        instructions: screen.instructions,
        choices: screen.ticks,
        theme: {
          ...theme,
          style: {
            // Once answered, the line says what was ticked, not the instruction again: a screen reader,
            // or a script watching for the instruction, then meets it only while it is asked.
            message: (text: string, status: string) => chalk.bold(status === "done" ? "Steps done:" : text),
            renderSelectedChoices: (chosen: readonly { short: string }[]) => (chosen.length ? chosen.map((c) => c.short).join(", ") : "none yet"),
          },
        },
      },
      context,
    );
    session.tick(ticked, localDay(new Date()));
  }

  /**
   * Read call notes, show what they answer (with the words that say so), and let the person keep,
   * check or drop those answers; the triage then asks only what is still open.
   */
  async function prefillFromNotes(path: string, text: string): Promise<Answers> {
    const { inferAnswers } = await import("../../core/scan/index.js");
    const { answers: inferred, evidence } = inferAnswers(rules, text);
    say();
    if (inferred.size === 0) {
      say(`Nothing in ${path} answers the questions, so let's go through them.`, (s) => chalk.dim(s));
      return new Map();
    }
    say(`From ${path}, these answers:`, (s) => chalk.bold(s));
    for (const q of rules.questions) {
      const value = inferred.get(q.id);
      if (value === undefined) continue;
      const shown = answerInWords(rules, q.id, value, { staff });
      const where = evidence.find((e) => e.question === q.id);
      say(`- ${questionWording(q, { staff })} ${shown}${where ? ` (line ${where.line}: "${where.text}")` : ""}`, (s) => s);
    }
    const choice = await prompts.select(
      {
        message: "Use these answers?",
        choices: [
          { name: "Yes, use them", value: "use" },
          { name: "Let me check each one", value: "check" },
          { name: "No, ask me everything", value: "drop" },
        ],
        theme: menuTheme,
        ...selectHelp,
      },
      context,
    );
    if (choice === "drop") return new Map();
    if (choice === "use") return inferred;
    const checked: Answers = new Map();
    for (const q of rules.questions) {
      const value = inferred.get(q.id);
      if (value === undefined) continue;
      const reply = await ask(q, false, value);
      if (reply !== BACK) checked.set(q.id, reply);
    }
    return checked;
  }

  /**
   * Operator mode: the case details, each skippable with Enter. Each one typed goes into the draft
   * at once, so Ctrl-C part way loses nothing (a resumed check offers it as the default).
   */
  async function askCaseDetails(before: DraftDetails, keep: () => Promise<void>): Promise<DraftDetails> {
    say();
    say("Case details (press Enter to skip any):", (s) => chalk.bold(s));
    const out: DraftDetails = {};
    const fields: [keyof DraftDetails, string, string | undefined][] = [
      ["number", "Number that called, as the customer saw it (or 'withheld')", before.number],
      ["organisation", "Organisation the caller claimed to be", before.organisation],
      ["callTime", "When was the call?", before.callTime],
      ["ticket", "Ticket reference", before.ticket],
      ["operator", "Your name", before.operator ?? ctx.operator],
    ];
    for (const [key, message, fallback] of fields) {
      const value = (await prompts.input({ message, theme, ...(fallback !== undefined && { default: fallback }) }, context)).trim() || undefined;
      if (value === undefined) continue;
      out[key] = value;
      session.details = { ...session.details, [key]: value };
      await keep();
    }
    return out;
  }

  /**
   * Once, at the end of a first check: someone to name in the first step next time. Never required;
   * asked only once whatever the answer (a marker in the state folder).
   */
  async function offerTrustedContact(): Promise<void> {
    const { join } = await import("node:path");
    const { writePrivateFile } = await import("../../node/private-file.js");
    const marker = join(stateDir, "offered-trusted-contact");
    if (existsSync(marker)) return;
    try {
      await writePrivateFile(marker, `${new Date().toISOString()}\n`);
    } catch {
      return; // a state folder we cannot write: better never asked than asked every time
    }
    say();
    say("Is there someone you trust - a relative, friend or carer - whom you would call after a scam call?", (s) => chalk.bold(s));
    say("If you name them, the first step of a scam result will say to call them. Press Enter to skip; you will not be asked again.", (s) => chalk.dim(s));
    const name = (await prompts.input({ message: "Their name", theme }, context)).trim();
    if (!name) return;
    const phone = (await prompts.input({ message: `${name}'s phone number`, theme }, context)).trim();
    if (!phone) return;
    const { saveTrustedContact } = await import("../config.js");
    try {
      const where = await saveTrustedContact(ctx.io.env, ctx.io.platform, { name, phone });
      say(`Saved in ${where}. Change or remove it there at any time.`, (s) => chalk.dim(s));
    } catch (error) {
      say(`(Could not save it: ${describeFsError(error)}.)`, (s) => chalk.dim(s));
    }
  }

  /**
   * Case details that answer questions (the organisation the caller claimed), read as call notes
   * are, so the operator is not asked again what they just typed.
   */
  async function answersFromDetails(typed: DraftDetails): Promise<Answers> {
    const wanted = rules.questions.filter((q) => q.caseDetail === "organisation");
    if (typed.organisation === undefined || wanted.length === 0) return new Map();
    const { inferAnswers } = await import("../../core/scan/index.js");
    const { answers: inferred } = inferAnswers(rules, `The caller said they were from ${typed.organisation}.`);
    const out: Answers = new Map();
    for (const q of wanted) {
      const value = inferred.get(q.id);
      if (value === undefined) continue;
      out.set(q.id, value);
      say(`(${questionWording(q, { staff: true })} ${answerInWords(rules, q.id, value, { staff: true })}, from the case details.)`, (s) => chalk.dim(s));
    }
    return out;
  }

  /** Look the number up in the case history and say what it shows; the packs decide what it is worth. */
  async function lookUpNumber(raw: string | undefined): Promise<Map<string, FactValue>> {
    if (raw === undefined) return new Map();
    // Loaded only for operators: the phone-number metadata is the largest part of the package.
    const { normaliseCallerNumber, numberKey } = await import("../../core/phone.js");
    const caller = normaliseCallerNumber(raw, session.region);
    if (caller.kind !== "number" || numberKey(caller) === undefined) return new Map();
    if (!caller.valid) say(`(${raw} does not look like a valid number${session.region ? ` for ${session.region.toUpperCase()}` : ""}; it is kept as typed.)`, (s) => chalk.dim(s));
    try {
      const history = await (await caseHistory()).history(numberKey(caller) as string);
      if (history && history.cases > 0 && history.last)
        say(
          `This number is in ${history.cases} earlier case${history.cases === 1 ? "" : "s"}, last on ${history.last.recordedAt.slice(0, 10)}, verdict ${history.last.verdict}.`,
          (s) => chalk.bold.yellow(s),
        );
      else if (history) say("No earlier cases with this number.", (s) => chalk.dim(s));
      return historyFacts(history);
    } catch (error) {
      say(`(Could not read the case history: ${error instanceof Error ? error.message : describeFsError(error)}.)`, (s) => chalk.dim(s));
      return new Map();
    }
  }

  /** The case store, opened once when an operator first needs it. */
  async function caseHistory(): Promise<CaseRecorder> {
    recorder ??= await openRecorder(ctx, caseStore, (line) => say(`(${line})`, (s) => chalk.dim(s)));
    return recorder;
  }

  /** An "Ask the caller" / "Tell the customer" script from the packs (each shown once, see TriageSession.staffPrompts). */
  function showStaffPrompt(prompt: StaffPrompt): void {
    const screen = staffPromptScreen(prompt);
    say();
    say(screen.heading, (s) => chalk.bold.cyan(s));
    for (const line of screen.lines) for (const l of wrap(clean(line), width, "    ", "  - ")) stderr.write(`${l}\n`);
  }

  /** Case notes and the case history, at the end of a triage. */
  /** The case as it would be stored: every typed field redacted (see buildCaseRecord). */
  async function caseRecord(result: TriageResult): Promise<CaseRecord> {
    const id = newCaseId(new Date());
    const { normaliseCallerNumber } = await import("../../core/phone.js");
    const details = session.details;
    const caseDetails = {
      ...(details.number !== undefined && { caller: normaliseCallerNumber(details.number, session.region) }),
      ...(details.organisation !== undefined && { organisation: details.organisation }),
      ...(details.callTime !== undefined && { callTime: details.callTime }),
      ...(details.ticket !== undefined && { ticket: details.ticket }),
      ...((details.operator ?? ctx.operator) !== undefined && { operator: details.operator ?? ctx.operator }),
      ...(session.doneSteps.length > 0 && { done: session.doneSteps }),
    };
    return buildCaseRecord(rules, result, session.answers, caseDetails, { id, now: new Date(), toolVersion: VERSION });
  }

  /**
   * When money or access was lost, the paperwork comes next: offer the evidence pack (what
   * happened, for the bank and the police) as a file, once, at the end. An operator's saved case
   * also has it later, with 'scamcheck cases report ID'.
   */
  async function offerReport(record: CaseRecord): Promise<void> {
    const { lossesOf } = await import("../../core/ticket-exports.js");
    const lost = lossesOf(record, rules);
    if (!lost.has("money") && !lost.has("access")) return;
    say();
    const want = await prompts.confirm(
      { message: staff ? "Write the evidence pack for the customer's bank and the police to a file?" : "Write down what happened, for your bank and the police, in a file you can keep?", default: true, theme },
      context,
    );
    if (!want) {
      if (staff) say(`It is there later too: scamcheck cases report ${record.id}`, (s) => chalk.dim(s));
      return;
    }
    const { caseReport } = await import("../../core/case-report.js");
    const text = caseReport(record, rules, dateWriter(rules, record.region ?? session.region));
    // A name that cannot be written is asked again, so the pack is not lost to a typo.
    for (let retry = false; ; retry = true) {
      const asked = retry ? { message: "Another file name (or Enter to skip)" } : { message: "File name", default: `scamcheck-report-${record.id}.md` };
      const file = (await prompts.input({ ...asked, theme }, context)).trim();
      if (!file) return;
      // A name is shown and kept like any other the user gives (see refuseSecretNames).
      const held = secretsIn(file);
      if (held.length > 0) {
        say(`(That name looks like it holds ${describeRedactions(held)}; it would be shown and kept, so give one that holds no secret.)`, (s) => chalk.dim(s));
        continue;
      }
      try {
        // Built from the redacted record, and checked again as a whole, as every write is.
        await writeFile(file, redactSecrets(text).text, { mode: 0o600 });
        say(`Written to ${file}. Take it with you, or read from it, when you call your bank.`, (s) => chalk.bold(s));
        return;
      } catch (error) {
        say(`(Could not write ${file}: ${describeFsError(error)}.)`, (s) => chalk.dim(s));
      }
    }
  }

  async function finishCase(result: TriageResult, record: CaseRecord): Promise<number> {
    tell(record.redactions);
    // The record's text is already redacted; the notes are checked again as a whole, as every write is.
    const notes = redactSecrets(renderCaseNotes(record, result, rules, notesFormat ?? "markdown")).text;
    if (notesOptions.print) ctx.io.stdout.write(`\n${notes}`);
    const output = notesOptions.output;
    if (output !== undefined) {
      try {
        await writeFile(output, notes, { mode: 0o600 });
        say(`Case notes written to ${output}.`, (s) => chalk.dim(s));
      } catch (error) {
        throw new InputError(`could not write the case notes: ${describeFsError(error)}`, output);
      }
    }
    if (!staff) return EXIT.ok;
    // Nothing typed is lost: a case that cannot be saved is kept in the state folder and added to
    // the case store next time (or, failing that, printed whole on stderr). See node/case-store/saving.ts.
    const history = await caseHistory();
    const saved = await history.save(record);
    await history.close();
    if (saved.saved) say(`Saved as case ${saved.record.id} in ${history.location}.`, (s) => chalk.dim(s));
    const report = describeSave(saved);
    for (const line of report.lines) say(line, saved.saved ? (s) => chalk.dim(s) : (s) => chalk.bold.red(s));
    if (report.recordJson !== undefined) stderr.write(`${report.recordJson}\n`);
    return report.exitCode;
  }

  async function ask(q: Question, canGoBack: boolean, previous: AnswerValue | undefined): Promise<AnswerValue | typeof BACK> {
    const style = { plain: ctx.plain, staff, canGoBack, separator };
    for (;;) {
      let reply: Reply;
      if (q.type === "yes-no" || q.type === "single") reply = (await prompts.select(selectConfig(q, style, previous), context)) as Reply;
      else if (q.type === "multiple") reply = checkboxReply(await prompts.checkbox(checkboxConfig(q, style, previous), context));
      else reply = inputReply(q, await prompts.input(inputConfig(q, style, previous), context), canGoBack);
      if (reply === HELP) {
        say(q.help ?? "", (s) => chalk.cyan(s));
        continue;
      }
      return reply;
    }
  }
}
