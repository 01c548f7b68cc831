/** The built package used as a library, as `import … from "scamcheck"` resolves it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";

describe("library", () => {
  it("exports the engine with types from the package entry", async () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8"));
    const entry = join(PACKAGE_ROOT, pkg.exports["."].import);
    expect(readFileSync(join(PACKAGE_ROOT, pkg.exports["."].types), "utf8")).toContain("triage");
    const lib = await import(entry);
    const { rules } = await lib.loadRules();
    const result = lib.triage(rules, lib.readAnswers({ "asked-payment": "yes", "payment-method": ["gift-cards"] }, rules), { region: "us" });
    expect(result.verdict.id).toBe("scam");
    expect(lib.verdictToJson(result, rules).contacts.length).toBeGreaterThan(0);
    expect(() => lib.readAnswers({ nope: 1 }, rules)).toThrow(lib.AnswerError);
  });
});
