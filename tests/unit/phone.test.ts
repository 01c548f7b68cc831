import { describe, expect, it } from "vitest";
import { normaliseCallerNumber, numberKey } from "../../src/core/phone.js";
import { numberMatcher } from "../../src/core/caller-number.js";

describe("caller numbers", () => {
  it("normalises valid numbers to E.164 for the region", () => {
    expect(normaliseCallerNumber("020 7946 0018", "gb")).toEqual({ kind: "number", raw: "020 7946 0018", valid: true, e164: "+442079460018" });
    expect(normaliseCallerNumber("+44 20 7946 0018", "us")).toMatchObject({ valid: true, e164: "+442079460018" });
    expect(normaliseCallerNumber("(213) 373-4253", "us")).toMatchObject({ valid: true, e164: "+12133734253" });
  });

  it("keeps invalid numbers as typed and marks them", () => {
    expect(normaliseCallerNumber("1-800-FLOWERS", "gb")).toEqual({ kind: "number", raw: "1-800-FLOWERS", valid: false });
    expect(normaliseCallerNumber("12345", "gb")).toEqual({ kind: "number", raw: "12345", valid: false });
  });

  it("treats withheld and unknown as values", () => {
    expect(normaliseCallerNumber("Withheld")).toEqual({ kind: "withheld", raw: "Withheld" });
    expect(normaliseCallerNumber("no caller id").kind).toBe("withheld");
    expect(normaliseCallerNumber("").kind).toBe("unknown");
    expect(normaliseCallerNumber("don't know").kind).toBe("unknown");
  });

  it("gives the same key to the same number typed two ways", () => {
    expect(numberKey(normaliseCallerNumber("020 7946 0018", "gb"))).toBe(numberKey(normaliseCallerNumber("+442079460018", "gb")));
    expect(numberKey(normaliseCallerNumber("withheld"))).toBeUndefined();
  });
});

describe("finding a number in the case history", () => {
  it("matches international keys exactly, and a national number typed without a region by its digits", () => {
    const stored = numberKey(normaliseCallerNumber("020 7946 0018", "gb"));
    expect(numberMatcher("+442079460018")(stored)).toBe(true);
    expect(numberMatcher("+442079460019")(stored)).toBe(false);
    const typedWithoutRegion = numberKey(normaliseCallerNumber("020 7946 0018")) as string;
    expect(typedWithoutRegion).toBe("02079460018");
    expect(numberMatcher(typedWithoutRegion)(stored)).toBe(true);
    expect(numberMatcher(typedWithoutRegion)("02079460018")).toBe(true);
    expect(numberMatcher(typedWithoutRegion)("+442079460099")).toBe(false);
    // Short numbers match only exactly.
    expect(numberMatcher("0018")("+442079460018")).toBe(false);
  });
});
