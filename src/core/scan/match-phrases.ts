/**
 * The matcher: find every place where any of many compiled phrases occurs in a token stream.
 *
 * Each phrase becomes a small state machine (Thompson construction) over words. An index from a
 * word to the states that can start with it means only those states are tried at a token, and each
 * try runs the machine with a set of states for at most the phrase's longest length (a few words).
 * There is no backtracking: the work per token is bounded by the packs, not the text, so the total
 * is linear in the number of tokens. A try is skipped outright when no word the phrase can end on
 * comes within its reach (most tries fail, and fail that way).
 *
 * Notes run to hundreds of thousands of tries, so the machines and the notes' words are numbers in
 * typed arrays: words, prefixes and index keys are numbered once per matcher, each distinct word
 * of the notes is looked up once per text, and the hot loop compares integers.
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

/**
 * One phrase's machine, in flat typed arrays so the hot loop compares numbers: words (stems, exact
 * forms, names) and prefixes are numbered once per matcher (Matcher.words, Matcher.prefixes).
 */
interface Machine {
  tests: Uint8Array;
  /** The number of the stem, exact form or name, or of the prefix, each state compares with (-1 for numbers and gaps). */
  values: Int32Array;
  /** The states that follow state s (ACCEPT at the end): next[nextStart[s]] up to next[nextStart[s + 1]]. */
  nextStart: Int32Array;
  next: Int32Array;
  /** The most tokens a match can span; a run gives up after this many. */
  maxLength: number;
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
   * The index keys, by number: "w:stem" for a word, "p:pre" for the first three letters of a
   * prefix, "#" for a number.
   */
  keys: Map<string, number>;
  keyNames: readonly string[];
  /** Start states by the key of the first word, for phrases that can end or skip words right after it. */
  single: (Entry[] | undefined)[];
  /** Start states by the keys of the first two words, for all other phrases: far fewer tries at common words. */
  pairs: (Map<number, Entry[]> | undefined)[];
  /** The numbers of the stems, exact forms and names the machines compare with. */
  words: Map<string, number>;
  /** The prefixes the machines compare with, by number, and their numbers by their first letters. */
  prefixes: readonly string[];
  prefixesByStart: Map<string, number[]>;
  /**
   * What the last word of each phrase's match can be, as bit sets of phrases (`endBlocks` 32-bit
   * blocks each): by the number of a stem, of an exact form or name, of a prefix, and for a number.
   * A run is only worth starting where such a word comes before the next break, within the phrase's reach.
   */
  endBlocks: number;
  stemEnds: Int32Array;
  wordEnds: Int32Array;
  prefixEnds: Int32Array;
  numberEnds: Int32Array;
  /** What the machines need to know of the notes' words, kept from text to text (at most MAX_WORD_INFOS of them). */
  wordInfos: Map<string, WordInfo>;
}

const PREFIX_KEY = 3;
/** Plenty for the words of English notes, and a bound on what a matcher keeps whatever it reads. */
const MAX_WORD_INFOS = 50_000;

/** A state before it is flattened into its machine's arrays. */
interface Draft {
  test: Test;
  value: string;
  next: number[];
}

function compileMachine(phrase: CompiledPhrase, number: { word: (w: string) => number; prefix: (p: string) => number }): { machine: Machine; start: number[]; drafts: Draft[] } {
  const drafts: Draft[] = [];
  let maxLength = 0;
  const add = (test: Test, value: string, next: number[]) => {
    drafts.push({ test, value, next: [...new Set(next)] });
    return drafts.length - 1;
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
      maxLength += step.gap;
    } else if ("anyOf" in step) {
      // An optional group may also be skipped: its followers are reachable directly.
      follow = [...step.anyOf.flatMap((option) => chain(option, follow)), ...(step.optional ? follow : [])];
      maxLength += Math.max(...step.anyOf.map((o) => o.length));
    } else {
      follow = chain([step], follow);
      maxLength += 1;
    }
  }
  const size = drafts.length;
  const machine: Machine = {
    tests: new Uint8Array(size),
    values: new Int32Array(size),
    nextStart: new Int32Array(size + 1),
    next: new Int32Array(drafts.reduce((n, d) => n + d.next.length, 0)),
    maxLength,
  };
  let at = 0;
  drafts.forEach((d, s) => {
    machine.tests[s] = d.test;
    machine.values[s] = d.test === Test.Stem || d.test === Test.Exact || d.test === Test.Name ? number.word(d.value) : d.test === Test.Prefix ? number.prefix(d.value) : -1;
    machine.nextStart[s] = at;
    for (const n of d.next) machine.next[at++] = n;
  });
  machine.nextStart[size] = at;
  return { machine, start: [...new Set(follow)], drafts };
}

function keyOf(drafts: readonly Draft[], state: number): string | undefined {
  const { test, value } = drafts[state] as Draft;
  switch (test) {
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
  const single: (Entry[] | undefined)[] = [];
  const pairs: (Map<number, Entry[]> | undefined)[] = [];
  const words = new Map<string, number>();
  const prefixes = new Map<string, number>();
  const keys = new Map<string, number>();
  const numbered = (map: Map<string, number>) => (w: string) => {
    let n = map.get(w);
    if (n === undefined) map.set(w, (n = map.size));
    return n;
  };
  const number = { word: numbered(words), prefix: numbered(prefixes) };
  const keyNumber = numbered(keys);
  const addTo = (list: Entry[], machine: number, state: number) => {
    // Phrases are filed one after another, so this phrase's entry under the key, if any, is the last:
    // a search of the list would make a long list of phrases on one word quadratic to load.
    const last = list[list.length - 1];
    const entry = last?.machine === machine ? last : undefined;
    if (entry) {
      if (!entry.states.includes(state)) entry.states.push(state);
    } else list.push({ machine, states: [state] });
  };
  phrases.forEach((phrase, id) => {
    const { machine, start, drafts } = compileMachine(phrase, number);
    machines.push(machine);
    for (const s of start) {
      const firstKey = s === ACCEPT ? undefined : keyOf(drafts, s);
      if (firstKey === undefined) continue;
      const first = keyNumber(firstKey);
      const followers = (drafts[s] as Draft).next;
      const seconds = followers.map((n) => (n === ACCEPT ? undefined : keyOf(drafts, n)));
      if (seconds.some((k) => k === undefined)) addTo((single[first] ??= []), id, s);
      else {
        const inner = (pairs[first] ??= new Map<number, Entry[]>());
        for (const second of new Set((seconds as string[]).map(keyNumber))) {
          const list = inner.get(second) ?? [];
          inner.set(second, list);
          addTo(list, id, s);
        }
      }
    }
  });
  // The maps number in insertion order, so their keys are the words, prefixes and keys by number.
  return complete({ words: [...words.keys()], prefixes: [...prefixes.keys()], keyNames: [...keys.keys()], machines, single, pairs });
}

/** Start states as plain data: the phrase's number, then its states. */
type StoredEntry = [number, ...number[]];

/**
 * A matcher as plain data, for a build to store: the machines and the index by key, which are
 * what takes a run its time to work out from the phrases. matcherFromData gives the matcher back.
 */
export interface MatcherData {
  words: string[];
  prefixes: string[];
  keyNames: string[];
  machines: { tests: number[]; values: number[]; nextStart: number[]; next: number[]; maxLength: number }[];
  /** By key number, as in Matcher. */
  single: [number, StoredEntry[]][];
  pairs: [number, [number, StoredEntry[]][]][];
}

export function matcherData(matcher: Matcher): MatcherData {
  const stored = (entries: readonly Entry[]) => entries.map((e): StoredEntry => [e.machine, ...e.states]);
  return {
    words: [...matcher.words.keys()],
    prefixes: [...matcher.prefixes],
    keyNames: [...matcher.keyNames],
    machines: matcher.machines.map((m) => ({ tests: [...m.tests], values: [...m.values], nextStart: [...m.nextStart], next: [...m.next], maxLength: m.maxLength })),
    single: matcher.single.flatMap((entries, key) => (entries ? [[key, stored(entries)] as [number, StoredEntry[]]] : [])),
    pairs: matcher.pairs.flatMap((inner, key) => (inner ? [[key, [...inner].map(([second, entries]) => [second, stored(entries)])] as [number, [number, StoredEntry[]][]]] : [])),
  };
}

export function matcherFromData(data: MatcherData): Matcher {
  const entries = (stored: readonly StoredEntry[]) => stored.map((e): Entry => ({ machine: e[0], states: e.slice(1) }));
  const single: (Entry[] | undefined)[] = [];
  for (const [key, stored] of data.single) single[key] = entries(stored);
  const pairs: (Map<number, Entry[]> | undefined)[] = [];
  for (const [key, inner] of data.pairs) pairs[key] = new Map(inner.map(([second, stored]) => [second, entries(stored)]));
  const machines = data.machines.map((m) => ({
    tests: new Uint8Array(m.tests),
    values: new Int32Array(m.values),
    nextStart: new Int32Array(m.nextStart),
    next: new Int32Array(m.next),
    maxLength: m.maxLength,
  }));
  return complete({ words: data.words, prefixes: data.prefixes, keyNames: data.keyNames, machines, single, pairs });
}

/** The rest of a matcher, which follows from its machines and index: the look-ups wordInfo and endsWithin use. */
function complete(parts: Pick<Matcher, "machines" | "single" | "pairs" | "prefixes" | "keyNames"> & { words: readonly string[] }): Matcher {
  const { machines, prefixes, keyNames } = parts;
  const words = new Map(parts.words.map((w, n) => [w, n]));
  const keys = new Map(keyNames.map((k, n) => [k, n]));
  // Every key has its place in the index, with nothing filed under it if need be.
  const single = Array.from({ length: keyNames.length }, (_, k) => parts.single[k]);
  const pairs = Array.from({ length: keyNames.length }, (_, k) => parts.pairs[k]);
  const prefixesByStart = new Map<string, number[]>();
  prefixes.forEach((p, n) => {
    const start = p.slice(0, PREFIX_KEY);
    prefixesByStart.set(start, [...(prefixesByStart.get(start) ?? []), n]);
  });
  // One row more than there are words: the row of words no phrase names, which ends nothing.
  const endBlocks = Math.ceil(machines.length / 32);
  const stemEnds = new Int32Array((words.size + 1) * endBlocks);
  const wordEnds = new Int32Array((words.size + 1) * endBlocks);
  const prefixEnds = new Int32Array(prefixes.length * endBlocks);
  const numberEnds = new Int32Array(endBlocks);
  machines.forEach((machine, m) => {
    const block = m >> 5;
    const bit = 1 << (m & 31);
    for (let s = 0; s < machine.tests.length; s++) {
      let ends = false;
      for (let f = machine.nextStart[s] as number; f < (machine.nextStart[s + 1] as number); f++) if (machine.next[f] === ACCEPT) ends = true;
      if (!ends) continue;
      const value = machine.values[s] as number;
      const test = machine.tests[s] as Test;
      const table = test === Test.Stem ? stemEnds : test === Test.Exact || test === Test.Name ? wordEnds : test === Test.Prefix ? prefixEnds : numberEnds;
      const row = test === Test.Number ? 0 : value; // a phrase never ends with a gap (the compiler refuses it)
      table[row * endBlocks + block] = (table[row * endBlocks + block] as number) | bit;
    }
  });
  return { machines, keys, keyNames, single, pairs, words, prefixes, prefixesByStart, endBlocks, stemEnds, wordEnds, prefixEnds, numberEnds, wordInfos: new Map() };
}

/** No state, no match, no number read. */
const NONE = -1;

/** Reused between runs so the hot loop allocates nothing: state lists, their values, and visit marks. */
class Scratch {
  current: Int32Array;
  currentValues: Float64Array;
  next: Int32Array;
  nextValues: Float64Array;
  marks: Int32Array;
  stamp = 0;
  /** States tried token by token, and words read to see whether a try can succeed: the matcher's work, which tests hold to a linear bound. */
  steps = 0;
  /** The number a `#` read in the match the last run found (NONE if none). */
  value = NONE;
  constructor(states: number) {
    this.current = new Int32Array(states);
    this.currentValues = new Float64Array(states);
    this.next = new Int32Array(states);
    this.nextValues = new Float64Array(states);
    this.marks = new Int32Array(states);
  }
  /** A fresh set of marks for one step of one run. */
  newStep(): void {
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
  const words = (key: number) => keyWords(matcher.keyNames[key] as string);
  matcher.single.forEach((entries, key) => entries && check(entries, () => words(key)));
  matcher.pairs.forEach((inner, key) => inner?.forEach((entries, second) => check(entries, () => `${words(key)} ${words(second)}`)));
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

/** What the machines need to know of one distinct word of the notes, worked out once per text. */
interface WordInfo {
  stem: number;
  word: number;
  /** The numbers of the matcher's prefixes the word starts with, if any. */
  prefixes: number[] | undefined;
  /** Its index key numbers (stem, prefix, and "#" for a number). */
  keys: number[];
  /** The phrases whose match it can end (see Matcher.endBlocks). */
  ends: Int32Array;
  skippable: boolean;
  joiner: boolean;
  /** Not a list item, or a subject (see JOINERS). */
  notItem: boolean;
  subject: boolean;
  /** The same word read as a number (its value known): "#" among its keys and ends. */
  asNumber?: WordInfo;
}

function wordInfo(matcher: Matcher, word: string): WordInfo {
  const wordStem = stem(word);
  const keys: number[] = [];
  for (const key of indexKeys(word, wordStem)) {
    const n = matcher.keys.get(key);
    if (n !== undefined) keys.push(n);
  }
  const prefixes = word.length >= PREFIX_KEY ? matcher.prefixesByStart.get(word.slice(0, PREFIX_KEY))?.filter((n) => word.startsWith(matcher.prefixes[n] as string)) : undefined;
  // A word no phrase names is the extra last row, which ends nothing.
  const unknown = matcher.words.size;
  const stemNumber = matcher.words.get(wordStem) ?? unknown;
  const wordNumber = matcher.words.get(word) ?? unknown;
  const blocks = matcher.endBlocks;
  const ends = new Int32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let bits = (matcher.stemEnds[stemNumber * blocks + b] as number) | (matcher.wordEnds[wordNumber * blocks + b] as number);
    for (const p of prefixes ?? []) bits |= matcher.prefixEnds[p * blocks + b] as number;
    ends[b] = bits;
  }
  return {
    stem: stemNumber,
    word: wordNumber,
    prefixes: prefixes !== undefined && prefixes.length > 0 ? prefixes : undefined,
    keys,
    ends,
    skippable: SKIPPABLE.has(word),
    joiner: JOINERS.has(word),
    notItem: NOT_ITEMS.has(word),
    subject: SUBJECTS.has(word),
  };
}

function numberInfo(matcher: Matcher, info: WordInfo): WordInfo {
  const numberKey = matcher.keys.get("#");
  return (info.asNumber ??= {
    ...info,
    keys: numberKey === undefined ? info.keys : [...info.keys, numberKey],
    ends: info.ends.map((bits, b) => bits | (matcher.numberEnds[b] as number)),
  });
}

/** The notes' tokens as the machines read them: numbers and flags in typed arrays. */
export interface Tape {
  length: number;
  stems: Int32Array;
  words: Int32Array;
  capital: Uint8Array;
  brk: Uint8Array;
  hasValue: Uint8Array;
  values: Float64Array;
  skippable: Uint8Array;
  /** For each token, the next token after it with a break before it (or the length). */
  breakAfter: Int32Array;
  /** For each token, what the machines need to know of its word. */
  info: WordInfo[];
}

/** The tokens as the matcher reads them (see Tape), for findOnTape and tapeCopy. */
export function tapeOf(matcher: Matcher, tokens: readonly Token[]): Tape {
  // Words repeat, so each one's stem, index keys and the rest are worked out once.
  const infos = matcher.wordInfos;
  const n = tokens.length;
  const tape = emptyTape(n);
  for (let i = 0; i < n; i++) {
    const token = tokens[i] as Token;
    let info = infos.get(token.word);
    if (info === undefined) {
      info = wordInfo(matcher, token.word);
      if (infos.size < MAX_WORD_INFOS) infos.set(token.word, info);
    }
    if (token.value !== undefined) {
      info = numberInfo(matcher, info);
      tape.hasValue[i] = 1;
      tape.values[i] = token.value;
    }
    tape.info.push(info);
    tape.stems[i] = info.stem;
    tape.words[i] = info.word;
    tape.capital[i] = token.capital ? 1 : 0;
    tape.brk[i] = token.brk;
  }
  return finishTape(tape);
}

/**
 * A tape of tokens copied from another: token k is the tape's token `source[k]`, with the break
 * `brk[k]` before it (references.ts reads a sentence again with words from the one before).
 */
export function tapeCopy(tape: Tape, source: readonly number[], brk: readonly number[]): Tape {
  const copy = emptyTape(source.length);
  for (let k = 0; k < source.length; k++) {
    const i = source[k] as number;
    copy.info.push(tape.info[i] as WordInfo);
    copy.stems[k] = tape.stems[i] as number;
    copy.words[k] = tape.words[i] as number;
    copy.capital[k] = tape.capital[i] as number;
    copy.hasValue[k] = tape.hasValue[i] as number;
    copy.values[k] = tape.values[i] as number;
    copy.brk[k] = brk[k] as number;
  }
  return finishTape(copy);
}

function emptyTape(n: number): Tape {
  return {
    length: n,
    stems: new Int32Array(n),
    words: new Int32Array(n),
    capital: new Uint8Array(n),
    brk: new Uint8Array(n),
    hasValue: new Uint8Array(n),
    values: new Float64Array(n),
    skippable: new Uint8Array(n),
    breakAfter: new Int32Array(n),
    // Filled by push, not `new Array(n)`: V8 keeps a preallocated array this long as a slow dictionary.
    info: [],
  };
}

/** What follows from the words and breaks: the words a run may step over, and where each clause ends. */
function finishTape(tape: Tape): Tape {
  const { info: words, brk, skippable, length: n } = tape;
  for (let i = n - 1, after = n; i >= 0; i--) {
    tape.breakAfter[i] = after;
    if (brk[i] !== NO_BREAK) after = i;
    if ((words[i] as WordInfo).skippable) skippable[i] = 1;
    // "did not ask for any passwords OR payment": an item and its joiner before the one named.
    const joiner = words[i + 1];
    const item = words[i + 2];
    if (joiner && item && brk[i + 1] === NO_BREAK && brk[i + 2] === NO_BREAK && joiner.joiner && !(words[i] as WordInfo).notItem && !item.subject) {
      skippable[i] = 1;
      skippable[i + 1] = 1;
    }
  }
  return tape;
}

/**
 * Every match of every phrase, the shortest at each start, in text order; `work.steps` counts the
 * work (Scratch.steps). With `starts`, matches are only looked for where it is 1.
 */
export function findMatches(matcher: Matcher, tokens: readonly Token[], work?: { steps: number }, starts?: Uint8Array): PhraseMatch[] {
  return findOnTape(matcher, tapeOf(matcher, tokens), work, starts);
}

export function findOnTape(matcher: Matcher, tape: Tape, work?: { steps: number }, starts?: Uint8Array): PhraseMatch[] {
  const n = tape.length;
  const { info: words, skippable } = tape;
  const scratch = new Scratch(matcher.machines.reduce((most, m) => Math.max(most, m.tests.length), 1));
  const matches: PhraseMatch[] = [];
  // A phrase can be found under several keys at one token; it is run once per key and the
  // shortest match kept, so these remember where each phrase last matched.
  const lastAt = new Int32Array(matcher.machines.length).fill(-1);
  const lastMatch: (PhraseMatch | undefined)[] = [];
  const tryAll = (entries: readonly Entry[], i: number) => {
    for (let e = 0; e < entries.length; e++) {
      const { machine: id, states } = entries[e] as Entry;
      const end = run(matcher.machines[id] as Machine, id, states, tape, i, scratch);
      if (end < 0) continue;
      const value = scratch.value;
      const earlier = lastAt[id] === i ? lastMatch[id] : undefined;
      if (earlier) {
        if (end < earlier.end) {
          earlier.end = end;
          if (value !== NONE) earlier.value = value;
        }
        continue;
      }
      const match: PhraseMatch = value !== NONE ? { phrase: id, first: i, end, value } : { phrase: id, first: i, end };
      matches.push(match);
      lastAt[id] = i;
      lastMatch[id] = match;
    }
  };
  for (let i = 0; i < n; i++) {
    if (starts !== undefined && starts[i] !== 1) continue;
    const here = (words[i] as WordInfo).keys;
    const pairable = i + 1 < n && tape.brk[i + 1] === NO_BREAK;
    const next = pairable ? (words[i + 1] as WordInfo).keys : undefined;
    // "sounded very different": the second phrase word may come after a skippable adverb.
    const after = pairable && skippable[i + 1] === 1 && i + 2 < n && tape.brk[i + 2] === NO_BREAK ? (words[i + 2] as WordInfo).keys : undefined;
    for (let k = 0; k < here.length; k++) {
      const key = here[k] as number;
      const single = matcher.single[key];
      if (single) tryAll(single, i);
      const inner = next !== undefined ? matcher.pairs[key] : undefined;
      if (inner === undefined) continue;
      for (let s = 0; s < (next as number[]).length; s++) {
        const paired = inner.get((next as number[])[s] as number);
        if (paired) tryAll(paired, i);
      }
      if (after !== undefined)
        for (let s = 0; s < after.length; s++) {
          const paired = inner.get(after[s] as number);
          if (paired) tryAll(paired, i);
        }
    }
  }
  if (work) work.steps += scratch.steps;
  return matches;
}

/** Whether a token in [from, to) could end a match of phrase `id` (see Matcher.endBlocks); each token read counts as a step. */
function endsWithin(id: number, tape: Tape, from: number, to: number, scratch: Scratch): boolean {
  const block = id >> 5;
  const bit = 1 << (id & 31);
  scratch.steps += to - from;
  for (let j = from; j < to; j++) if (((tape.info[j] as WordInfo).ends[block] as number) & bit) return true;
  return false;
}

/**
 * Run one machine from token `first`, from the given start states; the shortest match wins. Returns
 * one past its last token (or -1 for none), and leaves the number it read in `scratch.value`.
 */
function run(machine: Machine, id: number, startStates: readonly number[], tape: Tape, first: number, scratch: Scratch): number {
  let { current, currentValues, next, nextValues } = scratch;
  const marks = scratch.marks;
  const { tests, values, next: follows, nextStart: followStart } = machine;
  let count = 0;
  for (let k = 0; k < startStates.length; k++) {
    current[count] = startStates[k] as number;
    currentValues[count++] = NONE;
  }
  const limit = Math.min(tape.length, first + machine.maxLength + SKIPS_PER_MATCH);
  if (!endsWithin(id, tape, first, Math.min(limit, tape.breakAfter[first] as number), scratch)) return NONE;
  let skips = 0;
  let taken = 0;
  for (let i = first; i < limit && count > 0; i++) {
    // A phrase never spans a clause or sentence break.
    if (i > first && tape.brk[i] !== NO_BREAK) return NONE;
    scratch.newStep();
    const stamp = scratch.stamp;
    let nextCount = 0;
    scratch.steps += count;
    // The token as the tests read it, loaded once for all the states.
    const tokenStem = tape.stems[i] as number;
    const tokenWord = tape.words[i] as number;
    for (let k = 0; k < count; k++) {
      const state = current[k] as number;
      const test = tests[state] as Test;
      const want = values[state] as number;
      const accepted =
        test === Test.Stem
          ? want === tokenStem
          : test === Test.Exact
            ? want === tokenWord
            : test === Test.Name
              ? want === tokenWord && tape.capital[i] === 1
              : test === Test.Prefix
                ? (tape.info[i] as WordInfo).prefixes?.includes(want) === true
                : test === Test.Number
                  ? tape.hasValue[i] === 1
                  : true;
      if (!accepted) continue;
      const value = test === Test.Number ? (tape.values[i] as number) : (currentValues[k] as number);
      for (let f = followStart[state] as number, last = followStart[state + 1] as number; f < last; f++) {
        const follow = follows[f] as number;
        if (follow === ACCEPT) {
          scratch.value = value;
          return i + 1;
        }
        if (marks[follow] !== stamp) {
          marks[follow] = stamp;
          next[nextCount] = follow;
          nextValues[nextCount++] = value;
        }
      }
    }
    // An adverb between two phrase words: the states waiting before it still wait after it.
    if (tape.skippable[i] === 1 && i > first && skips < SKIPS_PER_MATCH) {
      skips++;
      for (let k = 0; k < count; k++) {
        const state = current[k] as number;
        if (marks[state] !== stamp) {
          marks[state] = stamp;
          next[nextCount] = state;
          nextValues[nextCount++] = currentValues[k] as number;
        }
      }
    } else if (++taken > machine.maxLength) return NONE;
    const states = current;
    current = next;
    next = states;
    const carried = currentValues;
    currentValues = nextValues;
    nextValues = carried;
    count = nextCount;
  }
  return NONE;
}
