/**
 * How a matched phrase is meant: said plainly, denied, refused, doubted, or only supposed. This is
 * the matcher's grammar of English function words (not, never, refused, I think, if…), which is
 * the same whatever the scam; the phrases that answer questions live in the packs.
 *
 *   "they asked for my card"              affirmed
 *   "they did not ask for my card"        negated  (the negation is about the phrase itself)
 *   "I refused to install it",
 *   "I never installed anything"          refused  (the person did not; says nothing of the caller)
 *   "I never gave them my card number"    unclear  (for "card number": the negation is about
 *                                                   "gave", another verb, so it settles nothing)
 *   "I think they asked for my card"      hedged   (not sure)
 *   "if they ask for your card, hang up"  supposed (no evidence either way)
 *   "arrested unless I paid in bitcoin"   demanded (the caller asked for it; the person has not done it)
 *   "he could fix it if I paid £50"       demanded (an offer on a condition is a price asked)
 *   "needs $900 for a lawyer sent by Zelle"  demanded (a request verb earlier in the clause)
 *
 * Every look is bounded (a few words either side, within the clause or sentence), so reading the
 * context of a match costs a constant and the whole scan stays linear in the text.
 */
import { CLAUSE_BREAK, NO_BREAK, SENTENCE_BREAK, type Token, type Tokens } from "./tokenize.js";

export type Polarity = "affirmed" | "negated" | "refused" | "unclear" | "hedged" | "supposed" | "demanded";

export interface Cue {
  /** Token range of the words that changed the reading. */
  first: number;
  end: number;
}

export interface Reading {
  polarity: Polarity;
  cue?: Cue;
}

const NEGATORS = new Set(["not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "nope"]);
const REFUSAL_PREFIXES = ["refus", "declin", "reject"];
const FIRST_PERSON = new Set(["i", "we"]);
const SUBJECTS = new Set(["i", "you", "he", "she", "they", "we", "it"]);
/** Pronouns that are only ever subjects ("you" and "it" can be objects: "did not ask you for…"). */
const CLAUSE_SUBJECTS = new Set(["i", "he", "she", "they", "we"]);
/**
 * Words that may stand between a negation and the phrase it denies ("did not ask ME FOR any…").
 * Any other word there ("never GAVE them my card number") is the verb the negation is about.
 */
const FUNCTION_WORDS = new Set([
  "to", "for", "me", "my", "us", "our", "them", "him", "her", "you", "your", "their", "his", "its", "it", "the", "a", "an",
  "any", "anything", "anyone", "anybody", "be", "been", "being", "get", "got", "have", "has", "had", "do", "did", "does",
  "even", "ever", "at", "all", "of", "in", "on", "with", "about", "up", "out", "some", "once", "again", "really", "actually",
  "ask", "asked", "want", "wanted", "say", "said", "mention", "mentioned", "try", "tried", "need", "needed",
]);
const DO = new Set(["do", "did", "does"]);
const AUXILIARIES = new Set(["will", "would", "shall", "should", "can", "could", "must", "am", "is", "are", "was", "were", "be", "been", "have", "has", "had"]);
/** Words that start a new clause without punctuation: a negation before them does not reach past. */
const BREAKERS = new Set(["but", "because", "so", "then", "that", "until", "after", "before", "when", "while", "which", "who", "although", "though", "however", "yet", "whereas", "once"]);
/** "unless" is apart: in notes it states a demand ("arrested unless I paid"), not a supposition. */
const CONDITIONALS = new Set(["if", "whether"]);
/**
 * An offer: a modal after someone other than the writer, before "if" in the same sentence ("he
 * could renew it if I gave him my card number", "they'd refund me if I let them connect"). The
 * condition is what the caller asked for. "If they ask for your card, hang up" has no such clause
 * before it, and "I would have paid if…" is the writer's own supposition.
 */
const OFFER_MODALS = new Set(["could", "can", "would", "will", "might"]);
const OFFER_SUBJECTS = new Set(["he", "she", "they", "it", "caller", "we"]);
const OFFER_REACH = 10;
const DEMANDS = new Set(["unless"]);
const LIST_WORDS = new Set(["or", "nor"]);
/**
 * Verbs of asking: what follows them in their clause is what the caller wanted, not what the person
 * did ("needs $900 for a lawyer sent by Zelle"). An "and" ends their reach: "told to buy vouchers
 * and bought £500 of them" is both.
 */
const REQUESTS = new Set(["need", "needs", "needed", "want", "wants", "wanted", "demand", "demands", "demanded", "demanding", "require", "requires", "required", "begged", "begging"]);
const ASKING = new Set(["asked", "asking", "asks", "ask", "wondered", "know", "checked", "enquired", "inquired"]);
const HEDGES: readonly (readonly string[])[] = [
  ["i", "think"],
  ["i", "believe"],
  ["i", "guess"],
  ["i", "suppose"],
  ["i", "reckon"],
  ["maybe"],
  ["perhaps"],
  ["possibly"],
  ["probably"],
  ["might", "have"],
  ["may", "have"],
  ["could", "have"],
  ["not", "sure"],
  ["unsure"],
  ["not", "certain"],
  ["not", "remember"],
  ["not", "recall"],
  ["not", "know", "if"],
  ["not", "know", "whether"],
  ["not", "think"],
  ["no", "idea"],
  ["dunno"],
];
/** Questions that ask for a yes or a no: "Did they ask for your card?" only counts once answered. */
const YES_NO_OPENERS = new Set(["did", "do", "does", "have", "has", "had", "was", "were", "is", "are", "am"]);
/** Questions that ask for something: "Can you read me the long number?" is a request, not a doubt. */
const REQUEST_OPENERS = new Set(["can", "could", "would", "will", "please", "may", "why", "what", "how", "where", "when", "who"]);
const YES_WORDS = new Set(["yes", "y", "yeah", "yep", "correct"]);
const NO_WORDS = new Set(["no", "n", "nope", "none", "never", "nil", "nothing"]);

/** How far back a negation reaches ("did not ask for any payment or passwords" is five words). */
const NEGATION_REACH = 7;
const CONDITION_REACH = 8;
/** However long a list, a look back stops after this many words. */
const LIST_REACH = 24;
const HEDGE_REACH = 12;
const TAIL_WORDS = 3;
/** "cust still has program installed?" is doubt; a question mark on a long sentence says little. */
const DOUBT_WORDS = 6;

const isRefusal = (word: string) => REFUSAL_PREFIXES.some((p) => word.startsWith(p));

/** Hedges by their last word, so most tokens are ruled out with one lookup. */
const HEDGES_BY_LAST = new Map<string, (readonly string[])[]>();
for (const seq of HEDGES) HEDGES_BY_LAST.set(seq[seq.length - 1] as string, [...(HEDGES_BY_LAST.get(seq[seq.length - 1] as string) ?? []), seq]);

/** A multi-word hedge that ends at token j. */
function hedgeEndingAt(tokens: readonly Token[], j: number): Cue | undefined {
  for (const seq of HEDGES_BY_LAST.get((tokens[j] as Token).word) ?? []) {
    const first = j - seq.length + 1;
    if (first < 0) continue;
    let ok = true;
    for (let k = 0; k < seq.length && ok; k++) {
      const t = tokens[first + k] as Token;
      ok = t.word === seq[k] && (k === 0 || t.brk === NO_BREAK);
    }
    if (ok) return { first, end: j + 1 };
  }
  return undefined;
}

/** The words of a clause that starts at token i, up to `max` words (undefined when longer). */
function shortClause(tokens: readonly Token[], i: number, max: number): Token[] | undefined {
  const out: Token[] = [];
  for (let k = i; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (k > i && t.brk !== NO_BREAK) break;
    out.push(t);
    if (out.length > max) return undefined;
  }
  return out;
}

/** Greetings and fillers that open a turn before the question itself ("Hi, is this the bank?"). */
const FILLERS = new Set(["hi", "hello", "hey", "oh", "ok", "okay", "so", "um", "uh", "er", "well", "yes", "yeah", "sorry", "alright", "sir", "madam", "maam", "ah"]);

/** The first words of a sentence, skipping a speaker label such as "Me:" or "Caller:" and a greeting. */
function sentenceOpening(tokens: readonly Token[], first: number, end: number, skipFillers = false): number {
  let at = first;
  for (let k = first + 1; k < Math.min(end, first + 3); k++)
    if ((tokens[k] as Token).brk === CLAUSE_BREAK) {
      at = k;
      break;
    }
  for (let n = 0; skipFillers && n < 3 && at + 1 < end && FILLERS.has((tokens[at] as Token).word); n++) at++;
  return at;
}

/** A one-word answer ("No.", "Me: yes") in the clause starting at token i. */
function answerAt(tokens: readonly Token[], i: number): "yes" | "no" | undefined {
  const words = shortClause(tokens, i, 3)?.map((t) => t.word);
  if (!words || words.length === 0) return undefined;
  if (YES_WORDS.has(words[0] as string)) return "yes";
  if (NO_WORDS.has(words[0] as string)) return "no";
  return undefined;
}

/**
 * Read the context of a match (tokens first..end-1). `literalNegation` says the phrase itself
 * contains a negation ("did not ask"), which then is part of what it means, not a cue against it.
 */
export function readMatch(text: Tokens & { listed?: Uint8Array }, first: number, end: number, literalNegation: boolean): Reading {
  const { tokens, sentences } = text;
  const listed = text.listed;
  const startToken = tokens[first] as Token;

  // A question in the notes: "Did they ask for your card?" is evidence only with its answer;
  // "Can you install AnyDesk?" is a request, so it stands; "Still has the program installed?"
  // with no answer is the writer unsure.
  const sentence = sentences[startToken.sentence];
  if (sentence?.question) {
    const opening = (tokens[sentenceOpening(tokens, sentence.first, sentence.end, true)] as Token).word;
    const next = sentences[startToken.sentence + 1];
    const answer = next ? (answerAt(tokens, next.first) ?? answerAt(tokens, sentenceOpening(tokens, next.first, next.end))) : undefined;
    const answerCue = next && { first: next.first, end: next.end };
    if (answer === "yes" && answerCue) return { polarity: "affirmed", cue: answerCue };
    if (answer === "no" && answerCue) return { polarity: "negated", cue: answerCue };
    if (YES_NO_OPENERS.has(opening)) return { polarity: "supposed", cue: { first: sentence.first, end: sentence.end } };
    // A short note that ends in a question mark is the writer's doubt; a longer sentence with a
    // question at its end ("I need to pay a bill, can you transfer £850?") is not.
    if (!REQUEST_OPENERS.has(opening) && sentence.end - sentence.first <= DOUBT_WORDS)
      return { polarity: "hedged", cue: { first: sentence.first, end: sentence.end } };
  }

  // Hedges reach back to the last punctuation, through "that" and the like: "I think that he said…".
  for (let j = first - 1, steps = 0; j >= 0 && steps < HEDGE_REACH; j--, steps++) {
    const hedge = hedgeEndingAt(tokens, j);
    if (hedge) return { polarity: "hedged", cue: hedge };
    if ((tokens[j + 1] as Token).brk !== NO_BREAK) break;
  }

  // Negations and conditions reach back a few words within the clause.
  if (startToken.brk === NO_BREAK) {
    // The items of a list before the match count as one word: "never asked for my card, PIN or any code".
    let requested: number | undefined;
    let requestReach = true;
    for (let j = first - 1, between = 0, steps = 0; j >= 0 && between < CONDITION_REACH && steps < LIST_REACH; j--, steps++) {
      const t = tokens[j] as Token;
      if (!listed?.[j]) between++;
      if (BREAKERS.has(t.word)) break;
      if (t.word === "and") requestReach = false;
      else if (requestReach && requested === undefined && REQUESTS.has(t.word)) requested = j;
      if (isCondition(tokens, j)) return { polarity: offerBefore(tokens, j) ? "demanded" : "supposed", cue: { first: j, end: j + 1 } };
      if (DEMANDS.has(t.word)) return { polarity: "demanded", cue: { first: j, end: j + 1 } };
      if (between <= NEGATION_REACH && !literalNegation && (NEGATORS.has(t.word) || isRefusal(t.word))) {
        // "if you don't pay today…" is a threat: the condition states what the caller demands.
        const condition = conditionBefore(tokens, j);
        if (condition !== undefined) return { polarity: "demanded", cue: { first: condition, end: j + 1 } };
        // Show "did not", not just "not", as the words that deny.
        const helper = tokens[j - 1];
        const cue = { first: t.word === "not" && helper && t.brk === NO_BREAK && (AUXILIARIES.has(helper.word) || DO.has(helper.word)) ? j - 1 : j, end: j + 1 };
        if (!onlyFunctionWords(tokens, j + 1, first, listed)) return { polarity: "unclear", cue };
        return { polarity: isRefusal(t.word) || byFirstPerson(tokens, j) ? "refused" : "negated", cue };
      }
      // A new subject starts the clause the match is in: "I refused to install it and HE swore",
      // "if you do not pay YOU WILL be arrested".
      if (CLAUSE_SUBJECTS.has(t.word)) {
        // …unless the clause is a condition: "if I gave him my card number".
        const before = tokens[j - 1];
        if (before && t.brk === NO_BREAK && isCondition(tokens, j - 1)) return { polarity: offerBefore(tokens, j - 1) ? "demanded" : "supposed", cue: { first: j - 1, end: j } };
        if (before && t.brk === NO_BREAK && DEMANDS.has(before.word)) return { polarity: "demanded", cue: { first: j - 1, end: j } };
        break;
      }
      if (SUBJECTS.has(t.word) && AUXILIARIES.has((tokens[j + 1] as Token).word) && j + 1 < first) break;
      if (t.brk !== NO_BREAK) break;
    }
    if (requested !== undefined) return { polarity: "demanded", cue: { first: requested, end: requested + 1 } };
  }

  // A negation or doubt the phrase skipped over with '*' ("asked * card" in "asked for no card",
  // "call lasted * # minutes" in "call lasted maybe 5 minutes").
  // A doubt made of the phrase's own negation is what the phrase means: "did not recall entering"
  // in a phrase written for it is a denial, not "not sure".
  for (let k = first + 1; k < end - 1; k++) {
    const hedge = hedgeEndingAt(tokens, k);
    if (hedge && hedge.first > first && !(literalNegation && hasNegator(tokens, hedge))) return { polarity: "hedged", cue: hedge };
    if (!literalNegation && NEGATORS.has((tokens[k] as Token).word)) return { polarity: "negated", cue: { first: k, end: k + 1 } };
  }

  return readTail(text, first, end);
}

function hasNegator(tokens: readonly Token[], cue: Cue): boolean {
  for (let k = cue.first; k < cue.end; k++) if (NEGATORS.has((tokens[k] as Token).word)) return true;
  return false;
}

/** "if you" just before a negation ("if you do not pay"), within the clause: the index of "if". */
function conditionBefore(tokens: readonly Token[], j: number): number | undefined {
  for (let k = j - 1; k >= 0 && k >= j - 4; k--) {
    if (isCondition(tokens, k)) return (tokens[k + 1] as Token | undefined)?.word === "you" ? k : undefined;
    if ((tokens[k + 1] as Token).brk !== NO_BREAK) return undefined;
  }
  return undefined;
}

/** "if" and "whether" make a condition, except after asking: "asked if she could connect" is a request. */
function isCondition(tokens: readonly Token[], j: number): boolean {
  const t = tokens[j] as Token;
  if (!CONDITIONALS.has(t.word)) return false;
  const before = tokens[j - 1];
  return !(before && t.brk === NO_BREAK && ASKING.has(before.word));
}

/** Whether the "if" at token j closes an offer (OFFER_MODALS), looking back within its sentence. */
function offerBefore(tokens: readonly Token[], j: number): boolean {
  for (let k = j - 1; k >= 1 && k >= j - OFFER_REACH; k--) {
    if ((tokens[k + 1] as Token).brk === SENTENCE_BREAK) return false;
    const t = tokens[k] as Token;
    if (OFFER_MODALS.has(t.word) && t.brk === NO_BREAK && OFFER_SUBJECTS.has((tokens[k - 1] as Token).word)) return true;
    if (t.brk === SENTENCE_BREAK) return false;
  }
  return false;
}

function onlyFunctionWords(tokens: readonly Token[], from: number, to: number, listed?: Uint8Array): boolean {
  for (let k = from; k < to; k++) {
    const word = (tokens[k] as Token).word;
    if (listed?.[k]) continue;
    // A list shares its negation: "did not ask for any payment OR passwords".
    if (FUNCTION_WORDS.has(word) || LIST_WORDS.has(word) || LIST_WORDS.has((tokens[k + 1] as Token | undefined)?.word ?? "")) continue;
    return false;
  }
  return true;
}

/** Whether the negation at token j is the person's own: "I didn't", "we never" (within three words). */
function byFirstPerson(tokens: readonly Token[], j: number): boolean {
  for (let k = j - 1; k >= 0 && k >= j - 3; k--) {
    // Only within the negation's own clause: "I agreed. No payment was asked for." is not "I".
    if ((tokens[k + 1] as Token).brk !== NO_BREAK) break;
    const t = tokens[k] as Token;
    if (FIRST_PERSON.has(t.word)) return true;
    if (SUBJECTS.has(t.word) || BREAKERS.has(t.word)) return false;
    if (t.brk !== NO_BREAK) break;
  }
  return false;
}

/**
 * What follows the match: "card details - not given", "remote access: no", "… I think". Only a
 * short tail that is nothing but the cue counts, so "no" starting a new thought is not read as one.
 */
function readTail(text: Tokens, first: number, end: number): Reading {
  const { tokens, sentences } = text;
  if (end >= tokens.length) return { polarity: "affirmed" };
  const next = tokens[end] as Token;
  // The rest of this clause, or when the match ends it, the next clause; across a sentence only to
  // answer a question ("Remote access? No.").
  let start = end;
  if (next.brk === SENTENCE_BREAK) {
    const asked = sentences[(tokens[first] as Token).sentence];
    const answer = sentences[next.sentence];
    if (!asked?.question || !answer) return { polarity: "affirmed" };
    start = sentenceOpening(tokens, answer.first, answer.end);
  }
  // shortClause stops at the next break, so the tail is a whole clause of at most TAIL_WORDS words.
  const tail = shortClause(tokens, start, TAIL_WORDS)?.map((t) => t.word);
  if (!tail || tail.length === 0) return { polarity: "affirmed" };
  const cue = { first: start, end: start + tail.length };
  const head = tail[0] as string;
  if (hedgeEndingAt(tokens, start + tail.length - 1)?.first === start) return { polarity: "hedged", cue }; // "…, I think"
  if (tail.length <= 2 && isRefusal(head)) return { polarity: "refused", cue }; // "- declined", "refused it"
  if (tail.length === 2 && head === "not") return { polarity: "negated", cue }; // "- not given"
  if (tail.length === 1 && NO_WORDS.has(head)) return { polarity: "negated", cue }; // ": no"
  return { polarity: "affirmed" };
}
