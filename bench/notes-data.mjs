// What the notes benchmarks (notes-eval.mjs, nlp-compare.mjs) share: the dialogue set's CSV, the
// split of each dialogue into a development part and a held-out part by a hash of its text, and
// the labelled-notes scorer of the quality test (tests/scan/dev-set.ts), bundled from TypeScript.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Where bundled copies go: inside node_modules, so their imports of yaml and the like resolve. */
export const CACHE = join(root, "node_modules", ".cache", "scamcheck-eval");

/** RFC 4180 CSV: quoted fields, "" inside quotes, newlines inside quotes. */
export function readCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += c;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  const [head, ...body] = rows.filter((r) => r.length > 1);
  return body.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}

/** FNV-1a of the text: a split that does not depend on row order. */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
export const splitOf = (text) => (hash(text) % 5 === 0 ? "held-out" : "dev");

/** Bundle TypeScript from src/ or tests/ (libraries left external) into CACHE/name and import it. */
export async function bundleModule(name, options) {
  const out = join(CACHE, name);
  mkdirSync(CACHE, { recursive: true });
  const result = await build({ bundle: true, platform: "node", format: "esm", packages: "external", write: false, logLevel: "warning", ...options });
  writeFileSync(out, result.outputFiles[0].text);
  return { path: out, module: await import(pathToFileURL(out).href) };
}

/** The quality test's scorer (readNotes, devFiles, HOLDOUT_FILE, evaluate, formatTable). */
export async function loadScorer(name = "dev-set.mjs", plugins = []) {
  const { module } = await bundleModule(name, {
    entryPoints: [join(root, "tests", "scan", "dev-set.ts")],
    define: { __dirname: JSON.stringify(join(root, "tests", "scan")) },
    plugins,
  });
  return module;
}
