/**
 * `scamcheck rules …`: list the loaded packs, validate packs (all errors at once, file:line:col),
 * and print the JSON Schema for editors.
 */
import { formatDiagnostic } from "../../core/diagnostics.js";
import { RuleError } from "../../core/errors.js";
import { BUILTIN_RULES_DIR, loadRules } from "../../node/load-rules.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { writeOut } from "../output.js";
import { sanitizeForTerminal as clean, terminalSafeJson } from "../../core/sanitize.js";

export async function runRulesList(ctx: CliContext, options: { json?: boolean }): Promise<number> {
  const rules = await ctx.rules();
  if (options.json) {
    const families = rules.families.map((f) => ({ id: f.id, title: f.title }));
    await writeOut(ctx.io.stdout, `${terminalSafeJson({ packs: rules.packs, families, regions: rules.regions.map((r) => r.id) }, 2)}\n`);
    return EXIT.ok;
  }
  const chalk = await ctx.chalkFor(ctx.io.stdout);
  const out: string[] = [];
  for (const p of rules.packs) {
    const c = p.counts;
    const count = (n: number | undefined, one: string, many: string) => (n ? `${n} ${n === 1 ? one : many}` : "");
    const parts = [
      count(c.questions, "question", "questions"),
      count(c.indicators, "sign", "signs"),
      count(c.actions, "action", "actions"),
      count(c.families, "family", "families"),
      count(c.regions, "region", "regions"),
      count(c.verdicts, "verdict band", "verdict bands"),
    ].filter(Boolean);
    out.push(`${chalk.bold(p.id)} ${p.version}  ${clean(p.title)}`);
    out.push(`    ${parts.join(", ")}  (${p.file})`);
  }
  out.push("");
  out.push(`Families: ${rules.families.map((f) => f.id).join(", ") || "none"}`);
  out.push(`Regions: ${rules.regions.map((r) => r.id).join(", ") || "none"}`);
  out.push(`Totals: ${rules.questions.length} questions, ${rules.indicators.length} signs, ${rules.actions.length} actions`);
  await writeOut(ctx.io.stdout, `${out.join("\n")}\n`);
  return EXIT.ok;
}

export async function runRulesValidate(ctx: CliContext, paths: string[], options: { json?: boolean }): Promise<number> {
  try {
    const { rules, warnings } = await loadRules({ paths: [...(ctx.options.rules ?? []), ...paths], cwd: ctx.io.cwd, noCache: true });
    if (options.json) {
      await writeOut(ctx.io.stdout, `${terminalSafeJson({ valid: true, diagnostics: warnings, packs: rules.packs.map((p) => p.file) }, 2)}\n`);
    } else {
      for (const w of warnings) ctx.io.stderr.write(`${clean(formatDiagnostic(w))}\n`);
      const checked = paths.length > 0 ? paths.join(", ") : "the built-in packs";
      await writeOut(
        ctx.io.stdout,
        `OK: ${checked} (${rules.packs.length} packs: ${rules.questions.length} questions, ${rules.indicators.length} signs, ${rules.actions.length} actions)\n`,
      );
    }
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof RuleError) || !options.json) throw error;
    await writeOut(ctx.io.stdout, `${terminalSafeJson({ valid: false, diagnostics: error.diagnostics }, 2)}\n`);
    return EXIT.usage;
  }
}

export async function runRulesSchema(ctx: CliContext): Promise<number> {
  const { packJsonSchema } = await import("../../core/schema.js");
  await writeOut(ctx.io.stdout, `${JSON.stringify(packJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}

/**
 * `rules test [paths…]`: run the pack test cases. With no paths, the built-in packs' tests and the
 * tests beside any --rules packs. Exit 0 when all pass, 1 when a case fails, 2 when a test file
 * itself is broken.
 */
export async function runRulesTest(ctx: CliContext, paths: string[], options: { json?: boolean }): Promise<number> {
  const { findPackTests } = await import("../../node/load-rules.js");
  const { packPaths, testFiles } = findPackTests(paths.length > 0 ? paths : [BUILTIN_RULES_DIR, ...(ctx.options.rules ?? [])], ctx.io.cwd);
  // Read from the YAML (not the build's cache), so the packs' own warnings are known here.
  const { rules, warnings, sources } = await loadRules({ paths: [...(ctx.options.rules ?? []), ...packPaths], cwd: ctx.io.cwd, noCache: true });
  if (testFiles.length === 0) {
    ctx.io.stderr.write(`scamcheck: no pack tests (*.test.yaml) found in ${paths.join(", ") || "the rule folders"}\n`);
    return EXIT.usage;
  }
  const { checkLetterTemplates, runPackTests } = await import("../../core/pack-tests.js");
  const report = runPackTests(testFiles, rules);
  // Every letter, filled in for a sample case, with no field written wrongly and every gap closed.
  report.diagnostics.push(...checkLetterTemplates(rules, sources ?? []));
  // A reference that is not a public page (a staging copy of a site) passes loading with a warning,
  // and fails the packs' tests.
  report.diagnostics.push(...warnings.filter((w) => w.code === "reference-host").map((w) => ({ ...w, severity: "error" as const })));
  const passed = report.outcomes.filter((o) => o.passed).length;
  const failed = report.outcomes.length - passed;
  if (options.json) {
    await writeOut(ctx.io.stdout, `${terminalSafeJson({ passed, failed, ...report }, 2)}\n`);
  } else {
    const chalk = await ctx.chalkFor(ctx.io.stdout);
    const plain = ctx.plain;
    const out: string[] = [];
    for (const file of testFiles) {
      const mine = report.outcomes.filter((o) => o.file === file.name);
      if (mine.length === 0) continue;
      const bad = mine.filter((o) => !o.passed);
      out.push(`${bad.length === 0 ? chalk.green(plain ? "PASS" : "✔") : chalk.red(plain ? "FAIL" : "✖")} ${file.name} (${mine.length} cases${bad.length ? `, ${bad.length} failed` : ""})`);
      for (const o of bad) {
        out.push(`  ${o.file}:${o.line}:${o.col}: case '${clean(o.name)}'`);
        for (const f of o.failures) out.push(`      ${clean(f)}`);
      }
    }
    await writeOut(ctx.io.stdout, `${out.join("\n")}\n`);
    for (const d of report.diagnostics) ctx.io.stderr.write(`${clean(formatDiagnostic(d))}\n`);
    const broken = new Set(report.diagnostics.map((d) => d.file)).size;
    await writeOut(ctx.io.stdout, `pack tests: ${passed} passed, ${failed} failed${broken ? `, ${broken} file${broken === 1 ? "" : "s"} with errors` : ""}\n`);
  }
  if (report.diagnostics.length > 0) return EXIT.usage;
  return failed > 0 ? EXIT.failOn : EXIT.ok;
}
