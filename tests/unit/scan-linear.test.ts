/**
 * Scanning time stays linear in the length of the notes. Measured as work, not time (timings
 * belong in the benchmarks): the states the phrase matcher tries, which it counts.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { CompiledPhrase } from "../../src/core/scan/compile-phrase.js";
import { buildMatcher, findMatches, workPerToken, type Matcher } from "../../src/core/scan/match-phrases.js";
import { tokenize } from "../../src/core/scan/tokenize.js";
import { loadRules } from "../../src/node/load-rules.js";
import { RUNS } from "../property/arbitraries.js";

let matcher: Matcher;
beforeAll(async () => {
  const { rules } = await loadRules();
  const phrases: CompiledPhrase[] = [];
  for (const q of rules.questions) {
    phrases.push(...(q.detect?.yes ?? []), ...(q.detect?.no ?? []), ...(q.detect?.ignore ?? []), ...(q.detect?.number ?? []).map((n) => n.phrase));
    for (const c of q.choices) phrases.push(...(c.detect ?? []));
  }
  matcher = buildMatcher(phrases);
});

const work = (text: string) => {
  const counter = { steps: 0 };
  const tokens = tokenize(text).tokens;
  findMatches(matcher, tokens, counter);
  return { steps: counter.steps, tokens: tokens.length };
};

// Words that start and continue many phrases (the worst case for a matcher), with no sentence breaks.
const words = fc.constantFrom(..."they said my computer has a virus and asked me to install anydesk or teamviewer on the phone bank card gift cards pay now police arrest tax refund you owe 20 minutes called from microsoft windows support".split(" "));

describe("property: scanning is linear in the length of the notes", () => {
  it("never tries more states than a fixed amount per word", () => {
    const bound = workPerToken(matcher);
    fc.assert(
      fc.property(fc.array(words, { minLength: 1, maxLength: 400 }), (ws) => {
        const { steps, tokens } = work(ws.join(" "));
        expect(steps).toBeLessThanOrEqual(tokens * bound);
      }),
      { numRuns: RUNS },
    );
  });

  it("does twice the work, give or take the seam, on the same words twice over", () => {
    const longest = Math.max(...matcher.machines.map((m) => m.maxLength));
    const seam = longest * workPerToken(matcher);
    fc.assert(
      fc.property(fc.array(words, { minLength: 1, maxLength: 200 }), (ws) => {
        const once = work(ws.join(" ")).steps;
        const twice = work(`${ws.join(" ")} ${ws.join(" ")}`).steps;
        expect(twice).toBeLessThanOrEqual(2 * once + seam);
        expect(twice).toBeGreaterThanOrEqual(2 * once - seam);
      }),
      { numRuns: RUNS },
    );
  });
});
