#!/usr/bin/env node
// How long `inferAnswers` takes on 1 MB of notes, with the built-in packs. A benchmark to run by
// hand after a build (node scripts/build.js), not a test: timings depend on the machine.
//   node tests/scan/bench.mjs            realistic notes, and three adversarial texts
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { inferAnswers, loadRules } from "../../dist/index.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const MB = 1024 * 1024;
const fill = (unit) => {
  let s = "";
  while (Buffer.byteLength(s) < MB) s += unit;
  return s.slice(0, MB);
};

const notes = readdirSync(join(here, "dev"))
  .filter((f) => f.endsWith(".yaml"))
  .flatMap((f) => parse(readFileSync(join(here, "dev", f), "utf8")).notes.map((n) => n.text))
  .join("\n\n");
const texts = {
  "realistic notes (the development set, repeated)": fill(`${notes}\n\n`),
  "one line, no punctuation, trigger words only": fill("asked me to install anydesk and pay for a support plan with gift cards not sure if "),
  "every word starts many phrases": fill("from the bank a man rang said he was from microsoft windows "),
  "control characters and escapes": fill("\u001b[31mpay\u0000now \u0007 \u202e gift cards "),
};

const { rules } = await loadRules();
inferAnswers(rules, "warm up: a man rang from Microsoft");
for (const [name, text] of Object.entries(texts)) {
  const runs = [];
  let result;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    result = inferAnswers(rules, text);
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const ms = (n) => `${n.toFixed(0)} ms`;
  console.log(`${name}: ${(Buffer.byteLength(text) / MB).toFixed(2)} MB, median ${ms(runs[2])} (best ${ms(runs[0])}, worst ${ms(runs[4])}); ${result.answers.size} answers, ${result.evidence.length} pieces of evidence`);
}
