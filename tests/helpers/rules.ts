/** Build a rule set from inline YAML packs, for engine and loader tests. */
import { compileRules, type CompileOptions } from "../../src/core/compile-rules.js";
import type { Diagnostic } from "../../src/core/diagnostics.js";
import { parsePack, type ParsedPack } from "../../src/core/load-pack.js";
import type { RuleSet } from "../../src/core/ruleset.js";

export const VERDICTS_YAML = `
verdicts:
  - { id: scam, headline: Scam, summary: It is a scam., min_score: 90 }
  - { id: likely-scam, headline: Likely scam, summary: Very likely a scam., min_score: 55 }
  - { id: suspicious, headline: Suspicious, summary: Be careful., min_score: 20 }
  - { id: no-warning-signs, headline: No warning signs, summary: Nothing found., min_answered: 2 }
  - { id: not-enough-information, headline: Not enough information, summary: Answer more. }
`;

export function pack(id: string, body: string): string {
  return `schema_version: 1\npack: { id: ${id}, title: ${id}, version: 1.0.0 }\n${body}`;
}

export function compile(files: Record<string, string>, options?: CompileOptions): { rules?: RuleSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const packs: ParsedPack[] = [];
  for (const [name, text] of Object.entries(files)) {
    const r = parsePack(text, name);
    diagnostics.push(...r.diagnostics);
    if (r.pack) packs.push(r.pack);
  }
  if (diagnostics.length > 0) return { diagnostics };
  return compileRules(packs, options);
}

export function rulesFrom(files: Record<string, string>): RuleSet {
  const { rules, diagnostics } = compile(files);
  if (!rules) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join("\n"));
  return rules;
}

/** Messages as `file:line:col: message`, for exact assertions. */
export const messages = (ds: Diagnostic[]) => ds.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`);
