import { describe, expect, it } from "vitest";
import { regionForLocale, resolveRegion, suggestRegion } from "../../src/cli/region.js";
import { appPaths } from "../../src/node/paths.js";
import { pack, rulesFrom, VERDICTS_YAML } from "../helpers/rules.js";

const REF = "references: [https://example.org/a]";
const contacts = `contacts: [{ id: c, name: C, purpose: P, ${REF} }]`;
const rules = rulesFrom({
  "r.yaml": pack(
    "r",
    `${VERDICTS_YAML}
regions:
  - { id: gb, name: UK, locales: [en-GB, cy-GB], ${contacts} }
  - { id: ie, name: Ireland, locales: [en-IE, ga-IE], ${contacts} }
  - { id: ca, name: Canada, locales: [en-CA, fr-CA], ${contacts} }
questions: [{ id: q, type: yes-no, text: Q? }]
`,
  ),
});

describe("region", () => {
  it("takes --region first, then SCAMCHECK_REGION, then the locale", () => {
    expect(resolveRegion(rules, "IE", { LANG: "en_GB.UTF-8" }, "linux")).toBe("ie");
    expect(resolveRegion(rules, undefined, { SCAMCHECK_REGION: "ca", LANG: "en_GB.UTF-8" }, "linux")).toBe("ca");
    expect(resolveRegion(rules, undefined, { LANG: "en_GB.UTF-8" }, "linux")).toBe("gb");
    expect(resolveRegion(rules, undefined, { LC_ALL: "fr_CA.UTF-8", LANG: "en_GB.UTF-8" }, "linux")).toBe("ca");
    expect(resolveRegion(rules, "none", { LANG: "en_GB.UTF-8" }, "linux")).toBeUndefined();
    // The config file's region sits between the environment and the locale, as the README says.
    expect(resolveRegion(rules, undefined, { SCAMCHECK_REGION: "ca", LANG: "en_GB.UTF-8" }, "linux", "ie")).toBe("ca");
    expect(resolveRegion(rules, undefined, { LANG: "en_GB.UTF-8" }, "linux", "ie")).toBe("ie");
    expect(resolveRegion(rules, "gb", { SCAMCHECK_REGION: "ca" }, "linux", "ie")).toBe("gb");
  });

  it("guesses nothing from a C locale on Linux", () => {
    expect(resolveRegion(rules, undefined, { LANG: "C.UTF-8" }, "linux")).toBeUndefined();
    expect(resolveRegion(rules, undefined, {}, "linux")).toBeUndefined();
  });

  it("maps locales by the packs' lists, then by country", () => {
    expect(regionForLocale(rules, "ga-IE")).toBe("ie");
    expect(regionForLocale(rules, "pl_GB.UTF-8")).toBe("gb");
    expect(regionForLocale(rules, "de_DE.UTF-8")).toBeUndefined();
  });

  it("refuses an unknown region with the valid ones", () => {
    expect(() => resolveRegion(rules, "zz", {}, "linux")).toThrow("unknown region 'zz'; choose one of: gb, ie, ca (or 'none')");
    expect(() => resolveRegion(rules, undefined, { SCAMCHECK_REGION: "uk" }, "linux")).toThrow("unknown region 'uk' (from SCAMCHECK_REGION) (did you mean 'gb'?); choose one of");
    expect(() => resolveRegion(rules, undefined, {}, "linux", "uk")).toThrow("unknown region 'uk' (from the config file) (did you mean 'gb'?); choose one of");
  });
});

describe("region suggestions", () => {
  it("suggests the id for a well-known alias, a region's name or a one-letter typo, and never uses it", () => {
    expect(() => resolveRegion(rules, "uk", {}, "linux")).toThrow("unknown region 'uk' (did you mean 'gb'?); choose one of: gb, ie, ca (or 'none')");
    expect(() => resolveRegion(rules, "Ireland", {}, "linux")).toThrow("(did you mean 'ie'?)");
    expect(() => resolveRegion(rules, "gn", {}, "linux")).toThrow("(did you mean 'gb'?)");
    expect(suggestRegion(rules, "zz")).toBeUndefined();
    expect(suggestRegion(rules, "usa")).toBeUndefined(); // no 'us' region in these packs
  });
});

describe("folders", () => {
  it("follows each platform's conventions, and the overrides", () => {
    expect(appPaths({}, "linux", "/home/a")).toEqual({ state: "/home/a/.local/state/scamcheck", data: "/home/a/.local/share/scamcheck", config: "/home/a/.config/scamcheck" });
    expect(appPaths({ XDG_STATE_HOME: "/s" }, "linux", "/home/a").state).toBe("/s/scamcheck");
    expect(appPaths({}, "darwin", "/Users/a").state).toBe("/Users/a/Library/Application Support/scamcheck/State");
    expect(appPaths({ LOCALAPPDATA: "C:\\Users\\a\\AppData\\Local" }, "win32", "C:\\Users\\a").data).toContain("scamcheck");
    expect(appPaths({ SCAMCHECK_STATE_DIR: "/tmp/x" }, "linux", "/home/a").state).toBe("/tmp/x");
  });
});
