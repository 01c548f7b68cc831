/**
 * Matchers worked out ahead of time, by rule set: the build stores the built-in packs' matcher
 * beside its cache of them, and the loader offers it with the rule set it serves from there. It is
 * read only when that rule set is first scanned, so other commands never pay for it; any other
 * rule set (packs of one's own, or YAML changed since the build) gets its matcher built when scanned.
 */
import type { RuleSet } from "../ruleset.js";
import type { MatcherData } from "./match-phrases.js";

const offered = new WeakMap<RuleSet, () => MatcherData | undefined>();

/** `load` gives the stored matcher, or undefined when there is none that fits. */
export function offerMatcher(rules: RuleSet, load: () => MatcherData | undefined): void {
  offered.set(rules, load);
}

export function offeredMatcher(rules: RuleSet): MatcherData | undefined {
  return offered.get(rules)?.();
}
