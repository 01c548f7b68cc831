/**
 * Check and compile a question's `detect:` block (and its choices') when packs load, so a bad
 * phrase is a positioned load-time error like any other rule mistake, never a slow or wrong scan.
 */
import type { Path } from "../load-pack.js";
import type { Choice, NumberPhrase, QuestionDetect } from "../ruleset.js";
import type { QuestionInput } from "../schema.js";
import { compilePhrase, MAX_ALTERNATIVES, MAX_PHRASE_LENGTH, PhraseError, type CompiledPhrase } from "./compile-phrase.js";

export interface CompiledDetect {
  detect?: QuestionDetect;
  /** Compiled phrases of each choice that has any, by choice id. */
  choices: Map<string, NonNullable<Choice["detect"]>>;
}

export type ReportProblem = (path: Path, code: string, message: string) => void;

/**
 * `path`s given to `report` and `onPhrase` are relative to the question; `onPhrase` hears of each
 * phrase that compiled, with its place, so the rule set's matching budget can name it.
 */
export function compileDetect(question: QuestionInput, report: ReportProblem, onPhrase?: (phrase: CompiledPhrase, path: Path) => void): CompiledDetect {
  const choices = new Map<string, CompiledPhrase[]>();
  const compileAll = (sources: readonly string[], at: Path): CompiledPhrase[] => {
    const out: CompiledPhrase[] = [];
    sources.forEach((source, i) => {
      const phrase = compileOne(source, [...at, i], report);
      if (!phrase) return;
      out.push(phrase);
      onPhrase?.(phrase, [...at, i]);
    });
    return out;
  };

  const input = question.detect;
  const type = question.type;
  if (input) {
    if ((input.yes || input.no) && type !== "yes-no")
      report(["detect", input.yes ? "yes" : "no"], "detect-type", `'yes' and 'no' phrases are for yes-no questions; a '${type}' question puts phrases on its choices`);
    if (input.number && type !== "number")
      report(["detect", "number"], "detect-type", `'number' phrases are for number questions, not a '${type}' question`);
    if (type === "text") report(["detect"], "detect-type", "text questions cannot be answered from notes; remove 'detect'");
  }
  const forms = input?.organisation_forms ?? [];
  forms.forEach((form, i) => {
    if (type !== "single") report(["detect", "organisation_forms"], "detect-type", `'organisation_forms' are for single-choice questions, not a '${type}' question`);
    else if (form.split(/\s+/).filter((w) => w === ORG).length !== 1) report(["detect", "organisation_forms", i], "detect-org", `form ${JSON.stringify(form)} needs '${ORG}' once, standing alone, for the organisation's name`);
  });
  (question.choices ?? []).forEach((choice, i) => {
    const phrases = choice.detect ? compileAll(choice.detect, ["choices", i, "detect"]) : [];
    if (choice.organisations) {
      if (forms.length === 0) report(["choices", i, "organisations"], "detect-org", "'organisations' need the question's 'detect.organisation_forms' to say how notes name them");
      // Check each name on its own, so a mistake points at the name, not at a generated phrase.
      const names = choice.organisations.filter((name, k) => compileOne(name, ["choices", i, "organisations", k], report) !== undefined);
      forms.forEach((form, f) => {
        if (form.split(/\s+/).filter((w) => w === ORG).length !== 1) return;
        // The names go into the form as {a|b|…} groups, as many phrases as the limits on length need.
        for (const group of nameGroups(names, MAX_PHRASE_LENGTH - (form.length - ORG.length) - 2)) {
          const phrase = compileOne(form.replace(ORG, group.length === 1 ? (group[0] as string) : `{${group.join("|")}}`), ["detect", "organisation_forms", f], report);
          if (phrase) phrases.push(phrase);
        }
      });
    }
    if (choice.detect || choice.organisations) choices.set(choice.id, phrases);
  });
  if (!input) return { choices };

  const detect: QuestionDetect = { about: input.about ?? "caller" };
  if (input.unnamed !== undefined) {
    if (type !== "single") report(["detect", "unnamed"], "detect-type", `'unnamed' is for single-choice questions, not a '${type}' question`);
    else if (!(question.choices ?? []).some((c) => c.id === input.unnamed)) report(["detect", "unnamed"], "detect-unnamed", `'unnamed' names '${input.unnamed}', which is not one of this question's choices`);
    else detect.unnamed = input.unnamed;
  }
  if (input.opening_turn !== undefined) {
    if (type !== "single") report(["detect", "opening_turn"], "detect-type", `'opening_turn' is for single-choice questions, not a '${type}' question`);
    else if (!(question.choices ?? []).some((c) => c.id === input.opening_turn)) report(["detect", "opening_turn"], "detect-opening-turn", `'opening_turn' names '${input.opening_turn}', which is not one of this question's choices`);
    else detect.openingTurn = input.opening_turn;
  }
  if (input.yes) detect.yes = compileAll(input.yes, ["detect", "yes"]);
  if (input.no) detect.no = compileAll(input.no, ["detect", "no"]);
  if (input.ignore) detect.ignore = compileAll(input.ignore, ["detect", "ignore"]);
  if (input.number) {
    const numbers: NumberPhrase[] = [];
    input.number.forEach((entry, i) => {
      const spec = typeof entry === "string" ? { phrase: entry } : entry;
      const at: Path = typeof entry === "string" ? ["detect", "number", i] : ["detect", "number", i, "phrase"];
      const phrase = compileOne(spec.phrase, at, report);
      if (!phrase) return;
      onPhrase?.(phrase, at);
      const slots = phrase.steps.filter((s) => "number" in s || ("anyOf" in s && s.anyOf.some((o) => o.some((w) => "number" in w)))).length;
      if (spec.value !== undefined) {
        if (spec.times !== undefined) report(["detect", "number", i, "times"], "detect-number", "give either 'value' or 'times', not both");
        if (slots > 0) report(at, "detect-number", `phrase ${JSON.stringify(spec.phrase)} has a '#' but also a fixed 'value'; remove one`);
      } else if (slots !== 1) {
        report(at, "detect-number", `phrase ${JSON.stringify(spec.phrase)} needs exactly one '#' for the number it reads (or a fixed 'value')`);
      }
      numbers.push({ phrase, ...(spec.value !== undefined && { value: spec.value }), ...(spec.times !== undefined && { times: spec.times }) });
    });
    detect.number = numbers;
  }
  return { detect, choices };
}

/** What stands for the organisation's name in an `organisation_forms` phrase. */
const ORG = "@org";
/** The names in groups that fit one `{a|b|…}` each: at most `chars` characters and MAX_ALTERNATIVES names. */
function nameGroups(names: readonly string[], chars: number): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let used = 0;
  for (const name of names) {
    if (group.length > 0 && (group.length >= MAX_ALTERNATIVES || used + name.length + 1 > chars)) {
      groups.push(group);
      group = [];
      used = 0;
    }
    group.push(name);
    used += name.length + 1;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function compileOne(source: string, at: Path, report: ReportProblem): CompiledPhrase | undefined {
  try {
    return compilePhrase(source);
  } catch (error) {
    if (!(error instanceof PhraseError)) throw error;
    report(at, "bad-phrase", `phrase ${JSON.stringify(source)}: ${error.message} (at character ${error.offset + 1})`);
    return undefined;
  }
}
