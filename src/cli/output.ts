/**
 * Writing results. Waits for the stream to drain (so a large batch never piles up in memory), and
 * treats a reader that went away (EPIPE, as with `| head -1`) as a normal end, not a crash.
 */
export class OutputClosed extends Error {
  override readonly name = "OutputClosed";
}

export function writeOut(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      stream.off("drain", onDrain);
      reject(error.code === "EPIPE" ? new OutputClosed("output closed") : error);
    };
    const onDrain = () => {
      stream.off("error", onError);
      resolve();
    };
    stream.once("error", onError);
    if (stream.write(text)) {
      stream.off("error", onError);
      resolve();
    } else stream.once("drain", onDrain);
  });
}
