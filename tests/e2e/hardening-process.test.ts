/**
 * Hardening, the process: a reader that goes away (`| head -1`), signals during a batch, a full
 * disk, and bugs in scamcheck itself. Each ends with a documented exit code, at most a line or two
 * on stderr, no stack trace (except with --debug), and whole lines of output.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers/cli.js";
import { expectNoTrace, FIXTURES, linesOf, preload, scratch, startCli } from "../hardening/helpers.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";

const dir = scratch("process");
const VARIANTS = [
  '{"contact-start":"they-called","claimed-org":"computer-company","asked-remote-access":"yes"}',
  '{"contact-start":"booked-callback","asked-remote-access":"no","asked-payment":"no","asked-secrets":"no"}',
  '{"asked-payment":"yes","payment-method":["gift-cards"]}',
  '{"pressure":"not-sure"}',
];
const batchFile = (name: string, n: number) => {
  const file = join(dir, name);
  writeFileSync(file, `${Array.from({ length: n }, (_, i) => VARIANTS[i % VARIANTS.length]).join("\n")}\n`);
  return file;
};
const HINT = `This is a bug in scamcheck. Run again with --debug for details, and please report it (see "Reporting bugs" in the README)`;

/** Run a shell pipeline with the built CLI as `scamcheck`; also reports the CLI's own exit status. */
function pipeline(command: string) {
  const started = Date.now();
  const r = spawnSync("bash", ["-c", `scamcheck() { "${process.execPath}" "${BIN}" "$@"; }; ${command}; echo "cli-exit=\${PIPESTATUS[0]}" >&2`], {
    encoding: "utf8",
    cwd: PACKAGE_ROOT,
    env: { ...process.env, NO_COLOR: "1", LANG: "C" },
  });
  return { ...r, elapsed: Date.now() - started };
}

describe("hardening: the reader goes away early", () => {
  it("`scamcheck questions | head -1`: quiet, exit 0", () => {
    const r = pipeline("scamcheck questions | head -1");
    expect(linesOf(r.stdout)).toHaveLength(1);
    expect(r.stderr).toBe("cli-exit=0\n");
  });

  it("`scamcheck check --answers … | head -c 10` (human output): quiet, exit 0", () => {
    const r = pipeline("scamcheck check --answers rules/examples/cold-call.json | head -c 10");
    expect(r.stdout).toHaveLength(10);
    expect(r.stderr).toBe("cli-exit=0\n");
  });

  it("`scamcheck check --batch big.jsonl | head -1`: stops early and quietly, exit 0", () => {
    const file = batchFile("epipe.jsonl", 100_000);
    const r = pipeline(`scamcheck check --batch "${file}" | head -1`);
    expect(JSON.parse(r.stdout).line).toBe(1);
    expect(r.stderr).toBe("cli-exit=0\n");
    expect(r.elapsed).toBeLessThan(20_000); // scoring all 100,000 lines would take far longer
  });
});

describe("hardening: a batch's memory", () => {
  it.skipIf(typeof process.execve !== "function" || !existsSync("/proc/self/cmdline"))(
    "runs as the same process, restarted with V8 told to favour memory over speed",
    async () => {
      const cli = startCli(["check", "--batch", "-"]);
      cli.child.stdin!.write(`${VARIANTS[0]}\n`);
      await cli.stdoutLines(1); // the batch is running, waiting for more input
      const argv = readFileSync(`/proc/${cli.child.pid}/cmdline`, "utf8").split("\0");
      expect(argv.slice(1, 3)).toEqual(["--optimize-for-size", BIN]);
      expect(argv.slice(3, 6)).toEqual(["check", "--batch", "-"]);
      cli.child.stdin!.end();
      expect((await cli.exited).code).toBe(0);
    },
  );
});

describe("hardening: signals during a batch", () => {
  it("SIGINT while waiting for input: exit 130, one line, every verdict so far written whole", async () => {
    const cli = startCli(["check", "--batch", "-"]);
    cli.child.stdin!.write(`${Array.from({ length: 50 }, (_, i) => VARIANTS[i % 4]).join("\n")}\n{"pressure": "ye`);
    await cli.stdoutLines(50); // written out while the batch waits for the rest of line 51
    cli.child.kill("SIGINT");
    const { code } = await cli.exited;
    expect(code).toBe(130);
    expect(cli.stderr()).toBe("batch: stopped by SIGINT after line 50: 50 cases scored, 0 lines with errors\n");
    const out = cli.stdout();
    expect(out.endsWith("\n")).toBe(true);
    expect(linesOf(out).map((l) => JSON.parse(l).line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("SIGTERM in the middle of a big file: exit 143 at once, output is whole lines 1..K, K reported", async () => {
    const file = batchFile("sigterm.jsonl", 100_000);
    const cli = startCli(["check", "--batch", file]);
    await cli.stdoutLines(500);
    const sent = Date.now();
    cli.child.kill("SIGTERM");
    const { code, signal } = await cli.exited;
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect([code, signal]).toEqual([143, null]);
    const stderr = linesOf(cli.stderr());
    expect(stderr).toHaveLength(1);
    const m = /^batch: stopped by SIGTERM after line (\d+): (\d+) cases scored, 0 lines with errors$/.exec(stderr[0] ?? "");
    expect(m).not.toBeNull();
    const k = Number(m![1]);
    expect(Number(m![2])).toBe(k);
    expect(k).toBeLessThan(100_000);
    const out = cli.stdout();
    expect(out.endsWith("\n")).toBe(true); // no half-written JSON line
    const numbers = linesOf(out).map((l) => JSON.parse(l).line as number);
    expect(numbers).toHaveLength(k);
    expect(numbers.every((n, i) => n === i + 1)).toBe(true);
  });
});

describe("hardening: output that cannot be written", () => {
  it.skipIf(!existsSync("/dev/full"))("a full disk: one line, exit 2, not an internal error", async () => {
    for (const args of [["questions"], ["check", "--answers", "rules/examples/cold-call.json", "--json"], ["check", "--batch", batchFile("full.jsonl", 2000)]]) {
      const r = await runCli(args, { stdoutFile: "/dev/full" });
      expect(r.stderr).toBe("scamcheck: could not write the output: the disk is full\n");
      expect(r.code).toBe(2);
    }
  });
});

describe("hardening: a bug in scamcheck itself", () => {
  it("an unexpected exception: 'internal error' and how to report it, exit 70; the stack only with --debug", async () => {
    const env = { NODE_OPTIONS: preload("throw-on-write.cjs"), SCAMCHECK_TEST_FAULT: "sync" };
    const r = await runCli(["questions"], { env });
    expect(linesOf(r.stderr)).toEqual(["internal error: simulated fault in scamcheck", HINT]);
    expect(r.code).toBe(70);
    expectNoTrace(r.stderr);
    const debug = await runCli(["--debug", "questions"], { env });
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/^internal error: TypeError: simulated fault in scamcheck\n\s+at /);
  });

  it("an exception thrown outside any command (an uncaught one): the same line and exit 70", async () => {
    const env = { NODE_OPTIONS: preload("throw-on-write.cjs"), SCAMCHECK_TEST_FAULT: "async" };
    const r = await runCli(["questions"], { env });
    expect(linesOf(r.stderr)).toEqual(["internal error: simulated async fault in scamcheck", HINT]);
    expect(r.code).toBe(70);
    expectNoTrace(r.stderr);
    const debug = await runCli(["questions", "--debug"], { env });
    expect(debug.stderr).toMatch(/^internal error: RangeError: simulated async fault in scamcheck\n\s+at /);
    expect(debug.code).toBe(70);
  });

  it("an install without dist/: one line and exit 70, not Node's module-not-found trace", () => {
    const root = scratch("nodist");
    mkdirSync(join(root, "bin"));
    copyFileSync(BIN, join(root, "bin", "scamcheck.js"));
    const r = spawnSync(process.execPath, [join(root, "bin", "scamcheck.js"), "--version"], { encoding: "utf8" });
    expect(r.stderr).toBe("internal error: dist/cli.cjs is missing; run 'npm run build' (or reinstall scamcheck)\n");
    expect(r.status).toBe(70);
  });

  it("a dist/ file patched by hand runs as patched (Node's compile cache never serves stale code)", () => {
    const root = scratch("patched-dist");
    for (const part of ["bin", "dist", "rules", "package.json"]) cpSync(join(PACKAGE_ROOT, part), join(root, part), { recursive: true, preserveTimestamps: true });
    const chunk = readdirSync(join(root, "dist", "chunks")).find((f) => /^core-.*\.cjs$/.test(f)) as string;
    const file = join(root, "dist", "chunks", chunk);
    const source = readFileSync(file, "utf8");
    expect(source).toContain("headline:result.verdict.headline");
    const run = () => spawnSync(process.execPath, [join(root, "bin", "scamcheck.js"), "check", "--answers", "-", "--json"], { input: "{}", encoding: "utf8" });
    expect(JSON.parse(run().stdout)).toHaveProperty("headline");
    // A hand patch of the same length, after a run has filled the compile cache.
    writeFileSync(file, source.replace("headline:result.verdict.headline", "HEADLINE:result.verdict.headline"));
    const patched = JSON.parse(run().stdout);
    expect(patched).toHaveProperty("HEADLINE");
    expect(patched).not.toHaveProperty("headline");
  });

  it.each(["20.19.5", "22.12.0", "18.20.8"])("on Node %s: one line naming the Node needed and the one found, exit 69, nothing else loaded", (version) => {
    const r = spawnSync(process.execPath, ["-r", join(FIXTURES, "fake-node-version.cjs"), BIN, "check", "--answers", "-", "--json"], {
      input: "{}",
      encoding: "utf8",
      env: { ...process.env, SCAMCHECK_TEST_NODE_VERSION: version },
    });
    expect(r.stderr).toBe(`scamcheck needs Node.js 22.13 or later; this is Node.js ${version}\n`);
    expect(r.stdout).toBe("");
    expect(r.status).toBe(69);
  });

  it("the Node floor in bin/ is the one package.json promises", () => {
    const engines = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")).engines.node;
    expect(engines).toBe(">=22.13");
    expect(readFileSync(BIN, "utf8")).toContain("const NEEDS = [22, 13];");
  });
});
