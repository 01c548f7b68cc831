#!/usr/bin/env node
// A tiny entry: refuse a Node older than the one scamcheck needs (before loading anything that
// could fail on it in a confusing way), answer `--version` without loading the CLI (scripts call
// it to check what is installed), turn on Node's own compile cache, then start the CLI.
// It is CommonJS (see bin/package.json) and uses nothing newer than old Node releases can parse,
// so that the version check itself runs everywhere.
"use strict";

// Keep in step with "engines" in package.json and the README's exit codes.
const NEEDS = [22, 13];
const EXIT_UNSUPPORTED_NODE = 69;

const found = process.versions.node.split(".").map(Number);
if (found[0] < NEEDS[0] || (found[0] === NEEDS[0] && found[1] < NEEDS[1])) {
  process.stderr.write(`scamcheck needs Node.js ${NEEDS.join(".")} or later; this is Node.js ${process.versions.node}\n`);
  process.exitCode = EXIT_UNSUPPORTED_NODE;
} else {
  const version = quickVersion();
  if (version !== undefined) process.stdout.write(`${version}\n`);
  else {
    favourMemoryForBatches();
    start();
  }
}

/**
 * A batch (`check --batch`) can run for a million lines. Left to itself, V8 grows the young
 * generation of a process that allocates for that long to its largest size and lets the old one
 * grow well past what is live, so a batch that keeps next to nothing would peak at twice the
 * memory it needs. V8 is told to favour memory over speed with a flag it reads only at start, so a
 * batch replaces this process with the same Node started with that flag (process.execve, Node
 * 22.15 and later; the same process id, signals and exit code). Where that is not available, the
 * batch runs here as it is.
 */
function favourMemoryForBatches() {
  const FLAG = "--optimize-for-size";
  const args = process.argv.slice(2);
  if (!args.some((a) => a === "--batch" || a.startsWith("--batch=")) || process.execArgv.includes(FLAG)) return;
  if (typeof process.execve !== "function") return;
  try {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, FLAG, ...process.argv.slice(1)]);
  } catch {
    // Not on this platform (Windows) or refused by the system: the batch runs in this process.
  }
}

/** The version from package.json when `--version` (or `-V`) is all that was asked. */
function quickVersion() {
  const args = process.argv.slice(2);
  if (args.length !== 1 || (args[0] !== "--version" && args[0] !== "-V")) return undefined;
  try {
    const { readFileSync } = require("node:fs");
    const { join } = require("node:path");
    const { version } = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8"));
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined; // the CLI itself prints the version (or explains what is broken)
  }
}

async function start() {
  try {
    // Node keeps compiled code of dist/ in its own cache folder, so later starts skip compiling it.
    require("node:module").enableCompileCache();
  } catch {
    // The cache is only an optimisation (a read-only cache folder, say).
  }
  const { join } = require("node:path");
  const cli = join(__dirname, "..", "dist", "cli.cjs");
  let main;
  try {
    // CommonJS (see scripts/build.js): it starts sooner than an ES module.
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
