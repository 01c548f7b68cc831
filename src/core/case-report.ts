/**
 * The evidence pack for one case: what a bank's fraud team, the police report and the help desk's
 * own ticket need, in the order they ask for it. Markdown by default (it reads as plain text too),
 * or plain text. Built from the stored record, which was redacted before it was saved, so nothing
 * removed then can reappear; what the case does not know is left as a [gap] to fill in.
 */
import type { CaseRecord } from "./case-record.js";
import { URGENCIES, type Loss } from "./constants.js";
import type { RuleSet } from "./ruleset.js";
import { answerInWords, questionAlone } from "./answer-words.js";
import { callQuestions, dayInWords, lostChoices, doneOn, familyTitle, verdictHeadline, type DateWriter } from "./ticket-exports.js";

export type ReportFormat = "markdown" | "plain";

const LOSS_TITLE: Record<Loss, string> = { money: "Money paid or handed over", access: "Access given to a device or account", details: "Details given away" };
const URGENCY_TITLE = { now: "Straight away", soon: "Next", later: "Later" } as const;

/**
 * `stored`: the case is in a case history (an operator's), so the report is "from the case
 * recorded"; a check run at home keeps no case, and its report says only when it was made, so no
 * one looks for a case that is not there.
 */
export function caseReport(record: CaseRecord, rules: RuleSet, writeDate: DateWriter, format: ReportFormat = "markdown", stored = true): string {
  const md = format === "markdown";
  const out: string[] = [];
  const heading = (text: string) => out.push("", md ? `## ${text}` : `${text}\n${"-".repeat(text.length)}`, "");
  const item = (text: string) => out.push(`- ${text}`);
  const gap = (what: string) => `[${what}]`;

  const title = `Scam call report: case ${record.id}`;
  out.push(md ? `# ${title}` : `${title}\n${"=".repeat(title.length)}`, "");
  const made = stored ? `Prepared from the case recorded ${writeDate(record.recordedAt)}` : `Prepared by scamcheck from a check made ${writeDate(record.recordedAt)}`;
  out.push(`${made}${record.operator ? ` by ${record.operator}` : ""}${record.ticket ? `, ticket ${record.ticket}` : ""}.`);
  const verdict = verdictHeadline(record, rules);
  const family = familyTitle(record, rules);
  out.push(`Assessment: ${verdict}${family ? ` (${family})` : ""}.`);

  heading("The call");
  // The record keeps no name or account (they are not needed to triage), but the bank needs both.
  item(`Customer: ${gap("full name, and the last four digits of each card or account involved")}`);
  item(`When: ${record.callTime ?? gap("date and time of the call")}`);
  if (record.caller?.kind === "number") {
    item(`Number that called: ${record.caller.e164 ?? record.caller.raw}${record.caller.e164 ? ` (as shown on the phone: ${record.caller.raw})` : " (as typed; not a valid number)"}`);
  } else item(`Number that called: ${record.caller ? record.caller.kind : gap("the number, as shown on the phone")}`);
  item(`Who the caller said they were: ${record.organisation ?? gap("organisation and name the caller gave")}`);

  heading("What happened on the call");
  const answered = callQuestions(record, rules);
  for (const q of answered) {
    item(`${questionAlone(q.text)} ${answerInWords(rules, q.id, record.answers[q.id])}`);
  }
  if (answered.length === 0) item(gap("what the caller said and asked for"));

  heading("What was lost");
  const lost = new Map<Loss, string[]>();
  for (const c of lostChoices(record, rules)) lost.set(c.loss, [...(lost.get(c.loss) ?? []), c.label]);
  if (lost.size === 0) item("Nothing, as far as the person knows.");
  for (const [loss, labels] of lost) {
    item(`${LOSS_TITLE[loss]}: ${labels.join("; ")}`);
    if (loss === "money") item(`Amounts, dates and how each was paid: ${gap("amount, date, card or account, and the payee for each payment")}`);
    if (loss === "access") item(`Software installed or sites visited: ${gap("the name of the program or app, and whether it has been removed")}`);
  }

  heading("What has been done since the call");
  // The steps ticked as done (during the check, or later with 'cases done'), in the order they were done.
  const done = doneOn(record);
  const stepText = (id: string) => rules.actions.find((a) => a.id === id)?.text ?? id;
  for (const d of record.done ?? []) item(`${dayInWords(writeDate, d.on)}: ${stepText(d.action)}`);
  if (done.size === 0) item(`Nothing recorded as done yet. ${gap("what has been done, and when")}`);

  heading("Warning signs found");
  for (const id of record.reasons) {
    const sign = rules.indicators.find((i) => i.id === id);
    item(sign ? sign.title : id);
  }
  if (record.reasons.length === 0) item("None.");

  heading("Steps advised");
  for (const urgency of URGENCIES) {
    const steps = record.actions.map((id) => rules.actions.find((a) => a.id === id)).filter((a) => a?.urgency === urgency);
    if (steps.length === 0) continue;
    out.push(md ? `**${URGENCY_TITLE[urgency]}**` : `${URGENCY_TITLE[urgency]}:`);
    for (const a of steps) {
      const on = a && done.get(a.id);
      // A warning ("be wary of a later refund offer") is something to know, not to do.
      if (a?.saves === "warning") item(a.text);
      else item(`${a?.text ?? ""} Done: ${on ? dayInWords(writeDate, on) : gap("date, or not yet")}`);
    }
    out.push("");
  }

  heading("Contact log");
  out.push("Every organisation contacted since the call: the bank, the police or Report Fraud, the help desk.", "");
  if (md) out.push("| Organisation | Date and time | Reference number | Who you spoke to | Outcome |", "|---|---|---|---|---|", ...Array.from({ length: 4 }, () => "| | | | | |"));
  else out.push(...Array.from({ length: 4 }, () => "Organisation: ____  Date: ____  Reference: ____  Spoke to: ____  Outcome: ____"));

  const region = rules.regions.find((r) => r.id === record.region);
  if (region) {
    heading(`Who can help (${region.name})`);
    for (const c of region.contacts) {
      // A contact named by its number ("159: your bank's fraud line") is not given the number twice.
      const reach = [c.phone && !c.name.includes(c.phone) ? c.phone : undefined, c.url].filter(Boolean).join(" · ");
      item(`${c.name}${reach ? `: ${reach}` : ""}${c.hours ? ` (${c.hours})` : ""}. ${c.purpose}`);
    }
  }

  if (record.redactions.length) {
    out.push("");
    out.push(`Removed from this record before it was saved: ${record.redactions.map((r) => `${r.kind}${r.count > 1 ? ` (${r.count})` : ""}`).join(", ")}. Do not write them here either.`);
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
