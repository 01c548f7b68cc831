/**
 * How each kind of question is put to a person: the prompt configuration for @inquirer/prompts and
 * how a reply becomes an answer. Every question offers "Not sure"; "Why are we asking this?" and
 * "Go back" appear where they apply. Kept apart from the conversation loop so the prompts can be
 * tested on their own with @inquirer/testing.
 */
import type { Separator } from "@inquirer/prompts";
import type { AnswerValue } from "../core/conditions.js";
import { NOT_SURE } from "../core/constants.js";
import { exclusiveClash } from "../core/answers.js";
import { choiceLabel, questionWording } from "../core/answer-words.js";
import type { Choice, Question } from "../core/ruleset.js";
import { sanitizeForTerminal as clean } from "../core/sanitize.js";
import { wrap } from "./wrap.js";

/** Replies that are not answers. */
export const BACK = "\u0000back";
export const HELP = "\u0000help";
export type Reply = AnswerValue | typeof BACK | typeof HELP;

export interface PromptStyle {
  plain: boolean;
  /** Operator mode: questions in the words packs give for help-desk staff, where they have them. */
  staff?: boolean;
  canGoBack: boolean;
  /** Builds a separator line (the prompt library's Separator class, passed in so it loads lazily). */
  separator: () => Separator;
  /** The terminal's width: a choice too long for one line goes on under itself, not at the margin. */
  width?: number;
}

/** ASCII-only look for --plain (screen readers, copy-paste). */
export const PLAIN_THEME = { prefix: { idle: "?", done: "*" }, icon: { cursor: ">", checked: "[x]", unchecked: "[ ]" } };
export const PLAIN_SELECT_HELP = { instructions: { navigation: "(type a number or use the arrow keys, then Enter)", pager: "(more choices below)" } };

const wording = (q: Question, style: PromptStyle) => clean(questionWording(q, style));
const label = (c: Choice, style: PromptStyle) => clean(choiceLabel(c, style));

/**
 * Lines a list shows at once: every choice, however many lines the long ones take, so "Why are we
 * asking this?" and "Go back" at its end are never scrolled out of sight.
 */
function pageFor(choices: readonly (Separator | { name: string })[]): number {
  return Math.max(20, choices.reduce((n, c) => n + ("name" in c ? c.name.split("\n").length : 1), 0));
}

/**
 * A choice's label as the list shows it, after the `before` columns the prompt library and its
 * number take: wrapped to the terminal, its later lines under its first, as a long choice would
 * otherwise run on from the margin, where it reads as a choice of its own. The last column stays
 * free, as a line that fills it makes some terminals add an empty one.
 */
function listed(text: string, before: number, style: PromptStyle): string {
  if (style.width === undefined) return text;
  const indent = " ".repeat(before);
  return wrap(text, style.width - 1, indent)
    .map((line, i) => (i === 0 ? line.slice(before) : line))
    .join("\n");
}

function extras(q: Question, style: PromptStyle) {
  const items = [
    // Echoed as the start of the explanation that follows, not as if it were the answer.
    ...(q.help ? [{ name: "Why are we asking this?", value: HELP, short: "(why we ask)" }] : []),
    ...(style.canGoBack ? [{ name: "Go back to the previous question", value: BACK }] : []),
  ];
  return items.length ? [style.separator(), ...items] : [];
}

/** yes/no and single choice: a numbered list; a number key moves to a choice, Enter picks it. */
export function selectConfig(q: Question, style: PromptStyle, previous?: AnswerValue) {
  // The prompt library puts the cursor, a space and the choice's number before each label.
  const choices = [
    ...q.choices.map((c, i) => ({ name: listed(label(c, style), 4 + String(i + 1).length, style), short: label(c, style), value: c.id })),
    { name: "Not sure", value: NOT_SURE },
    ...extras(q, style),
  ];
  return {
    message: wording(q, style),
    choices,
    ...(typeof previous === "string" && { default: previous }),
    pageSize: pageFor(choices),
    theme: { ...(style.plain ? PLAIN_THEME : {}), indexMode: "number" as const },
    ...(style.plain ? PLAIN_SELECT_HELP : {}),
  };
}

/** Multiple choice, for the tick list (tick-list.ts): tick any number; "Not sure", "Why" and "Go back" must stand alone. */
export function checkboxConfig(q: Question, style: PromptStyle, previous?: AnswerValue) {
  const alone = new Set<string>([NOT_SURE, HELP, BACK]);
  const choices = [
    // Number keys 1-9 tick the first nine choices, so they are numbered like the single-choice lists.
    // The echoed answer is the labels, without the numbers and padding that line the list up.
    // The prompt library puts the cursor, the tick box and a space before each.
    ...q.choices.map((c, i) => ({
      name: `${i < 9 ? `${i + 1}. ` : "   "}${listed(label(c, style), (style.plain ? 5 : 3) + 3, style)}`,
      short: label(c, style),
      value: c.id,
      checked: Array.isArray(previous) && previous.includes(c.id),
    })),
    { name: "   Not sure", short: "Not sure", value: NOT_SURE },
    ...extras(q, style),
  ];
  return {
    message: wording(q, style),
    choices,
    pageSize: pageFor(choices),
    // Enter on "Why are we asking this?" or "Go back", with nothing ticked, is that, not "Not sure".
    enterPicks: [HELP, BACK],
    instructions: ` ${listed("(a number key or Space ticks a choice; Enter when done; Enter with nothing ticked means Not sure)", 1, style)}`,
    theme: {
      ...(style.plain ? PLAIN_THEME : {}),
      style: { renderSelectedChoices: (chosen: readonly { short: string }[]) => (chosen.length === 0 ? "Not sure" : chosen.map((c) => c.short).join("; ")) },
    },
    validate: (items: readonly { value: string }[]) => {
      const values = items.map((i) => i.value);
      if (values.length > 1 && values.some((v) => alone.has(v))) return "'Not sure', 'Why are we asking' and 'Go back' go on their own";
      const lone = exclusiveClash(q, values);
      if (lone) return `'${label(lone, style)}' goes on its own: untick it, or untick the others`;
      return true;
    },
  };
}

/** Nothing ticked is "Not sure" (the prompt says so), never a reason to stop the person. */
export function checkboxReply(values: readonly string[]): Reply {
  if (values.length === 0) return NOT_SURE;
  return values.length === 1 && (values[0] === NOT_SURE || values[0] === HELP || values[0] === BACK) ? (values[0] as Reply) : [...values];
}

/** Number and free text: typed in; Enter alone means not sure, "?" asks why, "b" goes back. */
export function inputConfig(q: Question, style: PromptStyle, previous?: AnswerValue) {
  const hint = [q.type === "number" ? "a number" : "", "Enter if you are not sure", q.help ? "? for why we ask" : "", style.canGoBack ? "b to go back" : ""]
    .filter(Boolean)
    .join(", ");
  return {
    message: `${wording(q, style)} (${hint})`,
    theme: style.plain ? PLAIN_THEME : {},
    ...(previous !== undefined && previous !== NOT_SURE && { default: String(previous) }),
    validate: (raw: string) => {
      const s = raw.trim();
      if (s === "" || s === "?" || (style.canGoBack && /^b(ack)?$/i.test(s))) return true;
      if (q.type !== "number") return s.length <= 2000 || "Please keep it under 2,000 characters";
      const n = Number(s.replace(/,/g, ""));
      if (!Number.isFinite(n)) return `Please type a number (${hint})`;
      if (q.min !== undefined && n < q.min) return `Please type a number of at least ${q.min}`;
      if (q.max !== undefined && n > q.max) return `Please type a number of at most ${q.max}`;
      return true;
    },
  };
}

export function inputReply(q: Question, raw: string, canGoBack: boolean): Reply {
  const s = raw.trim();
  if (s === "") return NOT_SURE;
  if (s === "?") return HELP;
  if (canGoBack && /^b(ack)?$/i.test(s)) return BACK;
  return q.type === "number" ? Number(s.replace(/,/g, "")) : s;
}
