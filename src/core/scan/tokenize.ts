/**
 * The text normaliser: free-text call notes to a stream of word tokens, each with its place in the
 * text and the kind of break before it (none, clause or sentence). Matching works on these tokens
 * only, so case, accents, punctuation and contractions never matter, and the work is one pass over
 * the text (linear in its size).
 *
 * Breaks drive two things: a pack phrase never matches across one, and negation or hedging only
 * reaches as far as the clause (or sentence) it is in. Brackets and quotes are not breaks: notes
 * put words in them mid-phrase ("asked for my (debit) card", 'said he was from "Windows"').
 */

/** No break, a clause break (comma, colon, dash) or a sentence break (full stop, line, `?`). */
export const NO_BREAK = 0;
export const CLAUSE_BREAK = 1;
export const SENTENCE_BREAK = 2;
export type Break = typeof NO_BREAK | typeof CLAUSE_BREAK | typeof SENTENCE_BREAK;

export interface Token {
  /** Lower case, accents removed, contractions expanded ("didn't" gives "did" and "not"). */
  word: string;
  /** Offsets of the token in the original text; an expanded contraction shares its word's span. */
  start: number;
  end: number;
  /** The break between the previous token and this one. */
  brk: Break;
  /** The sentence this token belongs to (an index into Tokens.sentences). */
  sentence: number;
  /** For numbers written in digits or words ("40", "forty-five"), their value. */
  value: number | undefined;
  /** Written with a capital letter first ("Nationwide", "NATIONWIDE"): a name, for phrases that say so. */
  capital: boolean;
}

export interface Sentence {
  /** Index of the first token, and one past the last. */
  first: number;
  end: number;
  /** Ended with a question mark. */
  question: boolean;
}

export interface Tokens {
  tokens: Token[];
  sentences: Sentence[];
}

/** Contractions written without the apostrophe, as in quickly typed notes ("didnt", "cant"). */
const BARE_NEGATIVES = new Map<string, [string, string]>([
  ["didnt", ["did", "not"]],
  ["dont", ["do", "not"]],
  ["doesnt", ["does", "not"]],
  ["wasnt", ["was", "not"]],
  ["werent", ["were", "not"]],
  ["wouldnt", ["would", "not"]],
  ["couldnt", ["could", "not"]],
  ["shouldnt", ["should", "not"]],
  ["havent", ["have", "not"]],
  ["hasnt", ["has", "not"]],
  ["hadnt", ["had", "not"]],
  ["isnt", ["is", "not"]],
  ["arent", ["are", "not"]],
  ["cant", ["can", "not"]],
  ["cannot", ["can", "not"]],
  ["wont", ["will", "not"]],
  ["aint", ["is", "not"]],
]);
const IRREGULAR_NOT = new Map([
  ["ca", "can"],
  ["wo", "will"],
  ["sha", "shall"],
]);
/** What a clitic stands for; the possessive or "is" 's is dropped. */
const CLITICS = new Map<string, string | null>([
  ["s", null],
  ["ve", "have"],
  ["ll", "will"],
  ["d", "would"],
  ["re", "are"],
  ["m", "am"],
]);

const UNITS = new Map<string, number>([
  ["one", 1],
  ["two", 2],
  ["three", 3],
  ["four", 4],
  ["five", 5],
  ["six", 6],
  ["seven", 7],
  ["eight", 8],
  ["nine", 9],
  ["ten", 10],
  ["eleven", 11],
  ["twelve", 12],
  ["thirteen", 13],
  ["fourteen", 14],
  ["fifteen", 15],
  ["sixteen", 16],
  ["seventeen", 17],
  ["eighteen", 18],
  ["nineteen", 19],
]);
const NUMBER_INITIALS = "efnost";
const TENS = new Map<string, number>([
  ["twenty", 20],
  ["thirty", 30],
  ["forty", 40],
  ["fifty", 50],
  ["sixty", 60],
  ["seventy", 70],
  ["eighty", 80],
  ["ninety", 90],
]);

/**
 * Expand one raw word (letters, digits and apostrophes, already lower-cased and folded) into the
 * words it stands for: "didn't" → did, not; "bank's" → bank; "i'm" → i, am.
 */
export function expandWord(raw: string): string[] {
  // Most words have no apostrophe and are not a bare contraction: nothing to do.
  if (raw.indexOf("'") < 0 && !BARE_NEGATIVES.has(raw)) return raw === "" ? [] : [raw];
  const word = raw.replace(/^'+|'+$/g, "");
  if (word === "") return [];
  const bare = BARE_NEGATIVES.get(word);
  if (bare) return bare;
  if (word.endsWith("n't")) {
    const stem = word.slice(0, -3);
    return [IRREGULAR_NOT.get(stem) ?? stem, "not"].filter(Boolean);
  }
  const at = word.indexOf("'");
  if (at > 0) {
    const head = word.slice(0, at);
    const tail = word.slice(at + 1);
    if (CLITICS.has(tail)) {
      const extra = CLITICS.get(tail);
      return extra ? [head, extra] : [head];
    }
    // O'Brien, y'all: keep as one word without the apostrophe.
    return [word.replace(/'/g, "")];
  }
  return [word];
}

/** Past participles that do not end in -ed, for "I'd paid" (had) against "I'd pay" (would). */
const IRREGULAR_PARTICIPLES = new Set([
  "been", "got", "gotten", "gone", "done", "had", "seen", "given", "taken", "made", "paid", "bought", "sent", "told", "said", "left",
  "lost", "won", "put", "rung", "spoken", "heard", "found", "read", "written", "shown", "known", "let", "set", "brought", "kept", "spent",
]);
const participle = (word: string) => (word.length > 3 && word.endsWith("ed") && word !== "need") || IRREGULAR_PARTICIPLES.has(word);

/** Lower case without accents, so "Café" and "cafe" are the same word. */
export function foldCase(text: string): string {
  // Only strip accents when there are any: normalize() is the slow part on large notes.
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  return text.toLowerCase();
}

// ASCII first: the Unicode property tests are the slow path, taken only for other scripts.
const isLetter = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c > "\u007f" && /\p{L}/u.test(c));
const isMark = (c: string) => c > "\u02ff" && /\p{M}/u.test(c);
const isDigit = (c: string) => c >= "0" && c <= "9";
/** A letter, by character code: the test the tokenizer's inner loop runs on every character. */
function isLetterCode(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
  return isLetter(text[i] as string) || isMark(text[i] as string);
}
const isApostrophe = (c: string) => c === "'" || c === "\u2019" || c === "\u02bc";
const isSpace = (c: string) => c === " " || c === "\t" || c === "\u00a0" || c === "\f" || c === "\v";

/**
 * A line break ends a sentence, except inside a paragraph that was hard-wrapped (a long line that
 * stops without punctuation and runs on in lower case). Notes are often one fact per line.
 */
const WRAPPED_LINE = 60;
/** Words no sentence ends with: articles, possessives, prepositions, conjunctions, auxiliaries. */
const OPEN_ENDINGS = new Set([
  "a", "an", "the", "my", "your", "her", "his", "their", "our", "its", "to", "of", "for", "with", "from", "in", "on", "at", "by",
  "into", "onto", "about", "and", "or", "but", "is", "was", "were", "are", "be", "been", "had", "have", "has", "will", "would",
  "could", "should", "can", "must", "any", "some", "every", "each",
]);
/** The run of letters a line (its white space at the end trimmed) ends with, read backwards: a search from the start retries at every letter of a long line. */
function lastWord(trimmed: string): string {
  let start = trimmed.length;
  while (start > 0 && /[A-Za-z]/.test(trimmed[start - 1] as string)) start--;
  return trimmed.slice(start).toLowerCase();
}
/**
 * Words whose "no" abbreviates "number": "card no. and expiry", "ref no 4471", "NI no". Then "no" is
 * read as "number", and its stop does not end the sentence before a word in lower case or a digit.
 */
const NUMBER_NOUNS = new Set([
  "card", "account", "acc", "acct", "ref", "reference", "policy", "case", "tel", "mobile", "ticket", "invoice", "tracking", "booking",
  "crime", "membership", "serial", "claim", "passport", "licence", "license", "id", "security", "insurance", "ni", "pps", "routing",
]);
/** Whether `word` after `before` is "no" standing for "number" (phrases are read the same way). */
export const abbreviatesNumber = (before: string | undefined, word: string): boolean => word === "no" && before !== undefined && NUMBER_NOUNS.has(before);
/** How far below the longest line a line of a hard-wrapped text may stop. */
const WRAP_SLACK = 15;
/**
 * The width a text was hard-wrapped at: its longest line, when at least two lines come close to it
 * (an editor or mail program wrapping a paragraph). One long line among short facts is no wrapping.
 */
function wrapWidth(text: string): number | undefined {
  const lengths: number[] = [];
  let start = 0;
  for (let k = text.indexOf("\n"); ; k = text.indexOf("\n", start)) {
    lengths.push((k < 0 ? text.slice(start) : text.slice(start, k)).trimEnd().length);
    if (k < 0) break;
    start = k + 1;
  }
  // A loop, not Math.max(...lengths): a long text has more lines than a call may take arguments.
  let widest = 0;
  for (const l of lengths) if (l > widest) widest = l;
  const near = lengths.filter((l) => l >= WRAPPED_LINE && l >= widest - WRAP_SLACK).length;
  return near >= 2 ? widest : undefined;
}
/** A line that starts a turn ("Me: …") or a list item ("- …", "2) …"), which no wrapping continues. */
const TURN_OR_ITEM = /^(?:[^\n:.!?]{1,30}:|[-*\u2022]|\d+[.)]\s)/;
/** Distinct spellings remembered per text: plenty for notes, bounded for any input. */
const MAX_SEEN = 50_000;
const CLOSING_QUOTES = "\"'\u201d\u2019\u00bb";

export function tokenize(text: string): Tokens {
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  let pending: Break = SENTENCE_BREAK;
  let sentenceStart = 0;
  let lineStart = 0;
  let lastWasQuestion = false;
  const width = text.length > WRAPPED_LINE ? wrapWidth(text) : undefined;

  const raise = (b: Break) => {
    if (b > pending) pending = b;
  };
  const closeSentence = (question: boolean) => {
    if (tokens.length > sentenceStart) {
      sentences.push({ first: sentenceStart, end: tokens.length, question });
      sentenceStart = tokens.length;
    }
  };
  const push = (spelt: string, start: number, end: number, value?: number, capital = false) => {
    let word = spelt;
    const last = tokens[tokens.length - 1];
    // Maps, not objects: a note may contain any word, "constructor" included. Number words all
    // start with one of "efnost", so most words skip the lookups.
    const unit = NUMBER_INITIALS.includes(word[0] as string) ? UNITS.get(word) : undefined;
    // "forty five" and "forty-five" are one number: fold the unit into the tens before it.
    const tens = last ? TENS.get(last.word) : undefined;
    if (pending === NO_BREAK && last && unit !== undefined && unit < 10 && tens !== undefined) {
      last.value = tens + unit;
      last.word = String(last.value);
      last.end = end;
      return;
    }
    // "I'd logged a ticket" is "I had logged", not "I would": a 'd before a past participle.
    if (pending === NO_BREAK && last?.word === "would" && tokens[tokens.length - 2]?.start === last.start && participle(word)) last.word = "had";
    if (pending === NO_BREAK && abbreviatesNumber(last?.word, word)) word = "number";
    if (pending === SENTENCE_BREAK) closeSentence(lastWasQuestion);
    lastWasQuestion = false;
    // Every token has the same fields, in the same order: one object shape keeps the scan fast.
    tokens.push({ word, start, end, brk: tokens.length === 0 ? SENTENCE_BREAK : pending, sentence: sentences.length, value: value ?? unit ?? (NUMBER_INITIALS.includes(word[0] as string) ? TENS.get(word) : undefined), capital });
    pending = NO_BREAK;
  };

  const seen = new Map<string, string[]>();
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i] as string;
    if (isLetter(c) || isDigit(c)) {
      // A run of letters (with inner apostrophes) or a run of digits: "20mins" is 20 and mins.
      const start = i;
      if (isDigit(c)) {
        while (i < n && isDigit(text[i] as string)) i++;
        // Thousands separators: "$1,000" and "25,000" are one number, not 1 and 000.
        if (i - start <= 3)
          while (text[i] === "," && isDigit(text[i + 1] ?? "") && isDigit(text[i + 2] ?? "") && isDigit(text[i + 3] ?? "") && !isDigit(text[i + 4] ?? "")) i += 4;
        const digits = text.slice(start, i).replaceAll(",", "");
        push(digits, start, i, digits.length <= 9 ? Number(digits) : undefined);
        continue;
      }
      let curly = false;
      while (i < n) {
        if (isLetterCode(text, i)) i++;
        else if (isApostrophe(text[i] as string) && i + 1 < n && isLetter(text[i + 1] as string)) {
          curly ||= text[i] !== "'";
          i++;
        } else break;
      }
      const slice = text.slice(start, i);
      // Notes repeat their words: fold and expand each distinct spelling once.
      let words = seen.get(slice);
      if (words === undefined) {
        words = expandWord(foldCase(curly ? slice.replace(/[\u2019\u02bc]/g, "'") : slice));
        if (seen.size < MAX_SEEN) seen.set(slice, words);
      }
      const code = text.charCodeAt(start);
      const capital = code < 0x80 ? code >= 0x41 && code <= 0x5a : /\p{Lu}/u.test(c);
      for (let w = 0; w < words.length; w++) push(words[w] as string, start, i, undefined, capital);
      continue;
    }
    if (c === "\u001b" || c === "\u009b") {
      // Terminal escape sequences are noise, and their ';' or '[' must not split the sentence.
      i = skipEscape(text, i);
      continue;
    }
    i++;
    switch (c) {
      case ".":
      case "!":
      case "?":
      case ";":
      case "\u2026": {
        // "1.5", "anydesk.com" and "e.g" keep going; a stop before a space or the end is a break.
        const next = text[i];
        if (c === "." && next !== undefined && (isLetter(next) || isDigit(next))) break;
        // "card no. and expiry", "ref no. 4471": the stop of an abbreviation, not of a sentence.
        if (c === "." && abbreviationStop(text, i, tokens[tokens.length - 1])) break;
        // A quoted question inside a sentence ('I said "Tommy?" and he said yes') does not end it.
        if ((c === "?" || c === "!") && next !== undefined && CLOSING_QUOTES.includes(next)) {
          let j = i + 1;
          while (j < n && isSpace(text[j] as string)) j++;
          if (j < n && /\p{Ll}/u.test(text[j] as string)) {
            raise(CLAUSE_BREAK);
            break;
          }
        }
        raise(SENTENCE_BREAK);
        if (c === "?") lastWasQuestion = true;
        break;
      }
      case "\n": {
        const trimmed = text.slice(lineStart, i - 1).trimEnd();
        lineStart = i;
        let j = i;
        while (j < n && isSpace(text[j] as string)) j++;
        const nextChar = text[j];
        // Wrapped: the next line runs on in lower case, or this one stops on a word no sentence
        // ends with ("…any codes or my / PIN."), or, in a hard-wrapped text, its next word would
        // not have fitted on this line ("…a lawyer sent by Western / Union, …").
        const length = trimmed.length;
        const wrapped =
          length >= WRAPPED_LINE &&
          !".!?;:,".includes(trimmed[length - 1] as string) &&
          nextChar !== undefined &&
          (/\p{Ll}/u.test(nextChar) ||
            (isLetter(nextChar) && OPEN_ENDINGS.has(lastWord(trimmed))) ||
            (width !== undefined && isLetter(nextChar) && length >= width - WRAP_SLACK && length + 1 + nextWordLength(text, j) > width && !TURN_OR_ITEM.test(text.slice(j, j + 32))));
        raise(wrapped ? NO_BREAK : SENTENCE_BREAK);
        break;
      }
      case ",":
      case ":":
      case "\u2014":
      case "\u2013":
      case "=":
      case ">":
        // "10:40" is a time, not a break.
        if (c === ":" && isDigit(text[i - 2] ?? "") && isDigit(text[i] ?? "")) break;
        raise(CLAUSE_BREAK);
        break;
      case "-":
      case "/":
      case "|":
        // A spaced dash or slash separates parts ("Caller: … / Me: …"); "e-mail" and "24/7" do not.
        if (isSpace(text[i - 2] ?? " ") && isSpace(text[i] ?? " ")) raise(c === "-" ? CLAUSE_BREAK : SENTENCE_BREAK);
        break;
      default:
        break;
    }
  }
  closeSentence(lastWasQuestion);
  return { tokens, sentences };
}

/** Whether the stop just before index i ends "no" read as "number", with a lower-case word or a digit next. */
function abbreviationStop(text: string, i: number, last: Token | undefined): boolean {
  if (last?.word !== "number" || last.end !== i - 1 || text.slice(last.start, last.end).toLowerCase() !== "no") return false;
  let j = i;
  while (j < text.length && isSpace(text[j] as string)) j++;
  const next = text[j];
  return next !== undefined && (isDigit(next) || /\p{Ll}/u.test(next));
}

/** The length of the word starting at index j (up to the next space or line break). */
function nextWordLength(text: string, j: number): number {
  let k = j;
  while (k < text.length && text[k] !== "\n" && !isSpace(text[k] as string)) k++;
  return k - j;
}

/**
 * The index just after the escape sequence starting at `i`: CSI (ESC [ or U+009B, parameters, one
 * final byte), OSC (ESC ], up to BEL or ESC \, at most a line), or ESC and one more character.
 */
function skipEscape(text: string, i: number): number {
  const n = text.length;
  const csi = text[i] === "\u009b" || text[i + 1] === "[";
  if (csi) {
    let j = i + (text[i] === "\u009b" ? 1 : 2);
    while (j < n && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x3f) j++;
    return j < n && text.charCodeAt(j) >= 0x40 && text.charCodeAt(j) <= 0x7e ? j + 1 : j;
  }
  if (text[i + 1] === "]") {
    let j = i + 2;
    while (j < n && text[j] !== "\u0007" && text[j] !== "\u001b" && text[j] !== "\n") j++;
    return text[j] === "\u0007" ? j + 1 : text[j] === "\u001b" && text[j + 1] === "\\" ? j + 2 : j;
  }
  return Math.min(n, i + 2);
}
