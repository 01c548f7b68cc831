#!/usr/bin/env node
// Build dist/: the bundled CLI and library (start-up time matters to someone mid-call), type
// declarations for library users, and the compiled cache of the built-in rule packs (with the
// matcher `scan` runs their call-note phrases with).
//   node scripts/build.js                 build
//   node scripts/build.js --write-schema  also regenerate rules/schema.json and schemas/*.json
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const finalDist = join(root, "dist");

// How the code is split into files. Every extra file costs a scripted check or the first question
// time to find, read and link (about a millisecond each here), and every byte in them time to
// parse, so one shared "core" file holds exactly what the CLI loads at every start: its static
// imports (the program, commander, chalk, the rules cache reader and the check command, whose
// start-up matters most). Each other command, and the heavy libraries (the prompt library, the
// YAML parser, zod, the phone-number metadata), stay in files loaded only when used.
const core = new Set();
const chooseCore = {
  name: "choose-core",
  buildEnd() {
    const down = [[...this.getModuleIds()].find((id) => /[\\/]src[\\/]cli[\\/]main\.ts$/.test(id))];
    while (down.length > 0) {
      const id = down.pop();
      if (core.has(id)) continue;
      core.add(id);
      down.push(...(this.getModuleInfo(id)?.importedIds ?? []));
    }
  },
};

// Build into a fresh folder beside dist/ and swap it in at the end, so a CLI that is running from
// dist/ (a test, a second terminal) never sees a half-written or missing build.
const dist = join(root, `dist.next-${process.pid}`);
// Whatever stops the build part way (a bundling error, a missing dependency), the half-built
// folder goes with it; once swapped in, it is no longer there to remove.
process.on("exit", () => rmSync(dist, { recursive: true, force: true }));

rmSync(dist, { recursive: true, force: true });
const bundle = await rolldown({
  cwd: root,
  input: { cli: "src/cli/main.ts", index: "src/index.ts" },
  platform: "node",
  transform: { define: { __SCAMCHECK_VERSION__: JSON.stringify(pkg.version) }, target: "node22" },
  plugins: [chooseCore],
  // pg is bundled like every other library (in a chunk loaded only for a PostgreSQL case store), so
  // the package installs with no dependencies; these are its optional parts for other platforms
  // (libpq bindings, Cloudflare Workers), which it loads only when asked to.
  external: ["pg-native", "cloudflare:sockets"],
  logLevel: "warn",
});
// CommonJS, not ES modules: an `import … from "node:fs"` builds an ES module facade of the
// built-in, reading each of its exports, and the ES module loader itself costs more than require,
// which a person mid-call waits for at every start. Library users still import an ES
// module: dist/index.js, written below, re-exports dist/index.cjs.
await bundle.write({
  dir: dist,
  format: "cjs",
  entryFileNames: "[name].cjs",
  chunkFileNames: "chunks/[name]-[hash].cjs",
  // `await import("node:crypto")` becomes a require, so no chunk needs the ES module loader.
  dynamicImportInCjs: false,
  minify: { compress: true, mangle: false },
  comments: false,
  // Non-ASCII characters escaped: a file that is all ASCII is held and compiled as one byte a
  // character, and read and hashed for the compile cache without decoding UTF-8 at every start.
  charset: "ascii",
  codeSplitting: { groups: [{ name: "core", test: (id) => core.has(id) }] },
});
await bundle.close();

// The library's ES module entry: the names dist/index.cjs exports, re-exported by name (so
// `import { triage } from "scamcheck"` needs no guessing at what a CommonJS file exports).
{
  const names = Object.keys(createRequire(import.meta.url)(join(dist, "index.cjs"))).sort();
  if (names.includes("default") || names.some((n) => !/^[A-Za-z_$][\w$]*$/.test(n))) throw new Error(`unexpected library export names: ${names.join(", ")}`);
  writeFileSync(join(dist, "index.js"), `import lib from "./index.cjs";\nexport const { ${names.join(", ")} } = lib;\n`);
}

// Declarations for `import … from "scamcheck"`. Skipped with --no-types for quick rebuilds, which
// keep the declarations of the previous build (they change only with the public API).
if (process.argv.includes("--no-types")) {
  if (existsSync(join(finalDist, "types"))) cpSync(join(finalDist, "types"), join(dist, "types"), { recursive: true });
} else {
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json"), "--outDir", join(dist, "types")], {
    stdio: "inherit",
  });
  await shipPublicTypesOnly(join(dist, "types"));
}

/**
 * Keep only the declarations that dist/types/index.d.ts reaches. The dependencies are bundled, not
 * installed with the package, so a reachable declaration that imports one (zod, chalk, …) would
 * break a library user's type check: that fails the build.
 */
async function shipPublicTypesOnly(typesDir) {
  const { default: ts } = await import("typescript");
  const reached = new Set();
  const problems = [];
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const { fileName: spec } of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
      if (spec.startsWith(".")) visit(join(dirname(file), spec.replace(/\.js$/, ".d.ts")));
      else if (!spec.startsWith("node:") && !isBuiltin(spec)) problems.push(`${relative(typesDir, file)} imports "${spec}"`);
    }
  };
  visit(join(typesDir, "index.d.ts"));
  if (problems.length > 0) {
    console.error(`the library's type declarations import bundled packages, which users will not have:\n  ${problems.join("\n  ")}`);
    rmSync(dist, { recursive: true, force: true });
    process.exit(2);
  }
  for (const entry of readdirSync(typesDir, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !reached.has(file)) rmSync(file);
  }
}

const lib = await import(join(dist, "index.js"));
try {
  const { detect, matcher, ...cache } = await lib.buildBuiltinCache();
  writeFileSync(join(dist, "builtin-rules.json"), JSON.stringify(cache));
  writeFileSync(join(dist, "builtin-detect.json"), JSON.stringify(detect));
  writeFileSync(join(dist, "builtin-matcher.json"), JSON.stringify({ sourceHash: cache.sourceHash, matcher }));
} catch (error) {
  // A broken built-in pack must fail the build with the pack's own messages.
  console.error(error.diagnostics ? error.message : error);
  rmSync(dist, { recursive: true, force: true });
  process.exit(2);
}

const old = join(root, `dist.old-${process.pid}`);
try {
  renameSync(finalDist, old);
} catch (error) {
  if (error.code !== "ENOENT") throw error;
}
renameSync(dist, finalDist);
rmSync(old, { recursive: true, force: true });

if (process.argv.includes("--write-schema")) {
  const schemas = await import(join(finalDist, "index.js"));
  writeFileSync(join(root, "rules", "schema.json"), `${JSON.stringify(schemas.packJsonSchema(), null, 2)}\n`);
  writeFileSync(join(root, "rules", "test-schema.json"), `${JSON.stringify(schemas.packTestJsonSchema(), null, 2)}\n`);
  mkdirSync(join(root, "schemas"), { recursive: true });
  for (const [name, schema] of Object.entries(schemas.outputJsonSchemas())) {
    writeFileSync(join(root, "schemas", `${name}.schema.json`), `${JSON.stringify(schema, null, 2)}\n`);
  }
  const { caseRecordValidatorSource, VALIDATOR_FILE } = await import("./case-record-validator.mjs");
  writeFileSync(join(root, VALIDATOR_FILE), caseRecordValidatorSource(schemas.outputJsonSchemas()["case-record"]));
  console.log(`wrote rules/schema.json, rules/test-schema.json, schemas/*.schema.json and ${VALIDATOR_FILE}`);
}
