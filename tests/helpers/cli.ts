/** Spawn the built CLI the way a user or a script does. */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";

export const BIN = join(PACKAGE_ROOT, "bin", "scamcheck.js");

/**
 * The Node binary to run the CLI as another user (tests of unwritable folders, run as root). The
 * Node running the tests may live where only its owner can reach it (a Node that
 * scripts/with-node.sh installed under root's home): then a copy in a world-readable folder.
 */
export function nodeFor(user?: { uid: number; gid: number }): string {
  if (!user) return process.execPath;
  const key = `${user.uid}:${user.gid}`;
  let node = nodeByUser.get(key);
  if (node === undefined) nodeByUser.set(key, (node = reachableNode(user)));
  return node;
}
const nodeByUser = new Map<string, string>();

/**
 * Whether tests that run the CLI as another user can do so from this checkout, and if not, why
 * (a clone in a folder only root may enter, such as one made by mktemp -d). Outside CI those tests
 * are then skipped with this reason printed; under CI they run, and fail.
 */
export function cannotRunAs(user: { uid: number; gid: number }): string | undefined {
  const r = spawnSync(nodeFor(user), [BIN, "--version"], { ...user, cwd: "/", encoding: "utf8" });
  if (r.status === 0) return undefined;
  const reason = `uid ${user.uid} cannot run ${BIN} (${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split("\n")[0]}); clone into a folder others may read to run these tests`;
  if (!process.env.CI) console.warn(`skipping the tests that run as uid ${user.uid}: ${reason}`);
  return reason;
}

function reachableNode(user: { uid: number; gid: number }): string {
  if (spawnSync(process.execPath, ["-e", "0"], { ...user, cwd: "/" }).status === 0) return process.execPath;
  const dir = join(tmpdir(), `scamcheck-node-${process.version}`);
  const copy = join(dir, "node");
  if (!existsSync(copy)) {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    const partial = `${copy}.${process.pid}`;
    copyFileSync(process.execPath, partial);
    chmodSync(partial, 0o755);
    renameSync(partial, copy); // whole, even when test files copy at once
  }
  return copy;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { input?: string | Buffer; env?: Record<string, string | undefined>; cwd?: string; stdin?: "pipe" | "ignore"; stdoutFile?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, LANG: "C", LC_ALL: undefined, SCAMCHECK_REGION: undefined, ...options.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    // Large outputs go straight to a file, as a script would redirect them.
    const out = options.stdoutFile ? openSync(options.stdoutFile, "w") : "pipe";
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? PACKAGE_ROOT, env: env as NodeJS.ProcessEnv, stdio: [options.stdin ?? "pipe", out, "pipe"] });
    if (typeof out === "number") closeSync(out);
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (child.stdin) {
      child.stdin.on("error", () => {}); // the CLI may exit before reading everything
      child.stdin.end(options.input ?? "");
    }
  });
}
