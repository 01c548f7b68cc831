/**
 * Ticket-ready notes for a finished case: verdict, reasons, actions advised, the answers, the case
 * details, time, operator, tool and rules version. Plain characters only (no colour codes), wrapped
 * at 72 columns so they paste cleanly into a ticket system; Markdown or plain text.
 */
import { answerInWords, questionWording } from "./answer-words.js";
import type { CaseRecord } from "./case-record.js";
import { describeCallerNumber } from "./caller-number.js";
import { describeRedactions } from "./redact.js";
import type { RuleSet } from "./ruleset.js";
import { sanitizeForTerminal } from "./sanitize.js";
import type { TriageResult } from "./triage.js";

export type NotesFormat = "markdown" | "text";
const WIDTH = 72;

function wrapLine(text: string, first: string, rest: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    const prefix = lines.length === 0 ? first : rest;
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest + word;
      continue;
    }
    line += (empty || line === prefix ? "" : " ") + word;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** Case notes are for the help desk's ticket: in the staff wording; an empty multiple choice reads "None". */
const STAFF = { staff: true, none: "None" };

export function renderCaseNotes(record: CaseRecord, result: TriageResult, rules: RuleSet, format: NotesFormat): string {
  const md = format === "markdown";
  const clean = (s: string) => sanitizeForTerminal(s).replace(/\n+/g, " ");
  const out: string[] = [];
  const heading = (s: string) => out.push("", md ? `## ${s}` : s, ...(md ? [] : ["-".repeat(s.length)]));
  const bullet = (s: string) => out.push(...wrapLine(clean(s), "- ", "  "));
  const field = (name: string, value: string | undefined) => {
    // In Markdown each field is a list item, so ticket systems do not run them together.
    if (value !== undefined && value !== "") out.push(...wrapLine(clean(`${md ? `**${name}:**` : `${name}:`} ${value}`), md ? "- " : "", "  "));
  };

  out.push(md ? `# Scam call triage ${record.id}` : `SCAM CALL TRIAGE ${record.id}`);
  out.push("");
  field("Verdict", `${result.verdict.headline} (${result.verdict.id}, score ${result.score})`);
  if (result.family) field("Looks like", result.family.title);
  field("Recorded", record.recordedAt.replace("T", " ").replace(/\.\d+Z$/, " UTC"));
  field("Operator", record.operator);
  field("Ticket", record.ticket);

  heading("Case details");
  field("Number that called", record.caller ? describeCallerNumber(record.caller) : undefined);
  field("Organisation claimed", record.organisation);
  field("When", record.callTime);
  field("Region", record.region);

  heading("Why");
  if (result.reasons.length === 0) bullet("No warning signs found.");
  for (const r of result.reasons) bullet(`${r.title} (+${r.weight})`);
  if (result.reassurances.length > 0) {
    heading("What points the other way");
    for (const r of result.reassurances) bullet(`${r.title} (${r.weight})`);
  }

  heading("Actions advised");
  if (result.actions.length === 0) bullet("None.");
  // A step ticked as done says so, with its day, so whoever picks up the ticket sees what is left.
  const done = new Map((record.done ?? []).map((d) => [d.action, d.on]));
  result.actions.forEach((a, i) => {
    const on = done.get(a.id);
    out.push(...wrapLine(clean(a.text), `${i + 1}. [${a.urgency}${on ? `, done ${on}` : ""}] `, " ".repeat(`${i + 1}. `.length)));
  });

  heading("Answers");
  for (const q of rules.questions) {
    const value = record.answers[q.id];
    if (value === undefined) continue;
    bullet(`${questionWording(q, STAFF)} ${md ? "**" : "-> "}${answerInWords(rules, q.id, value, STAFF)}${md ? "**" : ""}`);
  }

  if (record.redactions.length > 0) {
    out.push("");
    field("Removed before saving", describeRedactions(record.redactions));
  }
  out.push("");
  out.push(...wrapLine(`scamcheck ${record.tool}; rule packs ${record.packs.map((p) => `${p.id} ${p.version}`).join(", ")}`, md ? "_" : "", md ? "" : ""));
  if (md) out[out.length - 1] += "_";
  return `${out.join("\n")}\n`;
}
