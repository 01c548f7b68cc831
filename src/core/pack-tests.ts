/**
 * Pack test cases, shipped beside each pack as `<pack>.test.yaml` (like Semgrep's rule tests or
 * ESLint's RuleTester): answers in, the verdict band, signs and actions expected out. A case may
 * give call notes instead of (or besides) answers, to test the pack's `detect:` phrases too. Look-alike
 * legitimate calls are marked `legit: true` and must never be called scam or likely-scam.
 */
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { toStrictJsonSchema } from "./json-schema.js";
import { readAnswers } from "./answers.js";
import { VERDICT_IDS, type VerdictId } from "./constants.js";
import { didYouMean, type Diagnostic } from "./diagnostics.js";
import { AnswerError } from "./errors.js";
import { tooDeepDiagnostic } from "./load-pack.js";
import type { Letter, RuleSet } from "./ruleset.js";
import { renderLetter } from "./letters.js";
import type { CaseRecord } from "./case-record.js";
import { triage } from "./triage.js";
import { inferAnswers, type Inference } from "./scan/infer-answers.js";

const idList = z.array(z.string().max(64)).max(100);

export const packTestSchema = z.strictObject({
  $schema: z.string().optional(),
  schema_version: z.literal(1),
  pack: z.string().max(64),
  cases: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(200),
        legit: z.boolean().optional(),
        region: z.string().max(8).optional(),
        staff: z.boolean().optional(),
        facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
        answers: z.record(z.string(), z.unknown()),
        notes: z
          .string()
          .min(1)
          .max(20000)
          .optional()
          .describe("Call notes: the answers 'scamcheck scan' infers from them are used too; 'answers' (often {}) take precedence."),
        expect: z.strictObject({
          inferred: z
            .record(z.string(), z.unknown())
            .optional()
            .describe("Answers the notes must give (exactly these values); null means the notes must not answer that question."),
          verdict: z.enum(VERDICT_IDS).optional(),
          verdict_in: z.array(z.enum(VERDICT_IDS)).min(1).optional(),
          fires: idList.optional(),
          not_fires: idList.optional(),
          actions: idList.optional(),
          not_actions: idList.optional(),
          family: z.string().max(64).nullable().optional(),
        }),
      }),
    )
    .min(1)
    .max(500),
});

export type PackTestFile = z.infer<typeof packTestSchema>;
export type PackTestCase = PackTestFile["cases"][number];

export interface CaseOutcome {
  file: string;
  line: number;
  col: number;
  name: string;
  legit: boolean;
  passed: boolean;
  failures: string[];
  verdict?: VerdictId;
  score?: number;
}

export interface PackTestReport {
  outcomes: CaseOutcome[];
  /** Problems with the test files themselves (syntax, schema, duplicates). */
  diagnostics: Diagnostic[];
}

const SERIOUS: readonly VerdictId[] = ["scam", "likely-scam"];

export function runPackTests(files: readonly { name: string; text: string }[], rules: RuleSet): PackTestReport {
  const outcomes: CaseOutcome[] = [];
  const diagnostics: Diagnostic[] = [];
  const indicatorIds = new Set(rules.indicators.map((i) => i.id));
  const actionIds = new Set(rules.actions.map((a) => a.id));
  const familyIds = new Set(rules.families.map((f) => f.id));

  for (const file of files) {
    // The packs' depth limit: deeper nesting would exhaust the parser's stack.
    const tooDeep = tooDeepDiagnostic(file.text, file.name);
    if (tooDeep) {
      diagnostics.push(tooDeep);
      continue;
    }
    const lc = new LineCounter();
    const doc = parseDocument(file.text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, logLevel: "silent" });
    const at = (path: (string | number)[]) => {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
        if (node && node.range) return lc.linePos(node.range[0]);
      }
      return { line: 1, col: 1 };
    };
    const problem = (path: (string | number)[], code: string, message: string) => {
      const pos = at(path);
      diagnostics.push({ file: file.name, line: pos.line, col: pos.col, severity: "error", code, message });
    };
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const pos = lc.linePos(e.pos[0]);
        diagnostics.push({ file: file.name, line: pos.line, col: pos.col, severity: "error", code: "yaml-syntax", message: e.message.split("\n")[0] ?? e.message });
      }
      continue;
    }
    if (!isMap(doc.contents)) {
      problem([], "not-a-mapping", "a pack test file must be a mapping with schema_version, pack and cases");
      continue;
    }
    const parsed = packTestSchema.safeParse(doc.toJS({ maxAliasCount: 0 }));
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problem(issue.path as (string | number)[], "invalid-test", `${issue.path.join(".") || "file"}: ${issue.message}`);
      continue;
    }
    if (!rules.packs.some((p) => p.id === parsed.data.pack))
      problem(["pack"], "unknown-pack", `unknown pack '${parsed.data.pack}'${didYouMean(parsed.data.pack, rules.packs.map((p) => p.id))}`);

    const names = new Map<string, number>();
    const casesNode = doc.get("cases", true);
    parsed.data.cases.forEach((c, i) => {
      const path = ["cases", i];
      const pos = isSeq(casesNode) ? at(path) : { line: 1, col: 1 };
      if (names.has(c.name)) problem([...path, "name"], "duplicate-case", `duplicate case name '${c.name}' (also case ${(names.get(c.name) as number) + 1})`);
      names.set(c.name, i);
      const failures: string[] = [];
      const checkIds = (ids: string[] | undefined, known: Set<string>, key: string, kind: string) =>
        ids?.forEach((id, j) => {
          if (!known.has(id)) problem([...path, "expect", key, j], "unknown-id", `case '${c.name}': unknown ${kind} '${id}'${didYouMean(id, known)}`);
        });
      checkIds(c.expect.fires, indicatorIds, "fires", "indicator");
      checkIds(c.expect.not_fires, indicatorIds, "not_fires", "indicator");
      checkIds(c.expect.actions, actionIds, "actions", "action");
      checkIds(c.expect.not_actions, actionIds, "not_actions", "action");
      if (c.expect.family && !familyIds.has(c.expect.family))
        problem([...path, "expect", "family"], "unknown-id", `case '${c.name}': unknown family '${c.expect.family}'`);
      if (c.region !== undefined && !rules.regions.some((r) => r.id === c.region))
        problem([...path, "region"], "unknown-id", `case '${c.name}': unknown region '${c.region}'`);
      if (!c.legit && !c.expect.verdict && !c.expect.verdict_in)
        problem([...path, "expect"], "no-expectation", `case '${c.name}': say which verdict is expected (verdict or verdict_in)`);
      if (c.expect.inferred !== undefined && c.notes === undefined)
        problem([...path, "expect", "inferred"], "no-notes", `case '${c.name}': 'inferred' checks what notes give; add 'notes'`);

      let answers;
      try {
        answers = readAnswers(c.answers, rules, "answers");
        if (c.notes !== undefined) {
          const inference = inferAnswers(rules, c.notes, { known: answers });
          failures.push(...checkInferred(c.expect.inferred, inference, rules));
          answers = new Map([...inference.answers, ...answers]);
        }
      } catch (error) {
        if (!(error instanceof AnswerError)) throw error;
        outcomes.push({ file: file.name, ...pos, name: c.name, legit: c.legit ?? false, passed: false, failures: error.problems.map((p) => `${p.path}: ${p.message}`) });
        return;
      }
      const result = triage(rules, answers, {
        ...(c.region !== undefined && { region: c.region }),
        ...(c.staff !== undefined && { staff: c.staff }),
        ...(c.facts !== undefined && { facts: c.facts }),
      });
      const verdict = result.verdict.id;
      const fired = new Set([...result.reasons, ...result.reassurances].map((r) => r.id));
      const recommended = new Set(result.actions.map((a) => a.id));
      const got = `${verdict} (score ${result.score})`;
      if (c.expect.verdict && verdict !== c.expect.verdict) failures.push(`expected verdict ${c.expect.verdict}, got ${got}`);
      if (c.expect.verdict_in && !c.expect.verdict_in.includes(verdict)) failures.push(`expected verdict in [${c.expect.verdict_in.join(", ")}], got ${got}`);
      if (c.legit && SERIOUS.includes(verdict)) failures.push(`a legitimate call must not be called ${verdict} (score ${result.score})`);
      for (const id of c.expect.fires ?? []) if (!fired.has(id)) failures.push(`expected sign '${id}' to fire`);
      for (const id of c.expect.not_fires ?? []) if (fired.has(id)) failures.push(`sign '${id}' fired but should not`);
      for (const id of c.expect.actions ?? []) if (!recommended.has(id)) failures.push(`expected action '${id}'`);
      for (const id of c.expect.not_actions ?? []) if (recommended.has(id)) failures.push(`action '${id}' was recommended but should not be`);
      if (c.expect.family !== undefined && (result.family?.id ?? null) !== c.expect.family)
        failures.push(`expected family ${c.expect.family ?? "none"}, got ${result.family?.id ?? "none"}`);
      outcomes.push({ file: file.name, ...pos, name: c.name, legit: c.legit ?? false, passed: failures.length === 0, failures, verdict, score: result.score });
    });
  }
  return { outcomes, diagnostics };
}

/** Compare what notes gave with `expect.inferred`: one failure per question that differs. */
function checkInferred(expected: Record<string, unknown> | undefined, inference: Inference, rules: RuleSet): string[] {
  if (!expected) return [];
  const failures: string[] = [];
  const wanted = readAnswers(Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== null)), rules, "expect.inferred");
  const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));
  for (const [id, value] of Object.entries(expected)) {
    const got = inference.answers.get(id);
    const want = value === null ? undefined : wanted.get(id);
    if (JSON.stringify(got) === JSON.stringify(want)) continue;
    const because = inference.evidence
      .filter((e) => e.question === id)
      .map((e) => `"${e.text}" at ${e.line}:${e.column}`)
      .join(", ");
    failures.push(`notes: expected ${id} = ${show(want)}, got ${show(got)}${because ? ` (from ${because})` : ""}`);
  }
  return failures;
}

/**
 * Every letter template filled in for a sample case that knows everything a case can (a number,
 * who called, when, the steps done, the region's dates): what is left of a '{{' or '}}' is a
 * field written wrongly ('{{ caller number }}', '{{case_id}'), which would reach the letter as it is,
 * and a '[' without its ']' (or the other way round) is a gap the sender cannot see the end of.
 * Each problem is placed at the line and column in the pack where it is written. Unknown field
 * names are refused earlier, when the pack loads.
 */
export function checkLetterTemplates(rules: RuleSet, sources: readonly { name: string; text: string }[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const letter of rules.letters) {
    const source = sources.find((s) => s.name === letter.origin.file);
    const place = templatePlace(letter, source);
    const problem = (code: string, message: string, piece?: { snippet: string; nth: number }) =>
      out.push({ file: letter.origin.file, ...place(piece), severity: "error", code, message: `letter '${letter.id}': ${message}` });
    const filled = renderLetter(letter, sampleCase(letter, rules), rules, { today: new Date(Date.UTC(2026, 0, 15, 12)), from: "2026-01-02", writeDate: (iso) => iso.slice(0, 10) });
    for (const m of filled.matchAll(/\{\{[^\n]*?\}\}|\{\{\S*|\S*\}\}/g)) {
      const snippet = m[0].length > 40 ? `${m[0].slice(0, 40)}…` : m[0];
      problem("letter-stray-braces", `'${snippet}' is not a field it can fill in; write fields as {{case_id}}`, occurrence(letter.template, m[0], filled.slice(0, m.index).split(m[0]).length - 1));
    }
    let open: number | undefined;
    for (let i = 0; i < letter.template.length; i++) {
      const c = letter.template[i];
      if (c === "[") {
        if (open !== undefined) problem("letter-gap-unclosed", "a gap '[' is opened inside another one", at(letter.template, open));
        open = i;
      } else if (c === "]") {
        if (open === undefined) problem("letter-gap-unopened", "a ']' closes a gap that was never opened with '['", at(letter.template, i));
        open = undefined;
      }
    }
    if (open !== undefined) problem("letter-gap-unclosed", "a gap '[' is never closed with ']'", at(letter.template, open));
  }
  return out;
}

/** The text from `offset` to the end of its line, and which occurrence of that text it is. */
function at(template: string, offset: number): { snippet: string; nth: number } {
  const snippet = template.slice(offset).split("\n")[0] as string;
  return { snippet, nth: template.slice(0, offset).split(snippet).length - 1 };
}

/** A filled-in piece found in the template: its own first line, and which occurrence it is there. */
function occurrence(template: string, text: string, nth: number): { snippet: string; nth: number } {
  return { snippet: text.split("\n")[0] as string, nth: Math.min(nth, Math.max(0, template.split(text).length - 2)) };
}

/**
 * Where in the pack a piece of a letter's template is written: the nth time its text appears in
 * the template's source (a literal block is the template as written, indented); the template's own
 * start when the text is not found as it is, the letter's when the source is not at hand.
 */
function templatePlace(letter: Letter, source: { text: string } | undefined) {
  const fallback = { line: letter.origin.line, col: letter.origin.col };
  if (!source) return () => fallback;
  const lc = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: lc, logLevel: "silent" });
  const items = doc.get("letters", true);
  const index = isSeq(items) ? items.items.findIndex((item) => isMap(item) && item.get("id") === letter.id) : -1;
  const node = index >= 0 ? (doc.getIn(["letters", index, "template"], true) as { range?: [number, number, number] } | undefined) : undefined;
  if (!node?.range) return () => fallback;
  const [start, end] = node.range;
  return (piece?: { snippet: string; nth: number }) => {
    let found = -1;
    if (piece && piece.snippet !== "")
      for (let n = 0, from = start; n <= piece.nth; n++, from = found + 1) {
        found = source.text.indexOf(piece.snippet, from);
        if (found < 0 || found >= end) {
          found = -1;
          break;
        }
      }
    return lc.linePos(found >= 0 ? found : start);
  };
}

/** A case that knows all a case can, in the letter's region, for filling templates in. */
function sampleCase(letter: Letter, rules: RuleSet): CaseRecord {
  return {
    schemaVersion: 1,
    id: "SAMPLE-1",
    recordedAt: "2026-01-14T10:00:00.000Z",
    operator: "Sam",
    ticket: "T-1",
    organisation: "Example Ltd",
    callTime: "14 January, about 10am",
    caller: { kind: "number", raw: "0000 000000", valid: true, e164: "+10000000000" },
    ...((letter.region ?? rules.regions[0]?.id) !== undefined && { region: letter.region ?? rules.regions[0]?.id }),
    verdict: "scam",
    score: 100,
    family: null,
    reasons: rules.indicators.slice(0, 1).map((i) => i.id),
    actions: rules.actions.slice(0, 1).map((a) => a.id),
    done: rules.actions.slice(0, 1).map((a) => ({ action: a.id, on: "2026-01-14" })),
    answers: {},
    redactions: [],
    tool: "pack test",
    packs: rules.packs.map((p) => ({ id: p.id, version: p.version })),
  };
}

/** The JSON Schema of pack test files (rules/test-schema.json), for editors. */
export function packTestJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = toStrictJsonSchema(packTestSchema, { io: "input" });
  return { $schema, $id: "https://unpkg.com/scamcheck/rules/test-schema.json", ...rest, title: "scamcheck pack tests" };
}
