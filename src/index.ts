/**
 * scamcheck as a library: the same rule loading and triage engine the CLI uses.
 *
 *   import { loadRules, readAnswers, triage, verdictToJson } from "scamcheck";
 *   const { rules } = await loadRules();
 *   const result = triage(rules, readAnswers({ "asked-remote-access": "yes" }, rules), { region: "gb" });
 */
export { loadRules, buildBuiltinCache, BUILTIN_RULES_DIR, type LoadRulesOptions, type LoadedRules } from "./node/load-rules.js";
export { parsePack, type ParsedPack, type PackParseResult } from "./core/load-pack.js";
export { compileRules, type CompileResult, type CompileOptions } from "./core/compile-rules.js";
export { readAnswers, readCase, answersToJson, type Answers, type CaseInput } from "./core/answers.js";
export { triage, nextQuestion, relevantQuestions, bandFor, type TriageResult, type TriageOptions, type FiredIndicator, type RecommendedAction, type OpenQuestion } from "./core/triage.js";
export { verdictToJson, OUTPUT_SCHEMA_VERSION, type VerdictJson } from "./core/verdict-json.js";
export { sanitizeForTerminal } from "./core/sanitize.js";
export { parseJson, JsonSyntaxError } from "./core/json-text.js";
export { formatDiagnostic, type Diagnostic } from "./core/diagnostics.js";
export { RuleError, AnswerError, InputError, UsageError, type AnswerProblem } from "./core/errors.js";
export { VERDICT_IDS, QUESTION_TYPES, URGENCIES, NOT_SURE, SCHEMA_MAJOR, type VerdictId, type QuestionType, type Urgency } from "./core/constants.js";
export type * from "./core/ruleset.js";
export { VERSION } from "./version.js";
export { packJsonSchema } from "./core/schema.js";
export { outputJsonSchemas, verdictOutputSchema, batchErrorSchema } from "./core/output-schema.js";
export { runPackTests, packTestJsonSchema, type PackTestReport, type CaseOutcome } from "./core/pack-tests.js";
export { buildCaseRecord, numberHistory, historyFacts, newCaseId, type CaseRecord, type CaseDetails, type NumberHistory } from "./core/case-record.js";
export { redactSecrets, describeRedactions, type Redaction } from "./core/redact.js";
export { normaliseCallerNumber, numberKey, type CallerNumber } from "./core/phone.js";
export { appendCase, readCaseLog, readAllCases, purgeCases, CaseLogError } from "./node/case-log.js";
export { inferAnswers, compilePhrase, PhraseError, type Evidence, type Inference, type CompiledPhrase } from "./core/scan/index.js";
