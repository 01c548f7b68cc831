/**
 * Facts are what the tool knows besides the answers: the person's region, the verdict (for actions),
 * and what the case history says about the number that called. Rule packs decide what a fact is
 * worth; this registry only says which facts exist and what kind of value they hold.
 */
export interface FactSpec {
  type: "string" | "number" | "boolean";
  description: string;
  /** Facts known only after scoring, usable in actions but not in indicators or questions. */
  actionsOnly?: boolean;
  /** Facts the interview works out, usable only in its stop rules. */
  stopsOnly?: boolean;
}

export const FACTS: Readonly<Record<string, FactSpec>> = Object.freeze({
  region: { type: "string", description: "The person's region id (from --region or the locale), absent when unknown." },
  verdict: { type: "string", description: "The verdict band id.", actionsOnly: true },
  opener: {
    type: "string",
    description: "'no' when every applying 'opener' question was answered no, 'yes' when one was answered yes; absent otherwise.",
    stopsOnly: true,
  },
  "trusted.name": { type: "string", description: "The name of the person's trusted contact (from the config file), absent when none is set." },
  "trusted.phone": { type: "string", description: "The trusted contact's phone number." },
  staff: { type: "boolean", description: "True when a help-desk operator is running the triage." },
  "history.sameNumberCases": { type: "number", description: "Earlier cases in the case log with the same calling number." },
  "history.sameNumberScamCases": {
    type: "number",
    description: "Earlier cases with the same calling number whose verdict was scam or likely-scam.",
  },
});

/** A fact named in a step's text, such as {trusted.name}: filled in from the facts of the case. */
export const PLACEHOLDER = /\{([a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)*)\}/g;
