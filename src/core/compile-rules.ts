/**
 * Merge parsed packs into one rule set and check the collection as a whole: duplicate ids,
 * conditions naming unknown questions or choices, questions that depend on later questions, items
 * that can never trigger, and verdict bands. Every problem comes back with its file:line:col.
 */
import { factsIn, holds, leavesOf, questionsIn, type AnswerValue, type FactValue } from "./conditions.js";
import { compareDiagnostics, didYouMean, hasErrors, type Diagnostic } from "./diagnostics.js";
import { FACTS, PLACEHOLDER } from "./facts.js";
import type { ParsedPack, Path } from "./load-pack.js";
import type { Action, Condition, Family, Indicator, Letter, Question, Region, RuleSet, StaffPrompt, StopRule, VerdictBand } from "./ruleset.js";
import { NOT_SURE, VERDICT_IDS, type PackInput } from "./schema.js";
import { LETTER_FIELDS } from "./constants.js";
import { compileDetect, type CompiledDetect } from "./scan/compile-detect.js";
import type { CompiledPhrase } from "./scan/compile-phrase.js";
import { buildMatcher, KEY_WORK_BUDGET, overBudget } from "./scan/match-phrases.js";

export interface CompileResult {
  rules?: RuleSet;
  diagnostics: Diagnostic[];
}

type Kind = "families" | "groups" | "questions" | "indicators" | "actions" | "prompts" | "stops" | "verdicts" | "regions" | "letters";
const KINDS: readonly Kind[] = ["families", "groups", "questions", "indicators", "actions", "prompts", "stops", "verdicts", "regions", "letters"];
const KIND_NAMES: Record<Kind, string> = {
  families: "family",
  groups: "group",
  questions: "question",
  indicators: "indicator",
  actions: "action",
  prompts: "staff prompt",
  stops: "stop rule",
  verdicts: "verdict band",
  regions: "region",
  letters: "letter",
};

interface Placed<T> {
  item: T;
  pack: ParsedPack;
  path: Path;
}

export interface CompileOptions {
  /** Require all five verdict bands (true for a runnable rule set; false to check a pack on its own). */
  requireVerdicts?: boolean;
}

export function compileRules(inputs: readonly ParsedPack[], options: CompileOptions = {}): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const error = (pack: ParsedPack, path: Path, code: string, message: string) => {
    const pos = pack.locate(path);
    diagnostics.push({ file: pack.file, line: pos.line, col: pos.col, severity: "error", code, message });
  };
  const where = (p: Placed<unknown>) => {
    const pos = p.pack.locate(p.path);
    return `${p.pack.file}:${pos.line}:${pos.col}`;
  };

  const packs = orderPacks(inputs);
  const seenPackIds = new Map<string, ParsedPack>();
  for (const pack of packs) {
    for (const { path, url, why } of unfitReferences(pack.data)) {
      const pos = pack.locate(path);
      diagnostics.push({ file: pack.file, line: pos.line, col: pos.col, severity: "warning", code: "reference-host", message: `reference ${url} ${why}; cite the public page itself` });
    }
    const earlier = seenPackIds.get(pack.data.pack.id);
    if (earlier) error(pack, ["pack", "id"], "duplicate-id", `pack id '${pack.data.pack.id}' is also used by ${earlier.file}`);
    seenPackIds.set(pack.data.pack.id, pack);
    if (KINDS.every((k) => !(pack.data[k]?.length ?? 0)))
      error(pack, ["pack"], "empty-pack", "the pack declares nothing: add questions, indicators, actions, verdicts or regions");
  }

  // Merge each kind in pack order; a later item replaces an earlier one only with `override: true`.
  const merged = {} as { [K in Kind]: Map<string, Placed<NonNullable<PackInput[K]>[number]>> };
  for (const kind of KINDS) {
    type Item = { id: string; override?: boolean };
    const byId = new Map<string, Placed<Item>>();
    for (const pack of packs) {
      ((pack.data[kind] ?? []) as Item[]).forEach((item, i) => {
        const placed: Placed<Item> = { item, pack, path: [kind, i] };
        const { id, override } = item;
        const earlier = byId.get(id);
        if (earlier && !override) {
          error(pack, [kind, i, "id"], "duplicate-id", `${KIND_NAMES[kind]} '${id}' is already defined at ${where(earlier)}; add 'override: true' to replace it`);
          return;
        }
        if (!earlier && override) {
          error(pack, [kind, i, "override"], "nothing-to-override", `${KIND_NAMES[kind]} '${id}' says 'override: true' but no earlier pack defines it`);
        }
        if (earlier) byId.delete(id); // an override takes the later position, as it is the later definition
        byId.set(id, placed);
      });
    }
    (merged as Record<Kind, unknown>)[kind] = byId;
  }

  const questions = [...merged.questions.values()];
  const questionIndex = new Map(questions.map((q, i) => [q.item.id, i]));
  const regionIds = new Set(merged.regions.keys());
  const familyIds = new Set(merged.families.keys());
  const groupIds = new Set(merged.groups.keys());

  /** Check every leaf of a condition against the questions, their choices and the known facts. */
  const checkCondition = (owner: Placed<unknown>, when: Condition | undefined, whenPath: Path, context: "question" | "indicator" | "action" | "stop" | "yes-when") => {
    if (!when) return;
    for (const { leaf, path } of leavesOf(when)) {
      const at: Path = [...owner.path, ...whenPath, ...path];
      if (leaf.fact !== undefined) {
        const spec = FACTS[leaf.fact];
        if (!spec) {
          error(owner.pack, [...at, "fact"], "unknown-fact", `unknown fact '${leaf.fact}'${didYouMean(leaf.fact, Object.keys(FACTS))}`);
          continue;
        }
        if (spec.actionsOnly && context !== "action")
          error(owner.pack, [...at, "fact"], "fact-not-available", `fact '${leaf.fact}' is only known when choosing actions`);
        if (spec.stopsOnly && context !== "stop")
          error(owner.pack, [...at, "fact"], "fact-not-available", `fact '${leaf.fact}' is only known to the interview's stop rules`);
        checkLeafValues(owner, at, leaf, spec.type, leaf.fact === "region" ? [...regionIds] : leaf.fact === "verdict" ? [...VERDICT_IDS] : undefined, `fact '${leaf.fact}'`);
        continue;
      }
      const qid = leaf.question as string;
      const index = questionIndex.get(qid);
      if (index === undefined) {
        error(owner.pack, [...at, "question"], "unknown-question", `unknown question '${qid}'${didYouMean(qid, questionIndex.keys())}`);
        continue;
      }
      // What answers a question may come from any other answer, earlier or later (the situation is asked first).
      if (context === "yes-when" && index === questionIndex.get((owner.item as { id: string }).id))
        error(owner.pack, [...at, "question"], "later-question", "a question's 'yes_when' cannot refer to the question itself");
      if (context === "question") {
        const self = questionIndex.get((owner.item as { id: string }).id) ?? -1;
        if (index >= self)
          error(
            owner.pack,
            [...at, "question"],
            "later-question",
            index === self ? `a question's 'when' cannot refer to the question itself` : `'when' refers to question '${qid}', which is asked later; a question may only depend on earlier ones`,
          );
      }
      const q = (questions[index] as Placed<Question & { choices?: { id: string }[] }>).item;
      const choiceIds = q.type === "yes-no" ? ["yes", "no"] : (q.choices ?? []).map((c) => c.id);
      const valueType = q.type === "number" ? "number" : q.type === "text" ? "string" : q.type === "multiple" ? "multiple" : "choice";
      checkLeafValues(owner, at, leaf, valueType, q.type === "text" || q.type === "number" ? undefined : choiceIds, `question '${qid}'`);
    }
  };

  const checkLeafValues = (owner: Placed<unknown>, at: Path, leaf: Condition, valueType: string, allowed: string[] | undefined, subject: string) => {
    const numeric = (["gt", "gte", "lt", "lte"] as const).find((op) => leaf[op] !== undefined);
    if (numeric && valueType !== "number")
      error(owner.pack, [...at, numeric], "bad-operator", `'${numeric}' compares numbers, but ${subject} is not a number`);
    if (leaf.includes !== undefined && valueType !== "multiple")
      error(owner.pack, [...at, "includes"], "bad-operator", `'includes' is for multiple-choice questions; use 'equals' or 'in' for ${subject}`);
    if ((leaf.equals !== undefined || leaf.in !== undefined) && valueType === "multiple")
      error(owner.pack, [...at, leaf.equals !== undefined ? "equals" : "in"], "bad-operator", `${subject} takes several choices: use 'includes'`);
    const values: { v: unknown; path: Path }[] = [];
    if (leaf.equals !== undefined) values.push({ v: leaf.equals, path: [...at, "equals"] });
    leaf.in?.forEach((v, i) => values.push({ v, path: [...at, "in", i] }));
    if (leaf.includes !== undefined) values.push({ v: leaf.includes, path: [...at, "includes"] });
    for (const { v, path } of values) {
      if (v === NOT_SURE) {
        error(owner.pack, path, "not-sure-is-not-evidence", `'${NOT_SURE}' never counts as evidence; use 'answered: false' to test for it`);
      } else if (allowed && !allowed.includes(String(v))) {
        error(owner.pack, path, "unknown-choice", `${JSON.stringify(v)} is not a choice of ${subject}${didYouMean(String(v), allowed)}; valid: ${allowed.join(", ") || "(none declared)"}`);
      } else if (valueType === "number" && typeof v !== "number") {
        error(owner.pack, path, "bad-value", `${subject} is a number; compare it with a number`);
      }
    }
  };

  for (const q of merged.questions.values()) {
    checkCondition(q, q.item.when, ["when"], "question");
    checkCondition(q, q.item.yes_when, ["yes_when"], "yes-when");
    if (q.item.yes_when !== undefined && q.item.type !== "yes-no") error(q.pack, [...q.path, "yes_when"], "bad-yes-when", `question '${q.item.id}': yes_when is for yes-no questions`);
  }
  // Phrases for reading call notes: a bad or unsafe phrase is a load-time error at its position.
  const detects = new Map<string, CompiledDetect>();
  const phrases: { phrase: CompiledPhrase; question: Placed<NonNullable<PackInput["questions"]>[number]>; path: Path }[] = [];
  for (const q of merged.questions.values())
    detects.set(
      q.item.id,
      compileDetect(
        q.item,
        (path, code, message) => error(q.pack, [...q.path, ...path], code, `question '${q.item.id}': ${message}`),
        (phrase, path) => phrases.push({ phrase, question: q, path }),
      ),
    );
  // The packs together, as the scan runs them: too many heavy phrases on one start word would make
  // every such word of the notes slow, so the phrase that goes over the budget is refused.
  for (const over of overBudget(buildMatcher(phrases.map((p) => p.phrase)))) {
    const { phrase, question, path } = phrases[over.phrase] as (typeof phrases)[number];
    // Its place is given; the start of a long phrase is enough to recognise it.
    const shown = phrase.source.length > 60 ? `${phrase.source.slice(0, 59)}…` : phrase.source;
    error(
      question.pack,
      [...question.path, ...path],
      "phrase-budget",
      `question '${question.item.id}': phrase ${JSON.stringify(shown)} goes over the matching budget: the phrases that start with '${over.start}' could try up to ${over.cost.toLocaleString("en-US")} states at each such word of the notes, and at most ${KEY_WORK_BUDGET.toLocaleString("en-US")} are allowed; start fewer phrases on that word, or use fewer and shorter {…} groups and '*' gaps`,
    );
  }
  for (const ind of merged.indicators.values()) {
    checkCondition(ind, ind.item.when, ["when"], "indicator");
    checkCondition(ind, ind.item.floor_unless, ["floor_unless"], "indicator");
    if (ind.item.group !== undefined && !groupIds.has(ind.item.group))
      error(ind.pack, [...ind.path, "group"], "unknown-group", `unknown group '${ind.item.group}'${didYouMean(ind.item.group, groupIds)}; declare it under 'groups'`);
    (ind.item.family ?? []).forEach((f, i) => {
      if (!familyIds.has(f))
        error(ind.pack, [...ind.path, "family", i], "unknown-family", `unknown family '${f}'${didYouMean(f, familyIds)}; declare it under 'families'`);
    });
  }
  for (const prompt of merged.prompts.values()) checkCondition(prompt, prompt.item.when, ["when"], "action");
  for (const letter of merged.letters.values()) {
    checkCondition(letter, letter.item.when, ["when"], "action");
    if (letter.item.region !== undefined && !regionIds.has(letter.item.region))
      error(letter.pack, [...letter.path, "region"], "unknown-region", `unknown region '${letter.item.region}'${didYouMean(letter.item.region, regionIds)}`);
    for (const field of letterFields(letter.item.template)) {
      if (!(LETTER_FIELDS as readonly string[]).includes(field))
        error(letter.pack, [...letter.path, "template"], "unknown-field", `letter field '{{${field}}}' is not one scamcheck fills in${didYouMean(field, LETTER_FIELDS)}; known: ${LETTER_FIELDS.join(", ")}`);
      else if (field === "deadline" && letter.item.deadline_days === undefined)
        error(letter.pack, [...letter.path, "template"], "deadline-without-days", "'{{deadline}}' needs 'deadline_days' (and 'deadline_from' to say from when)");
    }
  }
  for (const stop of merged.stops.values()) checkCondition(stop, stop.item.when, ["when"], "stop");
  for (const q of merged.questions.values()) {
    const whole = q.item.part_of === undefined ? undefined : merged.questions.get(q.item.part_of);
    if (q.item.part_of !== undefined && (whole?.item.type !== "yes-no" || q.item.type !== "yes-no" || q.item.part_of === q.item.id))
      error(q.pack, [...q.path, "part_of"], "bad-part-of", `question '${q.item.id}': part_of must name another yes-no question, and this one must be yes-no too`);
  }
  for (const q of merged.questions.values())
    if (q.item.priority === "opener" && q.item.type !== "yes-no")
      error(q.pack, [...q.path, "priority"], "bad-opener", `question '${q.item.id}': an opener must be a yes-no question, so that its 'no' is evidence`);
  for (const act of merged.actions.values()) {
    checkCondition(act, act.item.when, ["when"], "action");
    checkCondition(act, act.item.unless, ["unless"], "action");
    for (const [, name] of act.item.text.matchAll(PLACEHOLDER))
      if (!FACTS[name as string]) error(act.pack, [...act.path, "text"], "unknown-fact", `action '${act.item.id}': {${name}} names no known fact${didYouMean(name as string, Object.keys(FACTS))}`);
    if (act.item.region !== undefined && !regionIds.has(act.item.region))
      error(act.pack, [...act.path, "region"], "unknown-region", `unknown region '${act.item.region}'${didYouMean(act.item.region, regionIds)}`);
    const target = act.item.gives_way_to;
    if (target !== undefined) {
      const other = merged.actions.get(target)?.item;
      if (other === undefined || target === act.item.id)
        error(act.pack, [...act.path, "gives_way_to"], "unknown-action", `action '${act.item.id}': gives way to no other step '${target}'${didYouMean(target, [...merged.actions.keys()].filter((k) => k !== act.item.id))}`);
      // Its condition stands in for "that step is given", which is exact only for a step left out
      // by nothing but its own `when`.
      else if (other.unless !== undefined || other.gives_way_to !== undefined || other.topic !== undefined)
        error(act.pack, [...act.path, "gives_way_to"], "bad-gives-way", `action '${act.item.id}': '${target}' can itself be left out (unless, gives_way_to or topic), so it cannot be the step this one gives way to`);
    }
  }

  // A step that gives way to another is left out whenever that one is given: its own `unless`, or
  // the other's `when` (in the other's region, if it has one). Written as a condition, so the engine
  // and the interview need nothing new to honour it.
  const unlessOf = (item: NonNullable<PackInput["actions"]>[number]): Condition | undefined => {
    const other = item.gives_way_to !== undefined ? merged.actions.get(item.gives_way_to)?.item : undefined;
    if (other === undefined) return item.unless;
    const parts: Condition[] = [other.when ?? { fact: "verdict", answered: true }];
    if (other.region !== undefined) parts.push({ fact: "region", equals: other.region });
    const given: Condition = parts.length === 1 ? (parts[0] as Condition) : { all: parts };
    return item.unless !== undefined ? { any: [item.unless, given] } : given;
  };
  const withUnless = (unless: Condition | undefined) => (unless !== undefined ? { unless } : {});

  const verdicts = [...merged.verdicts.values()];
  if (options.requireVerdicts !== false) {
    const missing = VERDICT_IDS.filter((id) => !merged.verdicts.has(id));
    const anchor = packs[0];
    if (missing.length > 0 && anchor)
      error(anchor, [], "missing-verdicts", `the rule set has no verdict band for: ${missing.join(", ")}`);
    const last = verdicts[verdicts.length - 1];
    if (last && (last.item.min_score !== undefined || last.item.min_answered !== undefined))
      error(last.pack, [...last.path, "id"], "no-fallback-verdict", `the last verdict band ('${last.item.id}') must have no thresholds, so every case gets a verdict`);
    for (const v of verdicts.slice(0, -1))
      if (v.item.min_score === undefined && v.item.min_answered === undefined)
        error(v.pack, [...v.path, "id"], "unreachable-verdict", `verdict band '${v.item.id}' has no thresholds, so the bands after it can never apply`);
  }

  if (hasErrors(diagnostics)) return { diagnostics: diagnostics.sort(compareDiagnostics) };

  const rules: RuleSet = {
    formatVersion: 1,
    packs: packs.map((p) => ({
      id: p.data.pack.id,
      title: p.data.pack.title,
      ...(p.data.pack.description !== undefined && { description: p.data.pack.description }),
      version: p.data.pack.version,
      file: p.file,
      counts: {
        questions: p.data.questions?.length ?? 0,
        indicators: p.data.indicators?.length ?? 0,
        actions: p.data.actions?.length ?? 0,
        prompts: p.data.prompts?.length ?? 0,
        families: p.data.families?.length ?? 0,
        groups: p.data.groups?.length ?? 0,
        regions: p.data.regions?.length ?? 0,
        verdicts: p.data.verdicts?.length ?? 0,
        letters: p.data.letters?.length ?? 0,
      },
    })),
    families: [...merged.families.values()].map(({ item, pack, path }): Family => ({
      id: item.id,
      title: item.title,
      description: item.description,
      references: item.references,
      origin: origin(pack, path),
    })),
    groups: [...merged.groups.values()].map(({ item, pack, path }) => ({
      id: item.id,
      title: item.title,
      ...(item.description !== undefined && { description: item.description }),
      maxWeight: item.max_weight,
      references: item.references ?? [],
      origin: origin(pack, path),
    })),
    questions: questions.map(({ item, pack, path }): Question => ({
      id: item.id,
      pack: pack.data.pack.id,
      text: item.text,
      ...(item.staff_text !== undefined && { staffText: item.staff_text }),
      ...(item.help !== undefined && { help: item.help }),
      type: item.type,
      choices:
        item.type === "yes-no"
          ? [
              { id: "yes", label: "Yes" },
              { id: "no", label: "No" },
            ]
          : (item.choices ?? []).map((c) => ({
              id: c.id,
              label: c.label,
              ...(c.staff_label !== undefined && { staffLabel: c.staff_label }),
              ...(c.help !== undefined && { help: c.help }),
              ...(c.lost !== undefined && { lost: c.lost }),
              ...(c.exclusive === true && { exclusive: true }),
              ...(detects.get(item.id)?.choices.has(c.id) && { detect: detects.get(item.id)?.choices.get(c.id) }),
            })),
      ...(item.when !== undefined && { when: item.when }),
      urgent: item.urgent ?? false,
      ...(item.priority !== undefined && { priority: item.priority }),
      ...(item.part_of !== undefined && { partOf: item.part_of }),
      ...(item.yes_when !== undefined && { yesWhen: item.yes_when }),
      ...(item.case_detail !== undefined && { caseDetail: item.case_detail }),
      ...(item.min !== undefined && { min: item.min }),
      ...(item.max !== undefined && { max: item.max }),
      ...(item.unit !== undefined && { unit: item.unit }),
      references: item.references ?? [],
      ...(detects.get(item.id)?.detect !== undefined && { detect: detects.get(item.id)?.detect }),
      origin: origin(pack, path),
    })),
    indicators: [...merged.indicators.values()].map(({ item, pack, path }): Indicator => ({
      id: item.id,
      pack: pack.data.pack.id,
      title: item.title,
      explanation: item.explanation,
      when: item.when,
      weight: item.weight,
      family: item.family ?? [],
      ...(item.group !== undefined && { group: item.group }),
      ...(item.at_least !== undefined && { atLeast: item.at_least }),
      ...(item.floor_unless !== undefined && { floorUnless: item.floor_unless }),
      ...(item.at_most !== undefined && { atMost: item.at_most }),
      status: item.status ?? "stable",
      references: item.references,
      falsepositives: item.falsepositives ?? [],
      origin: origin(pack, path),
    })),
    actions: [...merged.actions.values()].map(({ item, pack, path }): Action => ({
      id: item.id,
      pack: pack.data.pack.id,
      text: item.text,
      ...(item.help !== undefined && { help: item.help }),
      urgency: item.urgency,
      immediate: item.immediate ?? false,
      ...(item.when !== undefined && { when: item.when }),
      ...withUnless(unlessOf(item)),
      saves: item.saves ?? "advice",
      ...(item.topic !== undefined && { topic: item.topic }),
      ...(item.region !== undefined && { region: item.region }),
      references: item.references,
      origin: origin(pack, path),
    })),
    prompts: [...merged.prompts.values()].map(({ item, pack, path }): StaffPrompt => ({
      id: item.id,
      pack: pack.data.pack.id,
      audience: item.audience,
      title: item.title,
      lines: item.lines,
      ...(item.when !== undefined && { when: item.when }),
      references: item.references,
      origin: origin(pack, path),
    })),
    letters: [...merged.letters.values()].map(({ item, pack, path }): Letter => ({
      id: item.id,
      pack: pack.data.pack.id,
      title: item.title,
      ...(item.region !== undefined && { region: item.region }),
      ...(item.when !== undefined && { when: item.when }),
      ...(item.deadline_days !== undefined && { deadlineDays: item.deadline_days }),
      ...(item.deadline_from !== undefined && { deadlineFrom: item.deadline_from }),
      template: item.template,
      references: item.references,
      origin: origin(pack, path),
    })),
    stops: [...merged.stops.values()].map(({ item, pack, path }): StopRule => ({
      id: item.id,
      pack: pack.data.pack.id,
      reason: item.reason,
      when: item.when,
      references: item.references,
      origin: origin(pack, path),
    })),
    verdicts: verdicts.map(({ item, pack, path }): VerdictBand => ({
      id: item.id,
      headline: item.headline,
      summary: item.summary,
      ...(item.min_score !== undefined && { minScore: item.min_score }),
      ...(item.min_answered !== undefined && { minAnswered: item.min_answered }),
      references: item.references ?? [],
      origin: origin(pack, path),
    })),
    regions: [...merged.regions.values()].map(({ item, pack, path }): Region => ({
      id: item.id,
      name: item.name,
      locales: item.locales ?? [],
      contacts: item.contacts.map((c) => ({ ...c })),
      origin: origin(pack, path),
    })),
  };

  // Items that no combination of answers can trigger are almost always a typo in a condition.
  for (const [kind, list] of [
    ["indicators", merged.indicators],
    ["actions", merged.actions],
  ] as const) {
    for (const placed of list.values()) {
      const item = placed.item as { id: string; when?: Condition; region?: string };
      if (item.when && canNeverHold(item.when, rules, item.region)) {
        error(placed.pack, [...placed.path, "when"], "never-triggers", `${KIND_NAMES[kind]} '${item.id}' can never trigger: no answers satisfy its 'when'`);
      }
    }
  }
  for (const placed of merged.questions.values()) {
    if (placed.item.when && canNeverHold(placed.item.when, rules, undefined))
      error(placed.pack, [...placed.path, "when"], "never-asked", `question '${placed.item.id}' can never be asked: no answers satisfy its 'when'`);
  }

  diagnostics.sort(compareDiagnostics);
  return hasErrors(diagnostics) ? { diagnostics } : { rules, diagnostics };
}

function origin(pack: ParsedPack, path: Path) {
  return { file: pack.file, ...pack.locate(path) };
}

/**
 * Order packs so that a question's `when` only needs packs loaded before it (the shared pack of
 * common signals comes before the families that build on it), keeping the given order otherwise.
 */
function orderPacks(inputs: readonly ParsedPack[]): ParsedPack[] {
  const definer = new Map<string, ParsedPack>();
  for (const p of inputs) for (const q of p.data.questions ?? []) if (!definer.has(q.id)) definer.set(q.id, p);
  const needs = new Map<ParsedPack, Set<ParsedPack>>();
  for (const p of inputs) {
    const deps = new Set<ParsedPack>();
    for (const q of p.data.questions ?? [])
      for (const ref of questionsIn(q.when)) {
        const d = definer.get(ref);
        if (d && d !== p) deps.add(d);
      }
    needs.set(p, deps);
  }
  const out: ParsedPack[] = [];
  const state = new Map<ParsedPack, "visiting" | "done">();
  const visit = (p: ParsedPack) => {
    if (state.get(p)) return; // a cycle is reported later as a question depending on a later one
    state.set(p, "visiting");
    for (const d of inputs) if (needs.get(p)?.has(d)) visit(d);
    state.set(p, "done");
    out.push(p);
  };
  inputs.forEach(visit);
  return out;
}

/**
 * Search the answers a condition mentions for one combination that makes it true. Each question's
 * values are its choices (or, for numbers, the thresholds the condition uses and their neighbours),
 * "not sure" and no answer. Gives up (assumes it can trigger) past a bounded number of combinations.
 */
const MAX_COMBINATIONS = 20_000;
function canNeverHold(when: Condition, rules: RuleSet, region: string | undefined): boolean {
  const domains: { key: string; fact: boolean; values: (AnswerValue | FactValue | undefined)[] }[] = [];
  const leaves = leavesOf(when).map((l) => l.leaf);
  const numbersFor = (match: (c: Condition) => boolean) => {
    const points = new Set<number>();
    for (const c of leaves.filter(match))
      for (const n of [c.gt, c.gte, c.lt, c.lte, typeof c.equals === "number" ? c.equals : undefined])
        if (n !== undefined) [n - 1, n, n + 1].forEach((x) => points.add(x));
    return [...points];
  };
  // The exact values a condition compares a question with (equals / in) are values it can take.
  const literalsFor = (id: string) =>
    leaves.filter((c) => c.question === id).flatMap((c) => [...(c.equals !== undefined ? [c.equals] : []), ...(c.in ?? [])]);
  for (const id of questionsIn(when)) {
    const q = rules.questions.find((x) => x.id === id);
    if (!q) return false;
    let values: (AnswerValue | undefined)[];
    if (q.type === "multiple") {
      const mentioned = [...new Set(leaves.filter((c) => c.question === id && c.includes !== undefined).map((c) => c.includes as string))];
      if (mentioned.length > 10) return false;
      values = [];
      for (let mask = 0; mask < 1 << mentioned.length; mask++) values.push(mentioned.filter((_, i) => mask & (1 << i)));
    } else if (q.type === "number") values = [...numbersFor((c) => c.question === id), ...literalsFor(id).filter((v): v is number => typeof v === "number")];
    else if (q.type === "text") values = ["text", ...literalsFor(id).filter((v): v is string => typeof v === "string")];
    else values = q.choices.map((c) => c.id);
    domains.push({ key: id, fact: false, values: [...values, NOT_SURE, undefined] });
  }
  for (const name of factsIn(when)) {
    let values: (FactValue | undefined)[];
    if (name === "region") values = region !== undefined ? [region] : [...rules.regions.map((r) => r.id), undefined];
    else if (name === "verdict") values = [...VERDICT_IDS];
    else if (FACTS[name]?.type === "boolean") values = [true, false, undefined];
    else if (FACTS[name]?.type === "number") values = [...numbersFor((c) => c.fact === name), undefined];
    // Any other string fact may be set or not: its literals, some other text, or absent.
    else values = [...leaves.filter((c) => c.fact === name).flatMap((c) => [...(c.equals !== undefined ? [c.equals] : []), ...(c.in ?? [])]), "text", undefined];
    domains.push({ key: name, fact: true, values });
  }
  const total = domains.reduce((n, d) => n * Math.max(1, d.values.length), 1);
  if (total > MAX_COMBINATIONS) return false;
  const answers = new Map<string, AnswerValue>();
  const facts = new Map<string, FactValue>();
  if (region !== undefined) facts.set("region", region);
  const search = (i: number): boolean => {
    if (i === domains.length) return holds(when, { answers, facts });
    const d = domains[i] as (typeof domains)[number];
    for (const v of d.values) {
      const target = (d.fact ? facts : answers) as Map<string, unknown>;
      if (v === undefined) target.delete(d.key);
      else target.set(d.key, v);
      if (search(i + 1)) return true;
    }
    return false;
  };
  return !search(0);
}

/**
 * Parts of a host name that mark a copy of a site that is not the public one: these anywhere in
 * the name ("nginx-feature-uat2-acma…"), and the weaker ones only as a whole label ("test.example.org",
 * not "test-and-trace…").
 */
const NOT_PUBLIC_PART = /^(?:uat\d*|staging\d*|stg|preview|sandbox|localhost)$/;
const NOT_PUBLIC_LABEL = /^(?:test\d*|testing|dev\d*|qa|stage|int)$/;

/**
 * References that cannot be a public primary source: a staging, test or preview copy of a site
 * (a host with "uat" or "staging" among the parts of its name), a bare IP address, localhost.
 * Loading warns; `rules test` fails on them.
 */
export function unfitReferences(data: unknown, path: Path = []): { path: Path; url: string; why: string }[] {
  if (Array.isArray(data)) return data.flatMap((v, i) => unfitReferences(v, [...path, i]));
  if (!data || typeof data !== "object") return [];
  const out: { path: Path; url: string; why: string }[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === "references" && Array.isArray(value)) {
      value.forEach((url, i) => {
        const why = typeof url === "string" ? hostProblem(url) : undefined;
        if (why) out.push({ path: [...path, key, i], url: String(url), why });
      });
    } else out.push(...unfitReferences(value, [...path, key]));
  }
  return out;
}

function hostProblem(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined; // the schema reports a malformed URL
  }
  if (/^\d+(?:\.\d+){3}$/.test(host) || host.startsWith("[")) return "is an IP address, not a site's name";
  const labels = host.split(".");
  if (labels.some((l) => NOT_PUBLIC_LABEL.test(l)) || labels.flatMap((l) => l.split("-")).some((part) => NOT_PUBLIC_PART.test(part)))
    return `is on a staging or test copy of a site (${host})`;
  return undefined;
}

/** The {{field}} names a letter template uses. */
export function letterFields(template: string): string[] {
  return [...template.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)].map((m) => m[1] as string);
}
