/**
 * The JSON examples a script writer copies from the README, the check help (and so the man page)
 * and rules/examples/ are what scamcheck reads and prints: each validates against its published
 * schema with ajv in strict mode, each answers example is taken by the CLI, and each verdict (full
 * or brief) or batch record shown is what the CLI really prints for it, apart from the parts written "…".
 *
 * A fenced JSON block in the README says which schema it follows in a comment just above it,
 * `<!-- schema: NAME -->` (or `none` for what is not scamcheck's input or output, like the config
 * file), so a new example cannot go unchecked. Inline code with a JSON case or batch record
 * (`{"line": …, "error": …}`, `{…, "answers": {…}}`) is found by its fields.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { runCli } from "../helpers/cli.js";
import { expectValid, publishedSchemas } from "../helpers/schemas.js";

interface Example {
  where: string;
  schema: string;
  value: unknown;
  /** The fenced block's comment after the schema name: ", for the answers above with --region gb". */
  note: string;
  /** A fenced block (not inline code): a verdict block is the verdict of the fenced answers before it. */
  fenced?: boolean;
}

function readmeExamples(): Example[] {
  const lines = readFileSync(join(PACKAGE_ROOT, "README.md"), "utf8").split("\n");
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^```jsonl?\s*$/.test(line)) {
      const end = lines.indexOf("```", i + 1);
      const body = lines.slice(i + 1, end);
      const marker = /^<!-- schema: ([\w-]+)(.*?) -->$/.exec(lines.slice(0, i).reverse().find((l) => l.trim() !== "") ?? "");
      expect(marker, `README.md:${i + 1}: a JSON example needs <!-- schema: NAME --> above it`).not.toBeNull();
      const [, schema, note] = marker as RegExpExecArray;
      const docs = line.includes("jsonl") ? body.map((text) => ({ text, at: 0 })) : [{ text: body.join("\n"), at: 0 }];
      for (const [n, { text }] of docs.entries())
        out.push({ where: `README.md:${i + 2 + (line.includes("jsonl") ? n : 0)}`, schema: schema as string, note: (note as string).trim(), value: JSON.parse(text), fenced: true });
      i = end;
      continue;
    }
    for (const [, code] of line.matchAll(/`(\{[^`]*\})`/g)) {
      let value: unknown;
      try {
        value = JSON.parse(code as string);
      } catch {
        continue; // a shape with "…" for its parts, not an example
      }
      const v = value as Record<string, unknown>;
      if ("line" in v && "error" in v) out.push({ where: `README.md:${i + 1}`, schema: "batch-error", note: "", value });
      else if ("answers" in v) out.push({ where: `README.md:${i + 1}`, schema: "answers", note: "", value });
    }
  }
  return out;
}

/** The answers example in `check --help` (and so in the man page), written across lines after "for example:". */
async function helpExamples(): Promise<Example[]> {
  const help = (await runCli(["check", "--help"])).stdout;
  const text = /for example:\n((?: {2}.*\n)+)/.exec(help)?.[1];
  expect(text, "check --help shows an answers example").toBeDefined();
  return [{ where: "check --help", schema: "answers", note: "", value: JSON.parse(text as string) }];
}

function fileExamples(): Example[] {
  const dir = join(PACKAGE_ROOT, "rules", "examples");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ where: `rules/examples/${f}`, schema: "answers", note: "", value: JSON.parse(readFileSync(join(dir, f), "utf8")) }));
}

/**
 * Whether a shortened example shows only what is really there: strings with "…" stand for any text
 * in that place, a list may stop early, and everything else is equal. Returns where it is not.
 */
function unlike(example: unknown, real: unknown, path = "$"): string | undefined {
  if (typeof example === "string" && example.includes("…")) {
    const pattern = new RegExp(`^${example.split("…").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^]*")}$`);
    return typeof real === "string" && pattern.test(real) ? undefined : `${path}: ${JSON.stringify(real)} is not ${JSON.stringify(example)}`;
  }
  if (Array.isArray(example)) {
    if (!Array.isArray(real)) return `${path}: not a list`;
    for (const [i, item] of example.entries()) {
      if (item === "…") return undefined;
      const problem = i < real.length ? unlike(item, real[i], `${path}[${i}]`) : `${path}[${i}]: not there`;
      if (problem) return problem;
    }
    return undefined;
  }
  if (example !== null && typeof example === "object") {
    if (real === null || typeof real !== "object") return `${path}: not an object`;
    for (const [key, value] of Object.entries(example)) {
      const problem = key in real ? unlike(value, (real as Record<string, unknown>)[key], `${path}.${key}`) : `${path}.${key}: not there`;
      if (problem) return problem;
    }
    return undefined;
  }
  return Object.is(example, real) ? undefined : `${path}: ${JSON.stringify(real)}, not ${JSON.stringify(example)}`;
}

const regionOf = (note: string) => /--region (\w+)/.exec(note)?.[1];

describe("JSON examples in the documentation", async () => {
  const examples = [...readmeExamples(), ...(await helpExamples()), ...fileExamples()];

  it("are found: the README's answers, verdict and batch examples, the help's and the example files", () => {
    const count = (schema: string) => examples.filter((e) => e.schema === schema).length;
    expect(count("answers")).toBeGreaterThanOrEqual(5);
    expect(count("verdict")).toBeGreaterThanOrEqual(1);
    expect(count("verdict-brief")).toBeGreaterThanOrEqual(1);
    expect(count("batch-error")).toBeGreaterThanOrEqual(2);
    for (const e of examples) expect(e.schema === "none" || e.schema in publishedSchemas, `${e.where}: no schema named ${e.schema}`).toBe(true);
  });

  it("validate against their published schemas in ajv's strict mode", () => {
    for (const e of examples) if (e.schema !== "none") expectValid(e.schema, e.value, e.where);
  });

  it("answers examples are taken by check, and a verdict shown after one is what check prints for it", async () => {
    let last: Example | undefined;
    for (const e of examples) {
      if (e.schema === "answers") {
        const r = await runCli(["check", "--answers", "-", "--json"], { input: JSON.stringify(e.value) });
        expect(r.code, `${e.where}: ${r.stderr}`).toBe(0);
        expectValid("verdict", JSON.parse(r.stdout), `${e.where}, its verdict`);
        if (e.fenced) last = e;
      } else if (e.schema === "verdict" || e.schema === "verdict-brief") {
        // A verdict example follows the (fenced) answers it is the verdict of.
        expect(last, `${e.where}: a verdict example comes after its answers`).toBeDefined();
        const region = regionOf(e.note);
        const form = e.schema === "verdict" ? "--json" : "--brief";
        const r = await runCli([...(region ? ["--region", region] : []), "check", "--answers", "-", form], { input: JSON.stringify(last!.value) });
        expect(unlike(e.value, JSON.parse(r.stdout)), `${e.where}: the verdict for ${last!.where}${region ? ` with --region ${region}` : ""}`).toBeUndefined();
      }
    }
  });

  it("batch error records are what a batch prints in place of such a line", async () => {
    for (const e of examples.filter((x) => x.schema === "batch-error")) {
      const record = e.value as { line: number; error: string; problems?: { path: string }[] };
      // A batch whose line `record.line` goes wrong the way the example says.
      const bad =
        record.error === "invalid answers"
          ? JSON.stringify(Object.fromEntries((record.problems ?? []).map((p) => [p.path.replace(/^\$\./, ""), { not: "an answer" }])))
          : record.error.startsWith("invalid JSON")
            ? '{"asked-payment": yes}'
            : undefined;
      expect(bad, `${e.where}: an error record this test cannot reproduce: ${record.error}`).toBeDefined();
      const input = Array.from({ length: record.line }, (_, i) => (i + 1 === record.line ? bad : "{}")).join("\n");
      const r = await runCli(["check", "--batch", "-"], { input: `${input}\n` });
      const real = JSON.parse(r.stdout.trim().split("\n")[record.line - 1] as string);
      expect(unlike(record, real), e.where).toBeUndefined();
    }
  });
});
