/**
 * The verdict for people: headline, summary, reasons, reassuring signs, then the steps in order of
 * urgency and the region's contacts. Wrapped to the terminal width; all rule text is sanitised, as
 * packs may come from anyone. `plain` output has no colour and no symbols beyond ASCII, for screen
 * readers and pasting into tickets.
 */
import type { ChalkInstance } from "chalk";
import type { RuleSet } from "../core/ruleset.js";
import { sanitizeForTerminal as clean } from "../core/sanitize.js";
import type { TriageResult } from "../core/triage.js";
import { MAX_NOW_STEPS, type VerdictId } from "../core/constants.js";
import { wrap } from "./wrap.js";
import { questionAlone, questionWording } from "../core/answer-words.js";

export interface RenderOptions {
  width: number;
  plain: boolean;
  /** A chalk instance at the chosen colour level (level 0 for none). */
  chalk: ChalkInstance;
  /** Show how to answer the open questions (not in the interactive flow, which asks them). */
  hintOpenQuestions?: boolean;
  /** Operator mode: the steps are the customer's, passed on by the operator. */
  staff?: boolean;
  /** Ids of the steps the person has said are done (ticked during the interview): shown as done, not asked again. */
  done?: ReadonlySet<string>;
}

const EXPLAINED_REASONS = 3;
const URGENCY_HEADINGS = { now: "Do this now", soon: "Do this next", later: "Later" } as const;
const STAFF_HEADINGS = { now: "Tell the customer to do this now", soon: "Tell the customer to do this next", later: "Later" } as const;

function bandStyle(chalk: ChalkInstance, id: VerdictId): (s: string) => string {
  switch (id) {
    case "scam":
    case "likely-scam":
      return (s) => chalk.bold.red(s);
    case "suspicious":
      return (s) => chalk.bold.yellow(s);
    case "no-warning-signs":
      return (s) => chalk.bold.green(s);
    default:
      return (s) => chalk.bold.cyan(s);
  }
}

export function renderVerdict(result: TriageResult, rules: RuleSet, options: RenderOptions): string {
  const { width, plain, chalk } = options;
  const out: string[] = [];
  const bullet = plain ? "-" : "•";
  const heading = (s: string) => (plain ? `${s}:` : chalk.bold(s));
  const para = (text: string, indent = "", first = indent, style = (line: string) => line) => out.push(...wrap(clean(text), width, indent, first).map(style));

  const headline = clean(result.verdict.headline);
  if (plain) out.push(`Verdict: ${headline}`);
  else {
    const mark = result.verdict.id === "no-warning-signs" ? "✔" : result.verdict.id === "not-enough-information" ? "?" : "!";
    out.push(bandStyle(chalk, result.verdict.id)(`${mark} ${headline}`));
  }
  para(result.verdict.summary);
  if (result.family && (result.verdict.id === "scam" || result.verdict.id === "likely-scam" || result.verdict.id === "suspicious"))
    para(`Looks like: ${result.family.title}.`);

  if (result.reasons.length > 0) {
    // The strongest reasons are explained; the rest are named, so the steps stay in view.
    out.push("", heading("Why"));
    for (const r of result.reasons.slice(0, EXPLAINED_REASONS)) {
      para(r.title, "  ", `  ${bullet} `);
      out.push(...wrap(clean(r.explanation), width, "    ").map((l) => (plain ? l : chalk.dim(l))));
    }
    const rest = result.reasons.slice(EXPLAINED_REASONS);
    if (rest.length > 0) para(`Also: ${rest.map((r) => clean(r.title).replace(/\.$/, "")).join("; ")}.`, "    ", "  ");
  }
  if (result.reassurances.length > 0) {
    out.push("", heading("What points the other way"));
    for (const r of result.reassurances) {
      para(r.title, "  ", `  ${bullet} `);
      out.push(...wrap(clean(r.explanation), width, "    ").map((l) => (plain ? l : chalk.dim(l))));
    }
  }

  let n = 0;
  const numberWidth = `${result.actions.length}.`.length + 1;
  const hang = " ".repeat(2 + numberWidth);
  // The engine lists steps in the order that saves the most (see SAVES in core/constants.ts).
  const now = result.actions.filter((a) => a.urgency === "now");
  // At most MAX_NOW_STEPS still to do under "now": a step already done stays in its place there but
  // takes no one's room, so the next most urgent step (the warning about "recovery" callers after
  // a loss) is not pushed down to "next" by one the person has finished.
  let toDo = 0;
  const cut = now.findIndex((a) => !options.done?.has(a.id) && ++toDo > MAX_NOW_STEPS);
  const nowShown = cut === -1 ? now : now.slice(0, cut);
  const sections = {
    now: nowShown,
    soon: [...now.slice(nowShown.length), ...result.actions.filter((a) => a.urgency === "soon")],
    later: result.actions.filter((a) => a.urgency === "later"),
  };
  for (const urgency of ["now", "soon", "later"] as const) {
    const steps = sections[urgency];
    if (steps.length === 0) continue;
    out.push("", heading((options.staff ? STAFF_HEADINGS : URGENCY_HEADINGS)[urgency]));
    for (const a of steps) {
      n++;
      const first = `  ${`${n}.`.padEnd(numberWidth)}`;
      // A step done is kept in its place, so the numbers match what was shown during the call, but
      // marked and dimmed, so the eye goes to what is still to do.
      if (!options.done?.has(a.id)) para(a.text, hang, first);
      else if (plain) para(`[done] ${a.text}`, hang, first);
      else para(`✔ Done: ${a.text}`, hang, first, (line) => chalk.dim(line));
    }
  }

  const region = result.region !== undefined ? rules.regions.find((r) => r.id === result.region) : undefined;
  if (region && result.verdict.id !== "no-warning-signs") {
    out.push("", heading(`Who can help (${clean(region.name)})`));
    for (const c of region.contacts) {
      // A contact named by its number ("Police emergency: 999") does not repeat it.
      const how = [c.phone !== undefined && !c.name.includes(c.phone) ? c.phone : undefined, c.url?.replace(/^https?:\/\//, "")].filter(Boolean).join(plain ? ", " : " · ");
      para(`${c.name}${how ? `: ${how}` : ""}`, "    ", `  ${bullet} `);
      out.push(...wrap(clean(c.purpose + (c.hours ? ` (${c.hours})` : "")), width, "    ").map((l) => (plain ? l : chalk.dim(l))));
    }
  }

  if (options.hintOpenQuestions && result.unanswered.length > 0) {
    // The question in the words a person is asked it, not its id.
    const open = result.unanswered[0] as TriageResult["unanswered"][number];
    const asked = rules.questions.find((q) => q.id === open.id);
    const firstOpen = questionAlone(asked ? questionWording(asked, { staff: options.staff === true }) : open.text);
    out.push("");
    para(
      `${result.unanswered.length} unanswered question${result.unanswered.length === 1 ? "" : "s"} could still change this verdict, ` +
        `starting with "${clean(firstOpen)}" Run 'scamcheck questions' to see them.`,
    );
  }
  return out.join("\n") + "\n";
}
