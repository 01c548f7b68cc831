/** The shipped rule packs: valid, tested, their schema and build cache up to date. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPackTests } from "../../src/core/pack-tests.js";
import { packJsonSchema } from "../../src/core/schema.js";
import { packTestJsonSchema } from "../../src/core/pack-tests.js";
import { outputJsonSchemas } from "../../src/core/output-schema.js";
// @ts-expect-error: a build script, written in JavaScript without declarations
import { caseRecordValidatorSource, VALIDATOR_FILE } from "../../scripts/case-record-validator.mjs";
import { BUILTIN_CACHE, BUILTIN_DETECT_CACHE, BUILTIN_RULES_DIR, findPackTests, loadRules, PACKAGE_ROOT, packFilesIn } from "../../src/node/load-rules.js";

describe("built-in rule packs", async () => {
  const { rules, warnings } = await loadRules({ noCache: true });

  it("load with no errors or warnings", () => {
    expect(warnings).toEqual([]);
    expect(rules.packs.length).toBeGreaterThanOrEqual(4);
  });

  it("start with the editor schema line", () => {
    for (const file of packFilesIn(BUILTIN_RULES_DIR))
      expect(readFileSync(file, "utf8").split("\n")[0], file).toBe("# yaml-language-server: $schema=./schema.json");
  });

  it("give a public reference for every sign, action and contact", () => {
    for (const item of [...rules.indicators, ...rules.actions, ...rules.regions.flatMap((r) => r.contacts)])
      expect(item.references.length, item.id).toBeGreaterThan(0);
  });

  it("say why they ask every question ('Why are we asking this?' shows its help)", () => {
    expect(rules.questions.filter((q) => !q.help?.trim()).map((q) => `${q.pack}: ${q.id}`)).toEqual([]);
  });

  it("pass every pack test case, and no look-alike legitimate call is called a scam", () => {
    const { testFiles } = findPackTests([BUILTIN_RULES_DIR], PACKAGE_ROOT);
    const report = runPackTests(testFiles, rules);
    expect(report.diagnostics).toEqual([]);
    const failures = report.outcomes.filter((o) => !o.passed).map((o) => `${o.file}:${o.line}: ${o.name}: ${o.failures.join("; ")}`);
    expect(failures).toEqual([]);
    expect(report.outcomes.length).toBeGreaterThanOrEqual(8);
    for (const o of report.outcomes.filter((x) => x.legit)) expect(["scam", "likely-scam"]).not.toContain(o.verdict);
  });

  it("match the committed JSON Schemas (run `npm run schema` after changing the format)", () => {
    const committed = (p: string) => JSON.parse(readFileSync(join(PACKAGE_ROOT, p), "utf8"));
    expect(committed("rules/schema.json")).toEqual(JSON.parse(JSON.stringify(packJsonSchema())));
    expect(committed("rules/test-schema.json")).toEqual(JSON.parse(JSON.stringify(packTestJsonSchema())));
    for (const [name, schema] of Object.entries(outputJsonSchemas()))
      expect(committed(`schemas/${name}.schema.json`)).toEqual(JSON.parse(JSON.stringify(schema)));
  });

  it("match the committed case-record validator, compiled from the published schema (`npm run schema`)", () => {
    const source = caseRecordValidatorSource(outputJsonSchemas()["case-record"]);
    expect(readFileSync(join(PACKAGE_ROOT, VALIDATOR_FILE), "utf8")).toBe(source);
  });

  it("are cached by the build exactly as the YAML compiles", () => {
    const cache = JSON.parse(readFileSync(BUILTIN_CACHE, "utf8"));
    const detect = JSON.parse(readFileSync(BUILTIN_DETECT_CACHE, "utf8"));
    // The call-note phrases are cached apart from the rest (read only by scan and --notes).
    const plain = JSON.parse(JSON.stringify(rules));
    const phrases: Record<string, { detect?: unknown; choices?: Record<string, unknown> }> = {};
    for (const q of plain.questions) {
      const entry: { detect?: unknown; choices?: Record<string, unknown> } = {};
      if (q.detect) entry.detect = q.detect;
      delete q.detect;
      for (const c of q.choices) {
        if (c.detect) (entry.choices ??= {})[c.id] = c.detect;
        delete c.detect;
      }
      if (entry.detect || entry.choices) phrases[q.id] = entry;
    }
    expect(cache.rules).toEqual(plain);
    expect(detect).toEqual(phrases);
  });
});
