/**
 * Hardening, files that are not regular files: a device (/dev/zero never ends), a named pipe
 * (opening it waits for a writer) or a folder on standard input. As a rule pack or config each is
 * refused before it is read, in one line naming it, exit 2, no stack trace; as answers a pipe or
 * device is read with the byte cap counted on the bytes read, so `--answers <(…)` still works.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers/cli.js";
import { expectNoTrace, linesOf, scratch } from "../hardening/helpers.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";

const dir = scratch("non-regular");
const fifo = join(dir, "pack.fifo");
const canFifo = process.platform !== "win32" && spawnSync("mkfifo", [fifo]).status === 0;
const hasZero = existsSync("/dev/zero");

async function expectOneLine(args: string[], line: string, env?: Record<string, string>): Promise<void> {
  const r = await runCli(args, { cwd: dir, ...(env && { env }) });
  expect(linesOf(r.stderr)).toEqual([`scamcheck: ${line}`]);
  expect(r.code).toBe(2);
  expectNoTrace(r.stderr);
}

describe("hardening: non-regular files are refused, not read", () => {
  it.skipIf(!hasZero)("--rules /dev/zero: a character device, refused at once", async () => {
    await expectOneLine(["--rules", "/dev/zero", "questions"], "/dev/zero: is not a regular file (a character device)");
  });

  it.skipIf(!hasZero)("SCAMCHECK_CONFIG=/dev/zero: refused, not read to gigabytes", async () => {
    await expectOneLine(["check", "--answers", "-"], "/dev/zero: is not a regular file (a character device)", { SCAMCHECK_CONFIG: "/dev/zero" });
  });

  it.skipIf(!hasZero)("--answers on an endless device: stops at the 1 MB cap on the bytes read", async () => {
    await expectOneLine(["check", "--answers", "/dev/zero"], "/dev/zero: is too large (more than 1 MB)");
  });

  it.skipIf(!canFifo)("a named pipe as a rule pack or a config: refused, no hang", async () => {
    await expectOneLine(["rules", "validate", fifo], `pack.fifo: is not a regular file (a named pipe)`);
    await expectOneLine(["check", "--answers", "-"], `${fifo}: is not a regular file (a named pipe)`, { SCAMCHECK_CONFIG: fifo });
  });

  it.skipIf(process.platform === "win32")("answers and a batch from a pipe (bash's <(…)) still work", () => {
    for (const mode of ["--answers", "--batch"]) {
      const r = spawnSync("bash", ["-c", `'${process.execPath}' '${BIN}' check ${mode} <(echo '{"asked-payment":"yes","payment-method":["gift-cards"]}') --json`], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      expect(r.status).toBe(0);
      const verdict = mode === "--batch" ? JSON.parse(r.stdout.split("\n")[0] as string) : JSON.parse(r.stdout);
      expect(verdict.verdict).toBe("scam");
    }
  });

  it("standard input is still allowed, and its byte cap holds on the bytes read", async () => {
    const r = await runCli(["check", "--answers", "-"], { input: Buffer.alloc(2 * 1024 * 1024, 0x20) });
    expect(linesOf(r.stderr)).toEqual(["scamcheck: <stdin>: is too large (more than 1 MB)"]);
    expect(r.code).toBe(2);
  });

  it.skipIf(process.platform === "win32")("--batch - and --answers - with a folder on standard input: one line, exit 2", () => {
    for (const mode of ["--batch", "--answers"]) {
      const fd = openSync(dir, "r");
      try {
        const r = spawnSync(process.execPath, [BIN, "check", mode, "-"], { cwd: PACKAGE_ROOT, stdio: [fd, "pipe", "pipe"], encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
        expect(linesOf(r.stderr)).toEqual(["scamcheck: <stdin>: is a folder, not a file"]);
        expect(r.status).toBe(2);
      } finally {
        closeSync(fd);
      }
    }
  });
});

describe("hardening: symbolic links in a rules folder", () => {
  const pack = (id: string) => `schema_version: 1\npack: { id: ${id}, title: ${id}, version: 1.0.0 }\nquestions:\n  - { id: ${id}-q, type: yes-no, text: "Asked by ${id}?" }\n`;

  it("a link to a pack file is loaded like the file; a folder of only links holds packs", async () => {
    const shared = scratch("shared-packs");
    writeFileSync(join(shared, "ours.yaml"), pack("ours"));
    const folder = scratch("linked-packs");
    symlinkSync(join(shared, "ours.yaml"), join(folder, "ours.yaml"));
    const r = await runCli(["--rules", folder, "questions", "--json"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).questions.map((q: { id: string }) => q.id)).toContain("ours-q");
  });

  it("a link that points nowhere, or at a folder, is named in one line, never skipped without a word", async () => {
    const folder = scratch("broken-links");
    symlinkSync(join(folder, "gone.yaml"), join(folder, "dangling.yaml"));
    await expectOneLine(["--rules", folder, "questions"], `${join(folder, "dangling.yaml")}: no such file`);
    const other = scratch("folder-link");
    symlinkSync(scratch("a-folder"), join(other, "folder.yaml"));
    await expectOneLine(["--rules", other, "questions"], `${join(other, "folder.yaml")}: is a folder, not a file`);
  });
});
