/**
 * scamcheck as a library: the same rule loading and triage engine the CLI uses.
 *
 *   import { loadRules, readAnswers, triage, verdictToJson } from "scamcheck";
 *   const { rules } = await loadRules();
 *   const result = triage(rules, readAnswers({ "asked-remote-access": "yes" }, rules), { region: "gb" });
 */
import { compileRules as compileRulesImpl } from "./core/compile-rules.js";
import { parsePack as parsePackImpl } from "./core/load-pack.js";
import { outputJsonSchemas as outputJsonSchemasImpl } from "./core/output-schema.js";
import { packTestJsonSchema as packTestJsonSchemaImpl, runPackTests as runPackTestsImpl } from "./core/pack-tests.js";
import type { RuleSet } from "./core/ruleset.js";
import { packJsonSchema as packJsonSchemaImpl } from "./core/schema.js";
import type { CompileOptions, CompileResult, PackParseResult, PackTestReport, ParsedPack } from "./public-types.js";
export { loadRules, buildBuiltinCache, BUILTIN_RULES_DIR, type LoadRulesOptions, type LoadedRules } from "./node/load-rules.js";
export { readAnswers, readCase, answersToJson, type Answers, type CaseInput } from "./core/answers.js";
export { triage, relevantQuestions, bandFor, type TriageResult, type TriageOptions, type FiredIndicator, type RecommendedAction, type OpenQuestion } from "./core/triage.js";
export { nextQuestion, interviewState, assess, type InterviewState, type InterviewStep, type InterviewStop } from "./core/interview.js";
export { labelledNoteScenarios, packTestScenarios, simulate, summarise, type Scenario, type SimulatedRun, type InterviewFigures } from "./core/interview-sim.js";
export { verdictToJson, OUTPUT_SCHEMA_VERSION, type VerdictJson } from "./core/verdict-json.js";
export { sanitizeForTerminal } from "./core/sanitize.js";
export { parseJson, JsonSyntaxError } from "./core/json-text.js";
export { formatDiagnostic, type Diagnostic } from "./core/diagnostics.js";
export { RuleError, AnswerError, InputError, type AnswerProblem } from "./core/errors.js";
export { VERDICT_IDS, QUESTION_TYPES, URGENCIES, NOT_SURE, SCHEMA_MAJOR, type VerdictId, type QuestionType, type Urgency } from "./core/constants.js";
export type * from "./core/ruleset.js";
export { VERSION } from "./version.js";
export { buildCaseRecord, historyFacts, newCaseId, type CaseRecord, type CaseDetails, type NumberHistory } from "./core/case-record.js";
export { redactSecrets, describeRedactions, type Redaction } from "./core/redact.js";
export { normaliseCallerNumber, numberKey, type CallerNumber } from "./core/phone.js";
export {
  openCaseStore,
  importCaseLog,
  CaseStoreError,
  SCHEMA_VERSION as CASE_STORE_SCHEMA_VERSION,
  type CaseStore,
  type CaseStats,
  type CaseFilter,
  type NewCase,
  type AddResult,
  type StoreProblem,
  type ImportReport,
} from "./node/case-store/index.js";
export { CaseRecorder, saveCase, type SaveResult } from "./node/case-store/saving.js";
export { inferAnswers, compilePhrase, PhraseError, type Evidence, type Inference, type CompiledPhrase } from "./core/scan/index.js";

// The modules below define zod schemas, so their own declarations import zod, which is bundled into
// dist/ and not installed with the package. They are exported with types written out in
// public-types.ts (checked there against the implementation), so dist/types never imports zod.
export type * from "./public-types.js";

/** Parse and validate one rule-pack file; never throws for bad input (problems come back as diagnostics). */
export const parsePack: (source: string, file: string) => PackParseResult = parsePackImpl;
/** Merge and cross-check parsed packs into a rule set. */
export const compileRules: (inputs: readonly ParsedPack[], options?: CompileOptions) => CompileResult = compileRulesImpl;
/** Run pack test files (`*.test.yaml`) against a rule set. */
export const runPackTests: (files: readonly { name: string; text: string }[], rules: RuleSet) => PackTestReport = runPackTestsImpl;
/** The JSON Schema of rule packs (rules/schema.json). */
export const packJsonSchema: () => Record<string, unknown> = packJsonSchemaImpl;
/** The JSON Schema of pack test files (rules/test-schema.json). */
export const packTestJsonSchema: () => Record<string, unknown> = packTestJsonSchemaImpl;
/** The JSON Schemas of what the CLI reads and writes (schemas/*.schema.json), by name. */
export const outputJsonSchemas: () => Record<string, unknown> = outputJsonSchemasImpl;
