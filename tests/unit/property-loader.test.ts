/**
 * Properties of the rule-pack loader: any string as a rule file gives a pack or positioned
 * diagnostics, never an exception, never a flood; a valid pack survives CRLF, a BOM and trailing
 * comments; and the UTF-8 check agrees with the platform's decoder.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileRules } from "../../src/core/compile-rules.js";
import { parsePack } from "../../src/core/load-pack.js";
import { MAX_PROBLEMS_SHOWN } from "../../src/core/diagnostics.js";
import { findInvalidUtf8 } from "../../src/node/read-input.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { RUNS, yamlish } from "../property/arbitraries.js";

const example = readFileSync(join(PACKAGE_ROOT, "rules/examples/pack/utility-shutoff.yaml"), "utf8");

/** A valid pack with a random slice cut out and random text put in its place. */
const mutatedExample = fc
  .tuple(fc.nat({ max: example.length }), fc.nat({ max: 80 }), fc.oneof(yamlish, fc.string({ maxLength: 20 })))
  .map(([at, cut, insert]) => example.slice(0, at) + insert + example.slice(at + cut));

function checkLoad(source: string): void {
  const result = parsePack(source, "any.yaml");
  expect(Array.isArray(result.diagnostics)).toBe(true);
  expect(result.diagnostics.length).toBeLessThanOrEqual(MAX_PROBLEMS_SHOWN + 1);
  if (result.pack) expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  else expect(result.diagnostics.length).toBeGreaterThan(0);
  for (const d of result.diagnostics) {
    expect(d.file).toBe("any.yaml");
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toMatch(/\n/); // one line each
    expect(d.message.length).toBeGreaterThan(0);
  }
  // A pack that parses goes on to the cross-pack checks, which report rather than throw too.
  if (result.pack) compileRules([result.pack]);
}

describe("property: the loader never crashes", () => {
  it("on any string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), checkLoad), { numRuns: RUNS * 2 });
  });

  it("on YAML-like text: anchors, aliases, tags, flow and block collections, odd characters", () => {
    fc.assert(fc.property(yamlish, checkLoad), { numRuns: RUNS * 3 });
  });

  it("on a valid pack with a random piece cut out or put in", () => {
    fc.assert(fc.property(mutatedExample, checkLoad), { numRuns: RUNS * 2 });
  });

  it("a valid pack loads the same with CRLF line ends, a BOM and trailing comments", () => {
    expect(parsePack(example, "a.yaml").diagnostics).toEqual([]);
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.string({ maxLength: 30 }).filter((s) => !/[\r\n]/.test(s)), (crlf, bom, comment) => {
        let text = `${example}# ${comment}\n`;
        if (crlf) text = text.replace(/\n/g, "\r\n");
        if (bom) text = `\uFEFF${text}`;
        const r = parsePack(text, "a.yaml");
        expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(r.pack?.data).toEqual(parsePack(example, "a.yaml").pack?.data);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("property: the UTF-8 check", () => {
  const decodes = (b: Uint8Array) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(b);
      return true;
    } catch {
      return false;
    }
  };
  it("finds a bad byte exactly when the platform's strict decoder fails, and the bytes before it are valid", () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 16 }), fc.array(fc.constantFrom(0x41, 0x0a, 0x80, 0xbf, 0xc2, 0xc0, 0xe0, 0xa0, 0xed, 0x9f, 0xf0, 0x90, 0xf4, 0x8f, 0xff), { maxLength: 12 }).map((a) => Uint8Array.from(a)));
    fc.assert(
      fc.property(bytes, (b) => {
        const bad = findInvalidUtf8(b);
        expect(bad === -1).toBe(decodes(b));
        if (bad >= 0) expect(decodes(b.subarray(0, bad))).toBe(true);
      }),
      { numRuns: RUNS * 20 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(findInvalidUtf8(Buffer.from(s))).toBe(-1);
      }),
      { numRuns: RUNS * 5 },
    );
  });
});
