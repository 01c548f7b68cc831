/**
 * Scanning time stays linear in the length of the notes. Measured as work, not time (timings
 * belong in the benchmarks): the states the phrase matcher tries, which it counts.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compilePhrase, type CompiledPhrase } from "../../src/core/scan/compile-phrase.js";
import { buildMatcher, findMatches, KEY_WORK_BUDGET, LOOKUPS_PER_WORD, overBudget, tryCost, workPerToken, type Matcher } from "../../src/core/scan/match-phrases.js";
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

describe("tries that cannot succeed", () => {
  it("a phrase is not run where no word it can end on comes before the next break: the words within reach are read once, no state is tried", () => {
    const phrase = buildMatcher([compilePhrase("asked * for * password")]);
    const tried = (text: string) => {
      const counter = { steps: 0 };
      const found = findMatches(phrase, tokenize(text).tokens, counter);
      return { steps: counter.steps, found: found.length };
    };
    expect(tried("asked them for the card")).toEqual({ steps: 5, found: 0 });
    // The last word after a break is out of reach; before it, the phrase runs and matches.
    expect(tried("asked them for the card. Password")).toEqual({ steps: 5, found: 0 });
    expect(tried("asked them for the password").found).toBe(1);
  });
});

describe("the matching budget: the phrases under one start word cost a bounded amount per word of the notes", () => {
  const keyLoads = (m: Matcher) => {
    const cost = (entries: readonly { machine: number }[]) => entries.reduce((sum, e) => sum + tryCost(m.machines[e.machine] as Matcher["machines"][number]), 0);
    // Indexed by key number: a key may have nothing filed under it alone, or paired.
    return [...m.single.flatMap((entries) => (entries ? [cost(entries)] : [])), ...m.pairs.flatMap((inner) => (inner ? [...inner.values()].map(cost) : []))];
  };

  it("the built-in packs use at most three quarters of it at any start word, leaving room for a team's own packs", () => {
    expect(Math.max(...keyLoads(matcher))).toBeLessThanOrEqual(KEY_WORK_BUDGET * 0.75);
    expect(overBudget(matcher)).toEqual([]);
  });

  it("names the first phrase that takes a start word over it, once, however many start words it crowds", () => {
    const heavy = (i: number) => compilePhrase(`{the|a|to|and|you|my|your|he|she|they} * {bank|card|money|pay|code} * {now|today|soon} x${i}`);
    const one = tryCost(buildMatcher([heavy(0)]).machines[0] as Matcher["machines"][number]);
    const fits = Math.floor(KEY_WORK_BUDGET / one);
    const phrases = Array.from({ length: fits + 5 }, (_, i) => heavy(i));
    const found = overBudget(buildMatcher(phrases));
    // Ten start words are crowded by the same phrase: one finding, at the phrase that went over.
    expect(found).toEqual([{ phrase: fits, start: "the", cost: (fits + 5) * one }]);
    expect(overBudget(buildMatcher(phrases.slice(0, fits)))).toEqual([]);
  });

  it("counts pairs of start words on their own: the same phrases on different second words all fit", () => {
    const phrases = Array.from({ length: 400 }, (_, i) => compilePhrase(`told him {bank|card|money} * word${i}`));
    expect(overBudget(buildMatcher(phrases))).toHaveLength(1);
    // Second words "qaa", "qab", …: letters only, since a digit would split a word in two.
    const word = (i: number) => `q${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`;
    const spread = Array.from({ length: 400 }, (_, i) => compilePhrase(`told ${word(i)} {bank|card|money} * word`));
    expect(overBudget(buildMatcher(spread))).toEqual([]);
  });

  it("a rule set within it tries at most a fixed number of states per word, whatever the phrases and the notes (property)", () => {
    const common = ["the", "a", "to", "and", "you", "my", "said", "it", "bank", "card", "pay", "now"];
    const group = fc.uniqueArray(fc.constantFrom(...common), { minLength: 2, maxLength: 12 }).map((ws) => `{${ws.join("|")}}`);
    const phrase = fc.tuple(group, fc.array(fc.oneof(group, fc.constantFrom(...common), fc.constant("*")), { minLength: 1, maxLength: 4 }), fc.constantFrom(...common))
      .map(([first, middle, last]) => [first, ...middle, last].join(" ").replace(/\* \*/g, "*"))
      .filter((p) => { try { compilePhrase(p); return true; } catch { return false; } });
    fc.assert(
      fc.property(fc.array(phrase, { minLength: 1, maxLength: 40 }), fc.array(fc.constantFrom(...common, "very"), { minLength: 1, maxLength: 300 }), (sources, ws) => {
        let phrases = sources.map((p) => compilePhrase(p));
        // What a pack loader would accept: drop phrases until no start word is over the budget.
        for (let over = overBudget(buildMatcher(phrases)); over.length > 0; over = overBudget(buildMatcher(phrases))) phrases = phrases.slice(0, (over[0] as { phrase: number }).phrase);
        const counter = { steps: 0 };
        const tokens = tokenize(ws.join(" ")).tokens;
        const built = buildMatcher(phrases);
        findMatches(built, tokens, counter);
        // Each look-up costs at most its key's load, which the budget caps.
        const heaviest = Math.max(0, ...keyLoads(built));
        expect(heaviest).toBeLessThanOrEqual(KEY_WORK_BUDGET);
        expect(counter.steps).toBeLessThanOrEqual(tokens.length * LOOKUPS_PER_WORD * heaviest);
      }),
      { numRuns: RUNS },
    );
  });
});
