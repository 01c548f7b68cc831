/**
 * Split a byte stream into lines without holding more than one line in memory, with a cap on line
 * length: an over-long line is skipped (reported, not buffered), so one bad line cannot exhaust
 * memory and the next lines still get through. Handles LF and CRLF, and a last line without a
 * line end.
 */
import { isUtf8 } from "node:buffer";
import { findInvalidUtf8 } from "./read-input.js";

export interface Line {
  /** 1-based line number. */
  number: number;
  /** Where the line starts and ends (at its line end, or the end of the stream), in bytes from the start of the stream. */
  offset: number;
  end: number;
  /** Its length in bytes, without the line end (LF or CRLF). */
  bytes: number;
  /** Whether a line end followed (false for a last line cut short). */
  ended: boolean;
  text: string;
  /** Set when the line was longer than the cap; `text` is then empty. */
  tooLong?: boolean;
  /** Set when the line is not valid UTF-8: the 1-based column (UTF-16 units, as JSON positions) of the first bad byte. */
  badUtf8At?: number;
}

/**
 * The lines of a stream, one at a time. Readers that score many short lines use readLineChunks, which
 * hands over every line a chunk of input completes at once (one await per chunk, not per line).
 */
export async function* readLines(stream: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<Line> {
  for await (const lines of readLineChunks(stream, maxBytes)) yield* lines;
}

/** The lines each chunk of the stream completes, in order; the same lines as readLines, in groups. */
export async function* readLineChunks(stream: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<Line[]> {
  let parts: Buffer[] = [];
  let size = 0;
  let number = 0;
  let skipping = false;
  let position = 0; // bytes of the stream before the current chunk
  let offset = 0; // where the current line starts
  const finish = (end: number, ended: boolean): Line => {
    number++;
    const start = offset;
    offset = end + 1;
    if (skipping) {
      skipping = false;
      parts = [];
      size = 0;
      return { number, offset: start, end, ended, bytes: end - start, text: "", tooLong: true };
    }
    let buf = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
    if (buf.length > 0 && buf[buf.length - 1] === 13) buf = buf.subarray(0, buf.length - 1);
    parts = [];
    size = 0;
    // Checked on the bytes: once decoded, a bad byte is an innocent-looking U+FFFD. Node's own check
    // is fast; ours finds where the first bad byte is.
    const bad = isUtf8(buf) ? -1 : findInvalidUtf8(buf);
    if (bad >= 0) {
      return { number, offset: start, end, ended, bytes: buf.length, text: "", badUtf8At: buf.toString("utf8", 0, bad).length + 1 };
    }
    return { number, offset: start, end, ended, bytes: buf.length, text: buf.toString("utf8") };
  };
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    const done: Line[] = [];
    let start = 0;
    // The lines that start and end in this chunk are decoded straight from it when the bytes up to
    // its last line end are valid UTF-8 (one check for them all; a line end is never part of a
    // longer character, so each of those lines is valid too).
    const lastEnd = buf.lastIndexOf(10);
    const whole = lastEnd >= 0 && isUtf8(buf.subarray(0, lastEnd));
    for (;;) {
      const nl = buf.indexOf(10, start);
      const end = nl === -1 ? buf.length : nl;
      if (whole && nl !== -1 && size === 0 && !skipping && end - start <= maxBytes) {
        const stop = end > start && buf[end - 1] === 13 ? end - 1 : end;
        number++;
        done.push({ number, offset, end: position + nl, ended: true, bytes: stop - start, text: buf.toString("utf8", start, stop) });
        offset = position + nl + 1;
        start = nl + 1;
        continue;
      }
      if (!skipping) {
        if (size + (end - start) > maxBytes) {
          skipping = true;
          parts = [];
          size = 0;
        } else if (end > start) {
          parts.push(buf.subarray(start, end));
          size += end - start;
        }
      }
      if (nl === -1) break;
      done.push(finish(position + nl, true));
      start = nl + 1;
    }
    position += buf.length;
    if (done.length > 0) yield done;
  }
  if (size > 0 || skipping) yield [finish(position, false)];
}
