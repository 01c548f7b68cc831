/**
 * Which steps the interactive triage shows before the next question, kept apart from the
 * conversation loop (commands/interactive.ts) so tests can drive it without a terminal.
 */
import { MAX_NOW_STEPS } from "../core/constants.js";
import type { InterviewState } from "../core/interview.js";
import type { RuleSet } from "../core/ruleset.js";
import type { RecommendedAction } from "../core/triage.js";

/**
 * The steps that cannot wait and have not been shown yet, in screens of at most MAX_NOW_STEPS, in
 * the order that saves the most. While the situation is still being asked, only what stops harm
 * going on now: the rest once it is known, so that disconnecting comes before calling the bank
 * while they may still be connected.
 */
export function immediateScreens(rules: RuleSet, state: InterviewState, shown: ReadonlySet<string>): RecommendedAction[][] {
  const situation = state.next?.reason === "situation";
  const waiting = state.result.actions.filter((a) => {
    const rule = rules.actions.find((r) => r.id === a.id);
    return rule?.immediate === true && !shown.has(a.id) && (!situation || rule.saves === "harm-in-progress");
  });
  const screens: RecommendedAction[][] = [];
  for (let from = 0; from < waiting.length; from += MAX_NOW_STEPS) screens.push(waiting.slice(from, from + MAX_NOW_STEPS));
  return screens;
}
