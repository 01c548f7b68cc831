/**
 * Questions and answers in words, for whoever reads them: the person who got the call reads the
 * packs' own wording ("I paid with a card"), a help-desk operator and the case history the staff
 * wording where a pack gives one ("Paid with a debit or credit card"). Every screen, note, ticket,
 * report and letter that shows a stored answer goes through here.
 */
import { NOT_SURE } from "./constants.js";
import type { Choice, Question, RuleSet } from "./ruleset.js";

export interface WordingOptions {
  /** An operator's words: `staff_text` and `staff_label` where the pack has them. */
  staff?: boolean;
  /** How "not sure" reads (a letter says it in lower case). */
  notSure?: string;
  /** How an empty multiple-choice answer reads. */
  none?: string;
}

export const choiceLabel = (choice: Choice, { staff = false }: WordingOptions = {}) => (staff ? (choice.staffLabel ?? choice.label) : choice.label);

export const questionWording = (question: Question, { staff = false }: WordingOptions = {}) => (staff ? (question.staffText ?? question.text) : question.text);

/** A question's text without its instructions ("How did they want the money? Choose all that apply."). */
export const questionAlone = (text: string) => text.replace(/\?\s.*$/s, "?");

/**
 * A stored answer in the packs' words: the chosen labels joined by "; ", a number with its unit. An
 * id the loaded packs no longer have is shown as it is.
 */
export function answerInWords(rules: RuleSet, questionId: string, value: unknown, options: WordingOptions = {}): string {
  return answerWords(rules.questions.find((q) => q.id === questionId), value, options);
}

export function answerWords(question: Question | undefined, value: unknown, options: WordingOptions = {}): string {
  if (typeof value === "number") return question?.unit ? `${value} ${question.unit}` : String(value);
  const label = (v: unknown) => {
    if (v === NOT_SURE) return options.notSure ?? "Not sure";
    const choice = question?.choices.find((c) => c.id === v);
    return choice ? choiceLabel(choice, options) : String(v);
  };
  if (Array.isArray(value)) return value.length === 0 && options.none !== undefined ? options.none : value.map(label).join("; ");
  return label(value);
}
