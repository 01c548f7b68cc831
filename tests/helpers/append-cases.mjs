// Append N case records to a log from a separate process: node append-cases.mjs DIST_INDEX LOG N TAG
const [distIndex, log, count, tag] = process.argv.slice(2);
const { appendCase } = await import(distIndex);
for (let i = 0; i < Number(count); i++) {
  await appendCase(log, {
    schemaVersion: 1,
    id: `${tag}-${i}`,
    recordedAt: new Date().toISOString(),
    verdict: "scam",
    score: 100,
    family: null,
    reasons: [],
    actions: [],
    // Padding makes each record larger than a pipe buffer, so interleaving would show.
    answers: { note: "x".repeat(5000) },
    redactions: [],
    tool: "test",
    packs: [],
  });
}
