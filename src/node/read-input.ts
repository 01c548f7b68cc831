/**
 * Read a file or standard input (`-`) as UTF-8 text, with a byte cap that stops reading as soon as
 * it is passed, a check for invalid UTF-8 (garbled text is refused, not scored), and BOM removal.
 */
import { accessSync, closeSync, constants, createReadStream, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { InputError } from "../core/errors.js";

export const STDIN = "-";

export function displayName(path: string): string {
  return path === STDIN ? "<stdin>" : path;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}

/**
 * Refuse a folder, and anything else that is not a regular file: a device (/dev/zero never ends,
 * so a size cap checked against stat would let it grow to gigabytes), a FIFO (opening it waits for
 * a writer that may never come) or a socket. For rule packs and the config, which are always files
 * on disk; answers and batches may also come from a pipe (see readBytes and openChunks).
 */
export function requireRegularFile(info: Stats, name: string): void {
  if (info.isDirectory()) throw new InputError("is a folder, not a file", name);
  if (!info.isFile()) throw new InputError(`is not a regular file (${fileKind(info)})`, name);
}

function fileKind(info: Stats): string {
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isFIFO()) return "a named pipe";
  if (info.isSocket()) return "a socket";
  return "not a file";
}

/**
 * Answers and batches may come from a pipe or a character device (`<(…)`, /dev/stdin), read as a
 * stream with the cap counted on the bytes read; anything else that is not a regular file (a
 * folder, a socket, a block device) is refused.
 */
function requireReadable(info: Stats, name: string): void {
  if (!info.isFIFO() && !info.isCharacterDevice()) requireRegularFile(info, name);
}

/**
 * Standard input redirected from a folder (`< somefolder`) reads as empty on some systems, which
 * would pass as an empty batch: refuse it. Pipes, files and terminals are all fine to read.
 */
export function checkStdin(stdin: NodeJS.ReadableStream): void {
  const fd = (stdin as { fd?: unknown }).fd;
  if (typeof fd !== "number") return;
  let info: Stats;
  try {
    info = fstatSync(fd);
  } catch {
    return; // Not something fstat knows: reading it will tell.
  }
  if (info.isDirectory()) throw new InputError("is a folder, not a file", displayName(STDIN));
}

/** `stdin` is read only for `-` (process.stdin when not given), and only then touched. */
export async function readBytes(path: string, limit: number, stdin?: NodeJS.ReadableStream): Promise<Buffer> {
  const name = displayName(path);
  let stream: NodeJS.ReadableStream;
  if (path === STDIN) {
    stream = stdin ?? process.stdin;
    checkStdin(stream);
  } else {
    // Synchronous reads, not the promise API or a read stream: loading those (node:fs/promises,
    // file handles, readline) costs a scripted check more than reading a small file blocks.
    try {
      const info = statSync(path);
      requireReadable(info, name);
      if (info.isFile()) {
        if (info.size > limit) throw new InputError(tooLarge(info.size, limit), name);
        return readFileUpTo(path, info.size, limit, name);
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(describeFsError(error), name);
    }
    // A pipe or device (`<(…)`, /dev/stdin, /dev/zero): its size is unknown until it ends, so the
    // cap is counted on the bytes read below.
    stream = createReadStream(path);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      total += buf.length;
      if (total > limit) {
        if ("destroy" in stream && typeof stream.destroy === "function") stream.destroy();
        throw new InputError(`is too large (more than ${formatBytes(limit)})`, name);
      }
      chunks.push(buf);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(describeFsError(error), name);
  }
  return Buffer.concat(chunks, total);
}

/**
 * "is too large (2 MB; the limit is 1 MB)", or, when both round to the same, by how many bytes;
 * `what` names the kind of file where that helps (" for a rule pack").
 */
export function tooLarge(size: number, limit: number, what = ""): string {
  const shown = formatBytes(size);
  return shown === formatBytes(limit)
    ? `is too large${what} (${size - limit} byte${size - limit === 1 ? "" : "s"} over the limit of ${formatBytes(limit)})`
    : `is too large${what} (${shown}; the limit is ${formatBytes(limit)})`;
}

/** A regular file's bytes, read until its end; more than `limit` (it grew since stat) is refused. */
function readFileUpTo(path: string, size: number, limit: number, name: string): Buffer {
  const fd = openSync(path, "r");
  try {
    // One byte more than expected, to see the end (or that the file grew).
    let buf = Buffer.allocUnsafe(Math.min(size, limit) + 1);
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        if (total > limit) throw new InputError(`is too large (more than ${formatBytes(limit)})`, name);
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) return buf.subarray(0, total);
      total += n;
    }
  } finally {
    closeSync(fd);
  }
}

export function decodeUtf8(bytes: Buffer, name: string): string {
  const bad = findInvalidUtf8(bytes);
  if (bad >= 0) {
    const { line, column } = bytePosition(bytes, bad);
    throw new InputError(
      `not valid UTF-8 text (byte 0x${(bytes[bad] as number).toString(16).toUpperCase().padStart(2, "0")}); save it as UTF-8 and try again`,
      `${name}:${line}:${column}`,
    );
  }
  // A leading BOM (Windows tools often add one) is dropped.
  return new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
}

export async function readText(path: string, limit: number, stdin?: NodeJS.ReadableStream): Promise<string> {
  return decodeUtf8(await readBytes(path, limit, stdin), displayName(path));
}

/** Call notes may be at most this large: long e-mail threads fit, and reading them stays well under a second. */
export const MAX_NOTES_BYTES = 2 * 1024 * 1024;

/**
 * Call notes (`scan`, `--read-notes`): text with something in it. Empty notes, or blank space only,
 * are refused: a verdict on nothing would read as a verdict on the call.
 */
export async function readNotesText(path: string, stdin?: NodeJS.ReadableStream): Promise<string> {
  const text = await readText(path, MAX_NOTES_BYTES, stdin);
  if (!/\S/.test(text)) throw new InputError(`nothing to read: the call notes are ${text.length ? "only blank space" : "empty"}`, displayName(path));
  return text;
}

/**
 * The offset of the first byte that is not part of well-formed UTF-8 (overlong forms, surrogates
 * and code points above U+10FFFF included), or -1 when the bytes are valid. Linear, no allocation.
 */
export function findInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let i = start;
  while (i < end) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= end) return i; // cut off at the end
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * 1-based line and column of a byte offset in text that is valid UTF-8 up to there, counted as the
 * YAML and JSON positions are (UTF-16 units, a leading BOM not counted).
 */
export function bytePosition(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && offset >= 3 ? 3 : 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: bytes.toString("utf8", lineStart, offset).length + 1 };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a folder, not a file";
    case "ENOTDIR":
      return "part of the path is a file, not a folder";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "the disk is full";
    case "EDQUOT":
      return "the disk quota is used up";
    case "EEXIST":
      // Making a folder where a file already is.
      return "a file is in the way";
    case "EIO":
      return "input/output error (the disk or device failed)";
    case "EMFILE":
    case "ENFILE":
      return "too many open files";
    default:
      return (error as Error)?.message ?? String(error);
  }
}

/**
 * Check that `path` can be read (one clear error for a missing file, a folder, a socket or no
 * permission) and open it for reading a chunk at a time. A regular file is read with synchronous
 * reads: on a file a read never waits long, and a batch then loads neither Node's streams nor its
 * promise API. A pipe or device gets a read stream, which a signal can end while it waits (a
 * batch's over-long-line limit bounds what an endless device can make it hold).
 */
export function openChunks(path: string, chunkBytes: number): AsyncIterable<Buffer> & { destroy?: () => void } {
  let info: Stats;
  try {
    info = statSync(path);
    requireReadable(info, path);
    accessSync(path, constants.R_OK);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(describeFsError(error), path);
  }
  return info.isFile() ? fileChunks(path, chunkBytes) : createReadStream(path, { highWaterMark: chunkBytes });
}

function fileChunks(path: string, chunkBytes: number): AsyncIterable<Buffer> & { destroy: () => void } {
  let fd: number | undefined = openSync(path, "r");
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (fd === undefined) return;
        // A fresh buffer each time: the reader keeps slices of it (the lines) for a while.
        const buf = Buffer.allocUnsafeSlow(chunkBytes);
        const n = readSync(fd, buf, 0, chunkBytes, null);
        if (n === 0) return close();
        yield n === chunkBytes ? buf : buf.subarray(0, n);
      }
    },
    destroy: close,
  };
}
