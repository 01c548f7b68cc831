/**
 * Verdict lines for a JSON Lines batch, with the text of recent verdicts kept for reuse.
 *
 * Triage is pure: the same rules, answers and region always give the same verdict. A batch from a
 * help desk's forms or a script repeats answer patterns often (most answers come from a handful of
 * choices), and working a verdict out and writing it as JSON costs about fifty times as much as
 * reading the line, so a case whose answers were seen recently reuses that verdict's text. The
 * store is bounded (the oldest goes first), so memory stays flat on any input. Cases that
 * carry extra facts (the case history of --record) are always worked out afresh.
 */
import type { Answers } from "./answers.js";
import { NOT_SURE, type VerdictId } from "./constants.js";
import type { RuleSet } from "./ruleset.js";
import { triage } from "./triage.js";
import { OUTPUT_SCHEMA_VERSION, verdictToJson } from "./verdict-json.js";

export interface BatchVerdict {
  verdict: VerdictId;
  /**
   * The JSON Lines record is `head` followed by `tail` (UTF-8, ending in a line end): together the
   * same text as `JSON.stringify({ line, ...verdictToJson(result, rules, caseId) })`. The tail is
   * shared by every case with the same answers, so it is kept as bytes, ready to be written.
   */
  head: string;
  tail: Uint8Array;
}

/** Everything in a verdict's JSON after its schema version (and case id), shared by equal cases. */
interface Stored {
  verdict: VerdictId;
  tail: Uint8Array;
}

const HEAD = `{"schemaVersion":${OUTPUT_SCHEMA_VERSION},`;
const utf8 = new TextEncoder();

export class BatchVerdicts {
  readonly #rules: RuleSet;
  readonly #capacity: number;
  readonly #recent = new Map<string, Stored>();
  readonly #codes: AnswerCodes;
  /** How many verdicts were reused rather than worked out. */
  reused = 0;

  /** `capacity`: how many distinct cases' verdicts to keep (0 keeps none). */
  constructor(rules: RuleSet, capacity = 4096) {
    this.#rules = rules;
    this.#capacity = Math.max(0, capacity);
    this.#codes = answerCodes(rules);
  }

  /** The record for batch line `line`. */
  verdictFor(line: number, answers: Answers, region: string | undefined, caseId?: string): BatchVerdict {
    const key = this.#capacity > 0 ? keyOf(this.#codes, answers, region) : undefined;
    let stored = key === undefined ? undefined : this.#recent.get(key);
    if (stored) this.reused++;
    else {
      const result = triage(this.#rules, answers, region === undefined ? {} : { region });
      const whole = JSON.stringify(verdictToJson(result, this.#rules));
      stored = { verdict: result.verdict.id, tail: utf8.encode(`${whole.slice(HEAD.length)}\n`) };
      if (key !== undefined) {
        // Full: the oldest goes. (Moving each reused verdict to the back, as a strict least-recently-used
        // store would, costs more than working out again the few that leave too early.)
        if (this.#recent.size >= this.#capacity) this.#recent.delete(this.#recent.keys().next().value as string);
        this.#recent.set(key, stored);
      }
    }
    const id = caseId === undefined ? "" : `"id":${JSON.stringify(caseId)},`;
    return { verdict: stored.verdict, head: `{"line":${line},${HEAD.slice(1)}${id}`, tail: stored.tail };
  }
}

/**
 * One short string per distinct case, built from each answer's place in the rules: the question's
 * position, then the chosen choice's position (a bit set for lists of choices). Answers are held in
 * the rules' question order, so equal answers give equal keys. Numbers and text, which have no
 * choices, are written out, text with its length in front so no text answer can pass for two. A
 * question's type fixes how its answer is written, so two cases share a key only if they are equal.
 */
function keyOf(codes: AnswerCodes, answers: Answers, region: string | undefined): string {
  let key = region ?? "";
  for (const [id, value] of answers) {
    const question = codes.get(id) as { at: string; choices: Map<string, number> };
    key += question.at;
    if (typeof value === "string") {
      const choice = question.choices.get(value);
      key += choice !== undefined ? String.fromCharCode(choice) : `s${value.length}:${value}`;
    } else if (typeof value === "number") key += `n${value};`;
    else if (question.choices.size <= 31) {
      let bits = 0;
      for (const v of value) bits |= 1 << (question.choices.get(v) as number);
      key += `m${bits};`;
    } else key += `j${JSON.stringify(value)}`;
  }
  return key;
}

/** Per question: the character for its position, and its choices' positions ("not-sure" included). */
type AnswerCodes = Map<string, { at: string; choices: Map<string, number> }>;
function answerCodes(rules: RuleSet): AnswerCodes {
  // Positions start at 0xE000, far above the letters and digits the written-out answers use.
  return new Map(
    rules.questions.map((q, i) => [q.id, { at: String.fromCharCode(0xe000 + i), choices: new Map([NOT_SURE, ...q.choices.map((c) => c.id)].map((id, n) => [id, n])) }]),
  );
}
