/** The shared case log: concurrent appends, torn lines, private files, retention. */
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendCase, purgeCases, readAllCases } from "../../src/node/case-log.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import type { CaseRecord } from "../../src/core/case-record.js";

const dir = () => mkdtempSync(join(tmpdir(), "scamcheck-cases-"));
const record = (id: string, recordedAt = new Date().toISOString()): CaseRecord => ({
  schemaVersion: 1, id, recordedAt, verdict: "suspicious", score: 30, family: null, reasons: [], actions: [], answers: {}, redactions: [], tool: "test", packs: [],
});

function appender(log: string, count: number, tag: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, "tests/helpers/append-cases.mjs"), join(PACKAGE_ROOT, "dist/index.js"), log, String(count), tag], { stdio: "inherit" });
    child.on("close", resolve);
  });
}

describe("case log", () => {
  it("keeps every record whole when two processes append 1,000 each at once", async () => {
    const log = join(dir(), "shared", "cases.jsonl");
    const codes = await Promise.all([appender(log, 1000, "a"), appender(log, 1000, "b")]);
    expect(codes).toEqual([0, 0]);
    const { records, problems } = await readAllCases(log);
    expect(problems).toEqual([]);
    expect(records).toHaveLength(2000);
    expect(new Set(records.map((r) => r.id)).size).toBe(2000);
    expect(statSync(log).mode & 0o777).toBe(0o600);
  });

  it("reports and skips a torn last line, and the next append still lands whole", async () => {
    const log = join(dir(), "cases.jsonl");
    await appendCase(log, record("first"));
    appendFileSync(log, '{"schemaVersion":1,"id":"torn","verd'); // power cut mid-write
    await appendCase(log, record("after"));
    const { records, problems } = await readAllCases(log);
    expect(records.map((r) => r.id)).toEqual(["first", "after"]);
    expect(problems).toEqual([{ line: 2, message: "unreadable (cut short or edited by hand); skipped" }]);
  });

  it("purges records before a date and keeps unreadable lines", async () => {
    const log = join(dir(), "cases.jsonl");
    await appendCase(log, record("old", "2026-01-05T10:00:00.000Z"));
    await appendCase(log, record("new", "2026-11-20T10:00:00.000Z"));
    appendFileSync(log, "not json\n");
    expect(await purgeCases(log, new Date("2026-06-01"))).toEqual({ removed: 1, kept: 1, unreadable: 1 });
    expect(readFileSync(log, "utf8").split("\n").filter(Boolean)).toHaveLength(2);
    expect((await readAllCases(log)).records.map((r) => r.id)).toEqual(["new"]);
  });

  it("reads a missing log as empty", async () => {
    expect(await readAllCases(join(dir(), "none.jsonl"))).toEqual({ records: [], problems: [] });
    writeFileSync(join(dir(), "x"), "");
  });
});
