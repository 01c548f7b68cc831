/**
 * The phrase compiler. Packs say which words answer a question in a small phrase language, not in
 * regular expressions, so a pack can never make matching slow (no backtracking, no nesting):
 *
 *   ask for * card          words match whatever their ending ("asked", "asking"), in order
 *   =installed              '=' matches only that form (installed, not install): "did it happen"
 *   remot* access           a trailing * matches any ending: remote, remotely
 *   said * from microsoft   a lone * skips up to three words
 *   {teamviewer|team viewer|teamveiwer}   any one of these (use it for spellings and misspellings)
 *   asked {me|her}? to pay  a group followed by ? may be left out
 *   # min*                  a number, in digits or words (number questions read its value)
 *   Nationwide              a capital first: only that form, written with a capital in the notes
 *                           too (a name that is also an ordinary word: "winners picked nationwide")
 *
 * Accents and punctuation do not matter, nor does case except for names, and contractions are expanded as in the notes
 * ("didn't" is "did not"). A phrase compiles to a short list of steps, plain data that the
 * compiled-rules cache can store; the matcher runs it as a bounded state machine (match-phrases.ts).
 */
import { abbreviatesNumber, expandWord, foldCase } from "./tokenize.js";

/** How many words a lone `*` may skip. */
export const GAP_WORDS = 3;
export const MAX_PHRASE_LENGTH = 600;
export const MAX_PHRASE_WORDS = 12;
export const MAX_GAPS = 3;
export const MAX_ALTERNATIVES = 60;
const MIN_PREFIX = 3;

/** One word of a phrase: a word (matched by stem), an exact form, a name (exact and capitalised), a word prefix, or a number. */
export type PhraseWord = { word: string } | { exact: string } | { name: string } | { prefix: string } | { number: true };

/** One step: a word, a gap of up to GAP_WORDS words, or a choice between short word sequences (which may be optional). */
export type PhraseStep = PhraseWord | { gap: number } | { anyOf: PhraseWord[][]; optional?: true };

export interface CompiledPhrase {
  /** The phrase as written in the pack, for evidence and messages. */
  source: string;
  steps: PhraseStep[];
}

export class PhraseError extends Error {
  override readonly name = "PhraseError";
  constructor(
    message: string,
    /** Character offset in the phrase where the problem is. */
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Characters regular expressions use; refused with a pointer to the phrase syntax instead. */
const REGEX_SYNTAX = /[()[\]\\^$+]|(?<!\})\?/;
const WORD_CHARS = /^=?[\p{L}\p{M}\p{N}'\u2019.&-]+\*?$/u;

/** Compile one phrase. Throws PhraseError (message and offset) for anything unsafe or unclear. */
export function compilePhrase(source: string): CompiledPhrase {
  if (source.length > MAX_PHRASE_LENGTH) throw new PhraseError(`is too long (at most ${MAX_PHRASE_LENGTH} characters)`, MAX_PHRASE_LENGTH);
  const bad = REGEX_SYNTAX.exec(source);
  if (bad)
    throw new PhraseError(
      `'${bad[0]}' is regular-expression syntax, which phrases do not use: write {a|b} for alternatives, {a|b}? for optional words, word* for any ending, * to skip up to ${GAP_WORDS} words`,
      bad.index,
    );

  const steps: PhraseStep[] = [];
  let words = 0;
  let gaps = 0;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "}" || c === "|") throw new PhraseError(`unexpected '${c}' outside {…}`, i);
    if (c === "{") {
      if (i > 0 && !/\s/.test(source[i - 1] as string)) throw new PhraseError("put a space before '{': a {…} group stands for whole words", i);
      const close = source.indexOf("}", i + 1);
      if (close < 0) throw new PhraseError("'{' is never closed with '}'", i);
      const nested = source.indexOf("{", i + 1);
      if (nested >= 0 && nested < close) throw new PhraseError("alternatives cannot be nested: write {a|b} with plain words inside", nested);
      const optional = source[close + 1] === "?";
      const after = close + (optional ? 2 : 1);
      if (after < n && !/\s/.test(source[after] as string))
        throw new PhraseError("put a space after '}': a {…} group stands for whole words", after);
      if (optional && steps.length === 0) throw new PhraseError("a phrase cannot start with an optional group: start with a word", close + 1);
      const alternatives: PhraseWord[][] = [];
      let optionStart = i + 1;
      for (const part of source.slice(i + 1, close).split("|")) {
        const option = compileWords(part, optionStart);
        if (option.length === 0) throw new PhraseError("empty alternative in {…}: every alternative needs a word", optionStart);
        alternatives.push(option);
        optionStart += part.length + 1;
      }
      if (alternatives.length < 2 && !optional) throw new PhraseError("{…} needs at least two alternatives separated by '|' (or a '?' after it, for optional words)", i);
      if (alternatives.length > MAX_ALTERNATIVES) throw new PhraseError(`{…} has more than ${MAX_ALTERNATIVES} alternatives`, i);
      words += Math.max(...alternatives.map((o) => o.length));
      steps.push(optional ? { anyOf: alternatives, optional: true } : { anyOf: alternatives });
      i = after;
      continue;
    }
    let end = i;
    while (end < n && !/\s/.test(source[end] as string) && source[end] !== "{" && source[end] !== "}" && source[end] !== "|") end++;
    const piece = source.slice(i, end);
    if (piece === "*") {
      if (steps.length === 0) throw new PhraseError("a phrase cannot start with '*': start with a word", i);
      if ("gap" in (steps[steps.length - 1] as PhraseStep)) throw new PhraseError("'* *' is not allowed: one '*' skips up to three words", i);
      if (++gaps > MAX_GAPS) throw new PhraseError(`at most ${MAX_GAPS} '*' gaps in one phrase`, i);
      steps.push({ gap: GAP_WORDS });
    } else {
      const compiled = compileWords(piece, i);
      words += compiled.length;
      steps.push(...compiled);
    }
    i = end;
  }
  if (steps.length === 0) throw new PhraseError("is empty", 0);
  const last = steps[steps.length - 1] as PhraseStep;
  if ("anyOf" in last && last.optional) throw new PhraseError("a phrase cannot end with an optional group: end with a word", source.lastIndexOf("?"));
  if ("gap" in (steps[steps.length - 1] as PhraseStep)) throw new PhraseError("a phrase cannot end with '*': end with a word", source.lastIndexOf("*"));
  if (words > MAX_PHRASE_WORDS) throw new PhraseError(`has more than ${MAX_PHRASE_WORDS} words; shorter phrases match more notes`, 0);
  return { source, steps };
}

/** Words separated by spaces (inside a group, one alternative), each expanded like note text. */
function compileWords(text: string, offset: number): PhraseWord[] {
  const out: PhraseWord[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const piece = m[0];
    const at = offset + m.index;
    if (piece === "#") {
      out.push({ number: true });
      continue;
    }
    if (piece === "*") throw new PhraseError("'*' cannot stand alone inside {…}: use it at the end of a word, or outside the group", at);
    if (!WORD_CHARS.test(piece)) {
      const star = piece.indexOf("*");
      if (star >= 0 && star < piece.length - 1)
        throw new PhraseError(`'*' may only end a word ('${piece}'): it matches any ending, not a middle or a start`, at + star);
      const odd = [...piece].find((ch) => !/[\p{L}\p{M}\p{N}'\u2019.&*-]/u.test(ch)) ?? piece;
      throw new PhraseError(`unexpected '${odd}' in '${piece}': phrases ignore punctuation, so leave it out`, at + Math.max(0, piece.indexOf(odd)));
    }
    const isExact = piece.startsWith("=");
    const isPrefix = piece.endsWith("*");
    const isName = /^\p{Lu}/u.test(piece);
    if (isName && isPrefix) throw new PhraseError(`'${piece}' cannot both be a name (a capital first) and match any ending ('*')`, at);
    if (isExact && isPrefix) throw new PhraseError(`'${piece}' cannot both be exact ('=') and match any ending ('*')`, at);
    // Split like note text: "e-mail" is e and mail, "didn't" is did and not, "20mins" is 20 and mins.
    const parts = (foldCase(isPrefix ? piece.slice(0, -1) : isExact ? piece.slice(1) : piece).replace(/\u2019/g, "'").match(/\p{L}[\p{L}\p{M}']*|\p{N}+/gu) ?? []).flatMap(
      (p) => (/^\p{N}/u.test(p) ? [p] : expandWord(p.normalize("NFKD").replace(/\p{M}/gu, ""))),
    );
    if (parts.length === 0) throw new PhraseError(`'${piece}' has no letters or digits`, at);
    parts.forEach((part, k) => {
      // Read as note text is: "card no" is "card number".
      const before = out[out.length - 1];
      const p = before !== undefined && "word" in before && abbreviatesNumber(before.word, part) ? "number" : part;
      if (isPrefix && k === parts.length - 1) {
        if (p.length < MIN_PREFIX) throw new PhraseError(`'${piece}' is too short to end with '*': give at least ${MIN_PREFIX} letters`, at);
        out.push({ prefix: p });
      } else out.push(isName && k === 0 ? { name: p } : isExact ? { exact: p } : { word: p });
    });
  }
  return out;
}
