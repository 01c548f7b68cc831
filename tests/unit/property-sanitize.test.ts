/**
 * Properties of the terminal sanitiser: whatever goes in, what comes out has no C0 or C1 control
 * characters except newline and tab, and no bidirectional or invisible format characters; running
 * it twice changes nothing more; and plain text passes through untouched.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeForTerminal } from "../../src/core/sanitize.js";
import { RUNS } from "../property/arbitraries.js";

/** C0 (but \n and \t), DEL, C1, and the bidi and zero-width format characters. */
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const nasty = fc.constantFrom("\u001b", "\u001b[", "\u001b]", "\u001b\\", "\u009b", "\u009d", "\u0007", "\r", "\b", "\n", "\t", "\u202e", "\u2066", "\u200b", "\ufeff", "\u0085", "[2J", "0;title", "8;;http://x", "m", ";", "A", "é", "😀");
const hostile = fc.array(fc.oneof(nasty, fc.string({ unit: "binary", maxLength: 4 })), { maxLength: 40 }).map((parts) => parts.join(""));

describe("property: sanitizeForTerminal", () => {
  it("leaves no control, bidi or invisible format character but newline and tab", () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ unit: "binary" })), (s) => {
        expect(sanitizeForTerminal(s)).not.toMatch(FORBIDDEN);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const once = sanitizeForTerminal(s);
        expect(sanitizeForTerminal(once)).toBe(once);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it("keeps ordinary text, newlines and tabs as they are", () => {
    const ordinary = fc.string({ unit: fc.oneof(fc.constantFrom("\n", "\t", " ", "é", "£", "😀", "—"), fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c))) });
    fc.assert(fc.property(ordinary, (s) => {
        expect(sanitizeForTerminal(s)).toBe(s);
      }), { numRuns: RUNS * 5 });
  });
});
