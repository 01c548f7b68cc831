import { statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanMatcherData } from "../../src/core/scan/infer-answers.js";
import { matcherData, matcherFromData } from "../../src/core/scan/match-phrases.js";
import { offeredMatcher } from "../../src/core/scan/prebuilt.js";
import { BUILTIN_RULES_DIR, loadRules } from "../../src/node/load-rules.js";

// The build compiles the built-in packs into dist/ (the rule set without call-note phrases, and the
// phrases apart, read only when something asks for them). What a run loads from there must be the
// same rule set the YAML gives.
describe("the build-time rules cache", () => {
  it("gives the same rule set as compiling the YAML, call-note phrases included", async () => {
    const fromYaml = (await loadRules({ noCache: true })).rules;
    const cached = (await loadRules()).rules;
    // Served from the cache (its phrases are read lazily), not compiled again from the YAML.
    expect(Object.getOwnPropertyDescriptor(cached.questions[0], "detect")?.get).toBeTypeOf("function");
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
    expect(plain(cached)).toEqual(plain(fromYaml));
    const withPhrases = cached.questions.filter((q) => q.detect !== undefined);
    expect(withPhrases.length).toBeGreaterThan(40);
  });
});

describe("the build-time matcher of the call-note phrases", () => {
  it("is the matcher the packs' phrases give, offered with the cached rule set and with no other", async () => {
    const fromYaml = (await loadRules({ noCache: true })).rules;
    const cached = (await loadRules()).rules;
    const stored = offeredMatcher(cached);
    expect(stored).toBeDefined();
    expect(stored).toEqual(scanMatcherData(fromYaml));
    // Packs compiled at run time (one's own, or YAML changed since the build) have their matcher built when scanned.
    expect(offeredMatcher(fromYaml)).toBeUndefined();
  });

  it("comes back from its stored form unchanged", async () => {
    const data = scanMatcherData((await loadRules({ noCache: true })).rules);
    expect(matcherData(matcherFromData(JSON.parse(JSON.stringify(data))))).toEqual(data);
  });
});

describe("when a pack file looks newer than the cache", () => {
  it("checks the files' hash and still uses the cache when they did not change", async () => {
    const file = join(BUILTIN_RULES_DIR, "common.yaml");
    const before = statSync(file);
    try {
      utimesSync(file, before.atime, new Date(Date.now() + 60_000));
      const { rules } = await loadRules();
      expect(Object.getOwnPropertyDescriptor(rules.questions[0], "detect")?.get).toBeTypeOf("function");
    } finally {
      utimesSync(file, before.atime, before.mtime);
    }
  });
});
