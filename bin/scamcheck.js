#!/usr/bin/env node
// A tiny shim: answer `--version` without loading the CLI (scripts call it to check what is
// installed), turn on Node's compile cache (Node 22.1+) or use the one the build wrote (Node 20),
// then start the CLI.
// It is CommonJS (see bin/package.json): Node starts a CommonJS file a few milliseconds sooner
// than an ES module, which is most of what `--version` costs.
"use strict";
const { readFileSync, statSync } = require("node:fs");
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
  } else {
    useBuiltCodeCache(module, join(__dirname, "..", "dist"));
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

/**
 * Compile dist/'s files with the V8 code cache the build wrote beside them (`<file>.v8`, made by
 * scripts/code-cache.cjs after a scripted check, so it holds the functions a start runs as well as
 * the top level): V8 then neither parses nor compiles them, which is most of what loading the CLI
 * costs on Node 20. V8 checks the cache against its version, its flags and the length of the
 * source, and compiles normally when it does not match, so another Node only loses the speed-up;
 * a source changed after its cache was written is compiled afresh here. Node 22.1+ has its own
 * compile cache, and never gets here.
 */
function useBuiltCodeCache(Module, dist) {
  const compile = Module.prototype._compile;
  if (typeof compile !== "function" || typeof Module.wrap !== "function") return;
  const vm = require("node:vm");
  const { dirname, sep } = require("node:path");
  const within = dist + sep;
  // The build's warm-up run (scripts/code-cache.cjs) collects the compiled scripts here.
  const collect = globalThis[Symbol.for("scamcheck.codeCache")];
  Module.prototype._compile = function (content, filename) {
    // Everything else (and every argument, whatever this Node passes) goes to Node's own.
    if (typeof filename !== "string" || !filename.startsWith(within) || !filename.endsWith(".cjs")) return compile.apply(this, arguments);
    let cachedData;
    try {
      const cache = `${filename}.v8`;
      // V8 compares only the source's length with the cache's, so a file edited after its cache was
      // written (a hand patch of the same length) would run the old code: as make would, a source
      // newer than its cache is compiled afresh. (npm gives every installed file the same time.)
      if (statSync(filename).mtimeMs > statSync(cache).mtimeMs) throw new Error("stale");
      cachedData = readFileSync(cache);
    } catch {
      if (!(collect instanceof Map)) return compile.apply(this, arguments);
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (collect instanceof Map) collect.set(filename, script);
    const fn = script.runInThisContext({ displayErrors: true });
    const mod = this;
    const req = (id) => mod.require(id);
    req.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    req.main = require.main;
    req.cache = Module._cache;
    return fn.call(mod.exports, mod.exports, req, mod, filename, dirname(filename));
  };
}
