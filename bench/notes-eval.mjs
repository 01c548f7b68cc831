#!/usr/bin/env node
// How well `scan` reads call notes: run the reader and the engine over labelled notes and report
// how often scams are flagged (verdict scam or likely-scam) and how often ordinary calls are, and
// on the labelled notes in tests/scan/ the precision and recall of every question's inferred answer
// and how often the band from the notes equals the band from the labelled answers.
//
//   npm run eval                            (builds dist/ first; `npm run eval:notes` is the same)
//   node bench/notes-eval.mjs [--data FILE] [--misses TYPE]
//
// Sources:
//   - the shared dialogue set (../shared/data/scam-dialogues/train.csv, or --data), split by a hash
//     of each dialogue's text into a development part (4 in 5) and a held-out part (1 in 5). Work
//     on the development part; the held-out part checks that a change generalises.
//   - the labelled notes in tests/scan/ (development set and holdout.yaml), and the pack tests given
//     as notes (tests/scan/pack-notes.test.yaml).
// --misses TYPE prints the development-split dialogues of that type that are misread (unflagged
// scams, flagged ordinary calls) with the answers found, to see which failure class matters.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { answersToJson, inferAnswers, loadRules, triage } from "../dist/index.js";
import { loadScorer, readCsv, splitOf } from "./notes-data.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dataFile = opt("--data") ?? join(root, "..", "shared", "data", "scam-dialogues", "train.csv");
const missesOf = opt("--misses");
const FLAGGED = new Set(["scam", "likely-scam"]);


const { rules } = await loadRules();
const verdictOf = (text) => {
  const inference = inferAnswers(rules, text);
  return { inference, verdict: triage(rules, inference.answers).verdict.id };
};
const pct = (n, d) => (d === 0 ? "  -  " : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

const t0 = performance.now();
let bytes = 0;
if (existsSync(dataFile)) {
  const rows = readCsv(readFileSync(dataFile, "utf8"));
  const tally = new Map(); // "split\0type" → { label, n, flagged }
  const misses = [];
  for (const row of rows) {
    const split = splitOf(row.dialogue);
    bytes += row.dialogue.length;
    const { inference, verdict } = verdictOf(row.dialogue);
    const flagged = FLAGGED.has(verdict);
    for (const s of [split, "all"]) {
      const key = `${s}\0${row.type}`;
      const t = tally.get(key) ?? { label: row.labels, n: 0, flagged: 0 };
      t.n++;
      if (flagged) t.flagged++;
      tally.set(key, t);
    }
    if (missesOf === row.type && split === "dev" && flagged !== (row.labels === "1"))
      misses.push({ verdict, answers: answersToJson(inference.answers, rules), text: row.dialogue });
  }
  const types = [...new Set(rows.map((r) => r.type))].sort((a, b) => rows.find((r) => r.type === b).labels - rows.find((r) => r.type === a).labels || a.localeCompare(b));
  console.log(`Dialogue set ${dataFile.replace(`${root}/`, "")}: % flagged (scam or likely-scam)`);
  console.log(`${"type".padEnd(13)}${"kind".padEnd(10)}${"dev".padStart(14)}${"held-out".padStart(16)}${"all".padStart(16)}`);
  const sums = { 1: {}, 0: {} };
  for (const type of types) {
    const cell = (s) => {
      const t = tally.get(`${s}\0${type}`) ?? { n: 0, flagged: 0 };
      const sum = (sums[t.label ?? rows.find((r) => r.type === type).labels][s] ??= { n: 0, flagged: 0 });
      sum.n += t.n;
      sum.flagged += t.flagged;
      return `${pct(t.flagged, t.n)} of ${String(t.n).padStart(4)}`;
    };
    const label = rows.find((r) => r.type === type).labels;
    console.log(`${type.padEnd(13)}${(label === "1" ? "scam" : "ordinary").padEnd(10)}${cell("dev").padStart(14)}${cell("held-out").padStart(16)}${cell("all").padStart(16)}`);
  }
  for (const [label, name] of [["1", "all scams"], ["0", "all ordinary"]]) {
    const cell = (s) => {
      const t = sums[label][s] ?? { n: 0, flagged: 0 };
      return `${pct(t.flagged, t.n)} of ${String(t.n).padStart(4)}`;
    };
    console.log(`${name.padEnd(23)}${cell("dev").padStart(14)}${cell("held-out").padStart(16)}${cell("all").padStart(16)}`);
  }
  for (const m of misses) console.log(`\n[${m.verdict}] ${JSON.stringify(m.answers)}\n${m.text}`);
} else {
  console.log(`(no dialogue set at ${dataFile}; give one with --data)`);
}

// The labelled notes in tests/scan, scored by the same code as the quality test.
const { devFiles, evaluate, formatTable, HOLDOUT_FILE, readNotes } = await loadScorer();
const notesDir = join(root, "tests", "scan");
for (const [name, files] of [
  ["tests/scan/dev (development set)", devFiles()],
  ["tests/scan/holdout.yaml (not used for tuning)", [HOLDOUT_FILE]],
]) {
  const notes = readNotes(files);
  const e = evaluate(rules, notes);
  for (const r of e.notes) bytes += r.note.text.length;
  const c = { scam: { n: 0, f: 0 }, legit: { n: 0, f: 0 } };
  for (const r of e.notes) {
    const t = c[r.note.legit ? "legit" : "scam"];
    t.n++;
    if (FLAGGED.has(r.verdict)) t.f++;
  }
  const sameBand = e.notes.filter((r) => r.verdict === r.labelledVerdict).length;
  console.log(`\n${formatTable(e, `Labelled notes ${name}: ${e.notes.length} notes`)}`);
  console.log(`band from the notes = band from the labelled answers: ${sameBand}/${e.notes.length} (${pct(sameBand, e.notes.length).trim()})`);
  console.log(`flagged: scams ${pct(c.scam.f, c.scam.n)} of ${c.scam.n}, genuine calls ${pct(c.legit.f, c.legit.n)} of ${c.legit.n}`);
}
const packCases = parse(readFileSync(join(notesDir, "pack-notes.test.yaml"), "utf8")).cases.filter((c) => c.notes);
let agree = 0;
for (const c of packCases) {
  const { verdict } = verdictOf(c.notes);
  const want = c.expect.verdict ? [c.expect.verdict] : (c.expect.verdict_in ?? []);
  if (want.includes(verdict)) agree++;
}
console.log(`\n${"pack tests given as notes".padEnd(26)} verdict as expected ${pct(agree, packCases.length)} of ${packCases.length}`);
const ms = performance.now() - t0;
console.log(`\n${(bytes / 1e6).toFixed(2)} MB read in ${ms.toFixed(0)} ms (with the engine)`);
