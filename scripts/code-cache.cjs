// Preloaded (node -r) by scripts/build.js into one representative run of the built CLI: collects
// the scripts bin/scamcheck.js compiled from dist/ and, once the run is over, writes each one's
// V8 code cache beside it as <file>.v8 (read by bin/scamcheck.js on Node 20). Written after the
// run, the cache holds the functions the run compiled, not just each file's top level.
"use strict";
const { renameSync, writeFileSync } = require("node:fs");

const scripts = new Map();
globalThis[Symbol.for("scamcheck.codeCache")] = scripts;
process.on("exit", () => {
  for (const [file, script] of scripts) {
    const tmp = `${file}.v8.${process.pid}`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, `${file}.v8`);
  }
});
