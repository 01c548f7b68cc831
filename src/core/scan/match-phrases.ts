/**
 * The matcher: find every place where any of many compiled phrases occurs in a token stream.
 *
 * Each phrase becomes a small state machine (Thompson construction) over words. An index from a
 * word to the states that can start with it means only those states are tried at a token, and each
 * try runs the machine with a set of states for at most the phrase's longest length (a few words).
 * There is no backtracking: the work per token is bounded by the packs, not the text, so the total
 * is linear in the number of tokens.
 */
import type { CompiledPhrase, PhraseStep, PhraseWord } from "./compile-phrase.js";
import { stem } from "./stem.js";
import { NO_BREAK, type Token } from "./tokenize.js";

const ACCEPT = -1;

/**
 * Words that notes put inside a phrase without changing it: "sounded VERY different", "asked me
 * TO ALSO install", "the money is ALL gone". A run may step over up to SKIPS_PER_MATCH of them
 * between two phrase words (a phrase that names one still matches it).
 */
const SKIPPABLE = new Set(["very", "really", "quite", "so", "just", "also", "all", "actually", "definitely", "totally", "completely", "extremely", "pretty", "rather", "immediately", "now", "then", "please", "kindly", "urgently"]);
export const SKIPS_PER_MATCH = 2;
/**
 * An item of a short list before the one a phrase names: "did not ask for any passwords OR payment"
 * is read as "…any payment" too. The item and its joiner are stepped over (two skips).
 */
const JOINERS = new Set(["or", "nor", "and"]);
/** Words that are not list items: "rang ME AND asked", "said SO AND he". */
const NOT_ITEMS = new Set([
  "i", "me", "you", "he", "him", "she", "her", "it", "we", "us", "they", "them", "my", "your", "his", "their", "our", "the", "a", "an",
  "to", "for", "of", "in", "on", "at", "by", "with", "from", "up", "out", "so", "then", "now", "not", "no", "is", "was", "were", "are", "be",
  "been", "had", "has", "have", "did", "do", "does", "will", "would", "could", "can", "should", "said", "told", "asked", "rang", "called",
]);
const SUBJECTS = new Set(["i", "you", "he", "she", "they", "we", "it"]);

/** What a state accepts, as a small number so the hot loop stays monomorphic. */
const enum Test {
  Stem,
  Exact,
  Name,
  Prefix,
  Number,
  Any,
}

interface Machine {
  tests: Test[];
  /** The stem, exact form or prefix each state compares with ("" for numbers and gaps). */
  values: string[];
  /** The states that follow each state (ACCEPT at the end). */
  next: number[][];
  /** The most tokens a match can span; a run gives up after this many. */
  maxLength: number;
  /** Whether a state reads a number (only then are values carried along). */
  readsNumber: boolean;
}

export interface PhraseMatch {
  /** Index of the phrase in the list given to buildMatcher. */
  phrase: number;
  /** Token range: first and one past the last. */
  first: number;
  end: number;
  /** The number a `#` captured, if any. */
  value?: number;
}

/** Start states of one phrase under one index key. */
interface Entry {
  machine: number;
  states: number[];
}

export interface Matcher {
  machines: Machine[];
  /**
   * Start states by the keys of the first word ("w:stem", "p:pre" for the first three letters of a
   * prefix, "#" for a number), for phrases that can end or skip words right after it.
   */
  single: Map<string, Entry[]>;
  /** Start states by the keys of the first two words, for all other phrases: far fewer tries at common words. */
  pairs: Map<string, Map<string, Entry[]>>;
}

const PREFIX_KEY = 3;

function compileMachine(phrase: CompiledPhrase): { machine: Machine; start: number[] } {
  const machine: Machine = { tests: [], values: [], next: [], maxLength: 0, readsNumber: false };
  const add = (test: Test, value: string, next: number[]) => {
    machine.tests.push(test);
    machine.values.push(value);
    machine.next.push([...new Set(next)]);
    if (test === Test.Number) machine.readsNumber = true;
    return machine.tests.length - 1;
  };
  const addWord = (w: PhraseWord, next: number[]) =>
    "word" in w
      ? add(Test.Stem, stem(w.word), next)
      : "exact" in w
        ? add(Test.Exact, w.exact, next)
        : "name" in w
          ? add(Test.Name, w.name, next)
          : "prefix" in w
            ? add(Test.Prefix, w.prefix, next)
            : add(Test.Number, "", next);
  const chain = (words: PhraseWord[], follow: number[]): number[] => {
    let entry = follow;
    for (let k = words.length - 1; k >= 0; k--) entry = [addWord(words[k] as PhraseWord, entry)];
    return entry;
  };
  // Built from the end backwards, so each state knows its followers when it is created.
  let follow: number[] = [ACCEPT];
  for (let k = phrase.steps.length - 1; k >= 0; k--) {
    const step = phrase.steps[k] as PhraseStep;
    if ("gap" in step) {
      const after = follow;
      let entry = after;
      for (let g = 0; g < step.gap; g++) entry = [add(Test.Any, "", entry), ...after];
      follow = entry;
      machine.maxLength += step.gap;
    } else if ("anyOf" in step) {
      // An optional group may also be skipped: its followers are reachable directly.
      follow = [...step.anyOf.flatMap((option) => chain(option, follow)), ...(step.optional ? follow : [])];
      machine.maxLength += Math.max(...step.anyOf.map((o) => o.length));
    } else {
      follow = chain([step], follow);
      machine.maxLength += 1;
    }
  }
  return { machine, start: [...new Set(follow)] };
}

function keyOf(machine: Machine, state: number): string | undefined {
  const value = machine.values[state] as string;
  switch (machine.tests[state]) {
    case Test.Stem:
      return `w:${value}`;
    case Test.Exact:
    case Test.Name:
      // An exact form is also one of its stem's forms, so the stem index finds it.
      return `w:${stem(value)}`;
    case Test.Prefix:
      return `p:${value.slice(0, PREFIX_KEY)}`;
    case Test.Number:
      return "#";
    default:
      return undefined; // phrases never start with a gap (the compiler refuses it)
  }
}

export function buildMatcher(phrases: readonly CompiledPhrase[]): Matcher {
  const machines: Machine[] = [];
  const single = new Map<string, Entry[]>();
  const pairs = new Map<string, Map<string, Entry[]>>();
  const addTo = (map: Map<string, Entry[]>, key: string, machine: number, state: number) => {
    const list = map.get(key) ?? [];
    // Phrases are filed one after another, so this phrase's entry under the key, if any, is the last:
    // a search of the list would make a long list of phrases on one word quadratic to load.
    const last = list[list.length - 1];
    const entry = last?.machine === machine ? last : undefined;
    if (entry) {
      if (!entry.states.includes(state)) entry.states.push(state);
    } else list.push({ machine, states: [state] });
    map.set(key, list);
  };
  phrases.forEach((phrase, id) => {
    const { machine, start } = compileMachine(phrase);
    machines.push(machine);
    for (const s of start) {
      const first = s === ACCEPT ? undefined : keyOf(machine, s);
      if (first === undefined) continue;
      const followers = machine.next[s] as number[];
      const seconds = followers.map((n) => (n === ACCEPT ? undefined : keyOf(machine, n)));
      if (seconds.some((k) => k === undefined)) addTo(single, first, id, s);
      else {
        const inner = pairs.get(first) ?? new Map<string, Entry[]>();
        pairs.set(first, inner);
        for (const second of new Set(seconds as string[])) addTo(inner, second, id, s);
      }
    }
  });
  return { machines, single, pairs };
}

function accepts(machine: Machine, state: number, token: Token, tokenStem: string): boolean {
  switch (machine.tests[state]) {
    case Test.Stem:
      return machine.values[state] === tokenStem;
    case Test.Exact:
      return machine.values[state] === token.word;
    case Test.Name:
      return token.capital && machine.values[state] === token.word;
    case Test.Prefix:
      return token.word.startsWith(machine.values[state] as string);
    case Test.Number:
      return token.value !== undefined;
    default:
      return true;
  }
}

/** Reused between runs so the hot loop allocates nothing: state lists, their values, and visit marks. */
class Scratch {
  current: number[] = [];
  currentValues: number[] = [];
  next: number[] = [];
  nextValues: number[] = [];
  marks = new Int32Array(64);
  stamp = 0;
  /** States tried, token by token: the matcher's work, which tests hold to a linear bound. */
  steps = 0;
  /** A fresh set of marks for one step of one run. */
  newStep(size: number): void {
    if (this.marks.length < size) this.marks = new Int32Array(Math.max(size, this.marks.length * 2));
    if (++this.stamp === 0x7fffffff) {
      this.marks.fill(0);
      this.stamp = 1;
    }
  }
}

/** The index keys of a word: its stem and its first letters (for prefixes). */
function indexKeys(word: string, wordStem: string): string[] {
  return word.length >= PREFIX_KEY ? [`w:${wordStem}`, `p:${word.slice(0, PREFIX_KEY)}`] : [`w:${wordStem}`];
}

/** The most states one try of a phrase can visit: each of its states, at each word a match may span. */
export function tryCost(machine: Machine): number {
  return machine.tests.length * (machine.maxLength + SKIPS_PER_MATCH);
}

/**
 * The matching budget: the phrases filed under one look-up key (their first word, or first two
 * words) may together cost at most this many states per try. A word of the notes makes a bounded
 * number of look-ups, so this caps the work per word whatever the packs hold. The built-in packs'
 * heaviest key sits well under it (tests/unit/scan-linear.test.ts holds them to a fraction).
 */
export const KEY_WORK_BUDGET = 10_000;
/**
 * Look-ups one word of the notes makes: under each of its keys (stem, prefix, number) alone, and
 * paired with each key of the next word and of the word after a skippable adverb.
 */
export const LOOKUPS_PER_WORD = 3 + 3 * 6;

export interface OverBudget {
  /** Index of the phrase (as given to buildMatcher) whose addition took the key over the budget. */
  phrase: number;
  /** The words the phrases under this key start with, as a person would read them. */
  start: string;
  /** The key's total cost with every phrase filed there. */
  cost: number;
}

/**
 * Look-up keys whose phrases together cost more than KEY_WORK_BUDGET, each with the first phrase
 * (in the order given) that took it over; one finding per phrase.
 */
export function overBudget(matcher: Matcher, budget = KEY_WORK_BUDGET): OverBudget[] {
  const found = new Map<number, OverBudget>();
  const costs = matcher.machines.map(tryCost);
  // Entries are filed in phrase order (buildMatcher adds them so), so the running sum finds the first phrase over.
  const check = (entries: readonly Entry[], start: () => string) => {
    let cost = 0;
    let first: number | undefined;
    for (const { machine } of entries) {
      cost += costs[machine] as number;
      if (first === undefined && cost > budget) first = machine;
    }
    if (first !== undefined && !found.has(first)) found.set(first, { phrase: first, start: start(), cost });
  };
  for (const [key, entries] of matcher.single) check(entries, () => keyWords(key));
  for (const [key, inner] of matcher.pairs) for (const [second, entries] of inner) check(entries, () => `${keyWords(key)} ${keyWords(second)}`);
  return [...found.values()].sort((a, b) => a.phrase - b.phrase);
}

/** An index key in words: "w:bank" is "bank", "p:rem" is "rem…", "#" a number. */
function keyWords(key: string): string {
  return key === "#" ? "#" : key.startsWith("p:") ? `${key.slice(2)}*` : key.slice(2);
}

/**
 * The most states one start can try: every machine run once per index key of the word (and of the
 * word pair), each for at most its longest match. The work of findMatches is at most this times
 * the number of tokens, whatever the text: that is what keeps scanning linear.
 */
export function workPerToken(matcher: Matcher): number {
  const perRun = matcher.machines.reduce((sum, m) => sum + m.tests.length * (m.maxLength + SKIPS_PER_MATCH), 0);
  // A word has at most 3 keys (stem, prefix, "#"), so at most 3 single and 3 × 3 pair look-ups.
  return perRun * (3 + 9);
}

/**
 * Every match of every phrase, the shortest at each start, in text order; `work.steps` counts the
 * states tried. With `starts`, matches are only looked for where it is 1.
 */
export function findMatches(matcher: Matcher, tokens: readonly Token[], work?: { steps: number }, starts?: Uint8Array): PhraseMatch[] {
  // Words repeat, so each one's stem and index keys are worked out once (numbers add "#").
  const words = new Map<string, { stem: string; keys: string[]; numberKeys: string[] }>();
  const stems: string[] = new Array(tokens.length);
  const skippable = new Uint8Array(tokens.length);
  const keys: string[][] = new Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    let info = words.get(token.word);
    if (info === undefined) {
      const wordStem = stem(token.word);
      const wordKeys = indexKeys(token.word, wordStem);
      words.set(token.word, (info = { stem: wordStem, keys: wordKeys, numberKeys: [...wordKeys, "#"] }));
    }
    stems[i] = info.stem;
    if (SKIPPABLE.has(token.word)) skippable[i] = 1;
    const joiner = tokens[i + 1];
    const item = tokens[i + 2];
    if (joiner && item && joiner.brk === NO_BREAK && item.brk === NO_BREAK && JOINERS.has(joiner.word) && !NOT_ITEMS.has(token.word) && !SUBJECTS.has(item.word)) {
      skippable[i] = 1;
      skippable[i + 1] = 1;
    }
    keys[i] = token.value !== undefined ? info.numberKeys : info.keys;
  }

  const scratch = new Scratch();
  const matches: PhraseMatch[] = [];
  // A phrase can be found under several keys at one token; it is run once per key and the
  // shortest match kept, so these remember where each phrase last matched.
  const lastAt = new Int32Array(matcher.machines.length).fill(-1);
  const lastMatch: (PhraseMatch | undefined)[] = [];
  const tryAll = (entries: readonly Entry[], i: number) => {
    for (let e = 0; e < entries.length; e++) {
      const { machine: id, states } = entries[e] as Entry;
      const found = run(matcher.machines[id] as Machine, states, tokens, stems, skippable, i, scratch);
      if (found === undefined) continue;
      const earlier = lastAt[id] === i ? lastMatch[id] : undefined;
      if (earlier) {
        if (found.end < earlier.end) {
          earlier.end = found.end;
          if (found.value !== undefined) earlier.value = found.value;
        }
        continue;
      }
      const match: PhraseMatch = { phrase: id, first: i, end: found.end, ...(found.value !== undefined && { value: found.value }) };
      matches.push(match);
      lastAt[id] = i;
      lastMatch[id] = match;
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    if (starts !== undefined && starts[i] !== 1) continue;
    const here = keys[i] as string[];
    const pairable = i + 1 < tokens.length && (tokens[i + 1] as Token).brk === NO_BREAK;
    const next = pairable ? (keys[i + 1] as string[]) : undefined;
    // "sounded very different": the second phrase word may come after a skippable adverb.
    const after = pairable && skippable[i + 1] === 1 && i + 2 < tokens.length && (tokens[i + 2] as Token).brk === NO_BREAK ? (keys[i + 2] as string[]) : undefined;
    for (let k = 0; k < here.length; k++) {
      const key = here[k] as string;
      const single = matcher.single.get(key);
      if (single) tryAll(single, i);
      const inner = next ? matcher.pairs.get(key) : undefined;
      if (!inner) continue;
      for (const second of after ? [next as string[], after] : [next as string[]])
        for (let n = 0; n < second.length; n++) {
          const paired = inner.get(second[n] as string);
          if (paired) tryAll(paired, i);
        }
    }
  }
  if (work) work.steps += scratch.steps;
  return matches;
}

/** Run one machine from token `first`, from the given start states; the shortest match wins. */
function run(
  machine: Machine,
  startStates: readonly number[],
  tokens: readonly Token[],
  stems: readonly string[],
  skippable: Uint8Array,
  first: number,
  scratch: Scratch,
): { end: number; value?: number } | undefined {
  const NONE = -1;
  let { current, currentValues, next, nextValues } = scratch;
  let count = 0;
  for (const s of startStates) {
    current[count] = s;
    currentValues[count++] = NONE;
  }
  const limit = Math.min(tokens.length, first + machine.maxLength + SKIPS_PER_MATCH);
  const size = machine.tests.length;
  let skips = 0;
  let taken = 0;
  for (let i = first; i < limit && count > 0; i++) {
    const token = tokens[i] as Token;
    // A phrase never spans a clause or sentence break.
    if (i > first && token.brk !== NO_BREAK) return undefined;
    const tokenStem = stems[i] as string;
    scratch.newStep(size);
    let nextCount = 0;
    scratch.steps += count;
    for (let k = 0; k < count; k++) {
      const state = current[k] as number;
      if (!accepts(machine, state, token, tokenStem)) continue;
      const value = machine.readsNumber && machine.tests[state] === Test.Number ? (token.value as number) : (currentValues[k] as number);
      for (const follow of machine.next[state] as number[]) {
        if (follow === ACCEPT) return value !== NONE ? { end: i + 1, value } : { end: i + 1 };
        if (scratch.marks[follow] !== scratch.stamp) {
          scratch.marks[follow] = scratch.stamp;
          next[nextCount] = follow;
          nextValues[nextCount++] = value;
        }
      }
    }
    // An adverb between two phrase words: the states waiting before it still wait after it.
    if (skippable[i] === 1 && i > first && skips < SKIPS_PER_MATCH) {
      skips++;
      for (let k = 0; k < count; k++) {
        const state = current[k] as number;
        if (scratch.marks[state] !== scratch.stamp) {
          scratch.marks[state] = scratch.stamp;
          next[nextCount] = state;
          nextValues[nextCount++] = currentValues[k] as number;
        }
      }
    } else if (++taken > machine.maxLength) return undefined;
    [current, next] = [next, current];
    [currentValues, nextValues] = [nextValues, currentValues];
    count = nextCount;
  }
  return undefined;
}
