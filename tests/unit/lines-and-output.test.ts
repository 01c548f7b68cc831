/**
 * The batch's input and output plumbing: lines split the same however the input is chunked, bad
 * UTF-8 and over-long lines are reported where they are, and the output buffer writes exactly the
 * bytes it was given, reusing buffers only once the stream is done with them.
 */
import fc from "fast-check";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readLineChunks, readLines, type Line } from "../../src/node/lines.js";
import { OutputBuffer, writeOut } from "../../src/cli/output.js";

async function* chunked(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut > at && cut < bytes.length) {
      yield bytes.subarray(at, cut);
      at = cut;
    }
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
}

describe("readLineChunks", () => {
  it("gives the same lines as reading the whole input at once, for any chunking", async () => {
    const piece = fc.constantFrom("a", "é", "😀", "\n", "\r\n", "\r", "{}", " ", "\u0000");
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.array(fc.nat({ max: 200 }), { maxLength: 8 }), fc.constantFrom(4, 1000), async (parts, cuts, max) => {
        const bytes = Buffer.from(parts.join(""));
        const whole = (await collect(readLineChunks(chunked(bytes, []), max))).flat();
        const pieces = await collect(readLineChunks(chunked(bytes, cuts), max));
        expect(pieces.flat()).toEqual(whole);
        expect(await collect(readLines(chunked(bytes, cuts), max))).toEqual(whole);
        for (const chunk of pieces) expect(chunk.length).toBeGreaterThan(0);
        // Numbers run 1..N, and the text is what lies between the line ends.
        expect(whole.map((l) => l.number)).toEqual(whole.map((_, i) => i + 1));
      }),
      { numRuns: 200 },
    );
  });

  it("finds the first bad UTF-8 byte, and skips an over-long line without keeping it", async () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"é'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n'), Buffer.from("x".repeat(50)), Buffer.from("\nok")]);
    const lines: Line[] = (await collect(readLineChunks(chunked(bytes, [3, 9, 20]), 20))).flat();
    expect(lines.map((l) => [l.number, l.text, l.badUtf8At, l.tooLong, l.ended])).toEqual([
      [1, "", 8, undefined, true],
      [2, "", undefined, true, true],
      [3, "ok", undefined, undefined, false],
    ]);
  });
});

describe("OutputBuffer", () => {
  it("writes exactly the text and bytes given, across growth and many takes", async () => {
    const received: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        received.push(Buffer.from(chunk)); // a copy: the original may be reused once `done` runs
        setImmediate(done); // finished later, as a slow pipe would be
      },
    });
    const out = new OutputBuffer(64);
    let expected = "";
    for (let i = 0; i < 500; i++) {
      const text = `{"line":${i},"note":"é😀${"x".repeat(i % 97)}"}`;
      out.text(text);
      out.bytes(new TextEncoder().encode("\n"));
      expected += `${text}\n`;
      if (out.length > 100 || i % 7 === 0) {
        const chunk = out.take();
        await writeOut(sink, chunk, () => out.recycle(chunk));
      }
    }
    const rest = out.take();
    await writeOut(sink, rest);
    await new Promise((resolve) => sink.end(resolve));
    expect(Buffer.concat(received).toString("utf8")).toBe(expected);
  });

  it("does not hand a buffer out again while a stream still holds it", async () => {
    const held: Buffer[] = [];
    const slow = new PassThrough({ highWaterMark: 1 }); // never read: every write stays queued
    const out = new OutputBuffer(16);
    for (let i = 0; i < 5; i++) {
      out.text(`chunk ${i}`);
      const chunk = out.take();
      held.push(chunk);
      slow.write(chunk, () => out.recycle(chunk));
    }
    out.text("again");
    const next = out.take();
    for (const chunk of held) expect(next.buffer).not.toBe(chunk.buffer);
    expect(held.map((c) => c.toString())).toEqual(["chunk 0", "chunk 1", "chunk 2", "chunk 3", "chunk 4"]);
  });
});
