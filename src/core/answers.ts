/**
 * Answers from scripts and saved triages: a JSON object mapping question ids to answers. Checked
 * against the questions with one message per problem, each naming its JSON path, and stored in a
 * Map so no key (not even `__proto__`) can reach an object prototype.
 */
import type { AnswerValue } from "./conditions.js";
import { didYouMean } from "./diagnostics.js";
import { AnswerError, type AnswerProblem } from "./errors.js";
import type { Choice, Question, RuleSet } from "./ruleset.js";
import { NOT_SURE } from "./constants.js";
import { describeRedactions, secretsIn } from "./redact.js";

export type Answers = Map<string, AnswerValue>;

/** Keys that would pollute prototypes in careless code: refused, so a script's mistake is visible. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
export const MAX_TEXT_ANSWER = 2000;
/** A case id may be at most this long. */
export const MAX_CASE_ID = 200;

/**
 * The wrapped form of a case, `{ "id"?, "region"?, "details"?, "answers" }`: its fields and limits.
 * This is the one definition of a case: readCase and the batch's quick key check documents with
 * caseProblems below, and the published JSON Schema (output-schema.ts) is built from these constants.
 */
export const CASE_FIELDS = ["id", "region", "details", "answers"] as const;
export const DETAIL_KEYS = ["number", "organisation", "callTime", "ticket", "operator"] as const;
/** A case detail may be at most this long. */
export const MAX_DETAIL = 500;

/** The optional envelope a script may send instead of a bare answers object. */
export interface CaseInput {
  id?: string;
  region?: string;
  /** Case details for the case history (help desks): the number that called, ticket, … */
  details?: CaseInputDetails;
  answers: Answers;
}

export type CaseInputDetails = Partial<Record<(typeof DETAIL_KEYS)[number], string>>;

const MAX_KEY_SHOWN = 100;

export function jsonPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  // No question id is this long; a huge key is shortened so its message stays readable.
  if (key.length > MAX_KEY_SHOWN) return `${base}[${JSON.stringify(key.slice(0, MAX_KEY_SHOWN))}…]`;
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const describe = (v: unknown) => {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v); // 1e400 parses as Infinity, which JSON writes as null
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v); // undefined, functions and symbols have no JSON
  } catch {
    s = String(v); // a BigInt
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s; // a pasted essay is not repeated back in full
};

/** Whether a document is a wrapped case rather than a bare answers object: it has an `answers` object. */
export const isWrappedCase = (doc: unknown): doc is Record<string, unknown> & { answers: Record<string, unknown> } =>
  isPlainObject(doc) && isPlainObject(doc.answers);

/**
 * Everything wrong with a wrapped case apart from its answers, one problem per field, or an empty
 * list. Builds no message for a good case, so the batch can afford it on every line.
 */
export function caseProblems(doc: Record<string, unknown>, rules: RuleSet): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const key of Object.keys(doc)) {
    if (!(CASE_FIELDS as readonly string[]).includes(key))
      problems.push({ path: jsonPath("$", key), message: `unknown field${didYouMean(key, CASE_FIELDS)}; a case has id, region, details and answers` });
  }
  const { id, region, details } = doc;
  if (id !== undefined && (typeof id !== "string" || id.length > MAX_CASE_ID))
    problems.push({ path: "$.id", message: `must be a string of at most ${MAX_CASE_ID} characters, got ${describe(id)}` });
  else if (typeof id === "string" && secretsIn(id).length > 0)
    // The id is stored and shown, so it is refused rather than kept; the message does not repeat it.
    problems.push({ path: "$.id", message: `looks like ${describeRedactions(secretsIn(id))}; a case id is stored and shown, so use a reference that holds no secret` });
  if (region !== undefined && (typeof region !== "string" || !rules.regions.some((r) => r.id === region)))
    problems.push({ path: "$.region", message: `unknown region ${describe(region)}; valid: ${rules.regions.map((r) => r.id).join(", ")}` });
  if (details !== undefined) {
    if (!isPlainObject(details)) problems.push({ path: "$.details", message: `expected an object, got ${describe(details)}` });
    else
      for (const [key, value] of Object.entries(details)) {
        const path = jsonPath("$.details", key);
        if (!(DETAIL_KEYS as readonly string[]).includes(key)) problems.push({ path, message: `unknown case detail${didYouMean(key, DETAIL_KEYS)}; known: ${DETAIL_KEYS.join(", ")}` });
        else if (typeof value !== "string" || value.length > MAX_DETAIL) problems.push({ path, message: `must be text of at most ${MAX_DETAIL} characters, got ${describe(value)}` });
      }
  }
  return problems;
}

/**
 * Read a parsed JSON document as a case: either a bare answers object, or
 * `{ "id"?: string, "region"?: string, "details"?: { … }, "answers": { … } }`.
 */
export function readCase(input: unknown, rules: RuleSet): CaseInput {
  if (!isWrappedCase(input)) return { answers: readAnswers(input, rules, "$") };
  const problems = caseProblems(input, rules);
  let answers: Answers = new Map();
  try {
    answers = readAnswers(input.answers, rules, "$.answers");
  } catch (error) {
    if (!(error instanceof AnswerError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0) throw new AnswerError(problems);
  const { id, region, details } = input as { id?: string; region?: string; details?: CaseInputDetails };
  return {
    ...(id !== undefined && { id }),
    ...(region !== undefined && { region }),
    ...(details !== undefined && Object.keys(details).length > 0 && { details: { ...details } }),
    answers,
  };
}

/** Check an answers object against the questions. Throws AnswerError listing every problem. */
export function readAnswers(input: unknown, rules: RuleSet, base = "$"): Answers {
  if (!isPlainObject(input))
    throw new AnswerError([{ path: base, message: `expected an object mapping question ids to answers, got ${describe(input)}` }]);
  const byId = questionsById(rules);
  const order = questionOrder(rules);
  const answers: Answers = new Map();
  const problems: AnswerProblem[] = [];
  let inOrder = true;
  let last = -1;
  for (const key of Object.keys(input)) {
    // The JSON path is only spelled out when there is a problem to report.
    const path = () => jsonPath(base, key);
    if (FORBIDDEN_KEYS.has(key)) {
      problems.push({ path: path(), message: `'${key}' is not a question id (reserved key refused)` });
      continue;
    }
    const question = byId.get(key);
    if (!question) {
      problems.push({ path: path(), message: `unknown question id${didYouMean(key, byId.keys())}; run 'scamcheck questions' to list them` });
      continue;
    }
    const value = input[key];
    if (value === null || value === undefined) continue; // explicit "no answer"
    const checked = validValue(question, value) ?? checkValue(question, value, path, problems);
    if (checked === undefined) continue;
    answers.set(key, checked);
    const at = order.get(key) as number;
    if (at < last) inOrder = false;
    last = at;
  }
  if (problems.length > 0) throw new AnswerError(problems);
  // In question order, whatever the order of the keys, so the same answers always give the same
  // result (down to the order of `ignored`). Scripts usually write them in that order already.
  if (inOrder) return answers;
  return new Map([...answers].sort((a, b) => (order.get(a[0]) as number) - (order.get(b[0]) as number)));
}

const questionOrders = new WeakMap<RuleSet, Map<string, number>>();
/** Each question's place in the rule set's question order. */
function questionOrder(rules: RuleSet): Map<string, number> {
  let map = questionOrders.get(rules);
  if (!map) questionOrders.set(rules, (map = new Map(rules.questions.map((q, i) => [q.id, i]))));
  return map;
}

// Scripts check thousands of cases against one rule set: its look-ups are built once.
const questionMaps = new WeakMap<RuleSet, Map<string, Question>>();
/** The rule set's questions by id, built once per rule set (the engine uses it too). */
export function questionsById(rules: RuleSet): Map<string, Question> {
  let map = questionMaps.get(rules);
  if (!map) questionMaps.set(rules, (map = new Map(rules.questions.map((q) => [q.id, q]))));
  return map;
}
const choiceIdLists = new WeakMap<Question, string[]>();
function choiceIdsOf(q: Question): string[] {
  let ids = choiceIdLists.get(q);
  if (!ids) choiceIdLists.set(q, (ids = q.choices.map((c) => c.id)));
  return ids;
}

/** The choice of a multiple-choice answer that may not be ticked with others, when it has company. */
export function exclusiveClash(q: Question, ids: readonly string[]): Choice | undefined {
  return ids.length > 1 ? q.choices.find((c) => c.exclusive === true && ids.includes(c.id)) : undefined;
}

/**
 * A well-formed answer as the engine holds it, or undefined for anything checkValue must look at
 * (and explain). Batches check millions of answers, nearly all fine: this builds no messages.
 */
export function validValue(q: Question, value: unknown): AnswerValue | undefined {
  if (value === NOT_SURE) return NOT_SURE;
  switch (q.type) {
    case "yes-no":
      return value === true ? "yes" : value === false ? "no" : value === "yes" || value === "no" ? value : undefined;
    case "single":
      return typeof value === "string" && choiceIdsOf(q).includes(value) ? value : undefined;
    case "multiple": {
      if (!Array.isArray(value)) return undefined;
      const choiceIds = choiceIdsOf(q);
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (typeof v !== "string" || !choiceIds.includes(v) || value.indexOf(v) !== i) return undefined;
      }
      if (exclusiveClash(q, value as string[])) return undefined;
      return value.slice() as string[];
    }
    case "number":
      return typeof value === "number" && Number.isFinite(value) && !(q.min !== undefined && value < q.min) && !(q.max !== undefined && value > q.max) ? value : undefined;
    case "text":
      return typeof value === "string" && value.length <= MAX_TEXT_ANSWER ? value : undefined;
  }
}

/**
 * What people write where an id is wanted, read as the id when that is unambiguous: any case, and
 * spaces or underscores for hyphens ("Yes", "not sure", "They_Called"). Exact ids never get here.
 */
function asId(q: Question, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const id = value.trim().toLowerCase().replace(/[\s_]+/g, "-");
  return id === NOT_SURE || choiceIdsOf(q).includes(id) ? id : value;
}

function checkValue(q: Question, given: unknown, path: () => string, problems: AnswerProblem[]): AnswerValue | undefined {
  const fail = (message: string) => {
    problems.push({ path: path(), message });
    return undefined;
  };
  const value = q.type === "text" || q.type === "number" ? given : Array.isArray(given) ? given.map((v) => asId(q, v)) : asId(q, given);
  if (value === NOT_SURE || (typeof given === "string" && asId(q, given) === NOT_SURE)) return NOT_SURE;
  const choiceIds = choiceIdsOf(q);
  const valid = () => [...choiceIds, NOT_SURE].map((c) => JSON.stringify(c)).join(", ");
  switch (q.type) {
    case "yes-no":
      if (value === true) return "yes";
      if (value === false) return "no";
      if (value === "yes" || value === "no") return value;
      return fail(`${describe(value)} is not a valid answer; valid: ${valid()} (or true/false)`);
    case "single":
      if (typeof value === "string" && choiceIds.includes(value)) return value;
      return fail(`${describe(value)} is not one of the choices${typeof value === "string" ? didYouMean(value, choiceIds) : ""}; valid: ${valid()}`);
    case "multiple": {
      if (!Array.isArray(value)) return fail(`expected a list of choices (or "${NOT_SURE}"), got ${describe(value)}; valid choices: ${choiceIds.join(", ")}`);
      const out: string[] = [];
      value.forEach((v, i) => {
        if (typeof v !== "string" || !choiceIds.includes(v))
          problems.push({ path: `${path()}[${i}]`, message: `${describe(v)} is not one of the choices${typeof v === "string" ? didYouMean(v, choiceIds) : ""}; valid: ${choiceIds.join(", ")}` });
        else if (!out.includes(v)) out.push(v);
      });
      const clash = exclusiveClash(q, out);
      if (clash) return fail(`${JSON.stringify(clash.id)} (${clash.label}) cannot be chosen with other choices`);
      return out.length === value.length || problems.length === 0 ? out : undefined;
    }
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return fail(`expected a number (or "${NOT_SURE}"), got ${describe(value)}`);
      if (q.min !== undefined && value < q.min) return fail(`must be at least ${q.min}, got ${value}`);
      if (q.max !== undefined && value > q.max) return fail(`must be at most ${q.max}, got ${value}`);
      return value;
    case "text":
      if (typeof value !== "string") return fail(`expected text, got ${describe(value)}`);
      if (value.length > MAX_TEXT_ANSWER) return fail(`is too long (${value.length} characters; at most ${MAX_TEXT_ANSWER})`);
      return value;
  }
}

/** Answers back to the JSON that `check --answers` reads, in question order. */
/**
 * The answers as JSON with secrets removed from the typed (text) answers, for writing anywhere.
 * Choice answers are ids from the packs, so they are left as they are.
 */
export function redactedAnswersJson(answers: Answers, rules: RuleSet, redact: (text: string) => string): Record<string, AnswerValue> {
  const json = answersToJson(answers, rules);
  for (const q of rules.questions) if (q.type === "text" && typeof json[q.id] === "string") json[q.id] = redact(json[q.id] as string);
  return json;
}

export function answersToJson(answers: Answers, rules: RuleSet): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = Object.create(null);
  for (const q of rules.questions) {
    const v = answers.get(q.id);
    if (v !== undefined) out[q.id] = v;
  }
  return { ...out };
}
