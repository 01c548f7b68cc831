/**
 * Short references back: "…a problem with your social security number. It has been suspended."
 * and "They asked for my password. I gave it to them." A pack phrase names the thing ("number *
 * suspended", "gave * password"), so a sentence that only says "it" misses it. For each sentence
 * with such a pronoun, the matcher also runs over a copy of the sentence in which the pronoun is
 * replaced by the last few words of the statement before; a match that joins the two is kept, placed
 * on the pronoun's sentence. The copies are short and one per sentence, so the work stays linear.
 */
import { findOnTape, tapeCopy, type Matcher, type PhraseMatch, type Tape } from "./match-phrases.js";
import { NO_BREAK, SENTENCE_BREAK, type Token, type Tokens } from "./tokenize.js";

/** Pronouns that point back to a thing ("this" only when it starts the sentence). */
const POINTING = new Set(["it"]);
const POINTING_FIRST = new Set(["it", "this"]);
/** How many words of the previous sentence stand in for the pronoun ("your social security number"). */
const ANTECEDENT_WORDS = 4;
/** How much of the pronoun's sentence is copied either side of it. */
const BEFORE = 6;
const AFTER = 14;
/** Not "to": "my password to fix it" is the password. */
const PREPOSITIONS = new Set(["for", "of", "with", "from", "on", "in", "by", "about", "at", "into", "over"]);
/** How many questions may stand between the pronoun and what it points back to. */
const SKIP_QUESTIONS = 2;

/** `tape` is the matcher's reading of the tokens (tapeOf), which the copies are taken from. */
export function matchesThroughReferences(matcher: Matcher, { tokens, sentences }: Tokens, tape: Tape): PhraseMatch[] {
  /** For each virtual token, the real token it copies, the break before it, and whether it stands for the pronoun. */
  const source: number[] = [];
  const brks: Token["brk"][] = [];
  const standsIn: boolean[] = [];
  /** The real pronoun each virtual antecedent stands for. */
  const pronounOf: number[] = [];
  for (let s = 1; s < sentences.length; s++) {
    const sentence = sentences[s] as (typeof sentences)[number];
    // The thing pointed back to is in the last statement: a question in between ("What kind of
    // problem?") asks about it and does not name it.
    let back = s - 1;
    while (back > 0 && back > s - 1 - SKIP_QUESTIONS && (sentences[back] as (typeof sentences)[number]).question) back--;
    const previous = sentences[back] as (typeof sentences)[number];
    let p = -1;
    for (let i = sentence.first; i < sentence.end; i++) {
      const word = (tokens[i] as Token).word;
      if (POINTING.has(word) || (i === sentence.first && POINTING_FIRST.has(word))) {
        p = i;
        break;
      }
    }
    if (p < 0) continue;
    const push = (real: number, brk: Token["brk"], stands: boolean) => {
      source.push(real);
      brks.push(brk);
      standsIn.push(stands);
      pronounOf.push(p);
    };
    const from = Math.max(sentence.first, p - BEFORE);
    for (let i = from; i < p; i++) push(i, i === from ? SENTENCE_BREAK : (tokens[i] as Token).brk, false);
    // The noun phrase at the end: "a refund of £150 FOR OVERCHARGING" points back to the last
    // part only, after its preposition.
    let antecedent = Math.max(previous.first, previous.end - ANTECEDENT_WORDS);
    for (let k = previous.end - 2; k >= antecedent; k--)
      if (PREPOSITIONS.has((tokens[k] as Token).word)) {
        antecedent = k + 1;
        break;
      }
    for (let i = antecedent; i < previous.end; i++) push(i, i === antecedent ? (from < p ? (tokens[p] as Token).brk : SENTENCE_BREAK) : NO_BREAK, true);
    const to = Math.min(sentence.end, p + 1 + AFTER);
    for (let i = p + 1; i < to; i++) push(i, i === p + 1 ? NO_BREAK : (tokens[i] as Token).brk, false);
  }
  if (source.length === 0) return [];
  // A match that joins the two starts before or on the words standing in for the pronoun.
  const starts = new Uint8Array(source.length);
  for (let k = 0, open = true; k < source.length; k++) {
    if (k > 0 && standsIn[k - 1] && !standsIn[k]) open = false;
    if (brks[k] === SENTENCE_BREAK) open = true;
    if (open) starts[k] = 1;
  }
  const out: PhraseMatch[] = [];
  for (const m of findOnTape(matcher, tapeCopy(tape, source, brks), undefined, starts)) {
    let joined = false;
    let real = false;
    for (let k = m.first; k < m.end; k++) {
      if (standsIn[k]) joined = true;
      else real = true;
    }
    if (!joined || !real) continue;
    const pronoun = pronounOf[m.first] as number;
    const first = standsIn[m.first] ? pronoun : (source[m.first] as number);
    const last = standsIn[m.end - 1] ? pronoun : (source[m.end - 1] as number);
    out.push({ ...m, first, end: last + 1 });
  }
  return out;
}
