/** Spawn the built CLI the way a user or a script does. */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";

export const BIN = join(PACKAGE_ROOT, "bin", "scamcheck.js");

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
