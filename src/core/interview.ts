/**
 * The one place that chooses the next question, for the interactive triage, `check` and `scan`'s
 * open questions and the library's nextQuestion. It is derived from the rules, not a hand-kept order:
 *   1. the situation (questions marked `urgent`: still on the line, what already happened), as soon
 *      as they apply, because their answers call for steps that cannot wait;
 *   2. among the questions whose answer could still move the case into a band with other steps
 *      (triage.ts works out which, from the weights, floors and `when`s), the big asks (`priority:
 *      big-ask`) first, then the claimed family's opener (`priority: opener`) and, on a call with no
 *      warning signs so far, what a stop rule still needs, then the rest by how far their answer
 *      could move the score across a band edge;
 *   3. once the steps' band is decided, only questions that decide whether a step is among the
 *      "now" steps shown, the step that saves the most first;
 *   4. on request ("answer a few more"), the remaining questions that apply, in pack order.
 * It stops when nothing left can change the steps, or on a call with no warning signs when a pack's
 * stop rule finds evidence that it is genuine and no answer left could make it likely-scam or scam.
 */
import type { Answers } from "./answers.js";
import type { AnswerValue, FactValue } from "./conditions.js";
import { evaluate, FALSE, factsIn, holds, questionsIn, TRUE } from "./conditions.js";
import type { Question, RuleSet } from "./ruleset.js";
import { MAX_NOW_STEPS, NOT_SURE, type VerdictId } from "./constants.js";
import { actionsInOrder, factsFor, triage, type OpenQuestion, type TriageOptions, type TriageResult } from "./triage.js";

export type StepReason = "situation" | "evidence" | "steps" | "extra";

export interface InterviewStep {
  question: Question;
  reason: StepReason;
}

export interface InterviewStop {
  /** "decided": nothing left can change the steps; "evidence": a stop rule held; "exhausted": nothing left to ask. */
  kind: "decided" | "evidence" | "exhausted";
  reason: string;
  /** The stop rule that held, for kind "evidence". */
  rule?: string;
}

export interface InterviewState {
  result: TriageResult;
  next?: InterviewStep;
  /** Set when there is no next question. */
  stop?: InterviewStop;
  /** What could still be asked, in the order it would be asked. */
  queue: OpenQuestion[];
}

/** Bands that a call with no warning signs must not be able to reach if it is to stop early. */
const FLAGGED: readonly VerdictId[] = ["scam", "likely-scam"];
const DECIDED = "No answer to the remaining questions could change what to do.";
const EXHAUSTED = "There are no more questions that apply.";

export function interviewState(rules: RuleSet, answers: Answers, options: TriageOptions & { extra?: boolean } = {}): InterviewState {
  const result = triage(rules, answers, options);
  const relevant = new Set(result.relevant);
  const implied = new Set(result.implied);
  const askable = (id: string) => relevant.has(id) && !answers.has(id) && !implied.has(id);
  const byId = questionsById(rules);

  const situation = rules.questions.filter((q) => q.urgent && askable(q.id));
  const impact = new Map(result.unanswered.map((q) => [q.id, q.impact]));
  const decisive = new Set(result.unanswered.filter((q) => q.decisive).map((q) => q.id));
  // The big asks, then the opener, come first only while their answer alone could change the steps;
  // a follow-up of a big ask (its `when` reads only big asks) goes with them. On a call with no
  // warning signs so far, what a stop rule still needs comes in the same places (its big asks, then
  // the rest: who started the call, the opener, pressure, secrecy), since that evidence is what lets
  // a genuine call end before every sign is ruled out.
  const stopping = stopFacts(rules, answers, result, options, relevant, implied);
  const needs = stopping ? stopRuleNeeds(rules, answers, result, stopping, relevant) : new Set<string>();
  const rank = (q: Question) => {
    if (needs.has(q.id)) return q.priority === "big-ask" ? 0 : 1;
    if (!decisive.has(q.id)) return 2;
    if (q.priority === "big-ask" || followsBigAsk(rules, q)) return 0;
    return q.priority === "opener" ? 1 : 2;
  };
  const candidates = rules.questions.filter((q) => impact.has(q.id) && askable(q.id) && !q.urgent);
  const genuine = candidates.length > 0 && stopping ? stopRuleHolding(rules, answers, stopping) : undefined;
  const early = genuine && !result.reachable.some((b) => FLAGGED.includes(b)) ? genuine : undefined;
  // On evidence of a genuine call, what still keeps it going is a warning sign that could set a
  // serious minimum verdict: rule those out first, and the interview can stop.
  const threats = genuine && !early ? floorThreats(rules, answers, result, options) : new Set<string>();
  const evidence = candidates.sort(
    (a, b) =>
      Number(threats.has(b.id)) - Number(threats.has(a.id)) ||
      rank(a) - rank(b) ||
      (impact.get(b.id) as number) - (impact.get(a.id) as number) ||
      order(rules, a) - order(rules, b),
  );
  const forEvidence = early ? [] : evidence;
  const forSteps = forEvidence.length > 0 ? [] : nowStepQuestions(rules, answers, result, options).filter((q) => askable(q.id) && !q.urgent);

  const queue = [
    ...situation.map((q) => ({ q, reason: "situation" as const })),
    ...forEvidence.map((q) => ({ q, reason: "evidence" as const })),
    ...forSteps.map((q) => ({ q, reason: "steps" as const })),
  ];
  const toOpen = ({ q }: { q: Question }): OpenQuestion => ({ id: q.id, text: q.text, impact: impact.get(q.id) ?? 0, decisive: decisive.has(q.id) });
  const first = queue[0];
  if (first) return { result, next: { question: first.q, reason: first.reason }, queue: queue.map(toOpen) };
  if (options.extra) {
    const more = rules.questions.find((q) => askable(q.id));
    if (more) return { result, next: { question: more, reason: "extra" }, queue: [] };
  }
  const stop: InterviewStop = early ?? (rules.questions.some((q) => askable(q.id) && byId.has(q.id)) || result.unanswered.length === 0 ? { kind: "decided", reason: DECIDED } : { kind: "exhausted", reason: EXHAUSTED });
  return { result, stop, queue: [] };
}

// Worked out once per rule set: the interview is asked for every case of a batch.
const byIds = new WeakMap<RuleSet, Map<string, Question>>();
function questionsById(rules: RuleSet): Map<string, Question> {
  let map = byIds.get(rules);
  if (!map) byIds.set(rules, (map = new Map(rules.questions.map((q) => [q.id, q]))));
  return map;
}
const bigAskFollowers = new WeakMap<RuleSet, Map<Question, boolean>>();
function followsBigAsk(rules: RuleSet, q: Question): boolean {
  let known = bigAskFollowers.get(rules);
  if (!known) bigAskFollowers.set(rules, (known = new Map()));
  let follows = known.get(q);
  if (follows === undefined) {
    const refs = q.when ? questionsIn(q.when) : [];
    follows = refs.length > 0 && refs.every((id) => questionsById(rules).get(id)?.priority === "big-ask");
    known.set(q, follows);
  }
  return follows;
}

const orders = new WeakMap<RuleSet, Map<string, number>>();
function order(rules: RuleSet, q: Question): number {
  let map = orders.get(rules);
  if (!map) orders.set(rules, (map = new Map(rules.questions.map((x, i) => [x.id, i]))));
  return map.get(q.id) ?? 0;
}

/**
 * A call with no warning signs stops before every sign is ruled out only on evidence: a stop rule
 * holds (this), and no answer to the questions left could make it likely-scam or scam.
 */
function stopRuleHolding(rules: RuleSet, answers: Answers, facts: ReadonlyMap<string, FactValue>): InterviewStop | undefined {
  const rule = rules.stops.find((s) => holds(s.when, { answers, facts }));
  return rule ? { kind: "evidence", reason: rule.reason, rule: rule.id } : undefined;
}

/**
 * What the packs' stop rules read, worked out once for both uses (does one hold, what do they
 * still need): the case's facts and how the opener was answered. Undefined when no stop rule
 * applies: the call has warning signs, or the packs have none.
 */
function stopFacts(
  rules: RuleSet,
  answers: Answers,
  result: TriageResult,
  options: TriageOptions,
  relevant: ReadonlySet<string>,
  implied: ReadonlySet<string>,
): Map<string, FactValue> | undefined {
  if (result.verdict.id !== "no-warning-signs" || rules.stops.length === 0) return undefined;
  const facts = factsFor(options);
  const opener = openerAnswer(rules, answers, relevant, implied);
  if (opener !== undefined) facts.set("opener", opener);
  return facts;
}

/** The open questions a stop rule that can still hold needs answered (through their gates). */
function stopRuleNeeds(rules: RuleSet, answers: Answers, result: TriageResult, facts: ReadonlyMap<string, FactValue>, relevant: ReadonlySet<string>): Set<string> {
  const open = stillOpen(rules, answers, result);
  const wanted: string[] = [];
  for (const stop of rules.stops) {
    if (evaluate(stop.when, { answers, facts, open }) === FALSE) continue;
    for (const id of questionsIn(stop.when)) if (open.has(id)) wanted.push(id);
    if (!facts.has("opener") && factsIn(stop.when).includes("opener"))
      for (const q of rules.questions) if (q.priority === "opener" && open.has(q.id)) wanted.push(q.id);
  }
  return new Set(throughGates(rules, wanted, relevant, open));
}

/**
 * Questions that may still be answered: not answered, and not answered by implication either (a
 * part of a big ask answered "no" is answered "no" too, once it applies).
 */
function stillOpen(rules: RuleSet, answers: Answers, result: TriageResult): Set<string> {
  const implied = new Set(result.implied);
  const settled = (q: Question) => implied.has(q.id) || (q.partOf !== undefined && answers.get(q.partOf) === "no");
  return new Set(rules.questions.filter((q) => !answers.has(q.id) && !settled(q)).map((q) => q.id));
}

/**
 * The questions to ask before a warning sign that sets a likely-scam or scam minimum can be ruled
 * out: the open questions such a sign reads, or, for one that does not apply yet, the questions
 * its `when` reads.
 */
function floorThreats(rules: RuleSet, answers: Answers, result: TriageResult, options: TriageOptions): Set<string> {
  const facts = factsFor(options);
  const open = stillOpen(rules, answers, result);
  const ctx = { answers, facts, open };
  const wanted = new Set<string>();
  for (const sign of rules.indicators) {
    if (!sign.atLeast || !FLAGGED.includes(sign.atLeast)) continue;
    if (!(evaluate(sign.when, ctx) & TRUE) || (sign.floorUnless && evaluate(sign.floorUnless, ctx) === TRUE)) continue;
    for (const id of questionsIn(sign.when)) if (open.has(id)) wanted.add(id);
  }
  return new Set(throughGates(rules, wanted, new Set(result.relevant), open));
}

/**
 * The questions to ask for the ones wanted: a question that does not apply yet is reached through
 * the open questions its `when` reads, which come before it.
 */
function throughGates(rules: RuleSet, wanted: Iterable<string>, relevant: ReadonlySet<string>, open: ReadonlySet<string>): string[] {
  const byId = questionsById(rules);
  const ordered: string[] = [];
  const place = (id: string, seen: Set<string>) => {
    if (seen.has(id) || ordered.includes(id)) return;
    seen.add(id);
    if (!relevant.has(id)) for (const gate of questionsIn(byId.get(id)?.when)) if (open.has(gate)) place(gate, seen);
    ordered.push(id);
  };
  for (const id of wanted) place(id, new Set());
  return ordered;
}

/** The answer a question has by implication: "no" from the question it is part of, else "yes" (its yes_when). */
function impliedAnswer(q: Question, answers: Answers): AnswerValue {
  return q.partOf !== undefined && answers.get(q.partOf) === "no" ? "no" : "yes";
}

/** "yes" when an applying opener was answered yes, "no" when every applying one was answered no. */
function openerAnswer(rules: RuleSet, answers: Answers, relevant: ReadonlySet<string>, implied: ReadonlySet<string>): FactValue | undefined {
  const openers = rules.questions.filter((q) => q.priority === "opener" && relevant.has(q.id));
  // An opener answered by implication ("no money asked" answers "a fee?") counts as answered so.
  const given = openers.map((q) => answers.get(q.id) ?? (implied.has(q.id) ? impliedAnswer(q, answers) : undefined));
  if (given.includes("yes")) return "yes";
  return openers.length > 0 && given.every((v) => v === "no") ? "no" : undefined;
}

/**
 * Questions whose answer decides whether a "now" step is shown, given the verdict as it stands. Only
 * the first MAX_NOW_STEPS "now" steps are shown, in the order of what they save (see actionsInOrder),
 * so a step counts only while it could still be among them: once that many are certain to be shown,
 * no later step's question is worth the person's time. The questions come in the order of the step
 * they decide, so the one that could save the most is asked first.
 */
function nowStepQuestions(rules: RuleSet, answers: Answers, result: TriageResult, options: TriageOptions): Question[] {
  const facts = factsFor(options).set("verdict", result.verdict.id);
  const unanswered = stillOpen(rules, answers, result);
  // Only questions that can still apply may still be answered.
  const open = new Set(
    rules.questions.filter((q) => unanswered.has(q.id) && (!q.when || evaluate(q.when, { answers, facts, open: unanswered }) & TRUE)).map((q) => q.id),
  );
  const ctx = { answers, facts, open };
  const wanted: string[] = [];
  const want = (id: string) => open.has(id) && !wanted.includes(id) && wanted.push(id);
  const certainTopics = new Set<string>();
  for (const action of actionsInOrder(rules)) {
    if (certainTopics.size >= MAX_NOW_STEPS) break;
    if (action.urgency !== "now" || (action.region !== undefined && action.region !== options.region)) continue;
    const topic = action.topic ?? action.id;
    if (certainTopics.has(topic)) continue;
    const applies = action.when ? evaluate(action.when, ctx) : TRUE;
    const lifted = action.unless ? evaluate(action.unless, ctx) : FALSE;
    if ((applies & TRUE) === 0 || lifted === TRUE) continue;
    if (applies === TRUE && lifted === FALSE) certainTopics.add(topic);
    else [...questionsIn(action.when), ...questionsIn(action.unless)].forEach(want);
  }
  const byId = questionsById(rules);
  return throughGates(rules, wanted, new Set(result.relevant), open).flatMap((id) => byId.get(id) ?? []);
}

/** The next question the interview would ask, or undefined when it would stop. */
export function nextQuestion(rules: RuleSet, answers: Answers, options: TriageOptions = {}): Question | undefined {
  return interviewState(rules, answers, options).next?.question;
}

/** The triage result with its open questions in the order the interview would ask them. */
export function assess(rules: RuleSet, answers: Answers, options: TriageOptions = {}): TriageResult {
  const state = interviewState(rules, answers, options);
  return { ...state.result, unanswered: state.queue };
}

export type { AnswerValue };
export { NOT_SURE };
