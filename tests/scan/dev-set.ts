/**
 * The labelled call notes (README.md beside this file) and how `inferAnswers` measures up on them:
 * per-question precision and recall of inferred answers, and verdict agreement.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { readAnswers, type Answers } from "../../src/core/answers.js";
import type { AnswerValue } from "../../src/core/conditions.js";
import { NOT_SURE, type VerdictId } from "../../src/core/constants.js";
import type { RuleSet } from "../../src/core/ruleset.js";
import { inferAnswers, type Evidence } from "../../src/core/scan/index.js";
import { triage } from "../../src/core/triage.js";

export interface LabelledNote {
  id: string;
  file: string;
  style: string;
  legit: boolean;
  verdict: VerdictId;
  text: string;
  answers: Record<string, unknown>;
}

export const DEV_DIR = join(__dirname, "dev");
export const HOLDOUT_FILE = join(__dirname, "holdout.yaml");

export function readNotes(files: readonly string[]): LabelledNote[] {
  return files.flatMap((file) => {
    const doc = parse(readFileSync(file, "utf8")) as { notes: Omit<LabelledNote, "file">[] };
    return doc.notes.map((n) => ({ ...n, legit: n.legit ?? false, file }));
  });
}

export const devFiles = () =>
  readdirSync(DEV_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join(DEV_DIR, f));

/** Counts for one question. Multiple-choice answers count per choice. */
export interface QuestionScore {
  question: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface NoteResult {
  note: LabelledNote;
  expected: Answers;
  inferred: Answers;
  evidence: Evidence[];
  verdict: VerdictId;
  /** The verdict the labelled answers themselves give (a check on the labels). */
  labelledVerdict: VerdictId;
  /** Wrong inferred answers, as "question: got X, expected Y". */
  wrong: string[];
  missed: string[];
}

export interface Evaluation {
  notes: NoteResult[];
  byQuestion: QuestionScore[];
  total: QuestionScore;
  precision: number;
  recall: number;
  verdictAgreement: number;
  legitCalledScam: string[];
}

const items = (v: AnswerValue | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? (v.length === 0 ? [] : v.map(String)) : [String(v)];

export function evaluate(rules: RuleSet, notes: readonly LabelledNote[]): Evaluation {
  const scores = new Map<string, QuestionScore>();
  const score = (q: string) => {
    let s = scores.get(q);
    if (!s) scores.set(q, (s = { question: q, truePositives: 0, falsePositives: 0, falseNegatives: 0 }));
    return s;
  };
  const results: NoteResult[] = [];
  for (const note of notes) {
    const expected = readAnswers(note.answers, rules, `${note.id}.answers`);
    const { answers: inferred, evidence } = inferAnswers(rules, note.text);
    const wrong: string[] = [];
    const missed: string[] = [];
    for (const q of rules.questions) {
      const want = expected.get(q.id);
      const got = inferred.get(q.id);
      if (want === undefined && got === undefined) continue;
      const s = score(q.id);
      if (q.type === "multiple" && want !== NOT_SURE && got !== NOT_SURE) {
        const w = new Set(items(want));
        const g = new Set(items(got));
        for (const c of g) {
          if (w.has(c)) s.truePositives++;
          else {
            s.falsePositives++;
            wrong.push(`${q.id}: got ${c}, expected ${[...w].join(", ") || "nothing"}`);
          }
        }
        for (const c of w)
          if (!g.has(c)) {
            s.falseNegatives++;
            missed.push(`${q.id}: ${c}`);
          }
        continue;
      }
      if (got !== undefined && want !== undefined && String(got) === String(want)) s.truePositives++;
      else {
        if (got !== undefined) {
          s.falsePositives++;
          wrong.push(`${q.id}: got ${String(got)}, expected ${want === undefined ? "nothing" : String(want)}`);
        }
        if (want !== undefined) {
          s.falseNegatives++;
          missed.push(`${q.id}: ${String(want)}`);
        }
      }
    }
    results.push({
      note,
      expected,
      inferred,
      evidence,
      verdict: triage(rules, inferred).verdict.id,
      labelledVerdict: triage(rules, expected).verdict.id,
      wrong,
      missed,
    });
  }
  const byQuestion = rules.questions.map((q) => scores.get(q.id)).filter((s): s is QuestionScore => s !== undefined);
  const total = byQuestion.reduce(
    (t, s) => ({ ...t, truePositives: t.truePositives + s.truePositives, falsePositives: t.falsePositives + s.falsePositives, falseNegatives: t.falseNegatives + s.falseNegatives }),
    { question: "all", truePositives: 0, falsePositives: 0, falseNegatives: 0 },
  );
  return {
    notes: results,
    byQuestion,
    total,
    precision: ratio(total.truePositives, total.truePositives + total.falsePositives),
    recall: ratio(total.truePositives, total.truePositives + total.falseNegatives),
    verdictAgreement: ratio(results.filter((r) => r.verdict === r.note.verdict).length, results.length),
    legitCalledScam: results.filter((r) => r.note.legit && r.verdict === "scam").map((r) => r.note.id),
  };
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/** The per-question table, for the test log and the closing note. */
export function formatTable(e: Evaluation, title: string): string {
  const pct = (a: number, b: number) => (b === 0 ? "   -  " : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
  const rows = [...e.byQuestion, e.total].map((s) => {
    const p = pct(s.truePositives, s.truePositives + s.falsePositives);
    const r = pct(s.truePositives, s.truePositives + s.falseNegatives);
    return `${s.question.padEnd(24)} ${String(s.truePositives).padStart(4)} ${String(s.falsePositives).padStart(4)} ${String(s.falseNegatives).padStart(4)}   ${p}  ${r}`;
  });
  const agree = e.notes.filter((r) => r.verdict === r.note.verdict).length;
  return [
    title,
    `${"question".padEnd(24)}   TP   FP   FN   precision  recall`,
    ...rows.slice(0, -1),
    "-".repeat(70),
    rows[rows.length - 1],
    `verdict agreement: ${agree}/${e.notes.length} (${((100 * agree) / Math.max(1, e.notes.length)).toFixed(1)}%); legitimate notes called scam: ${e.legitCalledScam.length}`,
  ].join("\n");
}
