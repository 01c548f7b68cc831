/**
 * Verdict lines for a JSON Lines batch, with the text of recent verdicts kept for reuse.
 *
 * Triage is pure: the same rules, answers and region always give the same verdict. A batch from a
 * help desk's forms or a script repeats answer patterns often (most answers come from a handful of
 * choices), and working a verdict out and writing it as JSON costs about fifty times as much as
 * reading the line, so a case whose answers were seen recently reuses that verdict's text. The
 * store is bounded (the oldest goes first), so memory stays flat on any input. Where nothing
 * repeats, looking cases up only costs (a key for each, a store of verdicts that are never used
 * again), so after a stretch of cases with next to no reuse the store is emptied and set aside for
 * a while, then tried again. Cases that carry extra facts (the case history of --record) are always
 * worked out afresh.
 */
import { caseProblems, FORBIDDEN_KEYS, isPlainObject, isWrappedCase, readCase, validValue, type Answers } from "./answers.js";
import type { AnswerValue } from "./conditions.js";
import { NOT_SURE, type VerdictId } from "./constants.js";
import type { Question, RuleSet } from "./ruleset.js";
import { terminalSafeJson } from "./sanitize.js";
import { assess } from "./interview.js";
import { OUTPUT_SCHEMA_VERSION } from "./verdict-json.js";
import { verdictJsonText } from "./verdict-text.js";
import type { VerdictForm } from "./verdict-forms.js";

export interface BatchVerdict {
  verdict: VerdictId;
  /**
   * The JSON Lines record is `head` followed by `tail` (UTF-8, ending in a line end): together the
   * same text as `terminalSafeJson({ line, ...verdictToJson(assess(…), rules, caseId) })`. The tail is
   * shared by every case with the same answers, so a kept one is bytes, ready to be written; one
   * that is not kept is the text.
   */
  head: string;
  tail: Uint8Array | string;
}

/** Everything in a verdict's JSON after its schema version (and case id), shared by equal cases. */
interface Stored {
  verdict: VerdictId;
  tail: Uint8Array | string;
}

const HEAD = `{"schemaVersion":${OUTPUT_SCHEMA_VERSION},`;
/** Cases looked up before the share reused is judged, the share below which looking up stops, and for how many cases. */
const WINDOW = 1024;
const FEW_REUSED = WINDOW / 32;
const REST = 16 * WINDOW;
const AFTER_BRACE = HEAD.slice(1);
const utf8 = new TextEncoder();

export class BatchVerdicts {
  readonly #rules: RuleSet;
  readonly #capacity: number;
  readonly #recent = new Map<string, Stored>();
  readonly #codes: AnswerCodes;
  readonly #regionCodes: Map<string, number>;
  readonly #form: VerdictForm | undefined;
  /** How many verdicts were reused rather than worked out. */
  reused = 0;
  /** Cases looked up in this window, verdicts reused before it began, and cases left to score without looking up. */
  #looked = 0;
  #reusedBefore = 0;
  #resting = 0;

  /**
   * `capacity`: how many distinct cases' verdicts to keep (0 keeps none). `form`: a compact form to
   * write instead of the full verdict (--brief, --fields), starting with its schemaVersion.
   */
  constructor(rules: RuleSet, capacity = 4096, form?: VerdictForm) {
    this.#form = form;
    this.#rules = rules;
    this.#capacity = Math.max(0, capacity);
    this.#codes = answerCodes(rules);
    this.#regionCodes = new Map(rules.regions.map((r, i) => [r.id, i]));
  }

  /**
   * The record for a parsed batch line: as `verdictFor(line, readCase(doc).answers, …)` gives, with
   * the same AnswerError for a document readCase refuses. A document readCase would take as it
   * stands (known keys, well-formed values) whose answers were seen recently is answered without
   * reading it as a case at all: no map of answers, no second pass for the key.
   */
  verdictForDocument(line: number, doc: unknown, region: string | undefined): BatchVerdict {
    const lookUp = this.#lookingUp();
    const quick = lookUp ? this.#quickKey(doc, region) : undefined;
    const stored = quick === undefined ? undefined : this.#recent.get(quick.key);
    if (stored && quick) {
      this.reused++;
      return this.#record(line, stored, quick.caseId);
    }
    const input = readCase(doc, this.#rules);
    const record = this.#verdictFor(line, input.answers, input.region ?? region, input.id, lookUp);
    // Keys out of question order give another key for the same case: keep the verdict under it too.
    if (quick && !this.#recent.has(quick.key)) this.#remember(quick.key, { verdict: record.verdict, tail: record.tail as Uint8Array });
    return record;
  }

  /** The record for batch line `line`. */
  verdictFor(line: number, answers: Answers, region: string | undefined, caseId?: string): BatchVerdict {
    return this.#verdictFor(line, answers, region, caseId, this.#lookingUp());
  }

  #verdictFor(line: number, answers: Answers, region: string | undefined, caseId: string | undefined, lookUp: boolean): BatchVerdict {
    const key = lookUp ? keyOf(this.#codes, this.#regionCodes, answers, region) : undefined;
    const stored = key === undefined ? undefined : this.#recent.get(key);
    if (stored) {
      this.reused++;
      return this.#record(line, stored, caseId);
    }
    // As `check --answers` scores one case: the open questions in the order the interview asks them.
    const result = assess(this.#rules, answers, region === undefined ? {} : { region });
    const text = this.#form ? terminalSafeJson(this.#form(result, this.#rules)) : verdictJsonText(result, this.#rules);
    if (!text.startsWith(HEAD)) throw new Error("a verdict's JSON must start with its schemaVersion");
    const tail = `${text.slice(HEAD.length)}\n`;
    if (key === undefined) return this.#record(line, { verdict: result.verdict.id, tail }, caseId);
    const kept = { verdict: result.verdict.id, tail: utf8.encode(tail) };
    this.#remember(key, kept);
    return this.#record(line, kept, caseId);
  }

  /** Whether to look this case up (see the top of this file). */
  #lookingUp(): boolean {
    if (this.#capacity === 0) return false;
    if (this.#resting > 0) {
      this.#resting--;
      return false;
    }
    if (++this.#looked > WINDOW) {
      if (this.reused - this.#reusedBefore < FEW_REUSED) {
        this.#recent.clear();
        this.#resting = REST;
      }
      this.#looked = 0;
      this.#reusedBefore = this.reused;
    }
    return true;
  }

  #remember(key: string, stored: Stored): void {
    // Full: the oldest goes. (Moving each reused verdict to the back, as a strict least-recently-used
    // store would, costs more than working out again the few that leave too early.)
    if (this.#recent.size >= this.#capacity) this.#recent.delete(this.#recent.keys().next().value as string);
    this.#recent.set(key, stored);
  }

  #record(line: number, stored: Stored, caseId: string | undefined): BatchVerdict {
    const id = caseId === undefined ? "" : `"id":${terminalSafeJson(caseId)},`;
    return { verdict: stored.verdict, head: `{"line":${line},${AFTER_BRACE}${id}`, tail: stored.tail };
  }

  /**
   * The key of the case readCase would read from `doc`, with its answers in the document's own
   * order (the same as keyOf's when that is question order), or undefined for anything readCase
   * would have to look at more closely (a problem with the case's fields, unknown or reserved keys,
   * a value that is not well formed, null answers): those take the long way.
   */
  #quickKey(doc: unknown, defaultRegion: string | undefined): { key: string; caseId: string | undefined } | undefined {
    if (!isPlainObject(doc)) return undefined;
    let answers = doc;
    let caseId: string | undefined;
    let region = defaultRegion;
    if (isWrappedCase(doc)) {
      // Checked as readCase checks it, so the two cannot disagree on what a good case is.
      if (caseProblems(doc, this.#rules).length > 0) return undefined;
      if (typeof doc.id === "string") caseId = doc.id;
      if (typeof doc.region === "string") region = doc.region;
      answers = doc.answers;
    }
    // The answers in the document's own order: a script writes its keys in one order, so its
    // repeated cases meet this key again (the verdict is kept under it as well; see verdictForDocument).
    const codesOut = startKey(this.#regionCodes, region);
    for (const id in answers) {
      if (!Object.hasOwn(answers, id) || FORBIDDEN_KEYS.has(id)) return undefined;
      const codes = this.#codes.get(id);
      if (codes === undefined || !pushValid(codes, answers[id], codesOut)) return undefined;
    }
    return { key: keyText(codesOut), caseId };
  }
}

/**
 * One short string per distinct case. Each answer is written as character codes: its question's
 * position, a tag for the kind of answer, then the answer itself (the chosen choice's position, a
 * bit set for lists of choices, or the text of a number or text answer with its length in front).
 * Every part says how long it is, so a key is read back one way only, and two cases share a key
 * only if their answers and region are equal. Answers are held in the rules' question order, so
 * equal answers give equal keys.
 */
function keyOf(codes: AnswerCodes, regions: Map<string, number>, answers: Answers, region: string | undefined): string {
  const out = startKey(regions, region);
  for (const [id, value] of answers) pushAnswer(codes.get(id) as QuestionCodes, value, out);
  return keyText(out);
}

// One array of character codes is reused for every key: a key then costs one string, not one per part.
const scratch: number[] = [];
const TAG = { choice: 1, text: 2, number: 3, bits: 4, list: 5, region: 6 } as const;

function startKey(regions: Map<string, number>, region: string | undefined): number[] {
  scratch.length = 0;
  if (region === undefined) scratch.push(0);
  else {
    const known = regions.get(region);
    if (known !== undefined && known < 0xffff) scratch.push(known + 1);
    else pushText(TAG.region, region, scratch); // a region no pack defines (the library allows it)
  }
  return scratch;
}

function pushAnswer(codes: QuestionCodes, value: AnswerValue, out: number[]): void {
  out.push(codes.position & 0xffff, codes.position >>> 16);
  if (typeof value === "string") {
    const choice = codes.choices.get(value);
    if (choice !== undefined && choice <= 0xffff) out.push(TAG.choice, choice);
    else pushText(TAG.text, value, out);
  } else if (typeof value === "number") pushText(TAG.number, String(value), out);
  else if (codes.choices.size <= 32) {
    let bits = 0;
    for (const v of value) bits |= 1 << (codes.choices.get(v) as number);
    out.push(TAG.bits, bits & 0xffff, bits >>> 16);
  } else pushText(TAG.list, JSON.stringify(value), out);
}

/** pushAnswer(validValue(value)), or false (and nothing to rely on in `out`) for a value readCase must look at. */
function pushValid(codes: QuestionCodes, value: unknown, out: number[]): boolean {
  const valid = validValue(codes.question, value);
  if (valid === undefined) return false;
  pushAnswer(codes, valid, out);
  return true;
}

function pushText(tag: number, text: string, out: number[]): void {
  out.push(tag, text.length & 0xffff, text.length >>> 16);
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i));
}

function keyText(codes: number[]): string {
  if (codes.length <= 4096) return String.fromCharCode(...codes);
  let text = "";
  for (let i = 0; i < codes.length; i += 4096) text += String.fromCharCode(...codes.slice(i, i + 4096));
  return text;
}

/** Per question: its position and its choices' positions ("not-sure" first). */
interface QuestionCodes {
  question: Question;
  position: number;
  choices: Map<string, number>;
}
type AnswerCodes = Map<string, QuestionCodes>;
function answerCodes(rules: RuleSet): AnswerCodes {
  return new Map(
    rules.questions.map((q, i) => [q.id, { question: q, position: i, choices: new Map([NOT_SURE, ...q.choices.map((c) => c.id)].map((id, n) => [id, n])) }]),
  );
}
