import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { numberKey } from "../../src/core/phone.js";
import { purgeCases, readCaseLog, type CaseLogProblem } from "../../src/node/case-log.js";
import { INDEX_AFTER_BYTES, indexPathFor, readCaseAt, summarizeCaseLog } from "../../src/node/case-index.js";

const verdicts = ["scam", "likely-scam", "suspicious", "no-warning-signs"];
const record = (i: number) =>
  JSON.stringify({
    schemaVersion: 1,
    id: `C-20261101-${i.toString(16).padStart(6, "0")}`,
    recordedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
    ...(i % 7 ? { caller: { kind: "number", raw: `020 7946 ${String(i % 50).padStart(4, "0")}`, valid: true, e164: `+4420794600${String(i % 50).padStart(2, "0")}` } } : {}),
    verdict: verdicts[i % 4],
    score: 40,
    family: i % 3 ? "tech-support" : null,
    reasons: ["cold-contact"],
    actions: ["hang-up"],
    answers: { "contact-start": "they-called", notes: "x".repeat(900) },
    redactions: [],
    tool: "test",
    packs: [],
  });
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `${record(from + k)}\n`).join("");

/** What the plain reader makes of the log: the reference the index must agree with. */
async function reference(log: string) {
  const problems: CaseLogProblem[] = [];
  const out = [];
  for await (const r of readCaseLog(log, problems)) out.push({ id: r.id, verdict: r.verdict, recordedAt: r.recordedAt, family: r.family, number: numberKey(r.caller) });
  return { out, problems };
}
async function viaIndex(log: string) {
  const problems: CaseLogProblem[] = [];
  const out = (await summarizeCaseLog(log, problems)).map((s) => ({ id: s.id, verdict: s.verdict, recordedAt: s.recordedAt, family: s.family, number: s.number }));
  return { out, problems };
}

let dir: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scamcheck-index-"));
  log = join(dir, "cases.jsonl");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the case log index", () => {
  it("is not written for a small log, which is simply read", async () => {
    writeFileSync(log, lines(0, 10));
    expect(await viaIndex(log)).toEqual(await reference(log));
    expect(existsSync(indexPathFor(log))).toBe(false);
  });

  it("is written once the log is large, with mode 0600, and agrees with reading the log after appends, a torn line and bad lines", async () => {
    const n = Math.ceil(INDEX_AFTER_BYTES / 1000) + 50;
    writeFileSync(log, `${lines(0, n)}not json\n\n`);
    expect(await viaIndex(log)).toEqual(await reference(log));
    expect(existsSync(indexPathFor(log))).toBe(true);
    if (process.platform !== "win32") expect(statSync(indexPathFor(log)).mode & 0o777).toBe(0o600);
    // Records appended after the index was written are read from the log's end.
    appendFileSync(log, `${lines(n, n + 5)}{"id": "C-torn", "verd`);
    const after = await viaIndex(log);
    expect(after).toEqual(await reference(log));
    expect(after.problems.map((p) => p.line)).toEqual([n + 1, n + 8]);
    // The record a summary points at is the record.
    const summaries = await summarizeCaseLog(log);
    const last = summaries[summaries.length - 1];
    expect((await readCaseAt(log, last!))?.id).toBe(last!.id);
  });

  it("keeps the right places in a log with CRLF line ends and a line that is not UTF-8", async () => {
    const n = Math.ceil(INDEX_AFTER_BYTES / 1000) + 50;
    writeFileSync(log, Buffer.concat([Buffer.from(lines(0, n).replace(/\n/g, "\r\n")), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from(lines(n, n + 3))]));
    expect(await viaIndex(log)).toEqual(await reference(log));
    expect(existsSync(indexPathFor(log))).toBe(true);
    appendFileSync(log, lines(n + 3, n + 5));
    const after = await viaIndex(log);
    expect(after).toEqual(await reference(log));
    expect(after.problems).toEqual([{ line: n + 1, message: "unreadable (cut short or edited by hand); skipped" }]);
    for (const s of await summarizeCaseLog(log)) expect((await readCaseAt(log, s))?.id).toBe(s.id);
  });

  it("is not trusted when the log was rewritten (a purge, a restore) or the index is damaged", async () => {
    const n = Math.ceil(INDEX_AFTER_BYTES / 1000) + 50;
    writeFileSync(log, lines(0, n));
    await summarizeCaseLog(log);
    expect(existsSync(indexPathFor(log))).toBe(true);
    // Rewritten shorter, then grown past the old end again: offsets no longer point at the same records.
    writeFileSync(log, lines(3, n) + lines(n, n + 40));
    expect(await viaIndex(log)).toEqual(await reference(log));
    // A damaged index is ignored.
    const text = readFileSync(indexPathFor(log), "utf8");
    writeFileSync(indexPathFor(log), text.slice(0, text.length >> 1));
    expect(await viaIndex(log)).toEqual(await reference(log));
    writeFileSync(indexPathFor(log), "garbage");
    expect(await viaIndex(log)).toEqual(await reference(log));
    // Damage that keeps the size (a flipped byte in the ids) is only found when the ids are read:
    // a one-line error that says what to delete, never a wrong answer.
    await summarizeCaseLog(log);
    const whole = readFileSync(indexPathFor(log), "utf8");
    const at = whole.lastIndexOf('"C-');
    writeFileSync(indexPathFor(log), `${whole.slice(0, at)}x${whole.slice(at + 1)}`);
    await expect(summarizeCaseLog(log)).rejects.toThrow("its index is damaged; delete the .idx file beside it");
  });

  it("reports a record without its time as not a case record, in both readers", async () => {
    const timeless = JSON.stringify({ ...JSON.parse(record(1)), recordedAt: undefined });
    writeFileSync(log, `${record(0)}\n${timeless}\n`);
    const both = await viaIndex(log);
    expect(both).toEqual(await reference(log));
    expect(both.problems).toEqual([{ line: 2, message: "not a case record" }]);
  });

  it("treats a missing log as an empty one", async () => {
    expect(await summarizeCaseLog(join(dir, "none.jsonl"))).toEqual([]);
  });
});

describe("purging old cases", () => {
  it("deletes the summary index too, which still names the deleted cases", async () => {
    const n = Math.ceil(INDEX_AFTER_BYTES / 1000) + 50;
    writeFileSync(log, lines(0, n));
    await summarizeCaseLog(log);
    expect(existsSync(indexPathFor(log))).toBe(true);
    const { removed } = await purgeCases(log, new Date(Date.UTC(2026, 0, 2)));
    expect(removed).toBeGreaterThan(0);
    expect(existsSync(indexPathFor(log))).toBe(false);
    expect(await viaIndex(log)).toEqual(await reference(log));
  });
});
