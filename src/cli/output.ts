/**
 * Writing results. Waits for the stream to drain (so a large batch never piles up in memory), and
 * treats a reader that went away (EPIPE, as with `| head -1`) as a normal end, not a crash. Any
 * other write error (a full disk) is an OutputError: one clear line, not an internal error.
 */
import { describeFsError } from "../node/read-input.js";

export class OutputClosed extends Error {
  override readonly name = "OutputClosed";
}

export class OutputError extends Error {
  override readonly name = "OutputError";
  constructor(cause: unknown) {
    super(`could not write the output: ${describeFsError(cause)}`, { cause });
  }
}

/** Write, and wait for the stream to drain when it asks to. `done` runs once the stream has finished with the data. */
export function writeOut(stream: NodeJS.WritableStream, text: string | Uint8Array, done?: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // A reader that went away earlier: stop now rather than computing output nobody will read.
    if ((stream as { destroyed?: boolean }).destroyed) return reject(new OutputClosed("output closed"));
    const onError = (error: NodeJS.ErrnoException) => {
      stream.off("drain", onDrain);
      reject(error.code === "EPIPE" ? new OutputClosed("output closed") : new OutputError(error));
    };
    const onDrain = () => {
      stream.off("error", onError);
      resolve();
    };
    stream.once("error", onError);
    let written: boolean;
    try {
      written = done ? stream.write(text, (error) => error || done()) : stream.write(text);
    } catch (error) {
      stream.off("error", onError);
      // A system error (EPIPE, ENOSPC) is about the output; anything else is a bug and stays one.
      if (/^E[A-Z0-9]+$/.test(String((error as NodeJS.ErrnoException)?.code))) onError(error as NodeJS.ErrnoException);
      else reject(error);
      return;
    }
    if (written) {
      stream.off("error", onError);
      resolve();
    } else stream.once("drain", onDrain);
  });
}

/**
 * Output gathered as bytes until it is written: a batch writes hundreds of megabytes, mostly verdict
 * text it has written before and keeps as bytes, so copying those bytes in beats encoding text again.
 */
export class OutputBuffer {
  #bytes: Buffer;
  #used = 0;
  /** Buffers written out and handed back, to be filled again rather than allocated afresh. */
  readonly #spare: Buffer[] = [];

  constructor(readonly initialSize = 128 * 1024) {
    this.#bytes = Buffer.allocUnsafeSlow(initialSize);
  }

  get length(): number {
    return this.#used;
  }

  text(text: string): void {
    this.#room(text.length * 3); // the most UTF-8 bytes a string of this length can take
    // Short ASCII text (a batch record's opening) is copied here: cheaper than a call into Node's encoder.
    if (text.length <= 64) {
      const bytes = this.#bytes;
      let at = this.#used;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c > 0x7f) {
          this.#used += bytes.write(text, this.#used);
          return;
        }
        bytes[at++] = c;
      }
      this.#used = at;
      return;
    }
    this.#used += this.#bytes.write(text, this.#used);
  }

  bytes(bytes: Uint8Array): void {
    this.#room(bytes.length);
    this.#bytes.set(bytes, this.#used);
    this.#used += bytes.length;
  }

  /** Everything gathered so far; gathering starts again in another buffer. */
  take(): Buffer {
    const out = this.#bytes.subarray(0, this.#used);
    this.#bytes = this.#spare.pop() ?? Buffer.allocUnsafeSlow(this.initialSize);
    this.#used = 0;
    return out;
  }

  /**
   * Hand back what take() gave once the stream has finished with it. Fresh memory costs the system
   * a page fault per 4 KB, which for a batch's hundreds of megabytes is more than copying them.
   */
  recycle(taken: Buffer): void {
    if (this.#spare.length < 4 && taken.byteOffset === 0 && taken.buffer.byteLength === this.initialSize)
      this.#spare.push(Buffer.from(taken.buffer, 0, this.initialSize));
  }

  #room(extra: number): void {
    if (this.#used + extra <= this.#bytes.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.#bytes.length * 2, this.#used + extra));
    this.#bytes.copy(bigger, 0, 0, this.#used);
    this.#bytes = bigger;
  }
}
