/**
 * Conditions in three-valued logic.
 *
 * A condition over an unanswered or "not sure" question is neither true nor false: it is UNKNOWN,
 * and an indicator fires only when its condition is TRUE. That is how "not sure never counts as
 * evidence either way" holds even under `not`: not(UNKNOWN) is still UNKNOWN.
 *
 * Each evaluation returns the SET of values the condition can still take (a 3-bit mask). With every
 * question settled the set has one member; a question that may still be answered contributes all
 * three, which lets the engine tell whether a sign, and so the verdict, can still change.
 */
import { NOT_SURE } from "./constants.js";
import { memoOn } from "./memo.js";
import type { Condition } from "./ruleset.js";

export const TRUE = 1;
export const FALSE = 2;
export const UNKNOWN = 4;
const ANY = TRUE | FALSE | UNKNOWN;
/** A set of truth values, as a bit mask of TRUE, FALSE and UNKNOWN. */
export type Truths = number;

export type AnswerValue = string | number | string[];
export type FactValue = string | number | boolean;

export interface EvaluationContext {
  /** The answers so far: a Map, or any view of one (the engine tries answers on such views). */
  answers: { get(id: string): AnswerValue | undefined };
  facts?: ReadonlyMap<string, FactValue>;
  /** Questions that are unanswered but may still be asked: they can take any value. */
  open?: ReadonlySet<string>;
}

function and(a: number, b: number): number {
  if (a === FALSE || b === FALSE) return FALSE;
  if (a === TRUE && b === TRUE) return TRUE;
  return UNKNOWN;
}
function or(a: number, b: number): number {
  if (a === TRUE || b === TRUE) return TRUE;
  if (a === FALSE && b === FALSE) return FALSE;
  return UNKNOWN;
}
function negate(a: number): number {
  return a === TRUE ? FALSE : a === FALSE ? TRUE : UNKNOWN;
}

/** Combine two sets of values pairwise with a three-valued operator. */
function combine(x: Truths, y: Truths, op: (a: number, b: number) => number): Truths {
  let out = 0;
  for (const a of [TRUE, FALSE, UNKNOWN]) {
    if (!(x & a)) continue;
    for (const b of [TRUE, FALSE, UNKNOWN]) if (y & b) out |= op(a, b);
  }
  return out;
}

// The engine evaluates every condition of every pack for every case (and again for each answer a
// batch or an interview tries), so the set operations are looked up in tables built once here
// rather than worked out pair by pair each time.
const table = (op: (a: number, b: number) => number) => {
  const out = new Uint8Array(64);
  for (let x = 0; x <= ANY; x++) for (let y = 0; y <= ANY; y++) out[x * 8 + y] = combine(x, y, op);
  return out;
};
const AND = table(and);
const OR = table(or);
const NOT = Uint8Array.from({ length: 8 }, (_, x) => combine(x, TRUE, (a) => negate(a)));

const truth = (b: boolean): Truths => (b ? TRUE : FALSE);

function compareValue(c: Condition, value: AnswerValue | FactValue): Truths {
  if (c.answered !== undefined) return truth(c.answered);
  if (c.equals !== undefined) return truth(!Array.isArray(value) && value === c.equals);
  if (c.in !== undefined) return truth(!Array.isArray(value) && c.in.includes(value));
  if (c.includes !== undefined) return truth(Array.isArray(value) && value.includes(c.includes));
  if (typeof value !== "number") return FALSE;
  if (c.gt !== undefined) return truth(value > c.gt);
  if (c.gte !== undefined) return truth(value >= c.gte);
  if (c.lt !== undefined) return truth(value < c.lt);
  if (c.lte !== undefined) return truth(value <= c.lte);
  return FALSE;
}

type Evaluator = (ctx: EvaluationContext) => Truths;
const EVALUATOR = Symbol("scamcheck.evaluator");
const compiled = new WeakMap<object, Evaluator>();

// The parts of a compiled condition that do not read answers, shared by both kinds of context.
type Compiled<C> = (ctx: C) => Truths;
function junction<C>(parts: Compiled<C>[], all: boolean): Compiled<C> {
  const ops = all ? AND : OR;
  const start = all ? TRUE : FALSE;
  if (parts.length === 2) {
    const [a, b] = parts as [Compiled<C>, Compiled<C>];
    return (ctx) => ops[(ops[start * 8 + a(ctx)] as number) * 8 + b(ctx)] as number;
  }
  return (ctx) => {
    let acc = start;
    for (let i = 0; i < parts.length; i++) acc = ops[acc * 8 + (parts[i] as Compiled<C>)(ctx)] as number;
    return acc;
  };
}
const negation = <C>(inner: Compiled<C>): Compiled<C> => (ctx) => NOT[inner(ctx)] as number;
function factLeaf<C extends { facts?: ReadonlyMap<string, FactValue> | undefined }>(c: Condition): Compiled<C> {
  const fact = c.fact as string;
  const missing = c.answered !== undefined ? truth(!c.answered) : UNKNOWN;
  return (ctx) => {
    const value = ctx.facts?.get(fact);
    return value === undefined ? missing : compareValue(c, value);
  };
}

function compile(c: Condition): Evaluator {
  if (c.all || c.any) return junction((c.all ?? c.any ?? []).map(evaluatorFor), c.all !== undefined);
  if (c.not) return negation(evaluatorFor(c.not));
  if (c.fact !== undefined) return factLeaf(c);
  const id = c.question as string;
  const unsure = c.answered !== undefined ? truth(!c.answered) : UNKNOWN;
  return (ctx) => {
    if (ctx.open?.has(id)) return ANY;
    const value = ctx.answers.get(id);
    if (value === undefined) return UNKNOWN;
    if (value === NOT_SURE) return unsure;
    return compareValue(c, value);
  };
}

/** Each condition is turned into a closure once (see memo.ts). */
const evaluatorFor = (c: Condition): Evaluator => memoOn(c, EVALUATOR, compiled, compile);

/** The set of values a condition can take, given the answers so far. */
export function evaluate(c: Condition, ctx: EvaluationContext): Truths {
  return evaluatorFor(c)(ctx);
}

/** True only when the condition is definitely true now. */
export function holds(c: Condition | undefined, ctx: EvaluationContext): boolean {
  return c === undefined || evaluate(c, ctx) === TRUE;
}

/**
 * The answers as the engine holds them while it scores a case: by question position rather than
 * by id, so a condition reads an array slot instead of looking up a map (triage evaluates a few
 * hundred conditions per case). `open` marks the questions that may still be asked.
 */
export interface IndexedContext {
  values: (AnswerValue | undefined)[];
  open: Uint8Array | undefined;
  facts: ReadonlyMap<string, FactValue> | undefined;
}
export type IndexedEvaluator = (ctx: IndexedContext) => Truths;

/**
 * A condition compiled against question positions: the same three-valued result as `evaluate`
 * gives for the same answers (the engine's tests compare the two on every shipped condition).
 */
export function compileIndexed(c: Condition, position: ReadonlyMap<string, number>): IndexedEvaluator {
  if (c.all || c.any) return junction((c.all ?? c.any ?? []).map((sub) => compileIndexed(sub, position)), c.all !== undefined);
  if (c.not) return negation(compileIndexed(c.not, position));
  if (c.fact !== undefined) return factLeaf(c);
  const at = position.get(c.question as string);
  // A question no pack defines is never answered (compile-rules reports it; this keeps the engine total).
  if (at === undefined) return () => UNKNOWN;
  const unsure = c.answered !== undefined ? truth(!c.answered) : UNKNOWN;
  if (c.answered === undefined && c.equals !== undefined) {
    // The commonest leaf, `equals`, written out.
    const wanted = c.equals;
    return (ctx) => {
      if (ctx.open !== undefined && ctx.open[at] === 1) return ANY;
      const value = ctx.values[at];
      return value === undefined || value === NOT_SURE ? UNKNOWN : value === wanted ? TRUE : FALSE;
    };
  }
  return (ctx) => {
    if (ctx.open !== undefined && ctx.open[at] === 1) return ANY;
    const value = ctx.values[at];
    if (value === undefined) return UNKNOWN;
    if (value === NOT_SURE) return unsure;
    return compareValue(c, value);
  };
}

const QUESTIONS = Symbol("scamcheck.questions");
const questionLists = new WeakMap<object, string[]>();

/**
 * Every question a condition mentions, in order of first mention. Without `out`, the list is worked
 * out once per condition (see memo.ts) and shared, so it is frozen: the interview asks for the
 * questions of every step and sign for every case of a batch.
 */
export function questionsIn(c: Condition | undefined, out?: string[]): string[] {
  if (out !== undefined) return collectQuestions(c, out);
  return c ? memoOn(c, QUESTIONS, questionLists, (x) => Object.freeze(collectQuestions(x, [])) as string[]) : [];
}

function collectQuestions(c: Condition | undefined, out: string[]): string[] {
  if (!c) return out;
  for (const sub of c.all ?? c.any ?? (c.not ? [c.not] : [])) collectQuestions(sub, out);
  if (c.question !== undefined && !out.includes(c.question)) out.push(c.question);
  return out;
}

/** Every fact a condition mentions. */
export function factsIn(c: Condition | undefined, out: string[] = []): string[] {
  if (!c) return out;
  for (const sub of c.all ?? c.any ?? (c.not ? [c.not] : [])) factsIn(sub, out);
  if (c.fact !== undefined && !out.includes(c.fact)) out.push(c.fact);
  return out;
}

/** Every leaf of a condition, with the JSON-ish path to it inside the condition. */
export function leavesOf(c: Condition, path: (string | number)[] = []): { leaf: Condition; path: (string | number)[] }[] {
  if (c.all) return c.all.flatMap((sub, i) => leavesOf(sub, [...path, "all", i]));
  if (c.any) return c.any.flatMap((sub, i) => leavesOf(sub, [...path, "any", i]));
  if (c.not) return leavesOf(c.not, [...path, "not"]);
  return [{ leaf: c, path }];
}
