/**
 * The triage engine: answers in, verdict out. Pure and deterministic (same rules and answers, same
 * result); it knows nothing about scams itself, only how to apply the rules.
 */
import type { Answers } from "./answers.js";
import { compileIndexed, FALSE, leavesOf, questionsIn, TRUE, UNKNOWN, type AnswerValue, type FactValue, type IndexedContext, type IndexedEvaluator } from "./conditions.js";
import { memoOn } from "./memo.js";
import type { Action, Condition, Family, Indicator, Question, RuleSet, VerdictBand } from "./ruleset.js";
import { NOT_SURE, SAVES, URGENCIES, VERDICT_IDS, type Urgency, type VerdictId } from "./constants.js";
import { stepClassOf } from "./step-classes.js";
import { PLACEHOLDER } from "./facts.js";

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
  /** Whether this answer alone, the others as they stand, could lead to other steps. */
  decisive: boolean;
}

export interface TriageResult {
  verdict: VerdictBand;
  score: number;
  /** Lowest and highest score still possible if the open questions were answered. */
  scoreRange: { min: number; max: number };
  /** True when no answer to the open questions can change the verdict band. */
  settled: boolean;
  /** Every band some answers to the open questions could still give (a safe over-estimate), most serious first. */
  reachable: VerdictId[];
  family: Family | null;
  reasons: FiredIndicator[];
  reassurances: FiredIndicator[];
  actions: RecommendedAction[];
  /**
   * Unanswered questions that could still change the steps (the verdict, up to bands that lead to
   * the same steps), by how much they could: the interview's chooser (core/interview.ts) orders them.
   */
  unanswered: OpenQuestion[];
  /** Questions that make sense given the answers so far (their `when` holds). */
  relevant: string[];
  /** Answers given to questions that do not apply given the other answers; they were not scored. */
  ignored: string[];
  /** Questions answered "no" by a "no" to the question they are part of (see Question.partOf). */
  implied: string[];
  answeredCount: number;
  region?: string;
}

const SEVERITY = new Map(VERDICT_IDS.map((id, i) => [id, VERDICT_IDS.length - i]));
/** Higher is more serious (VERDICT_IDS runs from most to least serious). */
const severity = (id: VerdictId) => SEVERITY.get(id) ?? VERDICT_IDS.length + 1;

// Rule sets are immutable once compiled, so everything the engine would otherwise work out again for
// every case is worked out once per rule set: each condition compiled against question positions
// (see compileIndexed), the questions each one mentions, the actions in urgency order, and the
// reason and action objects a result hands out. A case is then scored with arrays indexed by
// question position rather than maps keyed by id.
interface PlannedQuestion {
  question: Question;
  when: IndexedEvaluator | undefined;
  /** Positions of the questions its `when` mentions, in order of first mention. */
  gates: number[];
  /** Answers worth trying for yes/no and single-choice questions. */
  choiceValues: AnswerValue[] | undefined;
  /** Position of the question a "no" to which answers this one (see Question.partOf), or -1. */
  partOf: number;
  /** Other answers that answer this one "yes" (see Question.yesWhen). */
  yesWhen: IndexedEvaluator | undefined;
}
interface PlannedSign {
  indicator: Indicator;
  when: IndexedEvaluator;
  /** When its floor is lifted (see Indicator.floorUnless). */
  floorUnless: IndexedEvaluator | undefined;
  /** Positions of the questions its condition mentions, in order of first mention (-1: no such question). */
  refs: number[];
  /** Index into the rule set's groups, or -1. */
  group: number;
  fired: FiredIndicator;
  /** The severity of its minimum verdict (0: none) and that verdict's step class (-1: none). */
  atLeast: number;
  atLeastClass: number;
  /** The severity of a reassuring sign's ceiling (see Indicator.atMost; 0: none). */
  atMost: number;
  /** Indexes into the rule set's families, if it adds to the score. */
  families: number[];
}
/** A verdict band's thresholds and what the ranking of open questions needs of it, by rule order. */
interface PlannedBand {
  band: VerdictBand;
  severity: number;
  /** Its position in VERDICT_IDS. */
  order: number;
  minScore: number;
  minAnswered: number;
  stepClass: number;
  /** The lowest score of a band before it with other steps (Infinity: none). */
  upperEdge: number;
  /** The least serious band of the same class from it down: its severity and lowest score (-Infinity: none). */
  classBottom: number;
  classFloorScore: number;
}
interface Plan {
  position: Map<string, number>;
  questions: PlannedQuestion[];
  signs: PlannedSign[];
  /** Actions in the order results list them (urgency, then rule order), each with its result object. */
  actions: { action: Action; when: IndexedEvaluator | undefined; unless: IndexedEvaluator | undefined; recommended: RecommendedAction }[];
  /** The largest number of definite answers a band needs (while fewer are given, every answer that bears on the score helps). */
  mostAnswersNeeded: number;
  bands: PlannedBand[];
  /** By severity: the band of that id (-1: the rules have none). */
  bandOfSeverity: number[];
  /** By position in VERDICT_IDS: the band's step class. */
  classOfOrder: number[];
  /** Thresholds that some band has, for trying both sides of each (reachableBands). */
  scoreThresholds: number[];
  answeredThresholds: number[];
  /**
   * Working space for one triage at a time (triage is synchronous and never re-entered), so that a
   * batch of distinct cases does not allocate these arrays for every case.
   */
  scratch: Scratch;
}
interface Scratch {
  up: Float64Array;
  down: Float64Array;
  useful: Float64Array;
  decisive: Uint8Array;
  /** Undecided signs that rest on one open question, as lists by question (first sign, next sign, last sign). */
  first: Int32Array;
  last: Int32Array;
  next: Int32Array;
  /** Question positions in the order their first sign was listed, and positions being ranked. */
  order: Int32Array;
}
const plans = new WeakMap<RuleSet, Plan>();
function planFor(rules: RuleSet): Plan {
  let plan = plans.get(rules);
  if (plan) return plan;
  const rank = (u: Urgency) => URGENCIES.indexOf(u);
  const position = new Map(rules.questions.map((q, i) => [q.id, i]));
  const positionsOf = (c: Condition | undefined) => (c ? refsOf(c).map((id) => position.get(id) ?? -1) : []);
  const groupIndex = new Map(rules.groups.map((g, i) => [g.id, i]));
  const familyIndex = new Map(rules.families.map((f, i) => [f.id, i]));
  const count = rules.questions.length;
  plan = {
    position,
    questions: rules.questions.map((q) => ({
      question: q,
      when: q.when ? compileIndexed(q.when, position) : undefined,
      gates: positionsOf(q.when),
      choiceValues: q.type === "yes-no" || q.type === "single" ? [...q.choices.map((c) => c.id), NOT_SURE] : undefined,
      partOf: q.partOf !== undefined ? (position.get(q.partOf) ?? -1) : -1,
      yesWhen: q.yesWhen ? compileIndexed(q.yesWhen, position) : undefined,
    })),
    signs: rules.indicators.map((i) => ({
      indicator: i,
      when: compileIndexed(i.when, position),
      floorUnless: i.floorUnless ? compileIndexed(i.floorUnless, position) : undefined,
      refs: positionsOf(i.when),
      group: i.group !== undefined ? (groupIndex.get(i.group) ?? -1) : -1,
      fired: Object.freeze({ id: i.id, title: i.title, explanation: i.explanation, weight: i.weight, family: i.family, references: i.references }),
      atLeast: i.atLeast ? severity(i.atLeast) : 0,
      atLeastClass: i.atLeast ? stepClassOf(rules, i.atLeast) : -1,
      atMost: i.atMost ? severity(i.atMost) : 0,
      families: i.weight > 0 ? i.family.map((f) => familyIndex.get(f) ?? -1).filter((at) => at >= 0) : [],
    })),
    actions: rules.actions
      .map((a, order) => ({ a, order }))
      .sort((x, y) => rank(x.a.urgency) - rank(y.a.urgency) || SAVES.indexOf(x.a.saves) - SAVES.indexOf(y.a.saves) || x.order - y.order)
      .map(({ a }) => ({
        action: a,
        when: a.when ? compileIndexed(a.when, position) : undefined,
        unless: a.unless ? compileIndexed(a.unless, position) : undefined,
        recommended: Object.freeze({
          id: a.id,
          urgency: a.urgency,
          text: a.text,
          ...(a.help !== undefined && { help: a.help }),
          ...(a.region !== undefined && { region: a.region }),
          references: a.references,
        }),
      })),
    mostAnswersNeeded: Math.max(-Infinity, ...rules.verdicts.map((v) => v.minAnswered ?? -Infinity)),
    bands: rules.verdicts.map((band, index) => {
      const own = stepClassOf(rules, band.id);
      const alike = (v: VerdictBand) => stepClassOf(rules, v.id) === own;
      const higher = rules.verdicts.slice(0, index).filter((v) => !alike(v)).map((v) => v.minScore).filter((m): m is number => m !== undefined);
      // The least serious band of the same class just below this one is where the class ends.
      let bottom = index;
      while (bottom + 1 < rules.verdicts.length && alike(rules.verdicts[bottom + 1] as VerdictBand)) bottom++;
      const lowest = rules.verdicts[bottom] as VerdictBand;
      return {
        band,
        severity: severity(band.id),
        order: VERDICT_IDS.indexOf(band.id),
        minScore: band.minScore ?? -Infinity,
        minAnswered: band.minAnswered ?? -Infinity,
        stepClass: own,
        upperEdge: higher.length ? Math.min(...higher) : Infinity,
        classBottom: severity(lowest.id),
        classFloorScore: lowest.minScore ?? -Infinity,
      };
    }),
    bandOfSeverity: Array.from({ length: VERDICT_IDS.length + 2 }, (_, sev) => rules.verdicts.findIndex((v) => severity(v.id) === sev)),
    classOfOrder: VERDICT_IDS.map((id) => stepClassOf(rules, id)),
    scoreThresholds: rules.verdicts.flatMap((v) => (v.minScore === undefined ? [] : [v.minScore])),
    answeredThresholds: rules.verdicts.flatMap((v) => (v.minAnswered === undefined ? [] : [v.minAnswered])),
    scratch: {
      up: new Float64Array(count),
      down: new Float64Array(count),
      useful: new Float64Array(count),
      decisive: new Uint8Array(count),
      first: new Int32Array(count),
      last: new Int32Array(count),
      next: new Int32Array(rules.indicators.length),
      order: new Int32Array(count),
    },
  };
  plans.set(rules, plan);
  return plan;
}
const REFS = Symbol("scamcheck.refs");
const refsCache = new WeakMap<object, string[]>();
/** The questions a condition mentions, computed once per condition (see memo.ts). */
export const refsOf = (c: Condition): string[] => memoOn(c, REFS, refsCache, (x) => questionsIn(x));

/** Which questions apply, given the answers: a question applies when its `when` holds. */
export function relevantQuestions(rules: RuleSet, answers: Answers, facts?: ReadonlyMap<string, FactValue>): Question[] {
  const plan = planFor(rules);
  return applyingAnswers(plan, answers, facts).relevant.map((at) => (plan.questions[at] as PlannedQuestion).question);
}

/**
 * The answers that count, by question position, and the positions of the questions that apply: a
 * question applies when its `when` holds on the answers to the questions before it that apply.
 */
function applyingAnswers(
  plan: Plan,
  answers: Answers,
  facts: ReadonlyMap<string, FactValue> | undefined,
): { values: (AnswerValue | undefined)[]; relevant: number[]; implied: number[]; impliedLater: number[]; given: (AnswerValue | undefined)[] } {
  const count = plan.questions.length;
  const given: (AnswerValue | undefined)[] = new Array<AnswerValue | undefined>(count).fill(undefined);
  for (const [id, value] of answers) {
    const at = plan.position.get(id);
    if (at !== undefined) given[at] = value;
  }
  // "No, they asked for no money" also answers "did they ask you to pay a fee", and "I let them
  // connect" answers "did they ask to connect", unless those are answered themselves.
  const implied: number[] = [];
  const said: IndexedContext = { values: given.slice(), open: undefined, facts };
  for (let at = 0; at < count; at++) {
    const { partOf: whole, yesWhen } = plan.questions[at] as PlannedQuestion;
    if (given[at] !== undefined) continue;
    if (whole >= 0 && said.values[whole] === "no") given[at] = "no";
    else if (yesWhen !== undefined && yesWhen(said) === TRUE) given[at] = "yes";
    else continue;
    implied.push(at);
  }
  const values: (AnswerValue | undefined)[] = new Array<AnswerValue | undefined>(count).fill(undefined);
  const now: IndexedContext = { values, open: undefined, facts };
  const relevant: number[] = [];
  for (let at = 0; at < count; at++) {
    const when = (plan.questions[at] as PlannedQuestion).when;
    if (when !== undefined && when(now) !== TRUE) continue;
    relevant.push(at);
    values[at] = given[at];
  }
  // A question that does not apply yet but is already answered by implication ("no money" answers
  // "a fee?") will have that answer if it comes to apply: it is not open.
  return { values, relevant, implied: implied.filter((at) => values[at] !== undefined), impliedLater: implied.filter((at) => values[at] === undefined), given };
}

/** The facts conditions can use: those given, plus the region and operator mode from the options. */
export function factsFor(options: TriageOptions): Map<string, FactValue> {
  const facts = new Map<string, FactValue>(options.facts instanceof Map ? options.facts : Object.entries(options.facts ?? {}));
  if (options.region !== undefined) facts.set("region", options.region);
  if (options.staff !== undefined) facts.set("staff", options.staff);
  return facts;
}

/**
 * The band for a score: the first band in rule order whose thresholds are met, lowered to any
 * ceiling (evidence the call is genuine), then raised to any floor: a warning sign's minimum verdict
 * outranks reassurance, so a ceiling never hides it.
 */
export function bandFor(rules: RuleSet, score: number, answered: number, floor: VerdictId | undefined, ceiling?: VerdictId): VerdictBand {
  const plan = planFor(rules);
  return (plan.bands[bandIndex(plan, score, answered, floor ? severity(floor) : 0, ceiling ? severity(ceiling) : 0)] as PlannedBand).band;
}

/** The stricter of two ceilings, as severities (0: none). */
const lowerCeiling = (a: number, b: number) => (a === 0 ? b : b === 0 ? a : Math.min(a, b));

/** bandFor by numbers: the band's index in rule order, for a floor and a ceiling given by their severities (0: none). */
function bandIndex(plan: Plan, score: number, answered: number, floor: number, ceiling = 0): number {
  const bands = plan.bands;
  let at = bands.length - 1;
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i] as PlannedBand;
    if (score >= b.minScore && answered >= b.minAnswered) {
      at = i;
      break;
    }
  }
  if (ceiling > 0 && ceiling < (bands[at] as PlannedBand).severity) {
    const lowered = plan.bandOfSeverity[ceiling] ?? -1;
    if (lowered >= 0) at = lowered;
  }
  if (floor > (bands[at] as PlannedBand).severity) {
    const raised = plan.bandOfSeverity[floor] ?? -1;
    if (raised >= 0) at = raised;
  }
  return at;
}

/** The rule set's actions in the order results list them: urgency, then what they save, then pack order. */
export function actionsInOrder(rules: RuleSet): Action[] {
  return planFor(rules).actions.map((a) => a.action);
}

export function triage(rules: RuleSet, answers: Answers, options: TriageOptions = {}): TriageResult {
  const plan = planFor(rules);
  const facts = factsFor(options);
  // Only answers to questions that apply are evidence; the rest are reported as ignored.
  const { values, relevant, implied, impliedLater, given } = applyingAnswers(plan, answers, facts);
  const count = values.length;
  const now: IndexedContext = { values, open: undefined, facts };
  const relevantIds: string[] = [];
  let answeredCount = 0;
  let effectiveCount = 0;
  for (const at of relevant) {
    relevantIds.push((plan.questions[at] as PlannedQuestion).question.id);
    const v = values[at];
    if (v === undefined || implied.includes(at)) continue;
    effectiveCount++;
    if (v !== NOT_SURE) answeredCount++;
  }
  const ignored: string[] = [];
  if (effectiveCount !== answers.size)
    for (const id of answers.keys()) {
      const at = plan.position.get(id);
      if (at === undefined || values[at] === undefined) ignored.push(id);
    }

  // Questions not yet answered that may still be asked: now relevant, or could become relevant.
  const open = new Uint8Array(count);
  let openCount = 0;
  let laterValues = values;
  if (impliedLater.length > 0) {
    laterValues = values.slice();
    for (const at of impliedLater) laterValues[at] = given[at];
  }
  const later: IndexedContext = { values: laterValues, open, facts };
  for (let at = 0; at < count; at++) {
    if (laterValues[at] !== undefined) continue;
    const when = (plan.questions[at] as PlannedQuestion).when;
    if (when === undefined || when(later) & TRUE) {
      open[at] = 1;
      openCount++;
    }
  }

  // Floors are held as severities (0: none), the higher the more serious.
  let score = 0;
  let min = 0;
  let max = 0;
  let floor = 0;
  let floorMin = 0;
  let floorMax = 0;
  // Ceilings, as severities (0: none): the one that holds now, the strictest that must hold, and those that may.
  let ceiling = 0;
  let ceilingMust = 0;
  const ceilingsMay: number[] = [];
  const fired: PlannedSign[] = [];
  const undecided: PlannedSign[] = [];
  const undecidedGrouped: PlannedSign[] = [];
  // Grouped signs add up to at most their group's cap: what has fired, what must, and what may.
  const groups = rules.groups.map((g) => ({ cap: g.maxWeight, fired: 0, must: 0, may: 0 }));
  for (const sign of plan.signs) {
    const weight = sign.indicator.weight;
    const current = sign.when(now);
    // Only conditions that mention an open question can still change, and only from UNKNOWN: an
    // open question reads UNKNOWN now, and an answer to it can make a condition neither true
    // from false nor false from true (three-valued logic only ever settles what was unknown).
    const possible = current === UNKNOWN && openCount > 0 && mentionsOpen(sign.refs, open) ? sign.when(later) : current;
    const group = sign.group >= 0 ? groups[sign.group] : undefined;
    if (current === TRUE) {
      fired.push(sign);
      if (group) group.fired += weight;
      else score += weight;
      if (sign.atLeast > floor && sign.floorUnless?.(now) !== TRUE) floor = sign.atLeast;
      if (sign.atMost > 0) ceiling = lowerCeiling(ceiling, sign.atMost);
    }
    const canFire = (possible & TRUE) !== 0;
    if (!canFire) continue;
    const mustFire = possible === TRUE;
    if (sign.atMost > 0) {
      if (mustFire) ceilingMust = lowerCeiling(ceilingMust, sign.atMost);
      else ceilingsMay.push(sign.atMost);
    }
    if (!mustFire) {
      if (group) {
        group.may += weight;
        undecidedGrouped.push(sign);
      } else undecided.push(sign);
    } else if (group) group.must += weight;
    else {
      min += weight;
      max += weight;
    }
    if (sign.atLeast > floorMin || sign.atLeast > floorMax) {
      // The floor's exception can still go either way only while it mentions an open question.
      const lifted = sign.floorUnless === undefined ? FALSE : openCount > 0 ? sign.floorUnless(later) : sign.floorUnless(now);
      if (mustFire && (lifted & TRUE) === 0 && sign.atLeast > floorMin) floorMin = sign.atLeast;
      if (lifted !== TRUE && sign.atLeast > floorMax) floorMax = sign.atLeast;
    }
  }
  const spread = laterValues === values ? undecidedSpread(plan, undecided, values, now, open) : undecidedSpread(plan, undecided, laterValues, { values: laterValues, open: undefined, facts }, open);
  min += spread.min;
  max += spread.max;
  for (const g of groups) {
    score += Math.min(g.cap, g.fired);
    min += Math.min(g.cap, g.must);
    max += Math.min(g.cap, g.must + g.may);
  }
  // A grouped sign can move the score only as far as its group has room left.
  for (const sign of undecidedGrouped) {
    const group = groups[sign.group] as { cap: number; must: number };
    const room = Math.max(0, Math.min(sign.indicator.weight, group.cap - group.must));
    for (const at of sign.refs) if (at >= 0 && open[at] === 1) spread.up[at] = (spread.up[at] as number) + room;
  }

  const band = bandIndex(plan, score, answeredCount, floor, ceiling);
  const verdict = (plan.bands[band] as PlannedBand).band;
  const ceilings = ceilingMust > 0 ? [ceilingMust, ...ceilingsMay.map((c) => lowerCeiling(c, ceilingMust))] : [0, ...ceilingsMay];
  const reachableMask = reachableBands(plan, min, max, answeredCount, answeredCount + openCount, floorMin, floorMax, ceilings);
  const ownOrder = (plan.bands[band] as PlannedBand).order;
  const settled = reachableMask === 1 << ownOrder;
  const reachable: VerdictId[] = [];
  let classSettled = true;
  for (let i = 0; i < VERDICT_IDS.length; i++)
    if (reachableMask & (1 << i)) {
      reachable.push(VERDICT_IDS[i] as VerdictId);
      if (plan.classOfOrder[i] !== plan.classOfOrder[ownOrder]) classSettled = false;
    }

  // Ranking the open questions is only worth doing while some answer could lead to other steps.
  let unanswered: OpenQuestion[] = [];
  if (!classSettled) {
    for (const sign of undecidedGrouped) undecided.push(sign);
    // Under a ceiling that must hold, scores above its band count as the band's top.
    const top = ceilingTop(plan, ceilingMust);
    rankOpenQuestions(plan, usefulness(plan, band, Math.min(score, top), Math.min(min, top), Math.min(max, top), answeredCount, floorMin, spread, undecided, open), open, (unanswered = []));
  }

  const byWeight = (a: FiredIndicator, b: FiredIndicator) => Math.abs(b.weight) - Math.abs(a.weight);
  const reasons: FiredIndicator[] = [];
  const reassurances: FiredIndicator[] = [];
  for (const sign of fired) {
    if (sign.indicator.weight > 0) reasons.push(sign.fired);
    else if (sign.indicator.weight < 0) reassurances.push(sign.fired);
  }
  reasons.sort(byWeight);
  reassurances.sort(byWeight);

  facts.set("verdict", verdict.id);
  const actions: RecommendedAction[] = [];
  const topics = new Set<string>();
  for (const { action, when, unless, recommended } of plan.actions) {
    if (action.region !== undefined && action.region !== options.region) continue;
    if ((when !== undefined && when(now) !== TRUE) || unless?.(now) === TRUE) continue;
    if (action.topic !== undefined) {
      if (topics.has(action.topic)) continue;
      topics.add(action.topic);
    }
    // A step may name a fact ("call {trusted.name} on {trusted.phone}"); its condition says it is known.
    actions.push(recommended.text.includes("{") ? { ...recommended, text: recommended.text.replace(PLACEHOLDER, (all, name: string) => String(facts.get(name) ?? all)) } : recommended);
  }

  return {
    verdict,
    score,
    scoreRange: { min, max },
    settled,
    reachable,
    family: likeliestFamily(rules, fired),
    reasons,
    reassurances,
    actions,
    unanswered,
    relevant: relevantIds,
    ignored,
    implied: implied.map((at) => (plan.questions[at] as PlannedQuestion).question.id),
    answeredCount,
    ...(options.region !== undefined && { region: options.region }),
  };
}

function mentionsOpen(positions: readonly number[], open: Uint8Array): boolean {
  for (let i = 0; i < positions.length; i++) if (open[positions[i] as number] === 1) return true;
  return false;
}

/**
 * The bands some completion of the open questions could give, as a bit mask over VERDICT_IDS. The
 * band only changes at the rules' thresholds, so trying the ends of each range and both sides of
 * each threshold inside it covers every case; score, count and floor (severities, 0: none) are
 * tried independently, so the set may be larger than the truth.
 */
function reachableBands(
  plan: Plan,
  minScore: number,
  maxScore: number,
  minAnswered: number,
  maxAnswered: number,
  floorMin: number,
  floorMax: number,
  ceilings: readonly number[],
): number {
  const scores = points(minScore, maxScore, plan.scoreThresholds);
  const counts = points(minAnswered, maxAnswered, plan.answeredThresholds);
  const floors = floorMin === floorMax ? [floorMin] : [floorMin, floorMax];
  if (floorMax > 0) for (const b of plan.bands) if (b.severity > floorMin && b.severity <= floorMax && !floors.includes(b.severity)) floors.push(b.severity);
  let mask = 0;
  for (const s of scores)
    for (const c of counts) for (const f of floors) for (const top of ceilings) mask |= 1 << (plan.bands[bandIndex(plan, s, c, f, top)] as PlannedBand).order;
  return mask;
}

/** The highest score that counts under a ceiling (a severity; 0: none, Infinity). */
function ceilingTop(plan: Plan, ceiling: number): number {
  if (ceiling === 0) return Infinity;
  const at = plan.bandOfSeverity[ceiling] ?? -1;
  const above = at > 0 ? plan.bands[at - 1] : undefined;
  return above && Number.isFinite(above.minScore) ? above.minScore - 1 : Infinity;
}

/** The ends of a range and both sides of each threshold inside it, each once. */
function points(min: number, max: number, thresholds: readonly number[]): number[] {
  const out = min === max ? [min] : [min, max];
  for (const t of thresholds)
    for (let p = t - 1; p <= t; p++) if (p >= min && p <= max && !out.includes(p)) out.push(p);
  return out;
}

/**
 * How far the undecided signs could still move the score, and how much of that rests on each open
 * question. Signs that depend on a single open question are worked out exactly, value by value
 * (a question has one answer, so "they called you" and "you called them" never both count);
 * signs that depend on several open questions are bounded independently. Both are safe bounds:
 * the true range is never wider. `up` and `down` are the plan's working space.
 */
function undecidedSpread(plan: Plan, undecided: readonly PlannedSign[], values: (AnswerValue | undefined)[], now: IndexedContext, open: Uint8Array): Spread {
  let min = 0;
  let max = 0;
  const { up, down, first, last, next, order } = plan.scratch;
  up.fill(0);
  down.fill(0);
  // Signs that rest on one open question are listed by question, in the order they come.
  let lists = 0;
  for (let i = 0; i < undecided.length; i++) {
    const sign = undecided[i] as PlannedSign;
    const weight = sign.indicator.weight;
    const all = sign.refs;
    let only = all.length === 1 ? (all[0] as number) : -1;
    if (all.length > 1) {
      let openRefs = 0;
      for (const at of all)
        if (at >= 0 && open[at] === 1) {
          openRefs++;
          only = at;
        }
      if (openRefs !== 1) only = -1;
    }
    if (only >= 0 && (plan.questions[only] as PlannedQuestion).question.type !== "multiple") {
      next[i] = -1;
      if (lists === 0 || !listed(order, lists, only)) {
        order[lists++] = only;
        first[only] = i;
      } else next[last[only] as number] = i;
      last[only] = i;
      continue;
    }
    if (weight > 0) max += weight;
    else min += weight;
    const side = weight > 0 ? up : down;
    if (all.length === 1) {
      if (only >= 0) side[only] = (side[only] as number) + Math.abs(weight);
    } else for (const at of all) if (at >= 0 && open[at] === 1) side[at] = (side[at] as number) + Math.abs(weight);
  }
  // Each candidate answer is tried in the question's own slot, with the other answers as they are.
  for (let k = 0; k < lists; k++) {
    const at = order[k] as number;
    const planned = plan.questions[at] as PlannedQuestion;
    let lo = Infinity;
    let hi = -Infinity;
    const kept = values[at];
    const candidates = planned.choiceValues ?? candidateValues(planned.question, signsListed(undecided, first[at] as number, next).map((sign) => sign.indicator));
    for (const value of candidates) {
      values[at] = value;
      let total = 0;
      for (let i = first[at] as number; i >= 0; i = next[i] as number) {
        const sign = undecided[i] as PlannedSign;
        if (sign.when(now) === TRUE) total += sign.indicator.weight;
      }
      lo = Math.min(lo, total);
      hi = Math.max(hi, total);
    }
    values[at] = kept;
    min += Math.min(0, lo);
    max += Math.max(0, hi);
    up[at] = (up[at] as number) + Math.max(0, hi);
    down[at] = (down[at] as number) + Math.max(0, -lo);
  }
  return { min, max, up, down };
}

function listed(order: Int32Array, lists: number, at: number): boolean {
  for (let k = 0; k < lists; k++) if (order[k] === at) return true;
  return false;
}

function signsListed(undecided: readonly PlannedSign[], from: number, next: Int32Array): PlannedSign[] {
  const out: PlannedSign[] = [];
  for (let i = from; i >= 0; i = next[i] as number) out.push(undecided[i] as PlannedSign);
  return out;
}

interface Spread {
  min: number;
  max: number;
  /** By question position: how far its answer could still raise the score … */
  up: Float64Array;
  /** … and lower it. */
  down: Float64Array;
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
 * How much each open question could do to change the steps, rather than merely the score: once the
 * score is inside a band, only the part of a question's swing that could carry it out of the bands
 * that lead to the same steps (see step-classes.ts) counts. At the top, questions that can only add
 * to the score are no use; with no lower edge (a floor already holds it), questions that can only
 * lower it are no use. A sign that would set a minimum verdict in a more serious class counts in
 * full. By question position, in the plan's working space.
 */
function usefulness(
  plan: Plan,
  band: number,
  score: number,
  rangeMin: number,
  rangeMax: number,
  answered: number,
  floorMin: number,
  spread: Spread,
  undecided: readonly PlannedSign[],
  open: Uint8Array,
): { useful: Float64Array; decisive: Uint8Array } {
  const b = plan.bands[band] as PlannedBand;
  const upperEdge = b.upperEdge;
  const held = floorMin > 0 && floorMin >= b.classBottom;
  const lowerEdge = held ? -Infinity : b.classFloorScore;
  const upside = Math.max(0, rangeMax - (upperEdge - 1));
  const downside = Math.max(0, lowerEdge - rangeMin);
  const { up, down } = spread;
  const { useful, decisive } = plan.scratch;
  useful.fill(0);
  // Decisive: this answer alone, with the others as they stand, could take the case to other steps.
  decisive.fill(0);
  for (let at = 0; at < open.length; at++) {
    if (open[at] !== 1) continue;
    const value =
      upside === 0 && downside === 0
        ? (up[at] as number) + (down[at] as number) // unsettled for another reason (answers needed): any progress helps
        : Math.min(up[at] as number, upside) + Math.min(down[at] as number, downside);
    if (value > 0) useful[at] = value;
    if (score + (up[at] as number) >= upperEdge || score - (down[at] as number) < lowerEdge) decisive[at] = 1;
  }
  // While a band still needs more definite answers, any answer that bears on the score helps.
  if (answered < plan.mostAnswersNeeded)
    for (let at = 0; at < open.length; at++) if (open[at] === 1 && (up[at] as number) + (down[at] as number) > 0) useful[at] = (useful[at] as number) + 1;
  for (const sign of undecided)
    if (sign.atLeast > b.severity && sign.atLeastClass !== b.stepClass)
      for (const at of sign.refs)
        if (at >= 0 && open[at] === 1) {
          useful[at] = (useful[at] as number) + sign.indicator.weight;
          decisive[at] = 1;
        }
  return { useful, decisive };
}

/**
 * Rank open questions by how much they could do to the verdict, into `out`; questions that unlock
 * others share in their value. `useful` becomes each question's impact.
 */
function rankOpenQuestions(plan: Plan, { useful: impact, decisive }: { useful: Float64Array; decisive: Uint8Array }, open: Uint8Array, out: OpenQuestion[]): void {
  for (let at = open.length - 1; at >= 0; at--) {
    const planned = plan.questions[at] as PlannedQuestion;
    if (open[at] !== 1 || planned.when === undefined) continue;
    const own = impact[at] as number;
    if (own === 0) continue;
    for (const gate of planned.gates) if (gate >= 0 && open[gate] === 1) impact[gate] = (impact[gate] as number) + own / 2;
  }
  // Most impact first, then question order: an insertion sort of the few positions in play.
  const ranked = plan.scratch.order;
  let n = 0;
  for (let at = 0; at < open.length; at++) {
    const value = impact[at] as number;
    if (open[at] !== 1 || !(value > 0)) continue;
    let k = n++;
    while (k > 0 && (impact[ranked[k - 1] as number] as number) < value) {
      ranked[k] = ranked[k - 1] as number;
      k--;
    }
    ranked[k] = at;
  }
  for (let k = 0; k < n; k++) {
    const at = ranked[k] as number;
    const q = (plan.questions[at] as PlannedQuestion).question;
    out.push({ id: q.id, text: q.text, impact: Math.round((impact[at] as number) * 10) / 10, decisive: decisive[at] === 1 });
  }
}

function likeliestFamily(rules: RuleSet, fired: readonly PlannedSign[]): Family | null {
  const totals = new Float64Array(rules.families.length);
  for (const sign of fired) for (const f of sign.families) totals[f] = (totals[f] as number) + sign.indicator.weight;
  let best: Family | null = null;
  let bestTotal = 0;
  for (let f = 0; f < totals.length; f++)
    if ((totals[f] as number) > bestTotal) [best, bestTotal] = [rules.families[f] as Family, totals[f] as number];
  return best;
}
