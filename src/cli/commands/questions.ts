/**
 * `scamcheck questions`: every question with its id, type, choices and condition, so a script author
 * can build answers without reading YAML.
 */
import type { Question, RuleSet } from "../../core/ruleset.js";
import { NOT_SURE } from "../../core/constants.js";
import { sanitizeForTerminal as clean, terminalSafeJson } from "../../core/sanitize.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { writeOut } from "../output.js";
import { outputWidth, wrap } from "../wrap.js";

export function questionToJson(q: Question) {
  return {
    id: q.id,
    pack: q.pack,
    type: q.type,
    text: q.text,
    ...(q.staffText !== undefined && { staffText: q.staffText }),
    ...(q.help !== undefined && { help: q.help }),
    ...(q.type === "yes-no" || q.type === "single" || q.type === "multiple"
      ? { choices: q.choices.map((c) => ({ id: c.id, label: c.label, ...(c.staffLabel !== undefined && { staffLabel: c.staffLabel }) })) }
      : {}),
    ...(q.min !== undefined && { min: q.min }),
    ...(q.max !== undefined && { max: q.max }),
    ...(q.unit !== undefined && { unit: q.unit }),
    ...(q.when !== undefined && { when: q.when }),
    notSure: NOT_SURE,
  };
}

export async function runQuestions(ctx: CliContext, options: { json?: boolean; answers?: string }): Promise<number> {
  const rules = await ctx.rules();
  if (options.answers !== undefined) return runNextQuestions(ctx, rules, options.answers, options.json === true);
  if (options.json) {
    await writeOut(ctx.io.stdout, `${terminalSafeJson({ schemaVersion: 1, questions: rules.questions.map(questionToJson) }, 2)}\n`);
    return EXIT.ok;
  }
  const width = outputWidth(ctx.io.stdout);
  const chalk = await ctx.chalkFor(ctx.io.stdout);
  const out: string[] = [];
  for (const q of rules.questions) {
    out.push(`${chalk.bold(q.id)} (${q.type}${q.when ? ", only asked when it applies" : ""})`);
    out.push(...wrap(clean(q.text), width, "  "));
    if (q.type === "yes-no") out.push(`    answers: "yes", "no", "${NOT_SURE}"`);
    else if (q.type === "single" || q.type === "multiple") {
      out.push(`    ${q.type === "multiple" ? "a list of" : "one of"}:`);
      for (const c of q.choices) out.push(...wrap(`${c.id}: ${clean(c.label)}`, width, "        ", "      "));
    } else if (q.type === "number") out.push(`    a number${q.unit ? ` of ${q.unit}` : ""}${q.min !== undefined ? `, at least ${q.min}` : ""}${q.max !== undefined ? `, at most ${q.max}` : ""}`);
    else out.push("    free text");
    out.push("");
  }
  out.push("Every question also accepts \"not-sure\". Use --json for the machine-readable list.");
  await writeOut(ctx.io.stdout, `${out.join("\n")}\n`);
  return EXIT.ok;
}

/** The questions the interview would still ask given some answers, in its order, or why it would stop. */
async function runNextQuestions(ctx: CliContext, rules: RuleSet, path: string, json: boolean): Promise<number> {
  const [{ readText, displayName, STDIN }, { parseCase, MAX_ANSWERS_BYTES }, { interviewState }] = await Promise.all([
    import("../../node/read-input.js"),
    import("../batch-lines.js"),
    import("../../core/interview.js"),
  ]);
  const input = parseCase(await readText(path, MAX_ANSWERS_BYTES, path === STDIN ? ctx.io.stdin : undefined), displayName(path), rules);
  const region = input.region ?? (await ctx.region());
  const state = interviewState(rules, input.answers, { ...(region !== undefined && { region }) });
  const byId = new Map(rules.questions.map((q) => [q.id, q]));
  const next = state.queue.map((q) => byId.get(q.id) as Question);
  if (json) {
    const body = { schemaVersion: 1, questions: next.map(questionToJson), ...(state.stop && { stop: { kind: state.stop.kind, reason: state.stop.reason } }) };
    await writeOut(ctx.io.stdout, `${terminalSafeJson(body, 2)}\n`);
    return EXIT.ok;
  }
  const width = outputWidth(ctx.io.stdout);
  const out: string[] = [];
  if (state.stop) out.push(...wrap(clean(`Nothing more to ask: ${state.stop.reason}`), width));
  next.forEach((q, i) => out.push(...wrap(clean(`${q.text} (${q.id})`), width, "    ", `${String(i + 1).padStart(2)}. `)));
  await writeOut(ctx.io.stdout, `${out.join("\n")}\n`);
  return EXIT.ok;
}
