/**
 * A light English stemmer, so that a pack phrase matches the other forms of its words: "ask" also
 * matches asks, asked and asking; "charge" matches charged and charges. British and American
 * -ise/-ize spellings fold together (organised, organized). Phrases and notes go through the same
 * function, so a stem only has to be consistent, not a real word. Irregular forms (paid, gave, rang)
 * are listed in the packs.
 */
const KEEP_FINAL_S = /(?:ss|us|is|ous)$/;

export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.length > 5) w = w.replace(/is(e|es|ed|ing|ation|ations)$/, "iz$1");
  if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith("ied") && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith("ing") && w.length > 5) return trimEnd(undouble(w.slice(0, -3)));
  if (w.endsWith("ed") && w.length > 4) return trimEnd(undouble(w.slice(0, -2)));
  if (w.endsWith("s") && !KEEP_FINAL_S.test(w)) w = w.slice(0, -1);
  return trimEnd(w);
}

/** "stopp" → "stop", but "install" and "call" keep their double l. */
function undouble(w: string): string {
  const last = w[w.length - 1];
  return w.length > 3 && last === w[w.length - 2] && last !== "l" && last !== "s" && last !== "z" ? w.slice(0, -1) : w;
}

/** A final silent e goes, so "charge" and "charg(ed)" meet. */
function trimEnd(w: string): string {
  return w.length > 3 && w.endsWith("e") && !w.endsWith("ee") ? w.slice(0, -1) : w;
}
