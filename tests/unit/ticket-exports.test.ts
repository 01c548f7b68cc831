/**
 * The ticket formats field by field, for every band: what a help desk's Zendesk, ServiceNow or
 * MISP makes of a case depends on these mappings, so each is pinned here (the e2e tests check the
 * commands, and json-schemas.test.ts each format's schema).
 */
import { describe, expect, it } from "vitest";
import { VERDICT_IDS } from "../../src/core/constants.js";
import { mispEvent, serviceNowIncident, zendeskTicket } from "../../src/core/ticket-exports.js";
import { loadRules } from "../../src/node/load-rules.js";
import { sampleRecord } from "../helpers/stores.js";

describe("ticket exports, field by field", async () => {
  const { rules } = await loadRules({ noCache: true });
  const day = (iso: string) => iso.slice(0, 10);
  const paid = { "what-happened": ["paid-card"] };
  const gaveDetails = { "what-happened": ["gave-card-details"] };

  it("Zendesk priority comes from the band: scam urgent, likely-scam high, suspicious normal, anything else low", () => {
    const priority = Object.fromEntries(VERDICT_IDS.map((v) => [v, zendeskTicket(sampleRecord("Z", { verdict: v }), rules, day).priority]));
    expect(priority).toEqual({ scam: "urgent", "likely-scam": "high", suspicious: "normal", "not-enough-information": "low", "no-warning-signs": "low" });
  });

  it("ServiceNow urgency comes from the band and impact from what was already lost, both 1 (high) to 3", () => {
    const incident = (verdict: string, answers: Record<string, string[]>) => serviceNowIncident(sampleRecord("S", { verdict, answers }), rules, day);
    expect(VERDICT_IDS.map((v) => incident(v, {}).urgency)).toEqual([1, 1, 2, 3, 3]);
    expect([incident("scam", paid).impact, incident("scam", gaveDetails).impact, incident("scam", {}).impact]).toEqual([1, 2, 3]);
    expect(incident("scam", paid).work_notes).toBe("Already lost: money.");
  });

  it("ServiceNow's short description stays within its 160 characters however long the number typed", () => {
    const long = sampleRecord("S", { caller: { kind: "number", raw: "0".repeat(400), valid: false } });
    const short = serviceNowIncident(long, rules, day).short_description;
    expect(short).toHaveLength(160);
    expect(short.endsWith("…")).toBe(true);
  });

  it("MISP shares only what can be shared: a valid number once, each web address once (its arrays hold no duplicates), nothing for a withheld number", () => {
    const url = "https://remote-fix.example/start";
    const record = sampleRecord("M", {
      caller: { kind: "number", raw: "020 7946 0018", valid: true, e164: "+442079460018" },
      organisation: `Microsoft, said to go to ${url}`,
      answers: { "contact-start": "they-called", notes: `go to ${url}.` },
    });
    const event = mispEvent(record, rules)?.Event;
    expect(event?.Attribute.map((a) => [a.type, a.value])).toEqual([
      ["phone-number", "+442079460018"],
      ["url", url],
    ]);
    for (const list of [event?.Attribute, event?.Tag]) expect(new Set(list?.map((x) => JSON.stringify(x))).size).toBe(list?.length);
    expect(mispEvent(sampleRecord("W", { caller: { kind: "withheld", raw: "withheld" } }), rules)).toBeUndefined();
    // A number that is not valid is kept as typed in the case, but never shared as reputation.
    expect(mispEvent(sampleRecord("X", { caller: { kind: "number", raw: "12345", valid: false } }), rules)).toBeUndefined();
  });
});
