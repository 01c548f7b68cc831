/** `scamcheck letter`: letter drafts from the packs' templates, filled in from a stored case. */
import { letterApplies, renderLetter } from "../../core/letters.js";
import { sanitizeForTerminal as clean } from "../../core/sanitize.js";
import type { CaseRecord } from "../../core/case-record.js";
import { openStore } from "../case-store-open.js";
import type { CliContext } from "../context.js";
import { dateWriter } from "../dates.js";
import { EXIT } from "../exit-codes.js";
import { writeOut } from "../output.js";
import { UsageError } from "../usage-error.js";
import { parseDate } from "./cases.js";

async function caseById(ctx: CliContext, id: string): Promise<CaseRecord> {
  const store = await openStore(ctx);
  try {
    const record = await store.get(id);
    if (!record) throw new UsageError(`no case '${clean(id)}' in ${clean(store.location)}`);
    return record;
  } finally {
    await store.close();
  }
}

export async function runLetter(ctx: CliContext, kind: string | undefined, options: { case?: string; date?: string; list?: boolean }): Promise<number> {
  const rules = await ctx.rules();
  const record = options.case !== undefined ? await caseById(ctx, options.case) : undefined;
  if (options.list || kind === undefined) {
    if (!options.list) throw new UsageError("letter needs a kind (see 'scamcheck letter --list') and --case ID");
    // --region names the one region to list (with the letters for any region); without it, all.
    const only = ctx.options.region !== undefined && ctx.options.region !== "none" ? await ctx.region() : undefined;
    const byRegion = new Map<string, typeof rules.letters>();
    for (const l of rules.letters)
      if (only === undefined || l.region === undefined || l.region === only) byRegion.set(l.region ?? "", [...(byRegion.get(l.region ?? "") ?? []), l]);
    const out: string[] = [];
    for (const [region, letters] of [...byRegion].sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a < b ? -1 : 1))) {
      out.push(region ? (rules.regions.find((r) => r.id === region)?.name ?? region) : "Any region");
      for (const l of letters) out.push(`  ${l.id.padEnd(28)} ${clean(l.title)}${record ? (letterApplies(l, record) ? "  (fits this case)" : "") : ""}`);
    }
    await writeOut(ctx.io.stdout, `${out.join("\n")}\n`);
    return EXIT.ok;
  }
  const letter = rules.letters.find((l) => l.id === kind);
  if (!letter) throw new UsageError(`no letter '${clean(kind)}'; 'scamcheck letter --list' names them`);
  if (!record) throw new UsageError(`letter ${kind} needs --case ID, the case to fill it in from`);
  if (options.date !== undefined) parseDate(options.date, "--date");
  if (!letterApplies(letter, record)) ctx.io.stderr.write(`(This letter is for a different situation than case ${clean(record.id)} records; check it fits before sending.)\n`);
  if (letter.deadlineDays !== undefined && options.date === undefined)
    ctx.io.stderr.write(`(Add --date with ${clean(letter.deadlineFrom ?? "the date the deadline counts from")} to have the deadline worked out.)\n`);
  const region = record.region ?? (await ctx.region());
  const text = renderLetter(letter, record, rules, { today: new Date(), ...(options.date !== undefined && { from: options.date }), writeDate: dateWriter(rules, region) });
  await writeOut(ctx.io.stdout, clean(text));
  return EXIT.ok;
}
