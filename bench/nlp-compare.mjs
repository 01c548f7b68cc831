#!/usr/bin/env node
// Should an NLP library do the reader's plumbing? Measures wink-nlp (with its English lite model),
// its lemmatizer, and compromise against the hand-written tokenizer and stemmer in src/core/scan:
//   - accuracy: the reader is rebuilt with each library's lemmas in place of the stemmer (the same
//     function reads the packs' phrases and the notes, so each word is lemmatised on its own), and
//     scored on the labelled notes (per-question precision and recall, band agreement) and the
//     shared dialogue set (share of scams and of ordinary calls flagged);
//   - speed: sentences and word forms for the whole dialogue set, per MB;
//   - size on disk and the time to load each library.
//
//   npm run build && npm install --no-save wink-nlp wink-eng-lite-web-model wink-lemmatizer compromise
//   node bench/nlp-compare.mjs [--data FILE] [--libs DIR]
// (--libs: a folder whose node_modules has the libraries, to leave the project's own untouched.)
//
// The libraries are not dependencies of scamcheck: this script is how the choice was made, and
// can be run again when they change.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadRules, triage } from "../dist/index.js";
import { bundleModule, CACHE as cache, loadScorer, readCsv } from "./notes-data.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const dataFile = args.includes("--data") ? args[args.indexOf("--data") + 1] : join(root, "..", "shared", "data", "scam-dialogues", "train.csv");
const libs = args.includes("--libs") ? args[args.indexOf("--libs") + 1] : root;
const pkgDir = (p) => join(libs, "node_modules", p);
/** A library's entry point, read from its package.json (some are ES modules only). */
function entryOf(name) {
  const pkg = JSON.parse(readFileSync(join(pkgDir(name), "package.json"), "utf8"));
  const dot = pkg.exports?.["."];
  const esm = typeof dot === "string" ? dot : (dot?.import?.default ?? dot?.import ?? dot?.default);
  return join(pkgDir(name), typeof esm === "string" ? esm : (pkg.main ?? "index.js"));
}
const load = async (name) => (await import(pathToFileURL(entryOf(name)).href)).default;

const missing = ["wink-nlp", "wink-eng-lite-web-model", "wink-lemmatizer", "compromise"].filter((p) => !existsSync(join(pkgDir(p), "package.json")));
if (missing.length > 0) {
  console.error(`nlp-compare: install the libraries to compare first: npm install --no-save ${missing.join(" ")}`);
  process.exit(1);
}

const dirSize = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
const mb = (bytes) => (bytes < 1e5 ? `${(bytes / 1e3).toFixed(0)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

/** Time to import a module in a fresh process (the cost every command would pay if it loaded it). */
async function loadTime(code) {
  const { execFileSync } = await import("node:child_process");
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", `const t=performance.now(); ${code}; console.log(performance.now()-t)`], { cwd: libs, encoding: "utf8" });
    runs.push(Number(out.trim()));
  }
  return Math.min(...runs);
}

// ---- the word-form functions to compare ------------------------------------------------------
const wink = await load("wink-nlp");
const model = await load("wink-eng-lite-web-model");
const nlp = wink(model);
const its = nlp.its;
const lemmatizer = await load("wink-lemmatizer");
const compromise = await load("compromise");

const memo = (f) => {
  const seen = new Map();
  return (w) => {
    let v = seen.get(w);
    if (v === undefined) seen.set(w, (v = f(w)));
    return v;
  };
};
const formers = {
  "wink-lemmatizer": memo((w) => {
    if (!/^[a-z]+$/.test(w)) return w;
    const v = lemmatizer.verb(w);
    if (v !== w) return v;
    const n = lemmatizer.noun(w);
    return n !== w ? n : lemmatizer.adjective(w);
  }),
  "wink-nlp": memo((w) => (/^[a-z]+$/.test(w) ? (nlp.readDoc(w).tokens().out(its.lemma)[0] ?? w) : w)),
  compromise: memo((w) => {
    if (!/^[a-z]+$/.test(w)) return w;
    const doc = compromise(w);
    doc.compute("root");
    return doc.text("root").trim() || w;
  }),
};
// globalThis so the rebuilt reader finds the one in use.
globalThis.__nlpCompareForm = undefined;

/**
 * The reader bundled from src/ with the stemmer swapped for globalThis.__nlpCompareForm, one copy
 * per library: the reader builds its matcher once per rule set, with the word forms of the day.
 */
async function readerWithForms(name) {
  const { path, module } = await bundleModule(`reader-${name}.mjs`, {
    stdin: { contents: 'export { inferAnswers } from "./src/core/scan/index.ts";', resolveDir: root, loader: "ts" },
    plugins: [
      {
        name: "swap-stemmer",
        setup(b) {
          b.onLoad({ filter: /[\\/]src[\\/]core[\\/]scan[\\/]stem\.ts$/ }, async (a) => ({
            contents: `${readFileSync(a.path, "utf8").replace("export function stem(", "function builtinStem(")}
export function stem(word: string): string { const f = (globalThis as any).__nlpCompareForm; return f ? f(word) : builtinStem(word); }`,
            loader: "ts",
          }));
        },
      },
    ],
  });
  return { path, reader: module };
}

/** The quality test's scorer, bundled so that it uses the variant reader. */
const scorerWith = (name, variantPath) =>
  loadScorer(`dev-set-${name}.mjs`, [{ name: "variant-reader", setup: (b) => b.onResolve({ filter: /scan[\\/]index\.js$/ }, () => ({ path: variantPath, external: true })) }]);

// ---- data -------------------------------------------------------------------------------------
const dialogues = existsSync(dataFile) ? readCsv(readFileSync(dataFile, "utf8")) : [];

// ---- accuracy through the reader ----------------------------------------------------------------
const { rules } = await loadRules();

const FLAGGED = new Set(["scam", "likely-scam"]);
const pct = (a, b) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

console.log("Accuracy: the reader with each library's word forms in place of the stemmer");
console.log(`${"word forms".padEnd(20)}${"notes P".padStart(9)}${"notes R".padStart(9)}${"same band".padStart(11)}${"scams flagged".padStart(15)}${"ordinary flagged".padStart(18)}${"ms".padStart(8)}`);
for (const [name, form] of [["hand-written stem", undefined], ...Object.entries(formers)]) {
  const slug = name.replace(/\W+/g, "-");
  const { path, reader: variant } = await readerWithForms(slug);
  const scorer = await scorerWith(slug, path);
  const notes = scorer.readNotes([...scorer.devFiles(), scorer.HOLDOUT_FILE]);
  globalThis.__nlpCompareForm = form;
  const t0 = performance.now();
  const e = scorer.evaluate(rules, notes);
  const same = e.notes.filter((r) => r.verdict === r.labelledVerdict).length;
  let scams = 0;
  let scamsFlagged = 0;
  let ordinary = 0;
  let ordinaryFlagged = 0;
  for (const row of dialogues) {
    const flagged = FLAGGED.has(triage(rules, variant.inferAnswers(rules, row.dialogue).answers).verdict.id);
    if (row.labels === "1") (scams++, flagged && scamsFlagged++);
    else (ordinary++, flagged && ordinaryFlagged++);
  }
  const ms = performance.now() - t0;
  console.log(
    `${name.padEnd(20)}${pct(e.total.truePositives, e.total.truePositives + e.total.falsePositives).padStart(9)}${pct(e.total.truePositives, e.total.truePositives + e.total.falseNegatives).padStart(9)}${pct(same, e.notes.length).padStart(11)}${pct(scamsFlagged, scams).padStart(15)}${pct(ordinaryFlagged, ordinary).padStart(18)}${ms.toFixed(0).padStart(8)}`,
  );
}
globalThis.__nlpCompareForm = undefined;

// ---- speed: sentences and word forms over the dialogue set -------------------------------------
const corpus = dialogues.map((r) => r.dialogue);
const bytes = corpus.reduce((n, t) => n + Buffer.byteLength(t), 0);
const { path: plumbing, module: plumbingModule } = await bundleModule("tokenize.mjs", {
  stdin: { contents: 'export { tokenize } from "./src/core/scan/tokenize.ts"; export { stem } from "./src/core/scan/stem.ts";', resolveDir: root, loader: "ts" },
});
const { tokenize, stem } = plumbingModule;
const timeIt = (f) => {
  const t0 = performance.now();
  let sentences = 0;
  for (const text of corpus) sentences += f(text);
  return { ms: performance.now() - t0, sentences };
};
const speeds = [
  ["hand-written", (t) => {
    const { tokens, sentences } = tokenize(t);
    for (const tok of tokens) stem(tok.word);
    return sentences.length;
  }],
  ["wink-nlp", (t) => {
    const doc = nlp.readDoc(t);
    doc.tokens().out(its.lemma);
    return doc.sentences().length();
  }],
  ["compromise", (t) => {
    const doc = compromise(t);
    doc.compute("root");
    doc.text("root");
    return doc.sentences().length;
  }],
];
console.log(`\nSpeed: sentences and word forms for ${corpus.length} dialogues (${mb(bytes)})`);
for (const [name, f] of speeds) {
  const { ms, sentences } = timeIt(f);
  console.log(`${name.padEnd(20)}${`${(ms / (bytes / 1e6)).toFixed(0)} ms per MB`.padStart(16)}${`${sentences} sentences`.padStart(18)}`);
}

// ---- size and load time -----------------------------------------------------------------------
console.log("\nSize on disk and time to load in a fresh process");
const sizes = [
  ["hand-written", statSync(join(root, "src", "core", "scan", "tokenize.ts")).size + statSync(join(root, "src", "core", "scan", "stem.ts")).size, `await import(${JSON.stringify(pathToFileURL(plumbing).href)})`],
  ["wink-nlp + model", dirSize(pkgDir("wink-nlp")) + dirSize(pkgDir("wink-eng-lite-web-model")), "const w=(await import('wink-nlp')).default; const m=(await import('wink-eng-lite-web-model')).default; w(m)"],
  ["wink-lemmatizer", dirSize(pkgDir("wink-lemmatizer")) + dirSize(pkgDir("wink-lexicon")), "await import('wink-lemmatizer')"],
  ["compromise", dirSize(pkgDir("compromise")), "await import('compromise')"],
];
for (const [name, size, code] of sizes) console.log(`${name.padEnd(20)}${mb(size).padStart(10)}${`${(await loadTime(code)).toFixed(0)} ms`.padStart(10)}`);
