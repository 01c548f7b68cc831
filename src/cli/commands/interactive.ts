/**
 * `scamcheck` with no command: the interactive triage, one plain question at a time.
 *
 * This file runs the flow: files checked first, a draft offered, operator case details, call notes,
 * then each turn until the verdict and the paperwork that follows. Prompts draw on stderr, so
 * stdout carries only the verdict. Every answer is saved to a draft at once, so Ctrl-C loses
 * nothing and `scamcheck --resume` carries on. The parts are apart so tests drive them without a
 * terminal: what the triage holds and does next is interactive-session.ts's, the drawing
 * interactive-terminal.ts's, the screens' words interactive-screens.ts's, which steps cannot wait
 * interview-steps.ts's, operator mode interactive-operator.ts's and what follows the verdict
 * interactive-paperwork.ts's. The prompt library is imported here only, so scripted runs never pay
 * for loading it.
 */
import { existsSync } from "node:fs";
import { onExit } from "signal-exit";
import type { Answers } from "../../core/answers.js";
import { InputError } from "../../core/errors.js";
import { UsageError } from "../usage-error.js";
import { localDay } from "../../core/case-record.js";
import type { NotesFormat } from "../../core/case-notes.js";
import type { FactValue } from "../../core/conditions.js";
import { sanitizeForTerminal as clean } from "../../core/sanitize.js";
import { draftStore, storeForDraft } from "../case-store-open.js";
import { dateWriter } from "../dates.js";
import { appPaths } from "../../node/paths.js";
import { checkWritable } from "../../node/private-file.js";
import { describeFsError, readNotesText } from "../../node/read-input.js";
import { answerInWords, questionWording } from "../../core/answer-words.js";
import type { CliContext } from "../context.js";
import { loadDraft, removeDraft, saveDraft } from "../draft.js";
import { EXIT } from "../exit-codes.js";
import { BACK } from "../question-prompts.js";
import { renderVerdict } from "../render-verdict.js";
import { TriageSession } from "../interactive-session.js";
import { questionHeading, stopOffer } from "../interactive-screens.js";
import { OperatorDesk } from "../interactive-operator.js";
import { caseRecordFor, offerReport, offerTrustedContact, saveAnswers, writeCaseNotes } from "../interactive-paperwork.js";
import { Terminal, type Prompts } from "../interactive-terminal.js";
import { outputWidth } from "../wrap.js";

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
    return await readNotesText(path);
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
  const stateDir = appPaths(ctx.io.env, ctx.io.platform).state;
  const chalk = await ctx.chalkFor(stderr);
  // The prompt library colours by itself; make it follow our decision (NO_COLOR, --plain, --no-color).
  if (chalk.level === 0) ctx.io.env.NO_COLOR = "1";
  // An empty NO_COLOR means nothing (no-color.org), but the prompt library's colour check counts it.
  else if (ctx.io.env.NO_COLOR === "") delete ctx.io.env.NO_COLOR;
  const prompts: Prompts = await import("../prompt-kit.js");
  const screenStyle = {
    get staff() {
      return staff;
    },
    plain: ctx.plain,
  };
  const term = new Terminal(stderr, stdin, prompts, chalk, screenStyle);
  // Where finished operator cases go; a resumed check keeps the case store it started with. The
  // draft keeps only its address without a password (see draftStore).
  const desk = new OperatorDesk(ctx, term, staff ? ctx.caseStore.location : "");

  const trusted = ctx.config().trustedContact;
  const facts = new Map<string, FactValue>([["staff", staff]]);
  if (trusted && !staff) facts.set("trusted.name", trusted.name).set("trusted.phone", trusted.phone);
  // The answers, the way back, the ticks, the case details and what was shown (see interactive-session.ts).
  const session = new TriageSession(rules, region, facts);
  // A signal that ends the check from outside (Ctrl-C at a prompt arrives as a key instead).
  const stopWatching = onExit(onStopSignal);
  const draft = await loadDraft(stateDir, rules);
  try {
    // Case details typed before the first answer are a draft worth keeping too.
    const typedDetails = Object.keys(draft?.details ?? {}).length;
    if (draft && (draft.answers.size > 0 || typedDetails > 0)) {
      const when = draft.savedAt ? dateWriter(rules, region)(draft.savedAt) : "earlier";
      const held = draft.answers.size > 0 ? `${draft.answers.size} answer${draft.answers.size === 1 ? "" : "s"}` : `${typedDetails} case detail${typedDetails === 1 ? "" : "s"}`;
      const resume =
        options.resume ||
        (await term.menu(`You have an unfinished check from ${when} (${held}). Continue it?`, [
          { name: "Yes, continue where I stopped", value: true },
          { name: "No, start again", value: false },
        ]));
      if (resume) session.resume(draft.answers, draft.history, draft.details, draft.done);
      // A resumed check keeps the region it was started in, unless this command names one.
      if (resume && draft.region !== undefined && ctx.options.region === undefined) session.region = draft.region;
      if (resume && draft.staff) {
        // Started in operator mode: it carries on that way, into the same case history.
        if (!staff) term.dim("Carrying on in operator mode, as this check was started.");
        staff = true;
        desk.caseStore = await storeForDraft(ctx, draft.staff.caseLog);
        session.facts.set("staff", true);
      }
    } else if (options.resume) term.say("There is no unfinished check to resume, so let's start a new one.");

    term.bold(`scamcheck ${ctx.plain ? "-" : "\u00b7"} a few questions about the call, one at a time, then what to do.`);
    const shownStore = staff ? await draftStore(desk.caseStore) : "";
    // Where the answers go, said truly: an operator's case ends up in the case history, which may
    // be a team's database on another machine.
    const kept = staff ? `The case is saved in the case history (${shownStore}) at the end.` : "Your answers stay on this computer.";
    term.dim(`${kept} Press Ctrl-C at any time to stop; 'scamcheck --resume' carries on later.`);
    const keepDraft = () =>
      saveDraft(stateDir, rules, session.answers, session.history, staff ? session.details : undefined, staff ? { caseLog: shownStore } : undefined, session.doneSteps, session.region).then(
        (found) => term.tell(found),
        (error: unknown) => term.dim(`(Could not save a draft in ${stateDir}: ${describeFsError(error)}. Carrying on.)`),
      );
    if (staff) {
      term.dim("Operator mode: questions are worded for you; type the number of a choice, then Enter.");
      // Asked again when no question was answered yet (stopped during the details): what was typed is the default.
      if (Object.keys(session.details).length === 0 || session.answers.size === 0) {
        session.details = await desk.askCaseDetails(session.details, (typed) => {
          session.details = { ...session.details, ...typed };
          return keepDraft();
        });
        session.fillIn(await desk.answersFromDetails(rules, session.details));
      }
      session.addFacts(await desk.lookUpNumber(session.details.number, session.region));
    }
    // A new check (nothing asked yet; case details may have answered a question already).
    if (notesInput !== undefined && callNotes !== undefined && session.history.length === 0) {
      session.takeFromNotes(await prefillFromNotes(notesInput, callNotes));
      if (session.answers.size > 0) await keepDraft();
    }

    for (;;) {
      const state = session.state();
      const ticks = session.doneSteps.length;
      // Steps that cannot wait (the caller is still connected, money can still be stopped): shown
      // before any further question, in the order that saves the most (see interview-steps.ts). A
      // tick says a step is done, for the case record and the evidence pack.
      for (const screen of session.immediateScreens(state)) session.tick(await term.steps(rules, screen), localDay(new Date()));
      // A tick is kept at once, like an answer: Ctrl-C straight after it loses nothing.
      if (session.doneSteps.length > ticks) await keepDraft();
      if (staff) for (const prompt of session.staffPrompts(state)) term.staffPrompt(prompt);
      const turn = session.turn(state);
      if (turn.kind === "verdict") break;
      if (turn.kind === "offer-stop") {
        const offer = stopOffer(turn);
        if (turn.first) term.say();
        term.bold(offer.headline);
        // Why it stopped, in the rules' words where a pack's stop rule decided it.
        if (offer.reason !== undefined) term.dim(offer.reason);
        const choice = await term.menu("What would you like to do?", [
          { name: "Show me the result", value: "done" },
          { name: "Answer a few more questions", value: "more" },
        ]);
        if (choice === "done") break;
        session.askMore();
        continue;
      }
      term.say();
      term.dim(questionHeading(turn, screenStyle));
      const answer = await term.ask(turn.question, turn.canGoBack, turn.previous);
      if (answer === BACK) {
        session.back();
        continue;
      }
      session.answer(turn.question.id, answer);
      await keepDraft();
    }

    const result = session.result();
    term.say();
    const out = renderVerdict(result, rules, {
      width: outputWidth(ctx.io.stdout.isTTY ? ctx.io.stdout : stderr),
      plain: ctx.plain,
      chalk: await ctx.chalkFor(ctx.io.stdout),
      staff,
      done: new Set(session.doneSteps.map((d) => d.action)),
    });
    ctx.io.stdout.write(out);
    if (options.save) await saveAnswers(term, options.save, rules, session.answers, session.region);
    const record = await caseRecordFor(ctx, rules, session, result);
    if (notesFormat !== undefined) await writeCaseNotes(term, ctx.io.stdout, { format: notesFormat, print: notesOptions.print, ...(notesOptions.output !== undefined && { output: notesOptions.output }) }, record, result, rules);
    let exitCode: number = EXIT.ok;
    if (staff) {
      term.tell(record.redactions);
      exitCode = await desk.save(record);
    }
    await offerReport(term, rules, record, staff, session.region);
    await removeDraft(stateDir);
    if (!staff && !trusted) await offerTrustedContact(term, ctx, stateDir);
    return exitCode;
  } catch (error) {
    if ((error as Error)?.name === "ExitPromptError") {
      stderr.write(`\n${term.wrapped(stoppedLine())}`);
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
    stderr.write(`\u001b[?25h\n${term.wrapped(stoppedLine(signal))}`);
  }

  /**
   * Read call notes, show what they answer (with the words that say so), and let the person keep,
   * check or drop those answers; the triage then asks only what is still open.
   */
  async function prefillFromNotes(path: string, text: string): Promise<Answers> {
    const { inferAnswers } = await import("../../core/scan/index.js");
    const { answers: inferred, evidence } = inferAnswers(rules, text);
    term.say();
    if (inferred.size === 0) {
      term.dim(`Nothing in ${path} answers the questions, so let's go through them.`);
      return new Map();
    }
    term.bold(`From ${path}, these answers:`);
    for (const q of rules.questions) {
      const value = inferred.get(q.id);
      if (value === undefined) continue;
      const shown = answerInWords(rules, q.id, value, { staff });
      const where = evidence.find((e) => e.question === q.id);
      term.item(`${questionWording(q, { staff })} ${shown}${where ? ` (line ${where.line}: "${where.text}")` : ""}`);
    }
    const choice = await term.menu("Use these answers?", [
      { name: "Yes, use them", value: "use" },
      { name: "Let me check each one", value: "check" },
      { name: "No, ask me everything", value: "drop" },
    ]);
    if (choice === "drop") return new Map();
    if (choice === "use") return inferred;
    const checked: Answers = new Map();
    for (const q of rules.questions) {
      const value = inferred.get(q.id);
      if (value === undefined) continue;
      const reply = await term.ask(q, false, value);
      if (reply !== BACK) checked.set(q.id, reply);
    }
    return checked;
  }
}
