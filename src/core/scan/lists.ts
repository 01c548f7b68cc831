/**
 * Lists inside a clause: "asked for my card, PIN or any code", "did not want my account number,
 * my password, or the code". A comma there separates items, not clauses, so a phrase may run
 * across it and a negation before the list covers every item. A comma counts as a list comma when
 * the part after it is a short item (no subject of its own) that ends the list with "or"/"and", or
 * is followed by another list comma. One pass from the end, constant work per token.
 */
import { CLAUSE_BREAK, NO_BREAK, type Token, type Tokens } from "./tokenize.js";

/** The most words in one list item ("or the code from the text" is the longest kind). */
const ITEM_WORDS = 6;
/** Words before the first list comma taken as the first item ("my account number"). */
const FIRST_ITEM_WORDS = 3;
const JOINERS = new Set(["or", "and", "nor"]);
/** A subject starts a clause of its own: "I said no, and he swore" is not a list. */
const SUBJECTS = new Set(["i", "you", "he", "she", "they", "we", "it", "there", "this", "that"]);

export interface ListedTokens extends Tokens {
  /** 1 for tokens that are part of a list (its items), which a negation before it reaches. */
  listed: Uint8Array;
}

export function joinLists(text: string, source: Tokens): ListedTokens {
  const tokens = source.tokens;
  const listed = new Uint8Array(tokens.length);
  let out: Token[] | undefined;
  // Walk segments (runs between breaks) from the end; `laterListComma` says the segment after
  // the current one is a list item that a comma before it joins.
  let end = tokens.length;
  let laterListComma = false;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i] as Token;
    if (t.brk === NO_BREAK && i > 0) continue;
    // Segment [i, end).
    const words = end - i;
    let joiner = false;
    let subject = false;
    // Only a short segment can be an item: longer ones are not read word by word.
    for (let k = i; k < end && words <= ITEM_WORDS; k++) {
      const w = (tokens[k] as Token).word;
      if (JOINERS.has(w)) joiner = true;
      if (SUBJECTS.has(w)) subject = true;
    }
    const comma = t.brk === CLAUSE_BREAK && i > 0 && text.slice((tokens[i - 1] as Token).end, t.start).trim() === ",";
    const item: boolean = comma && words <= ITEM_WORDS && !subject && (joiner || laterListComma);
    if (item) {
      out ??= tokens.slice();
      out[i] = { ...t, brk: NO_BREAK };
      for (let k = i; k < end; k++) listed[k] = 1;
      // The item before the first comma of the list.
      for (let k = i - 1; k >= 0 && k >= i - FIRST_ITEM_WORDS; k--) {
        listed[k] = 1;
        if ((tokens[k] as Token).brk !== NO_BREAK) break;
      }
    }
    laterListComma = item;
    end = i;
  }
  return { tokens: out ?? tokens, sentences: source.sentences, listed };
}
