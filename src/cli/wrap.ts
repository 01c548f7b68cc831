/**
 * Word-wrap plain text to a terminal width, with a hanging indent for list items. Widths are
 * display columns (a CJK character or an emoji takes two, a combining accent none), and the
 * breaking is a library's, so a line never runs past the edge for the terminal to break inside a
 * word. Colour is applied to whole lines afterwards.
 * fast-string-width and fast-wrap-ansi rather than string-width and wrap-ansi: string-width builds
 * an Intl.Segmenter as it loads, which took longer than all the rest of a scripted check's start-up
 * code, at every start, whether or not anything is wrapped.
 */
import stringWidth from "fast-string-width";
import { wrapAnsi } from "fast-wrap-ansi";

/** Columns a line of text takes on a terminal. */
export const displayWidth = (text: string): number => stringWidth(text);

export function wrap(text: string, width: number, indent = "", firstIndent = indent): string[] {
  // Runs of white space, line breaks included, are one space: the text is one paragraph.
  let rest = text.split(/\s+/).filter(Boolean).join(" ");
  // However deep the indent, a few words still fit beside it.
  const room = (prefix: string) => Math.max(10, width - displayWidth(prefix));
  const lines: string[] = [];
  while (rest !== "") {
    const prefix = lines.length === 0 ? firstIndent : indent;
    // hard: a word longer than the line is split, so nothing runs off a narrow terminal.
    const [line = ""] = wrapAnsi(rest, room(prefix), { hard: true, trim: true }).split("\n");
    lines.push(prefix + line);
    // The first line is the start of the text (its spaces were all single ones), so the rest
    // follows it; it is wrapped again to the room beside the other lines' indent.
    rest = rest.slice(line.length).trimStart();
  }
  return lines.length > 0 ? lines : [firstIndent];
}

/** Text cut to at most `width` columns, ending in "…" where it was cut. */
export function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  const [kept = ""] = wrapAnsi(text, Math.max(1, width - 1), { hard: true, wordWrap: false, trim: false }).split("\n");
  return `${kept}…`;
}

/** Text padded with spaces to `width` columns. */
export const padTo = (text: string, width: number): string => text + " ".repeat(Math.max(0, width - displayWidth(text)));

/** The width to wrap to: the terminal's, else 80, never below 20. */
export function outputWidth(stream: { columns?: number; isTTY?: boolean }): number {
  const columns = stream.isTTY && stream.columns ? stream.columns : 80;
  return Math.max(20, Math.min(columns, 100));
}
