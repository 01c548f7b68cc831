/**
 * Hardening, the config file: a key that names a member of Object.prototype ("constructor",
 * "toString", "__proto__") is an unknown setting like any other, in one clear line.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/cli/config.js";
import { scratch } from "../hardening/helpers.js";

const dir = scratch("config");

function load(body: string): () => unknown {
  const file = join(dir, "config.json");
  writeFileSync(file, body);
  return () => loadConfig({ SCAMCHECK_CONFIG: file }, process.platform);
}

describe("hardening: config keys", () => {
  it.each(["constructor", "toString", "hasOwnProperty", "__proto__"])("'%s' is an unknown setting", (key) => {
    expect(load(`{"${key}": true}`)).toThrow(
      `${join(dir, "config.json")}: $.${key}: unknown setting '${key}'; known: staff, operator, region, caseStore`,
    );
  });

  it("known keys still load", () => {
    expect(load('{"staff": true, "region": "gb"}')()).toEqual({ staff: true, region: "gb" });
  });
});
