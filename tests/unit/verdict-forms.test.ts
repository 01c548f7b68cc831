/**
 * The compact verdict forms: the fields --fields can name are the full verdict's (and scan's), as
 * its published schema has them, and a list is read strictly, with a suggestion for a slip.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { scanOutputSchema, verdictOutputSchema } from "../../src/core/output-schema.js";
import { parseFields, pickFields, SCAN_FIELDS, UnknownFieldError, VERDICT_FIELDS, type FieldTable } from "../../src/core/verdict-forms.js";

/** A zod object's fields, each with the fields of its objects (inside lists and nulls too). */
function tableOf(schema: z.ZodObject): Record<string, string[]> {
  const partsOf = (s: z.ZodType): string[] => {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) return partsOf(s.unwrap() as z.ZodType);
    if (s instanceof z.ZodArray) return partsOf(s.element as z.ZodType);
    if (s instanceof z.ZodObject) return Object.keys(s.shape);
    return [];
  };
  const { schemaVersion: _v, line: _l, id: _i, ...rest } = schema.shape as Record<string, z.ZodType>;
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, partsOf(v)]));
}

const sorted = (t: FieldTable) => Object.fromEntries(Object.entries(t).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));

describe("--fields", () => {
  it("names every field and part of the published verdict and scan schemas, and nothing else", () => {
    expect(sorted(VERDICT_FIELDS)).toEqual(sorted(tableOf(verdictOutputSchema)));
    expect(sorted(SCAN_FIELDS)).toEqual(sorted(tableOf(scanOutputSchema)));
    // In the order the full verdict has them.
    expect(Object.keys(VERDICT_FIELDS)).toEqual(Object.keys(tableOf(verdictOutputSchema)));
  });

  it("reads a list with spaces, repeats and a whole field beside its parts", () => {
    expect(parseFields(" verdict , reasons.id,reasons.weight,verdict", VERDICT_FIELDS)).toEqual(new Map<string, unknown>([["verdict", true], ["reasons", new Set(["id", "weight"])]]));
    expect(parseFields("actions.id,actions", VERDICT_FIELDS).get("actions")).toBe(true);
    expect(parseFields("actions,actions.id", VERDICT_FIELDS).get("actions")).toBe(true);
  });

  it("refuses what is not a field or part, suggesting the nearest", () => {
    const refused = (list: string) => {
      try {
        parseFields(list, VERDICT_FIELDS);
      } catch (error) {
        expect(error).toBeInstanceOf(UnknownFieldError);
        const { field, suggestion } = error as UnknownFieldError;
        return [field, suggestion];
      }
      return undefined;
    };
    expect(refused("verdict,scroe")).toEqual(["scroe", "score"]);
    expect(refused("reasons.idd")).toEqual(["reasons.idd", "reasons.id"]);
    expect(refused("score.value")).toEqual(["score.value", undefined]);
    expect(refused("reasons.id.x")).toEqual(["reasons.id.x", "reasons.id"]);
    expect(refused("")).toEqual(["", undefined]);
    expect(refused("__proto__")).toEqual(["__proto__", undefined]);
    expect(refused("answers")).toEqual(["answers", undefined]); // scan's, not check's
  });

  it("keeps schemaVersion, a batch line and a case id first, whatever is named", () => {
    const json = { schemaVersion: 1, line: 4, id: "T-1", verdict: "scam", family: null, reasons: [{ id: "a", weight: 3 }] };
    expect(pickFields(json, parseFields("reasons.id,family", VERDICT_FIELDS))).toEqual({ schemaVersion: 1, line: 4, id: "T-1", family: null, reasons: [{ id: "a" }] });
    expect(Object.keys(pickFields({ verdict: "scam", schemaVersion: 1 }, parseFields("verdict", VERDICT_FIELDS)))).toEqual(["schemaVersion", "verdict"]);
  });
});
