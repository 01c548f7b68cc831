#!/usr/bin/env node
// The interview measured: runs the real interview (the built dist/, as `npx scamcheck` asks it) over
// every pack test case (rules/*.test.yaml) and every labelled development note (tests/scan/dev/, as
// the answers a careful reader takes from it), answering from the case and "not sure" to anything the
// case does not say, and compares the band where it stops with the band from all the case's answers.
// `npm run bench` runs it as case 9; on its own:
//
//   node bench/interview-sim.mjs [--json] [--cases]
//
// --json prints the figures as JSON; --cases lists every case with the questions it was asked.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { loadRules, labelledNoteScenarios, packTestScenarios, simulate, summarise } = await import(join(root, "dist", "index.js"));
const args = process.argv.slice(2);
const { rules } = await loadRules();
const filesIn = (folder, suffix) =>
  readdirSync(join(root, folder))
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => ({ name: `${folder}/${f}`, text: readFileSync(join(root, folder, f), "utf8") }));
const scenarios = [...packTestScenarios(filesIn("rules", ".test.yaml"), rules), ...labelledNoteScenarios(filesIn("tests/scan/dev", ".yaml"), rules)];
const runs = scenarios.map((s) => simulate(rules, s));
const figures = summarise(rules, runs);

if (args.includes("--json")) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  const pct = (x) => `${Math.round(x * 1000) / 10}%`;
  const line = (name, g) => `  ${name.padEnd(26)} ${String(g.cases).padStart(4)} cases: median ${g.median}, p95 ${g.p95}, max ${g.max} questions`;
  console.log(`interview over ${figures.cases} pack test cases and labelled notes (unknown answers "not sure"):`);
  console.log(line("scam or likely-scam", figures.groups.flagged));
  console.log(line("genuine (legit: true)", figures.groups.genuine));
  console.log(line("other", figures.groups.other));
  console.log(line("all", figures.all));
  console.log(`  band agreement (same steps) ${pct(figures.agreement)}, exactly the same band ${pct(figures.exactAgreement)}`);
  console.log(`  scams ending below suspicious: ${figures.missedScams.length}; "now" steps never shown: ${figures.hiddenNow.length}`);
  for (const d of [...figures.disagreements, ...figures.missedScams, ...figures.hiddenNow]) console.log(`    ${d}`);
  if (args.includes("--cases"))
    for (const r of runs) console.log(`${String(r.asked.length).padStart(3)} ${r.verdict} (all answers: ${r.fullVerdict}) ${r.scenario.file}: ${r.scenario.name}\n      ${r.asked.map((q, i) => (r.why[i] === "evidence" ? q : `${q}[${r.why[i]}]`)).join(" ")}\n      stopped: ${r.stopped}`);
}
