/**
 * Specifications of how the notes reader understands text, with the built-in packs: who is
 * speaking (turn labels, reported speech), questions, negation scope, and organisations in their
 * ordinary forms. The sentences are invented for these tests.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RuleSet } from "../../src/core/ruleset.js";
import { inferAnswers } from "../../src/core/scan/index.js";
import { loadRules } from "../../src/node/load-rules.js";

let rules: RuleSet;
beforeAll(async () => {
  rules = (await loadRules()).rules;
});
const read = (text: string) => Object.fromEntries(inferAnswers(rules, text).answers);

describe("who is speaking", () => {
  it("does not take the person's own turn in a transcript as the caller's claim", () => {
    const answers = read("Agent: Good morning, how can I help?\nMe: This is the Windows helpdesk, isn't it? My tablet keeps freezing.");
    expect(answers["claimed-org"]).toBeUndefined();
    expect(answers["computer-problem-claim"]).toBeUndefined();
  });

  it("still reads what the person says to the caller about the caller", () => {
    const answers = read("Caller: Grandma it's me, I've got a new phone.\nMe: You sound very different today.");
    expect(answers["claimed-org"]).toBe("family");
    expect(answers["family-voice-odd"]).toBe("yes");
  });

  it("does not take what the caller says happened to them as happening to the person", () => {
    const answers = read("Suspect: Hello, I had a pop-up on my screen telling me to ring this number. Is that you?\nInnocent: No, sorry.");
    expect(answers["contact-start"]).not.toBe("number-from-screen");
  });

  it("reads the caller's turns as the caller's claims", () => {
    const answers = read("Caller: I'm ringing from Microsoft, your PC is sending us error reports.\nMe: Really?\nCaller: I need you to install AnyDesk.");
    expect(answers["claimed-org"]).toBe("computer-company");
    expect(answers["asked-remote-access"]).toBe("yes");
  });

  it("takes words the person reports saying as their own, not the caller's", () => {
    const answers = read("A woman rang me. I told her my computer had been slow since Tuesday and she hung up.");
    expect(answers["computer-problem-claim"]).toBeUndefined();
  });

  it("reads a caller's greeting followed by a question as a question, not a claim", () => {
    const answers = read("Caller: Hello, is this the support line for Microsoft?\nMe: Yes, how can I help?");
    expect(answers["claimed-org"]).toBeUndefined();
  });
});
