#!/usr/bin/env node
// The interview measured: runs the real interview (the built dist/, as `npx scamcheck` asks it) over
// every pack test case (rules/*.test.yaml) and every labelled development note (tests/scan/dev/, as
// the answers a careful reader takes from it), answering from the case and "not sure" to anything the
// case does not say, and compares the band where it stops with the band from all the case's answers.
// `npm run bench` runs it as case 9; on its own:
//
//   node bench/interview-sim.mjs [--json] [--cases] [--profile]
//
// --json prints the figures as JSON; --cases lists every case with the questions it was asked;
// --profile says where the questions go: by group, the median number asked for the situation, as
// evidence and to choose the steps, the question after which the band's steps no longer changed,
// how many were asked after that point and why, and the questions most often asked only for steps;
// --bounds checks whether the questions asked after that point could have been left out: wherever
// the interview goes on because the band could still change, a greedy search over the answers left
// (each question in turn, each answer, kept when it moves the band further) looks for answers that
// really change it, and counts the questions asked after the first place where it finds none (an
// upper bound on what an exact test of what is still possible would save).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { loadRules, labelledNoteScenarios, packTestScenarios, simulate, summarise, triage } = await import(join(root, "dist", "index.js"));
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

if (args.includes("--profile")) {
  const groups = new Map();
  const forSteps = new Map();
  for (const r of runs) {
    const group = r.scenario.legit ? "genuine" : ["scam", "likely-scam"].includes(r.fullVerdict) ? "scam or likely-scam" : "other";
    // Replay the answers to find the last question that changed the band (scam and likely-scam as one).
    const answers = new Map();
    const classes = r.asked.map((id) => {
      answers.set(id, r.scenario.answers.get(id) ?? "not-sure");
      const band = triage(rules, answers, r.scenario.options).verdict.id;
      return band === "likely-scam" ? "scam" : band;
    });
    let final = classes.length;
    while (final > 0 && classes[final - 1] === classes.at(-1)) final--;
    const after = { situation: 0, evidence: 0, steps: 0, extra: 0 };
    r.why.forEach((why, i) => {
      if (i >= final) after[why]++;
      if (why === "steps") forSteps.set(r.asked[i], (forSteps.get(r.asked[i]) ?? 0) + 1);
    });
    const count = (why) => r.why.filter((w) => w === why).length;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push({ situation: count("situation"), evidence: count("evidence"), steps: count("steps"), final, after });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length / 2) - 1] ?? 0;
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  console.log("where the questions go (medians per case; 'after' sums the questions asked once the steps' band was final):");
  for (const [group, xs] of groups)
    console.log(
      `  ${group.padEnd(20)} ${String(xs.length).padStart(4)} cases: situation ${median(xs.map((x) => x.situation))}, evidence ${median(xs.map((x) => x.evidence))}, steps ${median(xs.map((x) => x.steps))}; band final after question ${median(xs.map((x) => x.final))}; after: ${sum(xs.map((x) => x.after.evidence))} evidence, ${sum(xs.map((x) => x.after.steps))} steps, ${sum(xs.map((x) => x.after.situation))} situation`,
    );
  console.log(`  asked only to choose the steps: ${[...forSteps].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`).join(", ")}`);
}

if (args.includes("--bounds")) {
  const SEVERITY = { scam: 5, "likely-scam": 4, suspicious: 3, "not-enough-information": 2, "no-warning-signs": 1 };
  const flagged = (band) => band === "scam" || band === "likely-scam";
  const valuesOf = (q) =>
    q.type === "multiple" ? [...q.choices.map((c) => [c.id]), q.choices.map((c) => c.id)] : q.type === "number" ? [0, 5, 30, 60, 120] : q.type === "text" ? ["x"] : q.choices.map((c) => c.id);
  // Greedy: the most (up) or least (down) serious band some answers to the open questions give.
  const search = (answers, options, up) => {
    const worth = (a) => {
      const r = triage(rules, a, options);
      return (SEVERITY[r.verdict.id] * 10000 + r.score) * (up ? 1 : -1);
    };
    const chosen = new Map(answers);
    let best = worth(chosen);
    for (let round = 0, moved = true; round < 4 && moved; round++) {
      moved = false;
      const relevant = new Set(triage(rules, chosen, options).relevant);
      for (const q of rules.questions) {
        if (answers.has(q.id) || !relevant.has(q.id)) continue;
        for (const v of valuesOf(q)) {
          const w = worth(new Map(chosen).set(q.id, v));
          if (w <= best) continue;
          best = w;
          moved = true;
          chosen.set(q.id, v);
        }
      }
    }
    return triage(rules, chosen, options).verdict.id;
  };
  const tally = { genuine: [0, 0], flagged: [0, 0] };
  for (const r of runs) {
    const kind = r.scenario.legit ? "genuine" : flagged(r.fullVerdict) ? "flagged" : undefined;
    if (!kind) continue;
    const answers = new Map();
    let spare = -1;
    r.asked.forEach((id, i) => {
      if (spare < 0) {
        const { verdict, reachable } = triage(rules, answers, r.scenario.options);
        // Genuine: going on because likely-scam is still possible; flagged: because a band below is.
        if (kind === "genuine" && verdict.id === "no-warning-signs" && reachable.some(flagged) && !flagged(search(answers, r.scenario.options, true))) spare = i;
        if (kind === "flagged" && flagged(verdict.id) && !reachable.every(flagged) && flagged(search(answers, r.scenario.options, false))) spare = i;
      }
      answers.set(id, r.scenario.answers.get(id) ?? "not-sure");
    });
    tally[kind][0] += r.asked.length;
    if (spare >= 0) tally[kind][1] += r.asked.length - spare;
  }
  console.log("questions an exact test of what is still possible could at most have saved (greedy search for answers that change the band):");
  console.log(`  genuine: ${tally.genuine[1]} of ${tally.genuine[0]}; scam or likely-scam: ${tally.flagged[1]} of ${tally.flagged[0]}`);
}
