/**
 * The triage engine: answers in, verdict out. Pure and deterministic (same rules and answers, same
 * result); it knows nothing about scams itself, only how to apply the rules.
 */
import type { Answers } from "./answers.js";
import { evaluate, holds, questionsIn, TRUE, type EvaluationContext, type FactValue } from "./conditions.js";
import type { Action, Family, Indicator, Question, RuleSet, VerdictBand } from "./ruleset.js";
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

function toFactMap(options: TriageOptions): Map<string, FactValue> {
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
  const facts = toFactMap(options);

  // Only answers to questions that apply are evidence; the rest are reported as ignored.
  const relevant = relevantQuestions(rules, answers, facts);
  const relevantIds = new Set(relevant.map((q) => q.id));
  const effective: Answers = new Map([...answers].filter(([id]) => relevantIds.has(id)));
  const ignored = [...answers.keys()].filter((id) => !relevantIds.has(id));
  const answeredCount = [...effective.values()].filter((v) => v !== NOT_SURE).length;

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
  for (const ind of rules.indicators) {
    const current = evaluate(ind.when, now);
    const possible = evaluate(ind.when, later);
    if (current === TRUE) {
      fired.push(ind);
      score += ind.weight;
      floor = maxFloor(floor, ind.atLeast);
    }
    const mustFire = possible === TRUE;
    const canFire = (possible & TRUE) !== 0;
    if (canFire && !mustFire) undecided.push(ind);
    if (mustFire) {
      min += ind.weight;
      max += ind.weight;
      floorMin = maxFloor(floorMin, ind.atLeast);
    } else if (canFire) {
      if (ind.weight > 0) max += ind.weight;
      else min += ind.weight;
    }
    if (canFire) floorMax = maxFloor(floorMax, ind.atLeast);
  }

  const verdict = bandFor(rules, score, answeredCount, floor);
  const settled = bandIsSettled(rules, verdict.id, { min, max }, { min: answeredCount, max: answeredCount + open.size }, floorMin, floorMax);

  const unanswered = settled ? [] : rankOpenQuestions(rules, undecided, open);

  const byWeight = (a: Indicator, b: Indicator) => Math.abs(b.weight) - Math.abs(a.weight);
  const fire = (i: Indicator): FiredIndicator => ({
    id: i.id,
    title: i.title,
    explanation: i.explanation,
    weight: i.weight,
    family: i.family,
    references: i.references,
  });
  const reasons = fired.filter((i) => i.weight > 0).sort(byWeight).map(fire);
  const reassurances = fired.filter((i) => i.weight < 0).sort(byWeight).map(fire);

  facts.set("verdict", verdict.id);
  const actions = chooseActions(rules.actions, { answers: effective, facts }, options.region);

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
    relevant: relevant.map((q) => q.id),
    ignored,
    answeredCount,
    ...(options.region !== undefined && { region: options.region }),
  };
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

/** Rank open questions by how much of the undecided evidence rests on them. */
function rankOpenQuestions(rules: RuleSet, undecided: Indicator[], open: Set<string>): OpenQuestion[] {
  const direct = new Map<string, number>();
  for (const ind of undecided)
    for (const id of questionsIn(ind.when)) if (open.has(id)) direct.set(id, (direct.get(id) ?? 0) + Math.abs(ind.weight));
  // A question that unlocks others (they depend on it in `when`) shares in their value.
  const impact = new Map(direct);
  for (const q of [...rules.questions].reverse()) {
    if (!open.has(q.id) || q.when === undefined) continue;
    const own = impact.get(q.id) ?? 0;
    if (own === 0) continue;
    for (const gate of questionsIn(q.when)) if (open.has(gate)) impact.set(gate, (impact.get(gate) ?? 0) + own / 2);
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

function chooseActions(actions: readonly Action[], ctx: EvaluationContext, region: string | undefined): RecommendedAction[] {
  const rank = (u: Urgency) => URGENCIES.indexOf(u);
  return actions
    .map((a, order) => ({ a, order }))
    .filter(({ a }) => (a.region === undefined || a.region === region) && holds(a.when, ctx))
    .sort((x, y) => rank(x.a.urgency) - rank(y.a.urgency) || x.order - y.order)
    .map(({ a }) => ({
      id: a.id,
      urgency: a.urgency,
      text: a.text,
      ...(a.help !== undefined && { help: a.help }),
      ...(a.region !== undefined && { region: a.region }),
      references: a.references,
    }));
}

/** The most useful question to ask next, or undefined when nothing left can change the verdict. */
export function nextQuestion(rules: RuleSet, answers: Answers, options: TriageOptions = {}): Question | undefined {
  const result = triage(rules, answers, options);
  const relevantNow = new Set(result.relevant);
  const id = result.unanswered.find((q) => relevantNow.has(q.id))?.id;
  return id === undefined ? undefined : rules.questions.find((q) => q.id === id);
}
