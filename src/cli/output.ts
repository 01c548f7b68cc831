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

export function writeOut(stream: NodeJS.WritableStream, text: string): Promise<void> {
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
      written = stream.write(text);
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
