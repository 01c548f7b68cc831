import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { caseStoreLocation, loadConfig, staffMode } from "../../src/cli/config.js";

const withConfig = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "scamcheck-config-")), "config.json");
  writeFileSync(file, text);
  return { SCAMCHECK_CONFIG: file };
};

describe("config", () => {
  it("reads the settings a help desk sets once", () => {
    const env = withConfig('{"staff": true, "operator": "Sam", "caseStore": "postgres://desk@db.example/scamcheck"}');
    const config = loadConfig(env, "linux");
    expect(config).toEqual({ staff: true, operator: "Sam", caseStore: "postgres://desk@db.example/scamcheck" });
    expect(staffMode(undefined, env, config)).toBe(true);
    expect(caseStoreLocation(undefined, env, "linux", config)).toEqual({ location: "postgres://desk@db.example/scamcheck", isDefault: false });
  });

  it("lets flags beat the environment, and the environment beat the file", () => {
    const config = { staff: true, caseStore: "/from/config.sqlite" };
    expect(staffMode(false, {}, config)).toBe(false);
    expect(staffMode(undefined, { SCAMCHECK_STAFF: "0" }, config)).toBe(false);
    expect(staffMode(undefined, { SCAMCHECK_STAFF: "1" }, {})).toBe(true);
    expect(caseStoreLocation("/flag", { SCAMCHECK_CASE_STORE: "/env" }, "linux", config).location).toBe("/flag");
    expect(caseStoreLocation(undefined, { SCAMCHECK_CASE_STORE: "/env" }, "linux", config).location).toBe("/env");
    expect(caseStoreLocation(undefined, {}, "linux", config).location).toBe("/from/config.sqlite");
    expect(caseStoreLocation(undefined, { XDG_DATA_HOME: "/data" }, "linux", {})).toEqual({ location: "/data/scamcheck/cases.sqlite", isDefault: true });
  });

  it("names the file, the position or the setting when the file is wrong", () => {
    expect(() => loadConfig(withConfig('{"staff": true,}'), "linux")).toThrow(/config\.json:1:15: invalid JSON: trailing comma is not allowed/);
    expect(() => loadConfig(withConfig('{"staf": true}'), "linux")).toThrow(/\$\.staf: unknown setting 'staf'/);
    expect(() => loadConfig(withConfig('{"staff": "yes"}'), "linux")).toThrow(/\$\.staff: must be a boolean/);
    expect(loadConfig({ SCAMCHECK_CONFIG: "/no/such/config.json" }, "linux")).toEqual({});
  });

  it("says what became of an earlier version's caseLog setting and how to move the old log over", () => {
    expect(() => loadConfig(withConfig('{"caseLog": "/srv/desk/cases.jsonl"}'), "linux")).toThrow(
      /\$\.caseLog: 'caseLog' is now 'caseStore' \(an SQLite file or a postgres:\/\/ address\); move the old log's cases over with 'scamcheck cases import FILE'$/,
    );
  });
});
