/**
 * The triage engine: answers in, verdict out. Pure and deterministic (same rules and answers, same
 * result); it knows nothing about scams itself, only how to apply the rules.
 */
import { questionsById, type Answers } from "./answers.js";
import { evaluate, holds, leavesOf, questionsIn, TRUE, type AnswerValue, type EvaluationContext, type FactValue } from "./conditions.js";
import { memoOn } from "./memo.js";
import type { Action, Condition, Family, Indicator, Question, RuleSet, VerdictBand } from "./ruleset.js";
import { NOT_SURE, URGENCIES, VERDICT_IDS, type Urgency, type VerdictId } from "./constants.js";

export interface TriageOptions {
  region?: string;
  /** Extra facts, such as what the case history knows about the calling number. */
  facts?: ReadonlyMap<string, FactValue> | Record<string, FactValue>;
  staff?: boolean;
}

export interface FiredIndicator {
  id: string;
  title: string;
  explanation: string;
  weight: number;
  family: string[];
  references: string[];
}

export interface RecommendedAction {
  id: string;
  urgency: Urgency;
  text: string;
  help?: string;
  region?: string;
  references: string[];
}

export interface OpenQuestion {
  id: string;
  text: string;
  /** How much this answer could still move the score: larger means ask it sooner. */
  impact: number;
}

export interface TriageResult {
  verdict: VerdictBand;
  score: number;
  /** Lowest and highest score still possible if the open questions were answered. */
  scoreRange: { min: number; max: number };
  /** True when no answer to the open questions can change the verdict band. */
  settled: boolean;
  family: Family | null;
  reasons: FiredIndicator[];
  reassurances: FiredIndicator[];
  actions: RecommendedAction[];
  /** Unanswered questions that could still change the verdict, most useful first. */
  unanswered: OpenQuestion[];
  /** Questions that make sense given the answers so far (their `when` holds). */
  relevant: string[];
  /** Answers given to questions that do not apply given the other answers; they were not scored. */
  ignored: string[];
  answeredCount: number;
  region?: string;
}

const severity = (id: VerdictId) => VERDICT_IDS.length - VERDICT_IDS.indexOf(id);

// Rule sets are immutable once compiled, so everything the engine would otherwise work out again for
// every case (the actions in urgency order, the reason and action objects a result hands out) is
// worked out once per rule set; questions by id come from answers.ts, and the questions each
// condition mentions from refsOf.
interface Plan {
  questionsReversed: Question[];
  fired: Map<Indicator, FiredIndicator>;
  /** Actions in the order results list them (urgency, then rule order), each with its result object. */
  actions: { action: Action; recommended: RecommendedAction }[];
  /** Answers worth trying for yes/no and single-choice questions. */
  choiceValues: Map<string, AnswerValue[]>;
}
const plans = new WeakMap<RuleSet, Plan>();
function planFor(rules: RuleSet): Plan {
  let plan = plans.get(rules);
  if (plan) return plan;
  const rank = (u: Urgency) => URGENCIES.indexOf(u);
  plan = {
    questionsReversed: [...rules.questions].reverse(),
    fired: new Map(
      rules.indicators.map((i) => [
        i,
        Object.freeze({ id: i.id, title: i.title, explanation: i.explanation, weight: i.weight, family: i.family, references: i.references }),
      ]),
    ),
    actions: rules.actions
      .map((a, order) => ({ a, order }))
      .sort((x, y) => rank(x.a.urgency) - rank(y.a.urgency) || x.order - y.order)
      .map(({ a }) => ({
        action: a,
        recommended: Object.freeze({
          id: a.id,
          urgency: a.urgency,
          text: a.text,
          ...(a.help !== undefined && { help: a.help }),
          ...(a.region !== undefined && { region: a.region }),
          references: a.references,
        }),
      })),
    choiceValues: new Map(rules.questions.filter((q) => q.type === "yes-no" || q.type === "single").map((q) => [q.id, [...q.choices.map((c) => c.id), NOT_SURE]])),
  };
  plans.set(rules, plan);
  return plan;
}
function questionById(rules: RuleSet, id: string): Question | undefined {
  return questionsById(rules).get(id);
}
const REFS = Symbol("scamcheck.refs");
const refsCache = new WeakMap<object, string[]>();
/** The questions a condition mentions, computed once per condition (see memo.ts). */
export const refsOf = (c: Condition): string[] => memoOn(c, REFS, refsCache, (x) => questionsIn(x));

/** Which questions apply, given the answers: a question applies when its `when` holds. */
export function relevantQuestions(rules: RuleSet, answers: Answers, facts?: ReadonlyMap<string, FactValue>): Question[] {
  const effective: Answers = new Map();
  const out: Question[] = [];
  for (const q of rules.questions) {
    if (!holds(q.when, { answers: effective, facts })) continue;
    out.push(q);
    const v = answers.get(q.id);
    if (v !== undefined) effective.set(q.id, v);
  }
  return out;
}

/** The facts conditions can use: those given, plus the region and operator mode from the options. */
export function factsFor(options: TriageOptions): Map<string, FactValue> {
  const facts = new Map<string, FactValue>(options.facts instanceof Map ? options.facts : Object.entries(options.facts ?? {}));
  if (options.region !== undefined) facts.set("region", options.region);
  if (options.staff !== undefined) facts.set("staff", options.staff);
  return facts;
}

/** The band for a score: the first band in rule order whose thresholds are met, raised to any floor. */
export function bandFor(rules: RuleSet, score: number, answered: number, floor: VerdictId | undefined): VerdictBand {
  const fallback = rules.verdicts[rules.verdicts.length - 1] as VerdictBand;
  let band =
    rules.verdicts.find((v) => (v.minScore === undefined || score >= v.minScore) && (v.minAnswered === undefined || answered >= v.minAnswered)) ??
    fallback;
  if (floor && severity(floor) > severity(band.id)) band = rules.verdicts.find((v) => v.id === floor) ?? band;
  return band;
}

const maxFloor = (a: VerdictId | undefined, b: VerdictId | undefined) => (!a ? b : !b ? a : severity(a) >= severity(b) ? a : b);

export function triage(rules: RuleSet, answers: Answers, options: TriageOptions = {}): TriageResult {
  const plan = planFor(rules);
  const facts = factsFor(options);

  // Only answers to questions that apply are evidence; the rest are reported as ignored.
  const relevant = relevantQuestions(rules, answers, facts);
  const effective: Answers = new Map();
  const relevantIds: string[] = [];
  let answeredCount = 0;
  for (const q of relevant) {
    relevantIds.push(q.id);
    const v = answers.get(q.id);
    if (v === undefined) continue;
    effective.set(q.id, v);
    if (v !== NOT_SURE) answeredCount++;
  }
  const ignored: string[] = [];
  if (effective.size !== answers.size) for (const id of answers.keys()) if (!effective.has(id)) ignored.push(id);

  // Questions not yet answered that may still be asked: now relevant, or could become relevant.
  const open = new Set<string>();
  for (const q of rules.questions) {
    if (effective.has(q.id)) continue;
    if (q.when === undefined || evaluate(q.when, { answers: effective, facts, open }) & TRUE) open.add(q.id);
  }
  const now: EvaluationContext = { answers: effective, facts };
  const later: EvaluationContext = { answers: effective, facts, open };

  let score = 0;
  let min = 0;
  let max = 0;
  let floor: VerdictId | undefined;
  let floorMin: VerdictId | undefined;
  let floorMax: VerdictId | undefined;
  const fired: Indicator[] = [];
  const undecided: Indicator[] = [];
  const undecidedGrouped: Indicator[] = [];
  // Grouped signs add up to at most their group's cap: what has fired, what must, and what may.
  const groups = new Map(rules.groups.map((g) => [g.id, { cap: g.maxWeight, fired: 0, must: 0, may: 0 }]));
  const groupOf = (ind: Indicator) => (ind.group !== undefined ? groups.get(ind.group) : undefined);
  for (const ind of rules.indicators) {
    const current = evaluate(ind.when, now);
    // Only conditions that mention an open question can still change.
    const possible = open.size > 0 && mentionsAny(refsOf(ind.when), open) ? evaluate(ind.when, later) : current;
    const group = groupOf(ind);
    if (current === TRUE) {
      fired.push(ind);
      if (group) group.fired += ind.weight;
      else score += ind.weight;
      floor = maxFloor(floor, ind.atLeast);
    }
    const mustFire = possible === TRUE;
    const canFire = (possible & TRUE) !== 0;
    if (canFire && !mustFire) {
      if (group) {
        group.may += ind.weight;
        undecidedGrouped.push(ind);
      } else undecided.push(ind);
    }
    if (mustFire) {
      if (group) group.must += ind.weight;
      else {
        min += ind.weight;
        max += ind.weight;
      }
      floorMin = maxFloor(floorMin, ind.atLeast);
    }
    if (canFire) floorMax = maxFloor(floorMax, ind.atLeast);
  }
  const spread = undecidedSpread(rules, undecided, effective, facts, open);
  min += spread.min;
  max += spread.max;
  for (const g of groups.values()) {
    score += Math.min(g.cap, g.fired);
    min += Math.min(g.cap, g.must);
    max += Math.min(g.cap, g.must + g.may);
  }
  // A grouped sign can move the score only as far as its group has room left.
  for (const ind of undecidedGrouped) {
    const group = groupOf(ind) as { cap: number; must: number };
    const room = Math.max(0, Math.min(ind.weight, group.cap - group.must));
    for (const id of refsOf(ind.when)) if (open.has(id)) spread.up.set(id, (spread.up.get(id) ?? 0) + room);
  }

  const verdict = bandFor(rules, score, answeredCount, floor);
  const settled = bandIsSettled(rules, verdict.id, { min, max }, { min: answeredCount, max: answeredCount + open.size }, floorMin, floorMax);

  const unanswered = settled
    ? []
    : rankOpenQuestions(rules, usefulness(rules, verdict, { min, max }, answeredCount, floorMin, spread, [...undecided, ...undecidedGrouped], open), open);

  const byWeight = (a: FiredIndicator, b: FiredIndicator) => Math.abs(b.weight) - Math.abs(a.weight);
  const reasons: FiredIndicator[] = [];
  const reassurances: FiredIndicator[] = [];
  for (const ind of fired) {
    if (ind.weight > 0) reasons.push(plan.fired.get(ind) as FiredIndicator);
    else if (ind.weight < 0) reassurances.push(plan.fired.get(ind) as FiredIndicator);
  }
  reasons.sort(byWeight);
  reassurances.sort(byWeight);

  facts.set("verdict", verdict.id);
  const actions = chooseActions(plan, { answers: effective, facts }, options.region);

  return {
    verdict,
    score,
    scoreRange: { min, max },
    settled,
    family: likeliestFamily(rules, fired),
    reasons,
    reassurances,
    actions,
    unanswered,
    relevant: relevantIds,
    ignored,
    answeredCount,
    ...(options.region !== undefined && { region: options.region }),
  };
}

function mentionsAny(ids: readonly string[], set: ReadonlySet<string>): boolean {
  for (let i = 0; i < ids.length; i++) if (set.has(ids[i] as string)) return true;
  return false;
}

/**
 * Whether every completion of the open questions gives the same band. The band only changes at the
 * rules' thresholds, so checking the ends of each range and both sides of each threshold inside it
 * covers every case.
 */
function bandIsSettled(
  rules: RuleSet,
  current: VerdictId,
  score: { min: number; max: number },
  answered: { min: number; max: number },
  floorMin: VerdictId | undefined,
  floorMax: VerdictId | undefined,
): boolean {
  const points = (range: { min: number; max: number }, thresholds: (number | undefined)[]) => {
    const out = new Set([range.min, range.max]);
    for (const t of thresholds)
      if (t !== undefined) for (const p of [t - 1, t]) if (p >= range.min && p <= range.max) out.add(p);
    return [...out];
  };
  const scores = points(score, rules.verdicts.map((v) => v.minScore));
  const counts = points(answered, rules.verdicts.map((v) => v.minAnswered));
  const floors = new Set<VerdictId | undefined>([floorMin, floorMax]);
  for (const v of rules.verdicts)
    if (floorMax && (!floorMin || severity(v.id) > severity(floorMin)) && severity(v.id) <= severity(floorMax)) floors.add(v.id);
  for (const s of scores) for (const c of counts) for (const f of floors) if (bandFor(rules, s, c, f).id !== current) return false;
  return true;
}

/**
 * How far the undecided signs could still move the score, and how much of that rests on each open
 * question. Signs that depend on a single open question are worked out exactly, value by value
 * (a question has one answer, so "they called you" and "you called them" never both count);
 * signs that depend on several open questions are bounded independently. Both are safe bounds:
 * the true range is never wider.
 */
function undecidedSpread(
  rules: RuleSet,
  undecided: readonly Indicator[],
  answers: Answers,
  facts: ReadonlyMap<string, FactValue>,
  open: ReadonlySet<string>,
): Spread {
  let min = 0;
  let max = 0;
  const up = new Map<string, number>();
  const down = new Map<string, number>();
  const add = (map: Map<string, number>, id: string, value: number) => map.set(id, (map.get(id) ?? 0) + value);
  const byQuestion = new Map<string, Indicator[]>();
  for (const ind of undecided) {
    const all = refsOf(ind.when);
    const refs = all.length === 1 ? all : all.filter((id) => open.has(id));
    const question = refs.length === 1 ? questionById(rules, refs[0] as string) : undefined;
    if (question && question.type !== "multiple") {
      const group = byQuestion.get(question.id) ?? [];
      group.push(ind);
      byQuestion.set(question.id, group);
      continue;
    }
    if (ind.weight > 0) max += ind.weight;
    else min += ind.weight;
    for (const id of refs) add(ind.weight > 0 ? up : down, id, Math.abs(ind.weight));
  }
  for (const [id, group] of byQuestion) {
    const question = questionById(rules, id) as Question;
    let lo = Infinity;
    let hi = -Infinity;
    // Each candidate answer is tried on a view of the answers that differs in this one question.
    let tried: AnswerValue = NOT_SURE;
    const trial: EvaluationContext = { answers: { get: (key: string) => (key === id ? tried : answers.get(key)) }, facts };
    for (const value of planFor(rules).choiceValues.get(id) ?? candidateValues(question, group)) {
      tried = value;
      let total = 0;
      for (const ind of group) if (holds(ind.when, trial)) total += ind.weight;
      lo = Math.min(lo, total);
      hi = Math.max(hi, total);
    }
    min += Math.min(0, lo);
    max += Math.max(0, hi);
    add(up, id, Math.max(0, hi));
    add(down, id, Math.max(0, -lo));
  }
  return { min, max, up, down };
}

interface Spread {
  min: number;
  max: number;
  /** Per open question: how far its answer could still raise the score … */
  up: Map<string, number>;
  /** … and lower it. */
  down: Map<string, number>;
}

/** The answers worth trying for a question: its choices, the numbers its conditions compare with, and "not sure". */
function candidateValues(q: Question, group: readonly Indicator[]): AnswerValue[] {
  if (q.type === "yes-no" || q.type === "single") return [...q.choices.map((c) => c.id), NOT_SURE];
  if (q.type === "number") {
    const points = new Set<number>();
    for (const ind of group)
      for (const { leaf } of leavesOf(ind.when))
        if (leaf.question === q.id)
          for (const n of [leaf.gt, leaf.gte, leaf.lt, leaf.lte, typeof leaf.equals === "number" ? leaf.equals : undefined])
            if (n !== undefined) [n - 1, n, n + 1].forEach((x) => points.add(x));
    return [...points, NOT_SURE];
  }
  return ["text", NOT_SURE];
}

/**
 * How much each open question could do to change the verdict, rather than merely the score: once
 * the score is inside a band, only the part of a question's swing that could carry it over the
 * band's edges counts. In the top band, questions that can only add to the score are no use; with
 * no lower edge (the floor already holds it), questions that can only lower it are no use. A sign
 * that would set a minimum verdict above the current band counts in full.
 */
function usefulness(
  rules: RuleSet,
  verdict: VerdictBand,
  range: { min: number; max: number },
  answered: number,
  floorMin: VerdictId | undefined,
  spread: Spread,
  undecided: readonly Indicator[],
  open: ReadonlySet<string>,
): Map<string, number> {
  const index = rules.verdicts.indexOf(verdict);
  const higher = rules.verdicts.slice(0, index).map((v) => v.minScore).filter((m): m is number => m !== undefined);
  const upperEdge = higher.length ? Math.min(...higher) : Infinity;
  const held = floorMin !== undefined && severity(floorMin) >= severity(verdict.id);
  const lowerEdge = held || verdict.minScore === undefined ? -Infinity : verdict.minScore;
  const upside = Math.max(0, range.max - (upperEdge - 1));
  const downside = Math.max(0, lowerEdge - range.min);
  const useful = new Map<string, number>();
  for (const id of open) {
    const value =
      upside === 0 && downside === 0
        ? (spread.up.get(id) ?? 0) + (spread.down.get(id) ?? 0) // unsettled for another reason (answers needed): any progress helps
        : Math.min(spread.up.get(id) ?? 0, upside) + Math.min(spread.down.get(id) ?? 0, downside);
    if (value > 0) useful.set(id, value);
  }
  // While a band still needs more definite answers, any answer that bears on the score helps.
  if (rules.verdicts.some((v) => v.minAnswered !== undefined && answered < v.minAnswered))
    for (const id of open) if ((spread.up.get(id) ?? 0) + (spread.down.get(id) ?? 0) > 0) useful.set(id, (useful.get(id) ?? 0) + 1);
  for (const ind of undecided)
    if (ind.atLeast && severity(ind.atLeast) > severity(verdict.id))
      for (const id of refsOf(ind.when)) if (open.has(id)) useful.set(id, (useful.get(id) ?? 0) + ind.weight);
  return useful;
}

/** Rank open questions by how much they could do to the verdict; questions that unlock others share in their value. */
function rankOpenQuestions(rules: RuleSet, direct: ReadonlyMap<string, number>, open: ReadonlySet<string>): OpenQuestion[] {
  const impact = new Map(direct);
  for (const q of planFor(rules).questionsReversed) {
    if (!open.has(q.id) || q.when === undefined) continue;
    const own = impact.get(q.id) ?? 0;
    if (own === 0) continue;
    for (const gate of refsOf(q.when)) if (open.has(gate)) impact.set(gate, (impact.get(gate) ?? 0) + own / 2);
  }
  return rules.questions
    .filter((q) => open.has(q.id) && (impact.get(q.id) ?? 0) > 0)
    .map((q, order) => ({ q, order, impact: impact.get(q.id) ?? 0 }))
    .sort((a, b) => b.impact - a.impact || a.order - b.order)
    .map(({ q, impact: value }) => ({ id: q.id, text: q.text, impact: Math.round(value * 10) / 10 }));
}

function likeliestFamily(rules: RuleSet, fired: Indicator[]): Family | null {
  const totals = new Map<string, number>();
  for (const ind of fired) if (ind.weight > 0) for (const f of ind.family) totals.set(f, (totals.get(f) ?? 0) + ind.weight);
  let best: Family | null = null;
  let bestTotal = 0;
  for (const family of rules.families) {
    const total = totals.get(family.id) ?? 0;
    if (total > bestTotal) [best, bestTotal] = [family, total];
  }
  return best;
}

function chooseActions(plan: Plan, ctx: EvaluationContext, region: string | undefined): RecommendedAction[] {
  const out: RecommendedAction[] = [];
  for (const { action, recommended } of plan.actions)
    if ((action.region === undefined || action.region === region) && holds(action.when, ctx)) out.push(recommended);
  return out;
}

/** The most useful question to ask next, or undefined when nothing left can change the verdict. */
export function nextQuestion(rules: RuleSet, answers: Answers, options: TriageOptions = {}): Question | undefined {
  const result = triage(rules, answers, options);
  const relevantNow = new Set(result.relevant);
  const id = result.unanswered.find((q) => relevantNow.has(q.id))?.id;
  return id === undefined ? undefined : questionById(rules, id);
}
