/**
 * Types of the library API that the implementation derives from zod schemas, written out by hand.
 *
 * The package bundles its dependencies into dist/, so zod is not installed next to it, and the
 * type declarations a library user reads (dist/types) must not import it. These interfaces are
 * what `import … from "scamcheck"` sees; the checks at the end of this file fail the type check
 * (`tsc --noEmit`, and so `npm test` and the build) whenever they drift from the implementation.
 */
import type { Diagnostic } from "./core/diagnostics.js";
import type { QuestionType, Saves, Urgency, VerdictId } from "./core/constants.js";
import type { Condition, RuleSet } from "./core/ruleset.js";
import type { CompileOptions as CompileOptionsImpl, CompileResult as CompileResultImpl } from "./core/compile-rules.js";
import type { PackParseResult as PackParseResultImpl, ParsedPack as ParsedPackImpl, Path as PathImpl, Position as PositionImpl } from "./core/load-pack.js";
import type { CaseOutcome as CaseOutcomeImpl, PackTestReport as PackTestReportImpl } from "./core/pack-tests.js";
import type { PackInput } from "./core/schema.js";

/** One rule-pack file as validated (rules/schema.json describes the same format). */
export interface PackData {
  $schema?: string;
  schema_version: number | string;
  pack: PackInfoData;
  families?: FamilyData[];
  groups?: GroupData[];
  questions?: QuestionData[];
  indicators?: IndicatorData[];
  actions?: ActionData[];
  prompts?: StaffPromptData[];
  stops?: StopData[];
  verdicts?: VerdictData[];
  regions?: RegionData[];
  letters?: LetterData[];
}

export interface PackInfoData {
  id: string;
  title: string;
  description?: string;
  version: string;
  references?: string[];
}

export interface FamilyData {
  id: string;
  title: string;
  description: string;
  references: string[];
  override?: boolean;
}

export interface GroupData {
  id: string;
  title: string;
  description?: string;
  max_weight: number;
  references?: string[];
  override?: boolean;
}

export interface ChoiceData {
  id: string;
  label: string;
  /** The label in a help-desk operator's words. */
  staff_label?: string;
  help?: string;
  detect?: string[];
  /** Organisations that stand for this choice, named in the question's `organisation_forms`. */
  organisations?: string[];
  /** What choosing this says the person has already lost. */
  lost?: "money" | "access" | "details";
  /** On a multiple-choice question: cannot be ticked with any other choice. */
  exclusive?: boolean;
}

/** Phrases that answer a question from call notes (`scamcheck scan`). */
export interface DetectData {
  yes?: string[];
  no?: string[];
  ignore?: string[];
  number?: (string | { phrase: string; value?: number; times?: number })[];
  about?: "caller" | "person";
  unnamed?: string;
  /** The choice a transcript whose first turn is the caller's gives, when nothing else answers. */
  opening_turn?: string;
  /** Phrases with `@org` for the names a choice lists in `organisations`. */
  organisation_forms?: string[];
}

export interface QuestionData {
  id: string;
  text: string;
  staff_text?: string;
  help?: string;
  type: QuestionType;
  choices?: ChoiceData[];
  when?: Condition;
  urgent?: boolean;
  priority?: "big-ask" | "opener";
  part_of?: string;
  case_detail?: "organisation";
  yes_when?: Condition;
  min?: number;
  max?: number;
  unit?: string;
  references?: string[];
  detect?: DetectData;
  override?: boolean;
}

export interface IndicatorData {
  id: string;
  title: string;
  explanation: string;
  when: Condition;
  weight: number;
  family?: string[];
  group?: string;
  at_least?: VerdictId;
  floor_unless?: Condition;
  at_most?: VerdictId;
  status?: "deprecated" | "stable" | "experimental";
  references: string[];
  falsepositives?: string[];
  override?: boolean;
}

export interface ActionData {
  id: string;
  text: string;
  help?: string;
  urgency: Urgency;
  immediate?: boolean;
  when?: Condition;
  unless?: Condition;
  gives_way_to?: string;
  saves?: Saves;
  topic?: string;
  region?: string;
  references: string[];
  override?: boolean;
}

/** "Ask the caller" and "Tell the customer" scripts for operator mode. */
export interface StaffPromptData {
  id: string;
  audience: "caller" | "customer";
  title: string;
  lines: string[];
  when?: Condition;
  references: string[];
  override?: boolean;
}

export interface LetterData {
  id: string;
  title: string;
  region?: string;
  when?: Condition;
  deadline_days?: number;
  deadline_from?: string;
  template: string;
  references: string[];
  override?: boolean;
}

/** Evidence on which a call with no warning signs may end the interview early. */
export interface StopData {
  id: string;
  reason: string;
  when: Condition;
  references: string[];
  override?: boolean;
}

export interface VerdictData {
  id: VerdictId;
  headline: string;
  summary: string;
  min_score?: number;
  min_answered?: number;
  references?: string[];
  override?: boolean;
}

export interface ContactData {
  id: string;
  name: string;
  purpose: string;
  phone?: string;
  url?: string;
  hours?: string;
  references: string[];
}

export interface RegionData {
  id: string;
  name: string;
  locales?: string[];
  contacts: ContactData[];
  override?: boolean;
}

/** A path to a node inside a pack file, such as `["indicators", 3, "weight"]`. */
export type Path = readonly (string | number)[];

export interface Position {
  line: number;
  col: number;
}

/** A pack file that parsed and validated; pass it to compileRules. */
export interface ParsedPack {
  file: string;
  data: PackData;
  /** The position of the node at a path inside the file, or of its nearest existing ancestor. */
  locate: (path: Path) => Position;
}

export interface PackParseResult {
  pack?: ParsedPack;
  diagnostics: Diagnostic[];
}

export interface CompileResult {
  rules?: RuleSet;
  diagnostics: Diagnostic[];
}

export interface CompileOptions {
  /** Require all five verdict bands (true for a runnable rule set; false to check a pack on its own). */
  requireVerdicts?: boolean;
}

/** The outcome of one case in a pack test file (`scamcheck rules test`). */
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

// Each hand-written type must be exactly the implementation's type: same keys, same optionality,
// same value types. A field added to the zod schema without being added here stops the build.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Check<T extends true> = T;
type _PublicTypesMatchImplementation = [
  Check<Same<PackData, PackInput>>,
  Check<Same<Path, PathImpl>>,
  Check<Same<Position, PositionImpl>>,
  Check<Same<ParsedPack, ParsedPackImpl>>,
  Check<Same<PackParseResult, PackParseResultImpl>>,
  Check<Same<CompileResult, CompileResultImpl>>,
  Check<Same<CompileOptions, CompileOptionsImpl>>,
  Check<Same<CaseOutcome, CaseOutcomeImpl>>,
  Check<Same<PackTestReport, PackTestReportImpl>>,
];
