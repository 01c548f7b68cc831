import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { caseLogPath, loadConfig, staffMode } from "../../src/cli/config.js";

const withConfig = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "scamcheck-config-")), "config.json");
  writeFileSync(file, text);
  return { SCAMCHECK_CONFIG: file };
};

describe("config", () => {
  it("reads the settings a help desk sets once", () => {
    const env = withConfig('{"staff": true, "operator": "Sam", "caseLog": "/srv/desk/cases.jsonl"}');
    const config = loadConfig(env, "linux");
    expect(config).toEqual({ staff: true, operator: "Sam", caseLog: "/srv/desk/cases.jsonl" });
    expect(staffMode(undefined, env, config)).toBe(true);
    expect(caseLogPath(undefined, env, "linux", config)).toBe("/srv/desk/cases.jsonl");
  });

  it("lets flags beat the environment, and the environment beat the file", () => {
    const config = { staff: true, caseLog: "/from/config" };
    expect(staffMode(false, {}, config)).toBe(false);
    expect(staffMode(undefined, { SCAMCHECK_STAFF: "0" }, config)).toBe(false);
    expect(staffMode(undefined, { SCAMCHECK_STAFF: "1" }, {})).toBe(true);
    expect(caseLogPath("/flag", { SCAMCHECK_CASE_LOG: "/env" }, "linux", config)).toBe("/flag");
    expect(caseLogPath(undefined, { SCAMCHECK_CASE_LOG: "/env" }, "linux", config)).toBe("/env");
    expect(caseLogPath(undefined, { XDG_DATA_HOME: "/data" }, "linux", {})).toBe("/data/scamcheck/cases.jsonl");
  });

  it("names the file, the position or the setting when the file is wrong", () => {
    expect(() => loadConfig(withConfig('{"staff": true,}'), "linux")).toThrow(/config\.json:1:15: invalid JSON: trailing comma is not allowed/);
    expect(() => loadConfig(withConfig('{"staf": true}'), "linux")).toThrow(/\$\.staf: unknown setting 'staf'/);
    expect(() => loadConfig(withConfig('{"staff": "yes"}'), "linux")).toThrow(/\$\.staff: must be a boolean/);
    expect(loadConfig({ SCAMCHECK_CONFIG: "/no/such/config.json" }, "linux")).toEqual({});
  });
});
