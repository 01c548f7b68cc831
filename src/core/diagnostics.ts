/**
 * Positioned problems found while loading rule packs or reading answers. The loader never throws
 * for a rule author's mistake: it returns every diagnostic of a run at once.
 */
export interface Diagnostic {
  file: string;
  /** 1-based; 0 when the problem has no single place in the file. */
  line: number;
  col: number;
  severity: "error" | "warning";
  /** A stable code for scripts and tests, like "unknown-field". */
  code: string;
  message: string;
}

/** At most this many problems are listed for one file or document: a broken or hostile one cannot flood the screen. */
export const MAX_PROBLEMS_SHOWN = 20;

/**
 * The words that stand for the problems not listed, for answers ("… and 199,980 more problems not
 * shown; fix the ones above first") and rule packs ("52 more problems in this file not shown; …").
 */
export function moreProblems(count: number, scope = ""): string {
  return `${count.toLocaleString("en-US")} more problem${count === 1 ? "" : "s"}${scope} not shown; fix the ones above first`;
}

/** GNU style, as compilers print it: `file:line:col: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
  return `${where}: ${d.severity === "warning" ? "warning: " : ""}${d.message}`;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1;
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === "error");

/** Levenshtein distance, for "did you mean" hints on misspelt keys and ids. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** The closest candidate, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const lc = c.toLowerCase();
    // A shortened or truncated id ("asked-remote" for "asked-remote-access") is a near miss too.
    // The length difference bounds the distance from below: skip hopeless candidates, so a huge
    // misspelt key costs no more than a short one.
    if (!(w.length >= 4 && lc.startsWith(w)) && Math.abs(w.length - lc.length) >= bestDistance) continue;
    const d = w.length >= 4 && lc.startsWith(w) ? 1 : editDistance(w, lc);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

export const didYouMean = (word: string, candidates: Iterable<string>): string => {
  const hit = closest(word, candidates);
  return hit ? ` (did you mean '${hit}'?)` : "";
};
