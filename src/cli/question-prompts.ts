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
}

/** ASCII-only look for --plain (screen readers, copy-paste). */
export const PLAIN_THEME = { prefix: { idle: "?", done: "*" }, icon: { cursor: ">", checked: "[x]", unchecked: "[ ]" } };
export const PLAIN_SELECT_HELP = { instructions: { navigation: "(type a number or use the arrow keys, then Enter)", pager: "(more choices below)" } };

const wording = (q: Question, style: PromptStyle) => clean(questionWording(q, style));
const label = (c: Choice, style: PromptStyle) => clean(choiceLabel(c, style));

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
  return {
    message: wording(q, style),
    choices: [...q.choices.map((c) => ({ name: label(c, style), value: c.id })), { name: "Not sure", value: NOT_SURE }, ...extras(q, style)],
    ...(typeof previous === "string" && { default: previous }),
    pageSize: 20,
    theme: { ...(style.plain ? PLAIN_THEME : {}), indexMode: "number" as const },
    ...(style.plain ? PLAIN_SELECT_HELP : {}),
  };
}

/** Multiple choice: tick any number; "Not sure", "Why" and "Go back" must stand alone. */
export function checkboxConfig(q: Question, style: PromptStyle, previous?: AnswerValue) {
  const alone = new Set<string>([NOT_SURE, HELP, BACK]);
  return {
    message: wording(q, style),
    choices: [
      // Number keys 1-9 tick the first nine choices, so they are numbered like the single-choice lists.
      // The echoed answer is the labels, without the numbers and padding that line the list up.
      ...q.choices.map((c, i) => ({
        name: `${i < 9 ? `${i + 1}. ` : "   "}${label(c, style)}`,
        short: label(c, style),
        value: c.id,
        checked: Array.isArray(previous) && previous.includes(c.id),
      })),
      { name: "   Not sure", short: "Not sure", value: NOT_SURE },
      ...extras(q, style),
    ],
    pageSize: 20,
    instructions: " (a number key or Space ticks a choice; Enter when done; Enter with nothing ticked means Not sure)",
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
