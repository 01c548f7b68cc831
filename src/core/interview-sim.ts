/**
 * The interview measured: run the real interview (core/interview.ts) over scenarios (pack test
 * cases and labelled call notes), answering each question from the scenario and "not sure" to
 * anything it does not say, and compare where it stops with the verdict from every answer the
 * scenario gives. `npm run bench` prints the figures and a
 * test guards them, so both measure the behaviour people get rather than a model of it.
 */
import { parse } from "yaml";
import { readAnswers, type Answers } from "./answers.js";
import type { AnswerValue } from "./conditions.js";
import { MAX_NOW_STEPS, NOT_SURE, type VerdictId } from "./constants.js";
import { interviewState, type StepReason } from "./interview.js";
import { stepClassOf } from "./step-classes.js";
import { packTestSchema } from "./pack-tests.js";
import type { RuleSet } from "./ruleset.js";
import { inferAnswers } from "./scan/infer-answers.js";
import { triage, type TriageOptions } from "./triage.js";

export interface Scenario {
  name: string;
  file: string;
  legit: boolean;
  answers: Answers;
  options: TriageOptions;
}

/** Every case of pack test files, with the answers its notes give filled in as the pack tests do. */
export function packTestScenarios(files: readonly { name: string; text: string }[], rules: RuleSet): Scenario[] {
  return files.flatMap((f) =>
    packTestSchema.parse(parse(f.text)).cases.map((c) => {
      let answers = readAnswers(c.answers, rules, "answers");
      if (c.notes !== undefined) answers = new Map([...inferAnswers(rules, c.notes, { known: answers }).answers, ...answers]);
      const options: TriageOptions = { ...(c.region !== undefined && { region: c.region }), ...(c.staff !== undefined && { staff: c.staff }), ...(c.facts && { facts: c.facts }) };
      return { name: c.name, file: f.name, legit: c.legit ?? false, answers, options };
    }),
  );
}

/**
 * Labelled call notes (tests/scan: `notes:` lists of `id`, `legit` and the `answers` a careful
 * reader takes from the text): the answers as a person would give them in the interview.
 */
export function labelledNoteScenarios(files: readonly { name: string; text: string }[], rules: RuleSet): Scenario[] {
  return files.flatMap((f) => {
    const doc = parse(f.text) as { notes?: { id: string; legit?: boolean; answers?: Record<string, unknown> }[] };
    return (doc.notes ?? []).map((n) => ({ name: n.id, file: f.name, legit: n.legit ?? false, answers: readAnswers(n.answers ?? {}, rules, "answers"), options: {} }));
  });
}

export interface SimulatedRun {
  scenario: Scenario;
  asked: string[];
  /** Why each was asked. */
  why: StepReason[];
  verdict: VerdictId;
  /** The verdict from every answer the scenario gives, as `check --answers` scores it. */
  fullVerdict: VerdictId;
  /** Why the interview stopped. */
  stopped: string;
  /**
   * Steps among the first MAX_NOW_STEPS "now" steps that asking every question would give (answered
   * from the scenario, "not sure" to the rest) but that were never shown during or at the end of the
   * interview.
   */
  hiddenNow: string[];
}

/** Run the interview over one scenario. */
export function simulate(rules: RuleSet, scenario: Scenario): SimulatedRun {
  // A step counts as shown when one that says the same thing (its topic) was.
  const topicOf = (id: string) => rules.actions.find((a) => a.id === id)?.topic ?? id;
  const answerFor = (id: string): AnswerValue => scenario.answers.get(id) ?? NOT_SURE;
  const answers: Answers = new Map();
  const asked: string[] = [];
  const why: StepReason[] = [];
  const shownNow = new Set<string>();
  let stopped = "";
  for (let guard = 0; guard <= rules.questions.length; guard++) {
    const state = interviewState(rules, answers, scenario.options);
    for (const a of state.result.actions) if (a.urgency === "now") shownNow.add(topicOf(a.id));
    if (!state.next) {
      stopped = state.stop?.reason ?? "";
      break;
    }
    asked.push(state.next.question.id);
    why.push(state.next.reason);
    answers.set(state.next.question.id, answerFor(state.next.question.id));
  }
  const end = triage(rules, answers, scenario.options);
  const full = triage(rules, scenario.answers, scenario.options);
  const everything = triage(rules, askEverything(rules, answers, answerFor, scenario.options), scenario.options);
  const firstNow = everything.actions.filter((a) => a.urgency === "now").slice(0, MAX_NOW_STEPS);
  return {
    scenario,
    asked,
    why,
    verdict: end.verdict.id,
    fullVerdict: full.verdict.id,
    stopped,
    hiddenNow: firstNow.filter((a) => !shownNow.has(topicOf(a.id))).map((a) => a.id),
  };
}

/** Go on asking ("answer a few more") until nothing applies, from where the interview stopped. */
function askEverything(rules: RuleSet, from: Answers, answerFor: (id: string) => AnswerValue, options: TriageOptions): Answers {
  const answers: Answers = new Map(from);
  for (let guard = 0; guard <= rules.questions.length; guard++) {
    const next = interviewState(rules, answers, { ...options, extra: true }).next;
    if (!next) break;
    answers.set(next.question.id, answerFor(next.question.id));
  }
  return answers;
}

export interface GroupFigures {
  cases: number;
  median: number;
  p95: number;
  max: number;
}

export interface InterviewFigures {
  cases: number;
  /** By the verdict from all answers: flagged (scam, likely-scam), genuine (look-alike legitimate calls), other. */
  groups: Record<"flagged" | "genuine" | "other", GroupFigures>;
  all: GroupFigures;
  /** Share of cases whose band when the interview stops leads to the same steps as the band from all answers. */
  agreement: number;
  /** Share with exactly the same band. */
  exactAgreement: number;
  /** Flagged cases that ended below suspicious (must be none). */
  missedScams: string[];
  /** Cases where one of the first "now" steps from asking everything was never shown (must be none). */
  hiddenNow: string[];
  disagreements: string[];
}

const FLAGGED: readonly VerdictId[] = ["scam", "likely-scam"];
const BELOW_SUSPICIOUS: readonly VerdictId[] = ["not-enough-information", "no-warning-signs"];

function figures(counts: number[]): GroupFigures {
  const s = [...counts].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
  return { cases: s.length, median: at(0.5), p95: at(0.95), max: s.at(-1) ?? 0 };
}

export function summarise(rules: RuleSet, runs: readonly SimulatedRun[]): InterviewFigures {
  const label = (r: SimulatedRun) => `${r.scenario.file}: ${r.scenario.name}`;
  const group = (r: SimulatedRun) => (r.scenario.legit ? "genuine" : FLAGGED.includes(r.fullVerdict) ? "flagged" : "other");
  const pick = (g: string) => figures(runs.filter((r) => group(r) === g).map((r) => r.asked.length));
  const same = runs.filter((r) => stepClassOf(rules, r.verdict) === stepClassOf(rules, r.fullVerdict));
  return {
    cases: runs.length,
    groups: { flagged: pick("flagged"), genuine: pick("genuine"), other: pick("other") },
    all: figures(runs.map((r) => r.asked.length)),
    agreement: same.length / Math.max(1, runs.length),
    exactAgreement: runs.filter((r) => r.verdict === r.fullVerdict).length / Math.max(1, runs.length),
    missedScams: runs.filter((r) => FLAGGED.includes(r.fullVerdict) && BELOW_SUSPICIOUS.includes(r.verdict)).map(label),
    hiddenNow: runs.filter((r) => r.hiddenNow.length > 0).map((r) => `${label(r)}: ${r.hiddenNow.join(", ")}`),
    disagreements: runs.filter((r) => !same.includes(r)).map((r) => `${label(r)}: stopped at ${r.verdict} (${r.stopped}), all answers give ${r.fullVerdict}`),
  };
}
