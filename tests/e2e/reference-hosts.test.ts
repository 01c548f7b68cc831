/**
 * Every reference must be a public primary source: one on a staging or test copy of a site (a host
 * with "uat" or "staging" in its name, a test. label, an IP address) loads with a warning at its
 * place and fails `rules test`.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unfitReferences } from "../../src/core/compile-rules.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { runCli } from "../helpers/cli.js";
import { linesOf, scratch } from "../hardening/helpers.js";

describe("references on hosts that are not a public site", () => {
  it("are found by their host's name, and public pages are not", () => {
    const refs = (...urls: string[]) => unfitReferences({ indicators: [{ references: urls }] }).map((r) => r.why);
    expect(refs("https://nginx-feature-dgtl-uat2-acma.govcms7.amazee.io/articles/x")).toEqual(["is on a staging or test copy of a site (nginx-feature-dgtl-uat2-acma.govcms7.amazee.io)"]);
    expect(refs("https://cdn.staging.content.example.org/a", "https://test.example.gov/b", "http://192.0.2.7/c")).toHaveLength(3);
    // Words that only look alike: a "test-and-trace" service, a developer site, a testing centre.
    expect(refs("https://www.test-and-trace.example.uk/", "https://developer.example.com/", "https://covid-testing.example.gov/", "https://www.acma.gov.au/articles/2024-11/get-scam-savvy-holiday-season")).toEqual([]);
  });

  it("warn when a pack loads, and fail its tests, each named at its place", async () => {
    const dir = scratch("reference-hosts");
    const examples = join(PACKAGE_ROOT, "rules", "examples", "pack");
    const pack = join(dir, "utility-shutoff.yaml");
    const original = readFileSync(join(examples, "utility-shutoff.yaml"), "utf8");
    const first = /https:\/\/[^\s]+/.exec(original)?.[0] as string;
    writeFileSync(pack, original.replace(first, "https://www.uat.example-regulator.gov/guidance"));
    copyFileSync(join(examples, "utility-shutoff.test.yaml"), join(dir, "utility-shutoff.test.yaml"));
    const line = original.slice(0, original.indexOf(first)).split("\n").length;

    const validate = await runCli(["rules", "validate", pack]);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toMatch(new RegExp(`utility-shutoff\\.yaml:${line}:\\d+: warning: reference https://www\\.uat\\.example-regulator\\.gov/guidance is on a staging or test copy of a site`));

    const test = await runCli(["--rules", pack, "rules", "test", dir]);
    expect(test.code).toBe(2);
    expect(linesOf(test.stderr).filter((l) => l.includes("reference-host") || l.includes("staging or test copy"))).toHaveLength(1);
    expect(test.stdout).toMatch(/pack tests: \d+ passed, 0 failed, 1 file with errors/);
  });

  it("are none in the built-in packs", async () => {
    const r = await runCli(["rules", "test"]);
    expect(r.code, r.stderr).toBe(0);
  });
});
