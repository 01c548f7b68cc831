/**
 * Verdict bands that lead to the same steps. Two bands are alike when every step and operator
 * prompt that mentions the verdict treats them alike, so telling them apart changes nothing the
 * person is told to do; the interview stops without doing so. Worked out from the rules.
 */
import { leavesOf } from "./conditions.js";
import type { RuleSet } from "./ruleset.js";

const classes = new WeakMap<RuleSet, Map<string, number>>();

/** The class of a band: classes are numbered from the most serious band down. */
export function stepClassOf(rules: RuleSet, band: string): number {
  let map = classes.get(rules);
  if (!map) {
    const leaves = [...rules.actions, ...rules.prompts]
      .flatMap((x) => (x.when ? leavesOf(x.when) : []))
      .map((l) => l.leaf)
      .filter((l) => l.fact === "verdict");
    const holds = (id: string, l: (typeof leaves)[number]) => (l.equals !== undefined ? l.equals === id : l.in !== undefined ? l.in.includes(id) : true);
    const seen = new Map<string, number>();
    map = new Map(
      rules.verdicts.map((v) => {
        const signature = leaves.map((l) => (holds(v.id, l) ? "1" : "0")).join("");
        if (!seen.has(signature)) seen.set(signature, seen.size);
        return [v.id, seen.get(signature) as number];
      }),
    );
    classes.set(rules, map);
  }
  return map.get(band) ?? -1;
}
