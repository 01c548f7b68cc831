#!/usr/bin/env node
// A tiny shim: answer `--version` without loading the CLI (scripts call it to check what is
// installed), turn on Node's compile cache where it exists (Node 22.1+), then start the CLI.
// It is CommonJS (see bin/package.json): Node starts a CommonJS file a few milliseconds sooner
// than an ES module, which is most of what `--version` costs.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const version = quickVersion();
if (version !== undefined) process.stdout.write(`${version}\n`);
else start();

/** The version from package.json when `--version` (or `-V`) is all that was asked. */
function quickVersion() {
  const args = process.argv.slice(2);
  if (args.length !== 1 || (args[0] !== "--version" && args[0] !== "-V")) return undefined;
  try {
    const { version } = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8"));
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined; // the CLI itself prints the version (or explains what is broken)
  }
}

async function start() {
  const module = require("node:module");
  if (typeof module.enableCompileCache === "function") {
    try {
      module.enableCompileCache();
    } catch {
      // The cache is only an optimisation.
    }
  }
  let main;
  const cli = join(__dirname, "..", "dist", "cli.cjs");
  try {
    // CommonJS (see scripts/build.js): it starts sooner than an ES module on Node 20.
    ({ main } = require(cli));
  } catch (error) {
    // Not even the CLI could load (an unbuilt checkout, a broken install): one line, no stack trace
    // unless --debug, and the internal-error exit code.
    const missing = error?.code === "MODULE_NOT_FOUND" && !require("node:fs").existsSync(cli);
    process.stderr.write(
      missing
        ? "internal error: dist/cli.cjs is missing; run 'npm run build' (or reinstall scamcheck)\n"
        : `internal error: could not start: ${String(error?.message ?? error).split("\n")[0]}\n`,
    );
    if (process.argv.includes("--debug") && error?.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 70;
  }
  if (main) await main();
}
