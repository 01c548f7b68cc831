/**
 * Line and column of offsets in a text, for evidence. One pass over the text for all offsets
 * together, so even a long single-line note costs no more than reading it once. Columns count
 * characters (code points), as editors show them, not UTF-16 units.
 */
export interface Place {
  line: number;
  column: number;
}

export function locate(text: string, offsets: readonly number[]): Place[] {
  const order = offsets.map((_, i) => i).sort((a, b) => (offsets[a] as number) - (offsets[b] as number));
  const places: Place[] = new Array(offsets.length);
  let line = 1;
  let column = 1;
  let at = 0;
  for (const i of order) {
    const target = offsets[i] as number;
    while (at < target && at < text.length) {
      const code = text.charCodeAt(at);
      if (code === 10) {
        line++;
        column = 1;
      } else if (code < 0xdc00 || code > 0xdfff) {
        // The second half of a surrogate pair is the same character as the first.
        column++;
      }
      at++;
    }
    places[i] = { line, column };
  }
  return places;
}
