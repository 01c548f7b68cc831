/**
 * Reading call notes: the pure API the `scan` command and the interactive pre-fill share.
 *
 *   const { answers, evidence } = inferAnswers(rules, notesText);
 */
export { inferAnswers, MAX_EVIDENCE_PER_ANSWER, type Evidence, type Inference } from "./infer-answers.js";
export { compilePhrase, PhraseError, type CompiledPhrase, type PhraseStep, type PhraseWord } from "./compile-phrase.js";
export { tokenize, type Token, type Tokens } from "./tokenize.js";
