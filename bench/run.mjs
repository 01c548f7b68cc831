#!/usr/bin/env node
// The benchmark suite: `npm run bench` (after `npm install`, which builds dist/).
//
// Machines here are shared and noisy, so every timing is compared with a baseline measured in the
// same run, interleaved (A B A B …), and only the ratios are targets. Writes bench/results.json and
// the table in BENCHMARKS.md.
//
//   node bench/run.mjs [--runs N] [--quick] [--only 1,2,…]
import { spawn, spawnSync } from "node:child_process";
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { arch, cpus, freemem, homedir, platform, release, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tmp = join(root, "bench", "tmp");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const runs = Number(args[args.indexOf("--runs") + 1]) || (quick ? 5 : 15);
const warmup = 2;
// --only 4,8 runs just those cases (for working on one); results.json and BENCHMARKS.md are then left alone.
const only = args.includes("--only") ? new Set(String(args[args.indexOf("--only") + 1]).split(",").map(Number)) : undefined;
const want = (n) => !only || only.has(n);
const node = process.execPath;
// Both sides of every pair start clean: a machine's NODE_EXTRA_CA_CERTS (reading a certificate
// bundle) or NODE_OPTIONS slows every Node start alike and so would flatter every ratio.
for (const name of ["NODE_EXTRA_CA_CERTS", "NODE_OPTIONS"]) delete process.env[name];

if (!existsSync(join(root, "dist", "cli.cjs"))) {
  console.error("bench: dist/ is missing; run `npm install` (or `npm run build`) first");
  process.exit(2);
}
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
// The runs use a copy of the package taken now, so a rebuild of dist/ during a long run (a
// developer at work) cannot break a process part way through loading its chunks.
const pkgCopy = join(tmp, "package");
for (const part of ["bin", "dist", "rules", "schemas", "package.json"]) cpSync(join(root, part), join(pkgCopy, part), { recursive: true });
const bin = join(pkgCopy, "bin", "scamcheck.js");

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor((s.length - 1) / 2)], max: s.at(-1), runs: s.length };
};
const ms = (ns) => Number(ns) / 1e6;
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Wall time of one process run, in ms. */
function timeRun(cmd, cmdArgs, opts = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { stdio: ["pipe", "ignore", "pipe"], input: opts.input ?? "", env: { ...process.env, NO_COLOR: "1", ...opts.env }, cwd: root });
  const took = ms(process.hrtime.bigint() - started);
  if (r.status !== (opts.expect ?? 0)) throw new Error(`${cmdArgs.join(" ")} exited ${r.status}: ${r.stderr}`);
  return took;
}

/** Interleave A and B, drop the warm-up, report both and the median ratio A/B. */
function compare(name, a, b, target) {
  const ta = [];
  const tb = [];
  for (let i = 0; i < warmup + runs; i++) {
    const x = a();
    const y = b();
    if (i >= warmup) {
      ta.push(x);
      tb.push(y);
    }
  }
  const sa = stats(ta);
  const sb = stats(tb);
  const ratio = sa.median / sb.median;
  const result = { name, tool: sa, baseline: sb, ratio: round(ratio, 2), target, met: target === undefined ? undefined : ratio <= target };
  console.log(`${name}: tool ${round(sa.median)} ms (min ${round(sa.min)}, max ${round(sa.max)}), baseline ${round(sb.median)} ms -> ${round(ratio, 2)}x${target ? ` (target <= ${target}x: ${result.met ? "met" : "NOT met"})` : ""}`);
  return result;
}

/** Time until text appears on a pseudo-terminal (util-linux `script`), in ms. */
function timeUntil(cmdArgs, text) {
  return new Promise((resolve, reject) => {
    const quoted = cmdArgs.map((a) => `'${a}'`).join(" ");
    const started = process.hrtime.bigint();
    const child = spawn("script", ["-qfec", `stty cols 100 rows 40; exec ${quoted}`, "/dev/null"], {
      env: { ...process.env, TERM: "xterm-256color", SCAMCHECK_STATE_DIR: join(tmp, "state") },
      stdio: ["pipe", "pipe", "ignore"],
    });
    let out = "";
    let done = false;
    child.stdout.setEncoding("utf8").on("data", (d) => {
      out += d;
      if (!done && out.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").includes(text)) {
        done = true;
        resolve(ms(process.hrtime.bigint() - started));
        child.kill("SIGKILL");
      }
    });
    child.on("close", () => !done && reject(new Error(`never saw ${JSON.stringify(text)}: ${out.slice(-500)}`)));
    setTimeout(() => !done && child.kill("SIGKILL"), 20_000);
  });
}

/** Peak resident memory of a process, sampled from /proc (Linux). */
function peakRss(cmd, cmdArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, cmdArgs, { stdio: ["ignore", "ignore", "pipe"], cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    let peak = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {}
    };
    const timer = setInterval(sample, 20);
    child.on("close", (code) => {
      clearInterval(timer);
      code === 0 || code === 1 ? resolve(peak) : reject(new Error(`exit ${code}`));
    });
  });
}

async function writeLines(file, count, make) {
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) if (!out.write(`${make(i)}\n`)) await new Promise((r) => out.once("drain", r));
  await new Promise((r) => out.end(r));
}

const variants = [
  { "contact-start": "they-called", "claimed-org": "computer-company", "asked-remote-access": "yes", "asked-payment": "yes", "payment-method": ["card"] },
  { "contact-start": "booked-callback", "asked-remote-access": "no", "asked-payment": "no", "asked-secrets": "no" },
  { "asked-payment": "yes", "payment-method": ["gift-cards"], "what-happened": ["bought-gift-cards"] },
  { "claimed-org": "bank", "contact-start": "they-called", "asked-secrets": "yes", "pressure": "yes" },
  { "pressure": "not-sure" },
];

const results = { cases: [], machine: {}, date: new Date().toISOString() };
const cpu = cpus();
results.machine = {
  cpu: cpu[0]?.model ?? "unknown",
  cores: cpu.length,
  memoryGiB: round(totalmem() / 2 ** 30, 1),
  freeMemoryGiB: round(freemem() / 2 ** 30, 1),
  os: `${platform()} ${release()} ${arch()}`,
  node: process.version,
};
console.log(`machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, ${results.machine.os}, Node ${results.machine.node}`);

const bare = () => timeRun(node, ["-e", "0"]);
writeFileSync(join(tmp, "case.json"), JSON.stringify(variants[0]));

// 1. --version
if (want(1)) results.cases.push(compare("1. scamcheck --version vs node -e 0", () => timeRun(node, [bin, "--version"]), bare, 1.15));
// 2. one scripted verdict
if (want(2)) results.cases.push(compare("2. check --answers case.json --json vs node -e 0", () => timeRun(node, [bin, "check", "--answers", join(tmp, "case.json"), "--json"]), bare, 1.3));

// 1-2 on the other supported Nodes that scripts/with-node.sh has installed: reported, no target
// (the targets are on the Node this suite runs on, Node 24 under `npm run bench`).
if (want(1) || want(2)) {
  const cache = process.env.SCAMCHECK_NODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "scamcheck-node");
  const others = ["22.13.1", "22", "26"]
    .map((version) => join(cache, version, "node_modules", `node-${platform()}-${arch()}`, "bin", "node"))
    .filter((path) => existsSync(path))
    .map((path) => ({ path, version: spawnSync(path, ["--version"], { encoding: "utf8" }).stdout.trim() }))
    .filter(({ version }) => version !== process.version);
  for (const { path: other, version } of others) {
    const otherBare = () => timeRun(other, ["-e", "0"]);
    for (const [label, cmdArgs] of [["--version", [bin, "--version"]], ["check --answers case.json --json", [bin, "check", "--answers", join(tmp, "case.json"), "--json"]]]) {
      results.cases.push(compare(`${label} vs node -e 0, on Node ${version}`, () => timeRun(other, cmdArgs), otherBare));
    }
  }
}

// 3. first interactive question on screen
if (want(3)) {
  const ta = [];
  const tb = [];
  for (let i = 0; i < warmup + runs; i++) {
    const a = await timeUntil([node, bin], "Question 1");
    const b = await timeUntil([node, "-e", "console.log('ready')"], "ready");
    if (i >= warmup) {
      ta.push(a);
      tb.push(b);
    }
  }
  const sa = stats(ta);
  const sb = stats(tb);
  const ratio = round(sa.median / sb.median, 2);
  results.cases.push({ name: "3. first interactive question on screen (pty) vs node printing a line", tool: sa, baseline: sb, ratio, target: 1.5, met: ratio <= 1.5 });
  console.log(`3. first question: ${round(sa.median)} ms vs ${round(sb.median)} ms -> ${ratio}x (target <= 1.5x: ${ratio <= 1.5 ? "met" : "NOT met"})`);
}

// 4. batch throughput against a script that only reads and parses the same lines. The target is
// on distinct, varied cases, where no verdict can be reused and each is worked out in full; the
// five answer patterns above, repeated (as a help desk's form exports repeat), are reported beside it.
if (want(4)) {
  const n = quick ? 20_000 : 100_000;
  const baselineScript = join(tmp, "parse-only.mjs");
  writeFileSync(
    baselineScript,
    `import { createReadStream } from "node:fs"; import { createInterface } from "node:readline";
     let n = 0; for await (const line of createInterface({ input: createReadStream(process.argv[2]) })) { if (line) { JSON.parse(line); n++; } }
     process.stdout.write(n + "\\n");`,
  );
  const batchCase = (name, file, target, lines) => {
    const batchRuns = quick ? 3 : 10;
    const ta = [];
    const tb = [];
    for (let i = 0; i < 1 + batchRuns; i++) {
      const a = timeRun(node, [bin, "check", "--batch", file], { expect: 0 });
      const b = timeRun(node, [baselineScript, file]);
      if (i >= 1) {
        ta.push(a);
        tb.push(b);
      }
    }
    const sa = stats(ta);
    const sb = stats(tb);
    const share = round(sb.median / sa.median, 3);
    const perSecond = Math.round(lines / (sa.median / 1000));
    results.cases.push({ name, tool: sa, baseline: sb, throughputShare: share, casesPerSecond: perSecond, target, met: target === undefined ? undefined : share >= target });
    console.log(`${name}: ${perSecond} cases/s; throughput ${round(share * 100)}% of parse-only${target ? ` (target >= ${target * 100}%: ${share >= target ? "met" : "NOT met"})` : " (reported)"}`);
  };
  const distinct = join(tmp, "batch-distinct.jsonl");
  await writeLines(distinct, n, distinctCases(await benchQuestions()));
  batchCase(`4. batch of ${n} distinct cases vs reading and parsing the same lines`, distinct, 0.5, n);
  rmSync(distinct, { force: true });
  const repeated = join(tmp, "batch.jsonl");
  await writeLines(repeated, n, (i) => JSON.stringify(variants[i % variants.length]));
  batchCase(`4b. batch of ${n} cases (5 answer patterns repeated) vs reading and parsing the same lines`, repeated, undefined, n);
}

/** The questions of the built-in packs, which the distinct cases answer. */
async function benchQuestions() {
  const { rules } = await (await import(join(root, "dist", "index.js"))).loadRules();
  return rules.questions;
}

/**
 * Distinct, valid cases: 3 to 12 questions picked at random, each with a valid answer (a choice,
 * "not-sure", some choices, or a number), none repeated. A fixed seed keeps runs comparable. Lines
 * are told apart by a hash, so a million of them need not all be kept (a line whose hash was seen
 * is made again: at worst a distinct line is passed over, never a repeat let through).
 */
function distinctCases(questions) {
  let seed = 20261129;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const seen = new Set();
  const hash = (text) => {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < text.length; i++) {
      a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
      b = Math.imul(b ^ text.charCodeAt(i), 0x5bd1e995) >>> 0;
    }
    return a * 2 ** 21 + (b >>> 11);
  };
  return () => {
    for (;;) {
      const doc = {};
      const count = 3 + Math.floor(random() * 10);
      for (let k = 0; k < count; k++) {
        const q = pick(questions);
        const choices = q.choices.map((c) => c.id);
        if (random() < 0.08) doc[q.id] = "not-sure";
        // A choice that goes on its own ("None of these") is left out of the random ticks.
        else if (q.type === "multiple") doc[q.id] = q.choices.filter((c) => !c.exclusive && random() < 0.3).map((c) => c.id);
        else if (q.type === "number") doc[q.id] = Math.floor((q.min ?? 0) + random() * ((q.max ?? 600) - (q.min ?? 0)));
        else if (q.type === "text") doc[q.id] = `note ${Math.floor(random() * 1e6)}`;
        else doc[q.id] = pick(choices);
      }
      const line = JSON.stringify(doc);
      const key = hash(line);
      if (!seen.has(key)) {
        seen.add(key);
        return line;
      }
    }
  };
}

// 5. peak memory with 1,000,000 distinct cases (no verdict to reuse, so nothing worth keeping)
if (want(5)) {
  const n = quick ? 200_000 : 1_000_000;
  const file = join(tmp, "batch-1m.jsonl");
  await writeLines(file, n, distinctCases(await benchQuestions()));
  const peak = await peakRss(node, [bin, "check", "--batch", file]);
  const mb = round(peak / 2 ** 20);
  results.cases.push({ name: `5. peak memory of a batch of ${n} distinct cases`, peakMiB: mb, target: 150, met: mb < 150 });
  console.log(`5. peak memory, ${n} distinct cases: ${mb} MiB (target < 150 MiB: ${mb < 150 ? "met" : "NOT met"})`);
  rmSync(file, { force: true });
}

// 6. loading rules: the shipped packs (cached and from YAML) and 50 generated packs
if (want(6)) {
  const lib = await import(join(root, "dist", "index.js"));
  const time = async (fn, reps = 10) => {
    const xs = [];
    for (let i = 0; i < reps + 1; i++) {
      const t = process.hrtime.bigint();
      await fn();
      if (i > 0) xs.push(ms(process.hrtime.bigint() - t));
    }
    return stats(xs);
  };
  const cached = await time(() => lib.loadRules());
  const yaml = await time(() => lib.loadRules({ noCache: true }));
  const dir = join(tmp, "packs");
  mkdirSync(dir, { recursive: true });
  for (let p = 0; p < 50; p++) {
    const lines = [`schema_version: 1`, `pack: { id: gen-${p}, title: Generated ${p}, version: 1.0.0 }`, `questions:`];
    for (let q = 0; q < 8; q++)
      lines.push(`  - { id: gen-${p}-q${q}, type: yes-no, text: "Generated question ${q}?", when: { question: claimed-org, equals: other } }`);
    lines.push(`indicators:`);
    for (let q = 0; q < 8; q++)
      lines.push(
        `  - { id: gen-${p}-s${q}, title: "Sign ${q}", explanation: "A generated sign for the benchmark.", when: { question: gen-${p}-q${q}, equals: "yes" }, weight: ${5 + q * 5}, references: [https://example.org/${p}/${q}], falsepositives: [None] }`,
      );
    lines.push(`actions:`);
    for (let q = 0; q < 4; q++)
      lines.push(`  - { id: gen-${p}-a${q}, urgency: soon, text: "Generated step ${q}.", when: { question: gen-${p}-q${q}, equals: "yes" }, references: [https://example.org/${p}] }`);
    writeFileSync(join(dir, `gen-${p}.yaml`), `${lines.join("\n")}\n`);
  }
  const generated = await time(() => lib.loadRules({ paths: [dir] }), 10);
  results.cases.push({ name: "6. loading rules", shippedCachedMs: cached, shippedFromYamlMs: yaml, shippedPlus50GeneratedMs: generated });
  console.log(`6. rules: shipped packs from cache ${round(cached.median)} ms, from YAML ${round(yaml.median)} ms, plus 50 generated packs ${round(generated.median)} ms`);
}

// 7. scan 1 MB of realistic, varied notes: the sentences of the notes in tests/scan (stories,
// tickets and transcripts written for the tests), drawn at random (a fixed seed) into notes of two
// to seven sentences each, so no stretch of the text repeats another.
if (want(7)) {
  const help = spawnSync(node, [bin, "scan", "--help"], { encoding: "utf8" });
  if (help.status === 0) {
    const file = join(tmp, "notes.txt");
    writeFileSync(file, await variedNotes(1024 * 1024));
    const ta = [];
    for (let i = 0; i < (quick ? 3 : 11); i++) ta.push(timeRun(node, [bin, "scan", file, "--json"], { expect: undefined }));
    const s = stats(ta.slice(1));
    results.cases.push({ name: "7. scan 1 MB of varied notes", tool: s, targetMs: 500, met: s.median <= 500 });
    console.log(`7. scan 1 MB: ${round(s.median)} ms (target <= 500 ms: ${s.median <= 500 ? "met" : "NOT met"})`);
  } else {
    results.cases.push({ name: "7. scan 1 MB of varied notes", skipped: "no scan command in this build" });
    console.log("7. scan: skipped (no scan command in this build)");
  }
}

/** `bytes` of notes made of the test notes' sentences, in random order. */
async function variedNotes(bytes) {
  const { parse } = await import("yaml");
  const dir = join(root, "tests", "scan");
  const files = [...readdirSync(join(dir, "dev")).filter((f) => f.endsWith(".yaml")).map((f) => join(dir, "dev", f)), join(dir, "holdout.yaml")];
  const sentences = files
    .flatMap((f) => parse(readFileSync(f, "utf8")).notes.map((n) => n.text))
    .flatMap((text) => text.split(/(?<=[.!?])\s+/))
    .map((s) => s.trim())
    .filter(Boolean);
  let seed = 20261204;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const notes = [];
  let size = 0;
  while (size < bytes) {
    const note = Array.from({ length: 2 + Math.floor(random() * 6) }, () => sentences[Math.floor(random() * sentences.length)]).join(" ");
    notes.push(note);
    size += Buffer.byteLength(note) + 2;
  }
  return Buffer.from(notes.join("\n\n")).subarray(0, bytes);
}

// 8-9. The case store, SQLite and PostgreSQL (a schema of its own on the server in
// SCAMCHECK_BENCH_POSTGRES, else the machines' local one; skipped, saying so, when there is none).
const postgresBase = process.env.SCAMCHECK_BENCH_POSTGRES ?? "postgres://root@127.0.0.1:5432/test";
let pg;
async function postgres(sql) {
  pg ??= (await import("pg")).default;
  const client = new pg.Client({ connectionString: postgresBase, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
const benchSchemas = [];
async function storeFor(kind, label) {
  if (kind === "sqlite") return join(tmp, `${label}.sqlite`);
  const schema = `scamcheck_bench_${label}_${process.pid}`;
  await postgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  benchSchemas.push(schema);
  const url = new URL(postgresBase);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}
const postgresMissing = await postgres("SELECT 1").then(
  () => undefined,
  (error) => `no PostgreSQL at ${postgresBase} (${error.message})`,
);
const storeKinds = postgresMissing ? ["sqlite"] : ["sqlite", "postgres"];
if (postgresMissing && (want(8) || want(9))) console.log(`8-9. PostgreSQL store: skipped (${postgresMissing})`);

/** Run SQL on a store directly: the bench fills a million cases in one statement, not a million saves. */
async function sqlOn(kind, store, sql) {
  if (kind === "postgres") return postgres(`SET search_path = ${new URL(store).searchParams.get("options").split("=")[1]};\n${sql}`);
  const { DatabaseSync } = process.getBuiltinModule("node:sqlite");
  const db = new DatabaseSync(store);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

const record = (store, input, extra = {}) =>
  spawnSync(node, [bin, "--region", "gb", "check", "--record", "--answers", "-", "--json"], {
    input,
    env: { ...process.env, NO_COLOR: "1", SCAMCHECK_CASE_STORE: store, SCAMCHECK_STATE_DIR: join(tmp, "state"), ...extra },
    encoding: "utf8",
  });
const caseWith = (number, id) => JSON.stringify({ ...(id && { id }), details: { number }, answers: variants[0] });

/**
 * Fill a store with `n` cases like the one the tool records for the cold-call example (its JSON is
 * the template), 5,000 distinct numbers, and the summary tables counted from them by the same groups
 * the store keeps.
 */
async function seed(kind, store, n) {
  const r = record(store, readFileSync(join(root, "rules", "examples", "cold-call.json"), "utf8"));
  if (r.status !== 0) throw new Error(`seeding ${store}: ${r.stderr}`);
  // The one row the tool wrote itself is the template for the rest (their times are all one day's,
  // spread over days only in the summary, which is what stats reads).
  const series = kind === "postgres" ? `generate_series(1, ${n}) AS s(i)` : `(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) SELECT i FROM s) AS s`;
  const text = (sql) => (kind === "postgres" ? `(${sql})::text` : `CAST(${sql} AS TEXT)`);
  // In SQLite || binds tighter than %, so the number is put in brackets before it is padded.
  const pad = (sql, w) => (kind === "postgres" ? `lpad(${text(sql)}, ${w}, '0')` : `substr('00000000' || (${sql}), -${w})`);
  const day = `(20454 + (i / 1440))`;
  const verdict = `CASE i % 4 WHEN 0 THEN 'scam' WHEN 1 THEN 'likely-scam' WHEN 2 THEN 'suspicious' ELSE 'no-warning-signs' END`;
  const digits = pad("i % 5000", 5);
  const number = `'+4420794' || ${digits}`;
  // Its digits reversed (the index that finds a number by its ending), spelt out: SQLite has no reverse().
  const reversed = `${[5, 4, 3, 2, 1].map((k) => `substr(${digits}, ${k}, 1)`).join(" || ")} || '4970244'`;
  await sqlOn(
    kind,
    store,
    `INSERT INTO scamcheck_cases (id, recorded_at, day, verdict, family, scam, number_key, number_rev, record)
     SELECT 'B-' || ${text("i")}, '2026-01-01T00:00:00.000Z', ${day}, ${verdict}, CASE WHEN i % 3 = 0 THEN 'bank-impersonation' ELSE 'tech-support' END,
       CASE WHEN i % 4 < 2 THEN 1 ELSE 0 END, ${number}, ${reversed},
       (SELECT record FROM scamcheck_cases WHERE seq = 1)
     FROM ${series};
     DELETE FROM scamcheck_case_counts; DELETE FROM scamcheck_number_counts;
     INSERT INTO scamcheck_case_counts (day, verdict, family, cases) SELECT day, verdict, COALESCE(family, ''), COUNT(*) FROM scamcheck_cases GROUP BY day, verdict, COALESCE(family, '');
     INSERT INTO scamcheck_number_counts (number_key, number_rev, cases, scam_cases) SELECT number_key, MAX(number_rev), COUNT(*), SUM(scam) FROM scamcheck_cases WHERE number_key IS NOT NULL GROUP BY number_key;
     ANALYZE;`,
  );
}

if (want(8)) {
  const n = quick ? 100_000 : 1_000_000;
  for (const kind of storeKinds) {
    const store = await storeFor(kind, "big");
    const started = Date.now();
    await seed(kind, store, n);
    console.log(`8. ${kind} store: ${n} cases seeded in ${round((Date.now() - started) / 1000)} s`);
    const env = { SCAMCHECK_CASE_STORE: store, SCAMCHECK_STATE_DIR: join(tmp, "state") };
    results.cases.push(compare(`8a. cases search NUMBER on ${n} cases (${kind}) vs node -e 0`, () => timeRun(node, [bin, "--region", "gb", "cases", "search", "--number", "+442079400042", "--json"], { env }), bare, 1.3));
    results.cases.push(compare(`8b. cases stats on ${n} cases (${kind}) vs node -e 0`, () => timeRun(node, [bin, "cases", "stats", "--json"], { env }), bare, 2));
    const checkRecord = () => timeRun(node, [bin, "--region", "gb", "check", "--record", "--answers", join(tmp, "case.json"), "--json"], { env });
    results.cases.push(compare(`8c. check --record into ${n} cases (${kind}) vs node -e 0`, checkRecord, bare, 1.5));
    // What the store itself costs a scripted check: the same check, not recorded, is the baseline.
    results.cases.push(compare(`8d. check --record into ${n} cases (${kind}) vs the same check without --record`, checkRecord, () => timeRun(node, [bin, "--region", "gb", "check", "--answers", join(tmp, "case.json"), "--json"], { env })));
  }
}

if (want(9)) {
  for (const kind of storeKinds) {
    // Eight processes each recording cases one run at a time, all at once.
    const workers = 8;
    const each = quick ? 20 : 200;
    const store = await storeFor(kind, "together");
    const started = Date.now();
    const worker = (w) =>
      new Promise((resolve, reject) => {
        const script = `for i in $(seq 1 ${each}); do printf '%s' '{"id":"W${w}-'$i'","details":{"number":"020 7946 00${w}${w}"},"answers":{"asked-payment":"yes"}}' | "$0" "$1" --region gb check --record --answers - >/dev/null 2>>"$2" || echo "W${w}-$i exit $?" >>"$2"; done`;
        const child = spawn("bash", ["-c", script, node, bin, join(tmp, `worker-${kind}-${w}.err`)], { env: { ...process.env, NO_COLOR: "1", SCAMCHECK_CASE_STORE: store, SCAMCHECK_STATE_DIR: join(tmp, `state-${w}`) }, stdio: "ignore" });
        child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`worker ${w} exited ${code}`))));
      });
    await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
    const seconds = (Date.now() - started) / 1000;
    const exported = spawnSync(node, [bin, "cases", "export", "--format", "jsonl"], { env: { ...process.env, SCAMCHECK_CASE_STORE: store }, encoding: "utf8", maxBuffer: 1 << 30 });
    const ids = exported.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l).id);
    const expected = workers * each;
    const lost = expected - new Set(ids).size;
    const duplicated = ids.length - new Set(ids).size;
    results.cases.push({ name: `9a. ${workers} processes x ${each} check --record at once (${kind})`, lost, duplicated, seconds: round(seconds), met: lost === 0 && duplicated === 0 });
    console.log(`9a. ${kind}: ${workers} x ${each} check --record at once in ${round(seconds)} s: ${lost} lost, ${duplicated} duplicated (target 0 and 0: ${lost === 0 && duplicated === 0 ? "met" : "NOT met"})`);
    // Anything the workers said besides "Recorded as case …" explains a loss.
    const said = Array.from({ length: workers }, (_, w) => readFileSync(join(tmp, `worker-${kind}-${w}.err`), "utf8").split("\n")).flat();
    for (const line of said.filter((l) => l && !l.startsWith("Recorded as case") && !l.startsWith("Created the case store")).slice(0, 5)) console.log(`    ${line}`);

    // kill -9 at random moments during saves: every save that exited 0 must be there, and the store must open.
    const saves = quick ? 100 : 600;
    const killStore = await storeFor(kind, "killed");
    const ok = [];
    let killed = 0;
    for (let i = 0; i < saves; i++) {
      const id = `K-${i}`;
      const exited = await new Promise((resolve) => {
        const child = spawn(node, [bin, "--region", "gb", "check", "--record", "--answers", "-"], { env: { ...process.env, NO_COLOR: "1", SCAMCHECK_CASE_STORE: killStore, SCAMCHECK_STATE_DIR: join(tmp, "state-killed") }, stdio: ["pipe", "ignore", "ignore"] });
        child.stdin.end(caseWith("020 7946 0018", id));
        // A third of the runs are killed somewhere between start-up and the end of the save.
        if (i % 3 === 0) setTimeout(() => child.kill("SIGKILL"), Math.random() * 150);
        child.on("close", (code, signal) => resolve({ code, signal }));
      });
      if (exited.code === 0) ok.push(id);
      if (exited.signal === "SIGKILL") killed++;
    }
    const after = spawnSync(node, [bin, "cases", "export", "--format", "jsonl"], { env: { ...process.env, SCAMCHECK_CASE_STORE: killStore }, encoding: "utf8", maxBuffer: 1 << 30 });
    const present = new Set(after.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l).id));
    const missing = ok.filter((id) => !present.has(id)).length;
    const opens = after.status === 0;
    results.cases.push({ name: `9b. kill -9 during ${saves} saves (${kind})`, killed, savedOk: ok.length, missing, opensCleanly: opens, met: missing === 0 && opens });
    console.log(`9b. ${kind}: ${saves} saves, ${killed} killed with -9: ${missing} of the ${ok.length} that exited 0 missing; store ${opens ? "opens cleanly" : "DOES NOT OPEN"} (target 0 missing: ${missing === 0 && opens ? "met" : "NOT met"})`);

    if (kind === "postgres") {
      // Two operators, two HOMEs, one PostgreSQL store: one records, the other sees the repeat at once.
      const shared = await storeFor(kind, "team");
      const home = (who) => ({ HOME: join(tmp, who), XDG_DATA_HOME: join(tmp, who, "data"), SCAMCHECK_STATE_DIR: join(tmp, who, "state") });
      record(shared, caseWith("020 7946 0999", "TEAM-1"), home("ana"));
      record(shared, caseWith("020 7946 0999", "TEAM-2"), home("ana"));
      const seen = record(shared, caseWith("020 7946 0999", "TEAM-3"), home("ben"));
      const repeat = JSON.parse(seen.stdout).reasons.some((r) => r.id === "number-reported-as-scam");
      results.cases.push({ name: "9c. two operators (two HOMEs) on one PostgreSQL store", repeatSeenAtOnce: repeat, met: repeat });
      console.log(`9c. postgres: a number recorded twice by one operator is a repeat for the other at once: ${repeat ? "yes (met)" : "NO (not met)"}`);
    }
  }
}
if (benchSchemas.length) await postgres(benchSchemas.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE;`).join("\n")).catch(() => {});

// 10. the interview: how many questions it asks on the pack test cases and labelled notes, and whether it ends right
if (want(10)) {
  const r = spawnSync(node, [join(root, "bench", "interview-sim.mjs"), "--json"], { encoding: "utf8", cwd: root });
  if (r.status !== 0) throw new Error(`interview-sim exited ${r.status}: ${r.stderr}`);
  const f = JSON.parse(r.stdout);
  const met = f.groups.flagged.median <= 5 && f.groups.genuine.median <= 6 && f.all.p95 <= 8 && f.agreement >= 0.98 && f.missedScams.length === 0;
  results.cases.push({ name: `10. interview over ${f.cases} pack test cases and labelled notes (questions asked)`, interview: f, met });
  console.log(
    `10. interview: scam/likely-scam median ${f.groups.flagged.median} (p95 ${f.groups.flagged.p95}, max ${f.groups.flagged.max}), genuine median ${f.groups.genuine.median} (p95 ${f.groups.genuine.p95}, max ${f.groups.genuine.max}), all p95 ${f.all.p95}; agreement ${round(f.agreement * 100)}%; scams below suspicious ${f.missedScams.length} (targets 5, 6, 8, 98%, 0: ${met ? "met" : "NOT met"})`,
  );
}

if (only) process.exit(0);
writeFileSync(join(root, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);

const row = (c) => {
  if (c.skipped) return `| ${c.name} | skipped: ${c.skipped} | | |`;
  if (c.ratio !== undefined) return `| ${c.name} | ${round(c.tool.median)} ms (min ${round(c.tool.min)}, max ${round(c.tool.max)}) vs ${round(c.baseline.median)} ms | ${c.ratio}x | ${c.target === undefined ? "reported" : `<= ${c.target}x ${c.met ? "met" : "**not met**"}`} |`;
  if (c.throughputShare !== undefined)
    return `| ${c.name} | ${c.casesPerSecond} cases/s; ${round(c.tool.median)} ms vs ${round(c.baseline.median)} ms | ${round(c.throughputShare * 100)}% of baseline | ${c.target === undefined ? "reported" : `>= ${c.target * 100}% ${c.met ? "met" : "**not met**"}`} |`;
  if (c.peakMiB !== undefined) return `| ${c.name} | ${c.peakMiB} MiB peak | | < 150 MiB ${c.met ? "met" : "**not met**"} |`;
  if (c.shippedCachedMs) return `| ${c.name} | cached ${round(c.shippedCachedMs.median)} ms; YAML ${round(c.shippedFromYamlMs.median)} ms; + 50 packs ${round(c.shippedPlus50GeneratedMs.median)} ms | | reported |`;
  if (c.lost !== undefined) return `| ${c.name} | ${c.lost} lost, ${c.duplicated} duplicated, in ${c.seconds} s | | 0 and 0 ${c.met ? "met" : "**not met**"} |`;
  if (c.missing !== undefined) return `| ${c.name} | ${c.killed} killed; ${c.missing} of ${c.savedOk} saves that exited 0 missing; ${c.opensCleanly ? "opens cleanly" : "does not open"} | | 0 missing ${c.met ? "met" : "**not met**"} |`;
  if (c.repeatSeenAtOnce !== undefined) return `| ${c.name} | repeat seen at once: ${c.repeatSeenAtOnce ? "yes" : "no"} | | yes ${c.met ? "met" : "**not met**"} |`;
  if (c.interview) {
    const { flagged, genuine } = c.interview.groups;
    return `| ${c.name} | scam/likely-scam median ${flagged.median}, p95 ${flagged.p95}, max ${flagged.max}; genuine median ${genuine.median}, p95 ${genuine.p95}, max ${genuine.max}; all p95 ${c.interview.all.p95}; agreement ${round(c.interview.agreement * 100)}% | | median <= 5 and <= 6, p95 <= 8, agreement >= 98%, no scam below suspicious: ${c.met ? "met" : "**not met**"} |`;
  }
  return `| ${c.name} | ${round(c.tool.median)} ms | | <= ${c.targetMs} ms ${c.met ? "met" : "**not met**"} |`;
};
const m = results.machine;
writeFileSync(
  join(root, "BENCHMARKS.md"),
  `# Benchmarks

Measured with \`npm run bench\` on ${results.date.slice(0, 10)}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory, ${m.os}, Node ${m.node}.
Runs are interleaved with their baseline (A B A B …): ${runs} counted runs after ${warmup} warm-up runs for cases 1-3, ${quick ? 3 : 10}
after one for the batches (4), and 10 for cases 6-7; case 5 is one run, sampled. Only ratios are targets, as the machines are
shared: here even bare Node's time moves by a fifth from one run to the next. Raw numbers: [bench/results.json](bench/results.json).

| case | measured (median) | ratio | target |
|---|---|---|---|
${results.cases.map(row).join("\n")}
`,
);
console.log("wrote bench/results.json and BENCHMARKS.md");
rmSync(tmp, { recursive: true, force: true });
