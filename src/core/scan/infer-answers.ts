/**
 * Answers from call notes: run every pack phrase over the notes, read how each match is meant
 * (cues.ts), and turn the readings into answers with the evidence for each.
 *
 * Precision comes first, because a wrong answer is worse than none: contradicting evidence for a
 * single-choice or number question leaves it unanswered, a denial only answers "no" when it is
 * about the phrase itself, and doubt ("I think…") gives "not sure", which never counts as evidence.
 */
import type { Answers } from "../answers.js";
import type { AnswerValue } from "../conditions.js";
import { NOT_SURE } from "../constants.js";
import type { Question, RuleSet } from "../ruleset.js";
import { relevantQuestions } from "../triage.js";
import type { CompiledPhrase, PhraseWord } from "./compile-phrase.js";
import { readMatch, type Polarity, type Reading } from "./cues.js";
import { joinLists } from "./lists.js";
import { locate } from "./locate.js";
import { buildMatcher, findOnTape, matcherData, matcherFromData, tapeOf, type Matcher, type MatcherData, type PhraseMatch } from "./match-phrases.js";
import { offeredMatcher } from "./prebuilt.js";
import { matchesThroughReferences } from "./references.js";
import { addressesCaller, answeredByPerson, CALLER, callerSelfReference, introduces, PERSON, voices } from "./speakers.js";
import { tokenize, type Token, type Tokens } from "./tokenize.js";

/** One piece of text that supports an inferred answer. */
export interface Evidence {
  question: string;
  /** The answer it supports: yes, no, not-sure, a choice id, or a number. */
  answer: string | number;
  /** The words matched, as written in the notes (runs of white space shown as one space). */
  text: string;
  /** 1-based line and column (in characters) where the match starts. */
  line: number;
  column: number;
  /** The pack phrase that matched. */
  phrase: string;
  /** The words that turned the match into a "no" or a "not sure" ("did not", "I think"), as written. */
  cue?: string;
}

export interface Inference {
  answers: Answers;
  evidence: Evidence[];
}

export interface InferOptions {
  /**
   * Answers already known (given or confirmed by the person). They are not inferred again, and
   * with the inferred answers they decide which questions apply.
   */
  known?: Answers;
}

/** What a phrase says when it matches plainly. */
type Target =
  | { question: Question; kind: "yes" | "no" | "ignore" }
  | { question: Question; kind: "choice"; choice: string }
  | { question: Question; kind: "number"; value?: number; times?: number };

interface Plan {
  phrases: CompiledPhrase[];
  targets: Target[];
  /** Whether each phrase contains a negation itself ("did not ask"). */
  negative: boolean[];
  /**
   * Whether a caller's "my" in a match of each phrase still means what the phrase means: a phrase
   * written for the caller's words ("my name is"), or one naming someone else's thing ("broke
   * {his|her|their} phone"), rather than the person's ("{my|your|her} password", or a gap).
   */
  callerMy: boolean[];
  /** Whether each phrase's question is about the person (`detect.about`), read once: the lookup is per match. */
  aboutPerson: boolean[];
  matcher: Matcher;
}

/** Evidence kept per answer: enough to show why, without flooding the output for long notes. */
export const MAX_EVIDENCE_PER_ANSWER = 5;

/** No phrase spans more tokens than this (12 words and three gaps of three). */
const MAX_MATCH_TOKENS = 32;

const NEGATION_WORDS = new Set(["not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without"]);

/** The phrases of a rule set, indexed once per rule set (rule sets are immutable). */
const plans = new WeakMap<RuleSet, Plan>();

function planFor(rules: RuleSet): Plan {
  const cached = plans.get(rules);
  if (cached) return cached;
  const phrases: CompiledPhrase[] = [];
  const targets: Target[] = [];
  const add = (list: readonly CompiledPhrase[] | undefined, target: Target) => {
    for (const p of list ?? []) {
      phrases.push(p);
      targets.push(target);
    }
  };
  for (const question of rules.questions) {
    add(question.detect?.yes, { question, kind: "yes" });
    add(question.detect?.no, { question, kind: "no" });
    add(question.detect?.ignore, { question, kind: "ignore" });
    for (const n of question.detect?.number ?? [])
      add([n.phrase], { question, kind: "number", ...(n.value !== undefined && { value: n.value }), ...(n.times !== undefined && { times: n.times }) });
    if (question.type === "single" || question.type === "multiple")
      for (const choice of question.choices) add(choice.detect, { question, kind: "choice", choice: choice.id });
  }
  // The build's matcher, when one is offered for these phrases (see prebuilt.ts).
  const stored = offeredMatcher(rules);
  const matcher = stored !== undefined && stored.machines.length === phrases.length ? matcherFromData(stored) : buildMatcher(phrases);
  const aboutPerson = targets.map((t) => t.question.detect?.about === "person");
  const plan = { phrases, targets, negative: phrases.map(hasNegation), callerMy: phrases.map(keepsCallerMy), aboutPerson, matcher };
  plans.set(rules, plan);
  return plan;
}

/** The matcher of a rule set's phrases as plain data, for the build to store (see prebuilt.ts). */
export function scanMatcherData(rules: RuleSet): MatcherData {
  return matcherData(planFor(rules).matcher);
}

/** Whether a phrase's plain match says the thing happened: a "yes", or one of several choices. */
const affirms = (target: Target) => target.kind === "yes" || (target.kind === "choice" && target.question.type === "multiple");

/** A reading of one match, as a vote for an answer. */
interface Vote {
  match: PhraseMatch;
  reading: Reading;
  answer: AnswerValue;
  /** For a single choice: named right after the caller introduced themselves ("calling from…"). */
  introduced: boolean;
}

/**
 * Answer the questions that the notes speak to, with the evidence for each. Pure and linear in the
 * text. Only questions that apply, given the other answers, are answered, as in the interview: a
 * "jail" in a tax-office call does not answer the question about a relative in trouble.
 */
export function inferAnswers(rules: RuleSet, text: string, options: InferOptions = {}): Inference {
  const known = options.known ?? new Map<string, AnswerValue>();
  const plan = planFor(rules);
  const tokens = joinLists(text, tokenize(text));
  const { voice, opening } = voices(text, tokens);
  const byQuestion = new Map<string, PhraseMatch[]>();
  const tape = tapeOf(plan.matcher, tokens.tokens);
  const direct = findOnTape(plan.matcher, tape);
  const through = matchesThroughReferences(plan.matcher, tokens, tape);
  const referred = through.filter((m) => !hasMatch(direct, m));
  // In text order, as longestOnly expects: the few matches through references merged in.
  const all = referred.length === 0 ? direct : merge(direct, referred.sort((a, b) => a.first - b.first || a.end - b.end));
  /**
   * Questions some phrase matched, whoever said it; of `ignore` phrases, only those in the opening
   * turn ("Agent: Thank you for calling…"), since they say nothing elsewhere.
   */
  const spoken = new Set<string>();
  for (let k = 0; k < all.length; k++) {
    const m = all[k] as PhraseMatch;
    const target = plan.targets[m.phrase] as Target;
    const question = target.question;
    if (target.kind !== "ignore" || (opening !== undefined && m.first >= opening.first && m.first < opening.end)) spoken.add(question.id);
    // The person's own words are not the caller's claims or requests ("Me: my laptop is slow"),
    // and what the caller says happened to them ("Caller: I got a pop-up") is not about the person.
    const speaker = voice[m.first];
    const aboutPerson = plan.aboutPerson[m.phrase] as boolean;
    if (speaker === PERSON && !aboutPerson && !addressesCaller(tokens, m.first, m.end)) continue;
    if (speaker === CALLER && callerSelfReference(tokens.tokens, m.first, m.end, plan.callerMy[m.phrase] as boolean)) continue;
    // What the person did or has ("about: person") is not told by the caller's own turn: "Caller:
    // a courier will pick up the cash" is an instruction, "Caller: you entered our draw" a claim.
    // A caller's word against it still counts ("you were picked at random": never entered).
    if (speaker === CALLER && aboutPerson && affirms(target)) continue;
    const id = question.id;
    const list = byQuestion.get(id);
    if (list) list.push(m);
    else byQuestion.set(id, [m]);
  }

  const answers: Answers = new Map();
  const chosen: { vote: Vote; question: string }[] = [];
  /** Questions whose evidence points two ways, left unanswered on purpose. */
  const contested = new Set<string>();
  for (const question of rules.questions) {
    const matches = byQuestion.get(question.id);
    if (!matches || known.has(question.id)) continue;
    const votes: Vote[] = [];
    // Once an answer is settled and has its evidence, more of the same cannot change anything:
    // a yes-no "yes" always wins, and another vote for a choice already seen adds no conflict.
    const affirmed = new Map<string, number>();
    const settled = (target: Target) =>
      (affirmed.get(target.kind === "choice" ? target.choice : target.kind === "yes" ? "yes" : "") ?? 0) >= MAX_EVIDENCE_PER_ANSWER &&
      (target.kind === "choice" || (target.kind === "yes" && question.type === "yes-no"));
    // The `unnamed` choice's match never hides a named one inside it ("team of Microsoft Corporation").
    const unnamed = question.detect?.unnamed;
    const hides = (m: PhraseMatch) => {
      const target = plan.targets[m.phrase] as Target;
      return !(target.kind === "choice" && target.choice === unnamed);
    };
    for (const m of longestOnly(matches, hides)) {
      const target = plan.targets[m.phrase] as Target;
      if (settled(target) || (question.type === "yes-no" && (affirmed.get("yes") ?? 0) >= MAX_EVIDENCE_PER_ANSWER)) continue;
      const reading = readMatch(tokens, m.first, m.end, plan.negative[m.phrase] as boolean);
      // "Caller: Is this the bank? / Me: Yes" is the person saying who they are, not the caller.
      const aboutPerson = plan.aboutPerson[m.phrase] as boolean;
      if (!aboutPerson && voice[m.first] === CALLER && answeredByPerson(tokens, m.first, reading, voice)) continue;
      const answer = voteFor(target, reading.polarity, m, question, aboutPerson);
      if (answer === undefined) continue;
      votes.push({ match: m, reading, answer, introduced: question.type === "single" && introduces(tokens.tokens, m.first, m.end) });
      if (answer !== NOT_SURE && (target.kind === "choice" || target.kind === "yes")) affirmed.set(String(answer), (affirmed.get(String(answer)) ?? 0) + 1);
    }
    const decided = decide(question, votes);
    if (!decided) {
      if (votes.some((v) => v.answer !== NOT_SURE)) contested.add(question.id);
      continue;
    }
    answers.set(question.id, decided.answer);
    for (const vote of decided.support) chosen.push({ vote, question: question.id });
  }

  // A transcript that opens with the caller's turn ("Caller: Hello, this is…") answers what the
  // question's `opening_turn` says, when no phrase of the question matched at all, in anyone's words.
  const opened: { question: string; answer: string }[] = [];
  if (opening)
    for (const question of rules.questions) {
      const choice = question.detect?.openingTurn;
      if (choice === undefined || answers.has(question.id) || known.has(question.id) || spoken.has(question.id)) continue;
      answers.set(question.id, choice);
      opened.push({ question: question.id, answer: choice });
    }
  const implied = impliedUnnamed(rules, answers, known, contested);
  const applies = new Set(relevantQuestions(rules, new Map([...answers, ...known])).map((q) => q.id));
  for (const id of answers.keys()) if (!applies.has(id)) answers.delete(id);
  const evidence = describeEvidence(text, tokens, chosen.filter((c) => answers.has(c.question)), plan);
  for (const { question, answer } of opened) if (answers.has(question)) evidence.push(openingEvidence(text, tokens, opening as { first: number; end: number }, question, answer));
  // An implied answer shows the evidence that needed it.
  for (const { question, answer, because } of implied) {
    const first = evidence.find((e) => because.includes(e.question));
    if (first) evidence.push({ ...first, question, answer, phrase: `(not named; implied by the answer to '${first.question}')` });
  }
  return { answers, evidence };
}

/**
 * Evidence for a question that applies only once the caller's identity is known ("offered a
 * refund" needs a company) is not thrown away when the notes name no one recognisable: an
 * unanswered single-choice question with an `unnamed` choice ("someone else, or they did not say")
 * takes that choice when it lets such answers count. A named or contested answer is never replaced.
 */
function impliedUnnamed(rules: RuleSet, answers: Answers, known: Answers, contested: ReadonlySet<string>): { question: string; answer: string; because: string[] }[] {
  const implied: { question: string; answer: string; because: string[] }[] = [];
  const dropped = (all: Answers) => {
    const applies = new Set(relevantQuestions(rules, all).map((q) => q.id));
    return [...answers.keys()].filter((id) => !applies.has(id));
  };
  let lost = dropped(new Map([...answers, ...known]));
  if (lost.length === 0) return implied;
  for (const question of rules.questions) {
    const unnamed = question.detect?.unnamed;
    if (unnamed === undefined || answers.has(question.id) || known.has(question.id) || contested.has(question.id)) continue;
    answers.set(question.id, unnamed);
    const still = dropped(new Map([...answers, ...known]));
    const regained = lost.filter((id) => !still.includes(id));
    if (regained.length === 0) {
      answers.delete(question.id);
      continue;
    }
    implied.push({ question: question.id, answer: unnamed, because: regained });
    lost = still;
    if (lost.length === 0) break;
  }
  return implied;
}

/** Whether matches in text order hold one of the same phrase over the same tokens as `m` (found by halving, not kept in a set). */
function hasMatch(matches: readonly PhraseMatch[], m: PhraseMatch): boolean {
  let low = 0;
  let high = matches.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((matches[mid] as PhraseMatch).first < m.first) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < matches.length && (matches[i] as PhraseMatch).first === m.first; i++) {
    const other = matches[i] as PhraseMatch;
    if (other.phrase === m.phrase && other.end === m.end) return true;
  }
  return false;
}

/** Two lists of matches in text order, as one. */
function merge(a: PhraseMatch[], b: PhraseMatch[]): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && (x.first < y.first || (x.first === y.first && x.end <= y.end)))) {
      out.push(x as PhraseMatch);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

/**
 * Within one question, a match inside a longer one ("an hour" in "half an hour") gives way to it;
 * `ignore` phrases exist only to be such longer matches ("anti-virus" hides "virus").
 */
function longestOnly(matches: PhraseMatch[], hides: (m: PhraseMatch) => boolean): PhraseMatch[] {
  // Matches arrive in text order and span a bounded number of tokens, so only neighbours can contain one.
  const contains = (o: PhraseMatch, m: PhraseMatch) => o.first <= m.first && o.end >= m.end && o.end - o.first > m.end - m.first && hides(o);
  return matches.filter((m, i) => {
    for (let j = i - 1; j >= 0 && (matches[j] as PhraseMatch).first >= m.first - MAX_MATCH_TOKENS; j--) if (contains(matches[j] as PhraseMatch, m)) return false;
    for (let j = i + 1; j < matches.length && (matches[j] as PhraseMatch).first === m.first; j++) if (contains(matches[j] as PhraseMatch, m)) return false;
    return true;
  });
}

const PERSON_POSSESSIVES = ["your", "her", "his"];
const wordOf = (w: PhraseWord | undefined) => (w !== undefined && "word" in w ? w.word : "");

/** See Plan.callerMy. */
function keepsCallerMy(phrase: CompiledPhrase): boolean {
  return phrase.steps.some((s) => {
    if ("word" in s) return s.word === "my";
    if (!("anyOf" in s)) return false;
    // "my" inside a longer option is the caller speaking ("{my name is|this is}").
    if (s.anyOf.some((o) => o.length > 1 && o.some((w) => wordOf(w) === "my"))) return true;
    const single = s.anyOf.filter((o) => o.length === 1).map((o) => wordOf(o[0]));
    if (!single.includes("my")) return false;
    return single.includes("their") || !PERSON_POSSESSIVES.some((p) => single.includes(p));
  });
}

function hasNegation(phrase: CompiledPhrase): boolean {
  // "card no" and "ref no" abbreviate "number": a "no" after another word of its option is not a denial.
  const denies = (o: PhraseWord[]) => o.some((w, k) => "word" in w && NEGATION_WORDS.has(w.word) && !(w.word === "no" && k > 0));
  return phrase.steps.some((s) => ("word" in s ? NEGATION_WORDS.has(s.word) : "anyOf" in s ? s.anyOf.some(denies) : false));
}

/** What one reading of one match says about its question, if anything. */
function voteFor(target: Target, reading: Polarity, match: PhraseMatch, question: Question, aboutPerson: boolean): AnswerValue | undefined {
  // A demand ("unless I paid") shows what the caller wanted, not what the person did.
  const polarity = reading === "demanded" ? (aboutPerson ? "supposed" : "affirmed") : reading;
  if (polarity === "supposed") return undefined;
  if (polarity === "hedged") return NOT_SURE;
  const denied = polarity === "negated" || (polarity === "refused" && aboutPerson);
  switch (target.kind) {
    case "yes":
      return polarity === "affirmed" ? "yes" : denied ? "no" : undefined;
    case "no":
      return polarity === "affirmed" ? "no" : undefined;
    case "ignore":
      return undefined;
    case "choice":
      return polarity === "affirmed" ? target.choice : undefined;
    case "number": {
      if (polarity !== "affirmed") return undefined;
      const n = target.value ?? (match.value !== undefined ? match.value * (target.times ?? 1) : undefined);
      if (n === undefined || (question.min !== undefined && n < question.min) || (question.max !== undefined && n > question.max)) return undefined;
      return n;
    }
  }
}

/**
 * Settle a question from its votes. Yes-no: any plain "yes" wins (a denial of one thing does not
 * deny another), else "no", else "not sure". Single choice and number: one answer, or none when
 * the notes disagree. Multiple choice: every choice named.
 */
function decide(question: Question, votes: Vote[]): { answer: AnswerValue; support: Vote[] } | undefined {
  const sure = votes.filter((v) => v.answer !== NOT_SURE);
  const unsure = votes.filter((v) => v.answer === NOT_SURE);
  if (question.type === "yes-no") {
    for (const answer of ["yes", "no"]) {
      const support = sure.filter((v) => v.answer === answer);
      if (support.length > 0) return { answer, support };
    }
  } else if (question.type === "multiple") {
    if (sure.length > 0) {
      // A choice that goes on its own ("None of these") yields to anything else the notes name:
      // "nothing was paid… then I gave him my card number" is the card number.
      const others = sure.filter((v) => !question.choices.some((c) => c.exclusive === true && c.id === v.answer));
      const kept = others.length > 0 ? others : sure;
      const named = new Set(kept.map((v) => v.answer as string));
      return { answer: question.choices.map((c) => c.id).filter((id) => named.has(id)), support: kept };
    }
  } else if (sure.length > 0) {
    // What the caller introduced themselves as outweighs what is only mentioned: "calling from
    // the Federal Trade Commission" about "a laptop you bought from Amazon" is the commission.
    const introduced = sure.filter((v) => v.introduced);
    const claims = introduced.length > 0 ? introduced : sure;
    // The "someone else" choice yields to a named one: "the billing department of
    // Microsoft" is Microsoft, though "billing department of …" alone would be someone else.
    const named = claims.filter((v) => v.answer !== question.detect?.unnamed);
    const votes = named.length > 0 ? named : claims;
    const distinct = new Set(votes.map((v) => v.answer));
    if (distinct.size === 1) return { answer: votes[0]?.answer as AnswerValue, support: votes };
    return undefined;
  }
  return unsure.length > 0 ? { answer: NOT_SURE, support: unsure } : undefined;
}

/** The first sentence of the caller's opening turn, as the evidence for an `opening_turn` answer. */
function openingEvidence(text: string, { tokens }: Tokens, opening: { first: number; end: number }, question: string, answer: string): Evidence {
  const first = tokens[opening.first] as Token;
  let last = first;
  for (let i = opening.first; i < opening.end && (tokens[i] as Token).sentence === first.sentence; i++) last = tokens[i] as Token;
  const place = locate(text, [first.start])[0];
  return {
    question,
    answer,
    text: squeeze(text.slice(first.start, last.end)),
    line: place?.line ?? 1,
    column: place?.column ?? 1,
    phrase: "(the transcript opens with the caller's turn)",
  };
}

function describeEvidence(text: string, tokens: Tokens, chosen: { vote: Vote; question: string }[], plan: Plan): Evidence[] {
  // Keep the first few per answer, in text order, each passage once: two phrases that match the
  // same words ("from Microsoft") are one piece of evidence.
  const kept: typeof chosen = [];
  const counts = new Map<string, number>();
  const shown = new Set<string>();
  for (const c of chosen) {
    const key = `${c.question}\u0000${String(c.vote.answer)}`;
    const passage = `${key}\u0000${c.vote.match.first}:${c.vote.match.end}`;
    const n = counts.get(key) ?? 0;
    if (n >= MAX_EVIDENCE_PER_ANSWER || shown.has(passage)) continue;
    shown.add(passage);
    counts.set(key, n + 1);
    kept.push(c);
  }
  const spanOf = (first: number, end: number) => {
    const a = tokens.tokens[first];
    const b = tokens.tokens[end - 1];
    return a && b ? { start: a.start, end: b.end } : { start: 0, end: 0 };
  };
  const places = locate(
    text,
    kept.map((c) => spanOf(c.vote.match.first, c.vote.match.end).start),
  );
  return kept.map((c, i) => {
    const span = spanOf(c.vote.match.first, c.vote.match.end);
    const cue = c.vote.reading.cue && c.vote.reading.polarity !== "affirmed" ? spanOf(c.vote.reading.cue.first, c.vote.reading.cue.end) : undefined;
    return {
      question: c.question,
      answer: typeof c.vote.answer === "number" ? c.vote.answer : String(c.vote.answer),
      text: squeeze(text.slice(span.start, span.end)),
      line: places[i]?.line ?? 1,
      column: places[i]?.column ?? 1,
      phrase: (plan.phrases[c.vote.match.phrase] as CompiledPhrase).source,
      ...(cue && { cue: squeeze(text.slice(cue.start, cue.end)) }),
    };
  });
}

const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();
