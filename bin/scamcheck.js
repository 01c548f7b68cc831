#!/usr/bin/env node
// A tiny shim: turn on Node's compile cache where it exists (Node 22.1+), then start the CLI.
import module from "node:module";

if (typeof module.enableCompileCache === "function") {
  try {
    module.enableCompileCache();
  } catch {
    // The cache is only an optimisation.
  }
}
let main;
try {
  ({ main } = await import("../dist/cli.js"));
} catch (error) {
  // Not even the CLI could load (an unbuilt checkout, a broken install): one line, no stack trace
  // unless --debug, and the internal-error exit code.
  const missing = error?.code === "ERR_MODULE_NOT_FOUND" && String(error?.url ?? error?.message).includes("dist/cli.js");
  process.stderr.write(
    missing
      ? "internal error: dist/cli.js is missing; run 'npm run build' (or reinstall scamcheck)\n"
      : `internal error: could not start: ${String(error?.message ?? error).split("\n")[0]}\n`,
  );
  if (process.argv.includes("--debug") && error?.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 70;
}
if (main) await main();
