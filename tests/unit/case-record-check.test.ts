/** Reading a stored case back: the published case-record schema decides, and says what is wrong in a few words. */
import { describe, expect, it } from "vitest";
import { checkCaseRecord, parseCaseRecord } from "../../src/core/case-record-schema.js";
import { sampleRecord } from "../helpers/stores.js";

describe("a stored case record", () => {
  it("reads back as written, with fields a newer scamcheck may add at the top level", () => {
    const record = sampleRecord("A", { caller: { kind: "number", raw: "02079460018", valid: true, e164: "+442079460018" } });
    expect(checkCaseRecord(record)).toEqual({ record });
    expect(parseCaseRecord(JSON.stringify({ ...record, addedLater: { any: "thing" } }))).toEqual({ record: { ...record, addedLater: { any: "thing" } } });
  });

  it("is refused with the field and the fault when it is not one", () => {
    const record = sampleRecord("A");
    expect(checkCaseRecord({ ...record, reasons: "x" })).toEqual({ problem: "not a case record (reasons: must be array)" });
    const { tool: _tool, ...noTool } = record;
    expect(checkCaseRecord(noTool)).toEqual({ problem: "not a case record (tool is missing)" });
    expect(checkCaseRecord({ ...record, id: "" })).toEqual({ problem: "not a case record (id: must NOT have fewer than 1 characters)" });
    expect(checkCaseRecord({ ...record, recordedAt: "yesterday" })).toMatchObject({ problem: expect.stringMatching(/^not a case record \(recordedAt: /) });
    expect(checkCaseRecord({ ...record, packs: [{ id: "core", version: "1", extra: 1 }] })).toMatchObject({ problem: expect.stringMatching(/^not a case record \(packs\.0: /) });
    expect(checkCaseRecord([record])).toEqual({ problem: "not a case record (must be object)" });
    expect(parseCaseRecord('{"id":"torn')).toEqual({ problem: "unreadable (cut short or edited by hand)" });
  });
});
