/**
 * The state of one interactive triage, apart from the terminal: the answers and the order they
 * were given in, the steps ticked as done, the operator's case details, the facts, and what was
 * already shown. The command (commands/interactive.ts) draws each turn and feeds the replies back;
 * tests drive a session directly, without a prompt library or a pseudo-terminal.
 */
import type { Answers } from "../core/answers.js";
import type { DoneStep } from "../core/case-record.js";
import type { AnswerValue, FactValue } from "../core/conditions.js";
import { holds } from "../core/conditions.js";
import { interviewState, type InterviewState, type InterviewStop } from "../core/interview.js";
import type { Question, RuleSet, StaffPrompt } from "../core/ruleset.js";
import { factsFor, type RecommendedAction, type TriageOptions, type TriageResult } from "../core/triage.js";
import type { DraftDetails } from "./draft.js";
import { immediateScreens } from "./interview-steps.js";

/** How many more questions "Answer a few more questions" asks. */
export const EXTRA_BATCH = 3;

/** What the triage does next. */
export type Turn =
  /** Ask this question; `number` counts from 1, `canGoBack` offers "Go back". */
  | { kind: "ask"; question: Question; number: number; situation: boolean; canGoBack: boolean; previous: AnswerValue | undefined }
  /** Nothing left can change the steps but questions remain: offer the result or a few more. */
  | { kind: "offer-stop"; first: boolean; stop: InterviewStop | undefined }
  /** Nothing left to ask: show the verdict. */
  | { kind: "verdict" };

export class TriageSession {
  answers: Answers = new Map();
  /** The questions answered, in the order they were asked (the way back). */
  history: string[] = [];
  /** The steps ticked as done on the "do this right now" screens. */
  doneSteps: DoneStep[] = [];
  details: DraftDetails = {};
  facts: Map<string, FactValue>;
  /** Answers taken from call notes were reviewed as a whole: "Go back" never returns into them. */
  private fromNotes = 0;
  private extraUntil = 0;
  private offeredStop = false;
  private readonly shownSteps = new Set<string>();
  private readonly shownPrompts = new Set<string>();

  constructor(
    readonly rules: RuleSet,
    public region: string | undefined,
    facts: ReadonlyMap<string, FactValue>,
  ) {
    this.facts = new Map(facts);
  }

  /** Carry on from a draft. */
  resume(answers: Answers, history: readonly string[], details: DraftDetails | undefined, done: readonly DoneStep[] | undefined): void {
    this.answers = new Map(answers);
    this.history = [...history];
    this.details = { ...details };
    this.doneSteps.push(...(done ?? []));
  }

  /** Answers the case details give (the organisation typed): the answers already given win. */
  fillIn(found: Answers): void {
    this.answers = new Map([...found, ...this.answers]);
  }

  /**
   * Answers taken from call notes, reviewed as a whole: they win, and "Go back" returns only
   * through the questions asked after them, never silently dropping one of them.
   */
  takeFromNotes(found: Answers): void {
    this.answers = new Map([...this.answers, ...found]);
    this.history = [...found.keys()];
    this.fromNotes = this.history.length;
  }

  addFacts(more: ReadonlyMap<string, FactValue>): void {
    for (const [k, v] of more) this.facts.set(k, v);
  }

  /** What triage reads besides the answers: the region and the facts. */
  private options(): TriageOptions {
    return { ...(this.region !== undefined && { region: this.region }), facts: this.facts };
  }

  /** The interview as it stands (extra questions while "a few more" were asked for). */
  state(): InterviewState {
    return interviewState(this.rules, this.answers, { ...this.options(), extra: this.history.length < this.extraUntil });
  }

  /** The verdict from the answers given. */
  result(): TriageResult {
    return interviewState(this.rules, this.answers, this.options()).result;
  }

  /** What to do next, given the state (see state()). */
  turn(state: InterviewState = this.state()): Turn {
    if (state.next) {
      const question = state.next.question;
      return {
        kind: "ask",
        question,
        number: this.history.length + 1,
        situation: state.next.reason === "situation",
        canGoBack: this.history.length > this.fromNotes,
        previous: this.answers.get(question.id),
      };
    }
    const more = this.rules.questions.some((q) => state.result.relevant.includes(q.id) && !this.answers.has(q.id));
    if (!more) return { kind: "verdict" };
    const first = !this.offeredStop;
    this.offeredStop = true;
    return { kind: "offer-stop", first, stop: state.stop };
  }

  answer(id: string, value: AnswerValue): void {
    this.answers.set(id, value);
    this.history = [...this.history.filter((x) => x !== id), id];
  }

  /** "Go back": forget the last answer given here. */
  back(): void {
    const previous = this.history.pop();
    if (previous !== undefined) this.answers.delete(previous);
  }

  /** "Answer a few more questions". */
  askMore(): void {
    this.extraUntil = this.history.length + EXTRA_BATCH;
  }

  /** The screens of steps that cannot wait and were not shown yet; each is shown once. */
  immediateScreens(state: InterviewState): RecommendedAction[][] {
    const screens = immediateScreens(this.rules, state, this.shownSteps);
    for (const screen of screens) for (const step of screen) this.shownSteps.add(step.id);
    return screens;
  }

  /** The operator scripts ("Ask the caller…") that apply and were not shown yet; each is shown once. */
  staffPrompts(state: InterviewState): StaffPrompt[] {
    const facts = factsFor(this.options()).set("verdict", state.result.verdict.id);
    const fresh = this.rules.prompts.filter((p) => !this.shownPrompts.has(p.id) && holds(p.when, { answers: this.answers, facts }));
    for (const p of fresh) this.shownPrompts.add(p.id);
    return fresh;
  }

  /** Steps ticked as done on a screen of steps. */
  tick(actions: readonly string[], on: string): void {
    for (const action of actions) if (!this.doneSteps.some((d) => d.action === action)) this.doneSteps.push({ action, on });
  }
}
