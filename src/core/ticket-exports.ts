/**
 * Stored cases as the paperwork of the systems a help desk already uses: a Zendesk ticket, a
 * ServiceNow incident, a MISP event for sharing the numbers that called. Pure: the CLI reads the
 * cases and writes what these return. Everything a person reads is in the packs' own words.
 */
import type { CaseRecord } from "./case-record.js";
import { describeCallerNumber } from "./caller-number.js";
import type { Loss } from "./constants.js";
import type { Question, RuleSet } from "./ruleset.js";
import { answerInWords, questionWording } from "./answer-words.js";

/** How dates are written for the reader (the CLI passes the region's way). */
export type DateWriter = (iso: string) => string;

/**
 * A day (YYYY-MM-DD) in the region's words, without a time: written as its midday in UTC, which is
 * the same calendar day in every time zone a region of the packs is in.
 */
export const dayInWords = (writeDate: DateWriter, day: string) => writeDate(`${day}T12:00:00.000Z`).replace(/,? at .*$| à .*$/, "");

/** When each step ticked as done was done, by step. */
export const doneOn = (record: CaseRecord) => new Map((record.done ?? []).map((d) => [d.action, d.on]));

/**
 * The choices the case's answers say cost the person something (the packs' `lost:`), in asking
 * order, with their labels: the person's own words, "I paid with a debit or credit card".
 */
export function lostChoices(record: CaseRecord, rules: RuleSet): { loss: Loss; label: string }[] {
  return rules.questions.flatMap((q) =>
    [record.answers[q.id] ?? []].flat().flatMap((chosen) => {
      const c = q.choices.find((x) => x.id === chosen);
      return c?.lost ? [{ loss: c.lost, label: c.label }] : [];
    }),
  );
}

/** What the case's answers say the person has already lost: money, access, details. */
export const lossesOf = (record: CaseRecord, rules: RuleSet): Set<Loss> => new Set(lostChoices(record, rules).map((c) => c.loss));

/**
 * The questions a case answered about the call itself, in the packs' order, which follows the call
 * (how it started, what was claimed, what was asked): for the paperwork's "what happened". The
 * situation questions (still on the line, still connected, what was already lost) are left out:
 * they tell how things stood when the check was made, and what was lost has its own place.
 */
export const callQuestions = (record: CaseRecord, rules: RuleSet): Question[] => rules.questions.filter((q) => !q.urgent && record.answers[q.id] !== undefined);

/** The verdict's headline in the packs' words. */
export const verdictHeadline = (record: CaseRecord, rules: RuleSet) => rules.verdicts.find((v) => v.id === record.verdict)?.headline ?? record.verdict;

/** One case in words, line by line: what `cases show` prints and what a ticket's notes hold. */
export function describeCase(record: CaseRecord, rules: RuleSet, writeDate: DateWriter, { wholeSteps = false } = {}): string[] {
  const question = (id: string) => rules.questions.find((q) => q.id === id);
  const verdict = verdictHeadline(record, rules);
  const family = familyTitle(record, rules);
  const signs = record.reasons.map((id) => rules.indicators.find((i) => i.id === id)?.title ?? id);
  const done = doneOn(record);
  return [
    `Case ${record.id}, recorded ${writeDate(record.recordedAt)}${record.operator ? ` by ${record.operator}` : ""}`,
    `Verdict: ${verdict} (score ${record.score})${family ? `; looks like: ${family}` : ""}`,
    `Number: ${record.caller ? describeCallerNumber(record.caller) : "not given"}`,
    ...(record.organisation ? [`Organisation claimed: ${record.organisation}`] : []),
    ...(record.callTime ? [`When: ${record.callTime}`] : []),
    ...(record.ticket ? [`Ticket: ${record.ticket}`] : []),
    "Warning signs:",
    ...(signs.length ? signs.map((s) => `  - ${s}`) : ["  none"]),
    "Steps advised:",
    // In a ticket, each step's first sentence: what was advised, not the whole explanation; read on
    // its own (`cases show`), the step whole, as the person was given it.
    ...(record.actions.length
      ? record.actions.map((id) => `  - ${stepText(rules.actions.find((a) => a.id === id)?.text ?? id, wholeSteps)}${done.has(id) ? ` Done ${dayInWords(writeDate, done.get(id) as string)}.` : ""}`)
      : ["  none"]),
    "Answers:",
    // The case history is the help desk's: questions and answers in the staff wording.
    ...Object.entries(record.answers).map(([id, v]) => `  ${question(id) ? questionWording(question(id) as Question, STAFF) : id} ${answerInWords(rules, id, v, STAFF)}`),
  ];
}

const STAFF = { staff: true };
const stepText = (text: string, whole: boolean) => (whole ? text : text.replace(/([.!?])\s.*$/s, "$1"));
/** The scam family's title in the packs' words, if the case has one. */
export const familyTitle = (record: CaseRecord, rules: RuleSet) => (record.family ? (rules.families.find((f) => f.id === record.family)?.title ?? record.family) : undefined);

/** A tag as ticket systems take one: lower case, letters, digits and dashes. */
const tag = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

function subject(record: CaseRecord, rules: RuleSet): string {
  const verdict = verdictHeadline(record, rules);
  const family = familyTitle(record, rules);
  const number = record.caller?.kind === "number" ? ` from ${record.caller.e164 ?? record.caller.raw}` : "";
  return `Suspected scam call${number}: ${verdict}${family ? ` (${family})` : ""}`;
}

/** Zendesk's ticket priorities, from the band: the steps for scam and likely-scam are the same, and urgent. */
const ZENDESK_PRIORITY: Record<string, "urgent" | "high" | "normal" | "low"> = { scam: "urgent", "likely-scam": "high", suspicious: "normal" };

/**
 * A ticket for Zendesk's Tickets API (POST /api/v2/tickets/create_many takes `{ "tickets": [...] }`):
 * subject, an internal comment with the case notes, tags for the family, signs and verdict, and
 * the case id as the external id so that a case sent twice can be found.
 */
export function zendeskTicket(record: CaseRecord, rules: RuleSet, writeDate: DateWriter) {
  return {
    external_id: record.id,
    subject: subject(record, rules),
    comment: { body: describeCase(record, rules, writeDate).join("\n"), public: false },
    priority: ZENDESK_PRIORITY[record.verdict] ?? "low",
    tags: ["scamcheck", tag(`verdict-${record.verdict}`), ...(record.family ? [tag(`family-${record.family}`)] : []), ...record.reasons.map((r) => tag(`sign-${r}`))],
  };
}

/** ServiceNow's 1 (high) to 3 (low): urgency from the band, impact from what was already lost. */
const SN_URGENCY: Record<string, 1 | 2 | 3> = { scam: 1, "likely-scam": 1, suspicious: 2 };

/**
 * An incident for ServiceNow's Table API (one record of `{ "records": [...] }`, the import format):
 * short_description (at most 160 characters, its limit), description, impact (1 when money or
 * access was lost, 2 when details were given, else 3), urgency from the band, work_notes, and the
 * case id as correlation_id.
 */
export function serviceNowIncident(record: CaseRecord, rules: RuleSet, writeDate: DateWriter) {
  const lost = lossesOf(record, rules);
  const short = subject(record, rules);
  return {
    correlation_id: record.id,
    correlation_display: "scamcheck",
    short_description: short.length > 160 ? `${short.slice(0, 159)}…` : short,
    description: describeCase(record, rules, writeDate).join("\n"),
    impact: lost.has("money") || lost.has("access") ? 1 : lost.has("details") ? 2 : 3,
    urgency: SN_URGENCY[record.verdict] ?? 3,
    work_notes: lost.size ? `Already lost: ${[...lost].join(", ")}.` : "Nothing lost, as far as the customer knows.",
    ...(record.ticket && { u_external_ticket: record.ticket }),
  };
}

/** The web addresses typed in a case (text answers, case details). */
function webAddresses(record: CaseRecord): string[] {
  const texts = [record.organisation, record.callTime, record.ticket, ...Object.values(record.answers).flat()].filter((t): t is string => typeof t === "string");
  const found = texts.flatMap((t) => t.match(/\bhttps?:\/\/[^\s<>"']+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>"']*/gi) ?? []);
  return [...new Set(found.map((u) => u.replace(/[.,;:)]+$/, "")))];
}

/**
 * A MISP event (the JSON that MISP imports as `{ "Event": … }`) per case with something to share:
 * the calling number as a `phone-number` attribute (`prtn` when it is a premium-rate number), any
 * web addresses typed as `url`, tagged with TLP:GREEN and the scam family, for sharing number
 * reputation between organisations. `numberType` says what kind of number an E.164 number is.
 */
export function mispEvent(record: CaseRecord, rules: RuleSet, numberType: (e164: string) => string | undefined = () => undefined) {
  const attributes: { type: string; category: string; value: string; to_ids: boolean; comment: string }[] = [];
  if (record.caller?.kind === "number" && record.caller.valid && record.caller.e164) {
    const premium = numberType(record.caller.e164) === "PREMIUM_RATE";
    attributes.push({ type: premium ? "prtn" : "phone-number", category: "Financial fraud", value: record.caller.e164, to_ids: true, comment: "The number that called" });
  }
  for (const url of webAddresses(record)) attributes.push({ type: "url", category: "Network activity", value: url, to_ids: true, comment: "A web address the caller gave" });
  if (attributes.length === 0) return undefined;
  return {
    Event: {
      info: `${subject(record, rules)} (scamcheck case ${record.id})`,
      date: record.recordedAt.slice(0, 10),
      // MISP's threat levels: 1 high, 2 medium, 3 low; analysis 2 is "completed".
      threat_level_id: record.verdict === "scam" || record.verdict === "likely-scam" ? "1" : record.verdict === "suspicious" ? "2" : "3",
      analysis: "2",
      distribution: "1",
      Tag: [{ name: "tlp:green" }, ...(record.family ? [{ name: `scamcheck:family="${record.family}"` }] : [])],
      Attribute: attributes,
    },
  };
}
