import { describe, expect, it } from "vitest";
import { colorLevel } from "../../src/cli/color.js";
import { appPaths } from "../../src/node/paths.js";

/** A terminal stream whose colour depth follows Node's own rule (any NO_COLOR, even empty, counts). */
const tty = {
  isTTY: true,
  getColorDepth: (env: NodeJS.ProcessEnv) => (env.NO_COLOR !== undefined ? 1 : 8),
} as unknown as NodeJS.WriteStream;

describe("NO_COLOR (no-color.org: only a non-empty value turns colour off)", () => {
  it("an empty NO_COLOR leaves colour on", () => {
    expect(colorLevel(tty, { NO_COLOR: "" }, {})).toBe(2);
  });
  it("a non-empty NO_COLOR turns colour off", () => {
    expect(colorLevel(tty, { NO_COLOR: "1" }, {})).toBe(0);
  });
});

describe("XDG base directories (a relative path is ignored)", () => {
  it("ignores relative XDG_STATE_HOME, XDG_DATA_HOME and XDG_CONFIG_HOME", () => {
    const p = appPaths({ XDG_STATE_HOME: "rel/state", XDG_DATA_HOME: "./data", XDG_CONFIG_HOME: "cfg" }, "linux", "/home/a");
    expect(p).toEqual({ state: "/home/a/.local/state/scamcheck", data: "/home/a/.local/share/scamcheck", config: "/home/a/.config/scamcheck" });
  });
  it("uses absolute ones", () => {
    const p = appPaths({ XDG_STATE_HOME: "/s", XDG_DATA_HOME: "/d", XDG_CONFIG_HOME: "/c" }, "linux", "/home/a");
    expect(p).toEqual({ state: "/s/scamcheck", data: "/d/scamcheck", config: "/c/scamcheck" });
  });
});
