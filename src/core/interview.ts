/**
 * Which question to ask next in an interactive triage, derived from the rules rather than a
 * hand-kept order:
 *   1. urgent questions (their answer can call for immediate action), as soon as they apply;
 *   2. the question that can move the verdict most (the engine's ranking of open questions);
 *   3. once the verdict band is settled, only questions that choose the steps to recommend
 *      (those whose answer some applicable action depends on), such as "what already happened";
 *   4. on request ("answer a few more"), the remaining questions that apply, in pack order.
 * The same function drives the CLI and the simulation that measures how many questions a triage
 * needs, so the measurement is of the real behaviour.
 */
import type { Answers } from "./answers.js";
import type { AnswerValue } from "./conditions.js";
import { evaluate, questionsIn, TRUE } from "./conditions.js";
import type { Question, RuleSet } from "./ruleset.js";
import { NOT_SURE } from "./constants.js";
import { factsFor, triage, type TriageOptions, type TriageResult } from "./triage.js";

export type StepReason = "urgent" | "evidence" | "actions" | "extra";

export interface InterviewStep {
  question: Question;
  reason: StepReason;
}

export interface InterviewState {
  result: TriageResult;
  next?: InterviewStep;
  /** About how many more questions the triage needs (evidence and action questions). */
  remaining: number;
}

export function interviewState(rules: RuleSet, answers: Answers, options: TriageOptions & { extra?: boolean } = {}): InterviewState {
  const result = triage(rules, answers, options);
  const relevant = new Set(result.relevant);
  const unanswered = (q: Question) => relevant.has(q.id) && !answers.has(q.id);

  const urgent = rules.questions.find((q) => q.urgent && unanswered(q));
  const evidence = result.unanswered.filter((q) => relevant.has(q.id) && !answers.has(q.id));
  const forActions = actionQuestions(rules, answers, result, options).filter(unanswered);
  const pending = new Set([...evidence.map((q) => q.id), ...forActions.map((q) => q.id)]);

  let next: InterviewStep | undefined;
  if (urgent) next = { question: urgent, reason: "urgent" };
  else if (evidence[0]) next = { question: rules.questions.find((q) => q.id === evidence[0]?.id) as Question, reason: "evidence" };
  else if (forActions[0]) next = { question: forActions[0], reason: "actions" };
  else if (options.extra) {
    const more = rules.questions.find(unanswered);
    if (more) next = { question: more, reason: "extra" };
  }
  return { result, ...(next && { next }), remaining: pending.size + (urgent && !pending.has(urgent.id) ? 1 : 0) };
}

/**
 * Questions whose answer decides whether an action applies, given the verdict as it stands: an
 * action counts when its condition could still go either way depending on those questions.
 */
function actionQuestions(rules: RuleSet, answers: Answers, result: TriageResult, options: TriageOptions): Question[] {
  const facts = factsFor(options).set("verdict", result.verdict.id);
  const open = new Set(rules.questions.filter((q) => !answers.has(q.id)).map((q) => q.id));
  const wanted = new Set<string>();
  for (const action of rules.actions) {
    if (!action.when) continue;
    if (action.region !== undefined && action.region !== options.region) continue;
    const refs = questionsIn(action.when).filter((id) => open.has(id));
    if (refs.length === 0) continue;
    // Only when the answers could still decide it: an action that already applies, or never can, needs nothing.
    const possible = evaluate(action.when, { answers, facts, open });
    if (possible & TRUE && possible !== TRUE) refs.forEach((id) => wanted.add(id));
  }
  return rules.questions.filter((q) => wanted.has(q.id));
}

export interface SimulatedTriage {
  asked: string[];
  verdict: string;
  /** The verdict with every answer the person would give, as `check --answers` would score it. */
  fullVerdict: string;
  /** Questions that apply when everything is answered: what "answering everything" would ask. */
  relevantCount: number;
}

/**
 * How a simulated person answers a question the scenario does not mention: "no" to a yes/no
 * question (a scenario says what happened, so what it leaves out did not), "not sure" otherwise.
 * `notSure` answers "not sure" to everything unmentioned, the most pessimistic reading.
 */
export type UnmentionedAnswer = "no" | "notSure";

/**
 * Run the interview against a scenario (a pack test case's answers), answering each question from
 * it, and compare with answering every question that applies. Used to measure the adaptive order.
 */
export function simulateInterview(rules: RuleSet, scenario: Answers, options: TriageOptions = {}, unmentioned: UnmentionedAnswer = "no"): SimulatedTriage {
  const answerFor = (q: Question): AnswerValue =>
    scenario.get(q.id) ?? (unmentioned === "no" && q.type === "yes-no" ? "no" : NOT_SURE);
  const answers: Answers = new Map();
  const asked: string[] = [];
  for (let guard = 0; guard < rules.questions.length + 1; guard++) {
    const state = interviewState(rules, answers, options);
    if (!state.next) break;
    asked.push(state.next.question.id);
    answers.set(state.next.question.id, answerFor(state.next.question));
  }
  // Answering everything: every question that applies, given the answers so far, until none is left.
  const full: Answers = new Map();
  for (let guard = 0; guard < rules.questions.length + 1; guard++) {
    const next = triage(rules, full, options).relevant.map((id) => rules.questions.find((q) => q.id === id) as Question).find((q) => !full.has(q.id));
    if (!next) break;
    full.set(next.id, answerFor(next));
  }
  return {
    asked,
    verdict: triage(rules, answers, options).verdict.id,
    fullVerdict: triage(rules, full, options).verdict.id,
    relevantCount: full.size,
  };
}
