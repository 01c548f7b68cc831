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
const { main } = await import("../dist/cli.js");
await main();
