/**
 * Word-wrap plain text to a width, with a hanging indent for list items. Works on text without
 * colour codes; colour is applied to whole lines afterwards.
 */
export function wrap(text: string, width: number, indent = "", firstIndent = indent): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  const room = (prefix: string) => Math.max(10, width - prefix.length);
  for (const word of words) {
    const prefix = lines.length === 0 ? firstIndent : indent;
    if (!empty && line.length + 1 + word.length > prefix.length + room(prefix)) {
      lines.push(line);
      line = indent + word;
      continue;
    }
    line += (empty ? "" : " ") + word;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  // Words longer than the width are split so nothing runs off a narrow terminal.
  return lines.flatMap((l) => {
    if (l.length <= width) return [l];
    const out: string[] = [];
    for (let i = 0; i < l.length; i += width) out.push(l.slice(i, i + width));
    return out;
  });
}

/** The width to wrap to: the terminal's, else 80, never below 20. */
export function outputWidth(stream: { columns?: number; isTTY?: boolean }): number {
  const columns = stream.isTTY && stream.columns ? stream.columns : 80;
  return Math.max(20, Math.min(columns, 100));
}
