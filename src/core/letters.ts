/**
 * Letter drafts for after the call, from the templates in the packs (`letters:`): the case fills in
 * what it knows ({{caller_number}}, {{what_happened}}, …) and every gap is left in [brackets] for
 * the sender. A deadline counts days from a date the person gives (a statement date), because the
 * case cannot know it.
 */
import { localDay, type CaseRecord } from "./case-record.js";
import { holds } from "./conditions.js";
import { NOT_SURE } from "./constants.js";
import type { Letter, RuleSet } from "./ruleset.js";
import { answerInWords, questionAlone } from "./answer-words.js";
import { callQuestions, dayInWords, lostChoices, type DateWriter } from "./ticket-exports.js";

const DAY_MS = 86_400_000;

/** Whether a letter fits a case: its region (if it has one) and its condition. */
export function letterApplies(letter: Letter, record: CaseRecord): boolean {
  if (letter.region !== undefined && record.region !== undefined && letter.region !== record.region) return false;
  const facts = new Map<string, string | number | boolean>([["verdict", record.verdict]]);
  if (record.region !== undefined) facts.set("region", record.region);
  return holds(letter.when, { answers: new Map(Object.entries(record.answers)), facts });
}

export interface LetterOptions {
  /** Today, for {{today}}. */
  today: Date;
  /** The date a deadline counts from (YYYY-MM-DD), when the letter has one. */
  from?: string;
  writeDate: DateWriter;
}

/**
 * When the call was, for "a scam phone call on …": the time as typed when it names a date ("2
 * December, about 10am", "02/12/2026"); typed as a time of its own ("this morning", "yesterday"),
 * it cannot follow "on", and a letter needs the date, so it becomes a gap with what was typed and
 * the day it was noted, for the sender to turn into the date.
 */
const NAMES_A_DATE = /\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}([/.-]\d{2,4})?|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b/i;
function callWhen(record: CaseRecord, gap: (what: string) => string, day: (d: Date) => string): string {
  const typed = record.callTime?.trim();
  if (typed === undefined || typed === "") return gap("date and time of the call");
  if (NAMES_A_DATE.test(typed)) return typed;
  return gap(`date of the call: noted on ${day(new Date(record.recordedAt))} as "${typed}"`);
}

export function renderLetter(letter: Letter, record: CaseRecord, rules: RuleSet, options: LetterOptions): string {
  const gap = (what: string) => `[${what}]`;
  const day = (d: Date) => dayInWords(options.writeDate, d.toISOString().slice(0, 10));
  // What the call was; what was lost has its own sentence ({{lost}}).
  const happened = callQuestions(record, rules)
    .filter((q) => record.answers[q.id] !== NOT_SURE)
    .map((q) => `- ${questionAlone(q.text)} ${answerInWords(rules, q.id, record.answers[q.id], { notSure: "not sure" })}`);
  // In the packs' first-person labels ("I paid with a debit or credit card"), as the sender would put it.
  const lost = lostChoices(record, rules).map((c) => c.label);
  const deadline = () => {
    if (letter.deadlineDays === undefined) return "";
    if (options.from === undefined) return gap(`${letter.deadlineDays} days after ${letter.deadlineFrom ?? "the date it counts from"}`);
    return day(new Date(Date.parse(`${options.from}T00:00:00Z`) + letter.deadlineDays * DAY_MS));
  };
  const fields: Record<string, () => string> = {
    case_id: () => record.id,
    // Today where the sender is, not in UTC.
    today: () => dayInWords(options.writeDate, localDay(options.today)),
    deadline,
    call_when: () => callWhen(record, gap, day),
    // The international form a bank can search for, and the form the person saw, when they differ.
    caller_number: () =>
      record.caller?.kind !== "number"
        ? gap("the number that called")
        : record.caller.e164 && record.caller.e164 !== record.caller.raw.trim()
          ? `${record.caller.e164} (shown on the phone as ${record.caller.raw.trim()})`
          : record.caller.raw,
    caller_claimed: () => record.organisation ?? gap("who the caller said they were"),
    what_happened: () => (happened.length ? happened.join("\n") : gap("what happened on the call")),
    lost: () => (lost.length ? new Intl.ListFormat("en-GB", { type: "conjunction" }).format(lost) : gap("what was lost")),
    signs: () => record.reasons.map((id) => `- ${rules.indicators.find((i) => i.id === id)?.title ?? id}`).join("\n") || gap("why it was a scam"),
    operator: () => record.operator ?? gap("your name"),
    ticket: () => record.ticket ?? gap("reference"),
  };
  // Unknown fields cannot reach here: the packs' loader refuses them.
  return `${letter.template.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (_, name: string) => fields[name]?.() ?? gap(name)).trim()}\n`;
}
