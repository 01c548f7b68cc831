/**
 * Read a file or standard input (`-`) as UTF-8 text, with a byte cap that stops reading as soon as
 * it is passed, a check for invalid UTF-8 (garbled text is refused, not scored), and BOM removal.
 */
import { createReadStream } from "node:fs";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { InputError } from "../core/errors.js";

export const STDIN = "-";

export function displayName(path: string): string {
  return path === STDIN ? "<stdin>" : path;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}

export async function readBytes(path: string, limit: number, stdin: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const name = displayName(path);
  let stream: NodeJS.ReadableStream;
  if (path === STDIN) {
    stream = stdin;
  } else {
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw new InputError("is a folder, not a file", name);
      if (info.size > limit) throw new InputError(`is too large (${formatBytes(info.size)}; the limit is ${formatBytes(limit)})`, name);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(describeFsError(error), name);
    }
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

export function decodeUtf8(bytes: Buffer, name: string): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new InputError(`is not valid UTF-8 text (bad byte at offset ${at}); save it as UTF-8 and try again`, name);
  }
  return text;
}

export async function readText(path: string, limit: number, stdin?: NodeJS.ReadableStream): Promise<string> {
  return decodeUtf8(await readBytes(path, limit, stdin), displayName(path));
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest invalid prefix; a truncated sequence at the cut is not an error here.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
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
    default:
      return (error as Error)?.message ?? String(error);
  }
}

/** Fail early, with a clear message, when a file cannot be read. */
export async function assertReadableFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError("is a folder, not a file", path);
    await access(path, constants.R_OK);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(describeFsError(error), path);
  }
}
