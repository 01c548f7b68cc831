/**
 * The compiled rule set: every pack merged, checked and ready for the engine. It is plain data (no
 * classes, no functions), so the build can cache the built-in packs as JSON and the runtime can load
 * them without parsing YAML or validating again.
 */
import type { Loss, QuestionType, Saves, Urgency, VerdictId } from "./constants.js";
import type { CompiledPhrase } from "./scan/compile-phrase.js";

/**
 * A condition over answers and facts, as written after `when:` in a pack. One object type with
 * optional keys (rather than a union) so that errors point at the offending key; the "exactly one
 * of" rules are checked by conditionSchema in schema.ts.
 */
export interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  question?: string;
  fact?: string;
  equals?: string | number | boolean;
  in?: (string | number | boolean)[];
  includes?: string;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  answered?: boolean;
}

/** Where an item was defined, for error messages and `rules list`. */
export interface Origin {
  file: string;
  line: number;
  col: number;
}

export interface Choice {
  id: string;
  label: string;
  /** The label in an operator's words, when the label is the person's ("I paid…"). */
  staffLabel?: string;
  help?: string;
  /** Phrases in call notes that choose this answer. */
  detect?: CompiledPhrase[];
  /** What choosing it says the person has already lost. */
  lost?: Loss;
  /** On a multiple-choice question: it cannot be ticked with any other choice ("None of these"). */
  exclusive?: boolean;
}

/** A phrase that reads a number: the number its `#` matched (times `times`), or a fixed `value`. */
export interface NumberPhrase {
  phrase: CompiledPhrase;
  value?: number;
  times?: number;
}

/** How `scamcheck scan` answers a question from call notes (choices carry their own phrases). */
export interface QuestionDetect {
  yes?: CompiledPhrase[];
  no?: CompiledPhrase[];
  /** Phrases that answer nothing but hide the shorter matches inside them ("anti-virus" for "virus"). */
  ignore?: CompiledPhrase[];
  number?: NumberPhrase[];
  /** Whose doing the question is about: a refusal by the person answers "no" only for "person". */
  about: "caller" | "person";
  /** The choice that stands for "someone else, or not said" (single choice): it yields to named choices. */
  unnamed?: string;
  /** The choice a transcript whose first turn is the caller's gives, when nothing else answers (single choice). */
  openingTurn?: string;
}

export interface Question {
  id: string;
  pack: string;
  text: string;
  staffText?: string;
  help?: string;
  type: QuestionType;
  /** For yes-no questions the choices are yes and no; "not sure" is always accepted besides. */
  choices: Choice[];
  when?: Condition;
  /** Asked before the others because its answer can call for immediate action. */
  urgent: boolean;
  /** Asked before other questions that can change the outcome: the big asks, then a family's opener. */
  priority?: "big-ask" | "opener";
  /** A yes-no question whose "no" answers this one "no" too, unless this one is answered. */
  partOf?: string;
  /** Operator mode: the case detail that answers this question. */
  caseDetail?: "organisation";
  /** Other answers that answer this yes-no question "yes", unless it is answered. */
  yesWhen?: Condition;
  min?: number;
  max?: number;
  unit?: string;
  references: string[];
  detect?: QuestionDetect;
  origin: Origin;
}

export interface Indicator {
  id: string;
  pack: string;
  title: string;
  explanation: string;
  when: Condition;
  weight: number;
  family: string[];
  /** Signs in one group add up to at most the group's maxWeight. */
  group?: string;
  atLeast?: VerdictId;
  /** The floor does not apply when this holds. */
  floorUnless?: Condition;
  /** A reassuring sign's ceiling: while it holds, the score alone gives no band above this. */
  atMost?: VerdictId;
  status: "stable" | "experimental" | "deprecated";
  references: string[];
  falsepositives: string[];
  origin: Origin;
}

export interface Action {
  id: string;
  pack: string;
  text: string;
  help?: string;
  urgency: Urgency;
  immediate: boolean;
  when?: Condition;
  /** Left out when this holds; it includes "the step this one gives way to is given" (`gives_way_to`). */
  unless?: Condition;
  saves: Saves;
  /** Steps with the same topic say the same thing: only the first that applies is given. */
  topic?: string;
  region?: string;
  references: string[];
  origin: Origin;
}

/** A script for help-desk operators: what to ask the caller or the customer, and when. */
export interface StaffPrompt {
  id: string;
  pack: string;
  audience: "caller" | "customer";
  title: string;
  lines: string[];
  when?: Condition;
  references: string[];
  origin: Origin;
}

export interface Letter {
  id: string;
  pack: string;
  title: string;
  region?: string;
  when?: Condition;
  deadlineDays?: number;
  deadlineFrom?: string;
  template: string;
  references: string[];
  origin: Origin;
}

/** Evidence on which a call with no warning signs may end the interview early. */
export interface StopRule {
  id: string;
  pack: string;
  reason: string;
  when: Condition;
  references: string[];
  origin: Origin;
}

export interface VerdictBand {
  id: VerdictId;
  headline: string;
  summary: string;
  minScore?: number;
  minAnswered?: number;
  references: string[];
  origin: Origin;
}

export interface Contact {
  id: string;
  name: string;
  purpose: string;
  phone?: string;
  url?: string;
  hours?: string;
  references: string[];
}

export interface Region {
  id: string;
  name: string;
  locales: string[];
  contacts: Contact[];
  origin: Origin;
}

export interface Family {
  id: string;
  title: string;
  description: string;
  references: string[];
  origin: Origin;
}

export interface SignGroup {
  id: string;
  title: string;
  description?: string;
  maxWeight: number;
  references: string[];
  origin: Origin;
}

export interface PackSummary {
  id: string;
  title: string;
  description?: string;
  version: string;
  file: string;
  counts: { questions: number; indicators: number; actions: number; prompts: number; families: number; groups: number; regions: number; verdicts: number; letters: number };
}

export interface RuleSet {
  /** Bumped when the compiled shape changes, so a stale cache is rebuilt rather than misread. */
  formatVersion: 1;
  packs: PackSummary[];
  families: Family[];
  groups: SignGroup[];
  questions: Question[];
  indicators: Indicator[];
  actions: Action[];
  prompts: StaffPrompt[];
  letters: Letter[];
  stops: StopRule[];
  /** In the order they are tried: the first band whose thresholds are met is the verdict. */
  verdicts: VerdictBand[];
  regions: Region[];
}
