import { describe, expect, it } from "vitest";
import { readAnswers, readCase, validValue } from "../../src/core/answers.js";
import { AnswerError } from "../../src/core/errors.js";
import { parseJson, JsonSyntaxError } from "../../src/core/json-text.js";
import { pack, rulesFrom, VERDICTS_YAML } from "../helpers/rules.js";

const REF = "references: [https://example.org/advice]";
const rules = rulesFrom({
  "a.yaml": pack(
    "a",
    `${VERDICTS_YAML}
regions: [{ id: gb, name: UK, contacts: [{ id: c, name: C, purpose: P, ${REF} }] }]
questions:
  - { id: remote, type: yes-no, text: R? }
  - { id: how, type: multiple, text: H?, choices: [{ id: gift, label: G }, { id: card, label: C }, { id: none, label: None of these, exclusive: true }] }
  - { id: who, type: single, text: W?, choices: [{ id: bank, label: B }, { id: tax, label: T }] }
  - { id: minutes, type: number, text: M?, min: 0, max: 600 }
  - { id: note, type: text, text: N? }
`,
  ),
});

const problems = (input: unknown) => {
  try {
    readAnswers(input, rules);
  } catch (error) {
    if (error instanceof AnswerError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
};

describe("answers", () => {
  it("accepts every type of answer, and not-sure everywhere", () => {
    const a = readAnswers({ remote: true, how: ["gift", "card"], who: "bank", minutes: 30, note: "hello", }, rules);
    expect(Object.fromEntries(a)).toEqual({ remote: "yes", how: ["gift", "card"], who: "bank", minutes: 30, note: "hello" });
    const unsure = readAnswers({ remote: "not-sure", how: "not-sure", who: "not-sure", minutes: "not-sure" }, rules);
    expect([...unsure.values()].every((v) => v === "not-sure")).toBe(true);
    expect(readAnswers({ remote: null }, rules).size).toBe(0);
  });

  it("reads what people write where it is unambiguous: any case, spaces or underscores for hyphens", () => {
    const a = readAnswers({ remote: "Yes", how: ["GIFT", " card "], who: "Bank", minutes: "Not sure" }, rules);
    expect(Object.fromEntries(a)).toEqual({ remote: "yes", how: ["gift", "card"], who: "bank", minutes: "not-sure" });
    expect(readAnswers({ remote: "not_sure", who: "NOT SURE" }, rules).get("who")).toBe("not-sure");
    // Free text stays as written, and anything that is not a choice is still refused.
    expect(readAnswers({ note: "Yes" }, rules).get("note")).toBe("Yes");
    expect(problems({ remote: "Yep" })).toEqual(['$.remote: "Yep" is not a valid answer; valid: "yes", "no", "not-sure" (or true/false)']);
  });

  it("names the JSON path and the valid values of each problem", () => {
    expect(problems({ remot: "yes", who: "police", how: ["gift", "cash"], minutes: "ten", remote: "maybe" })).toEqual([
      "$.remot: unknown question id (did you mean 'remote'?); run 'scamcheck questions' to list them",
      '$.who: "police" is not one of the choices; valid: "bank", "tax", "not-sure"',
      '$.how[1]: "cash" is not one of the choices (did you mean \'card\'?); valid: gift, card, none',
      '$.minutes: expected a number (or "not-sure"), got "ten"',
      '$.remote: "maybe" is not a valid answer; valid: "yes", "no", "not-sure" (or true/false)',
    ]);
    expect(problems([1, 2])).toEqual(["$: expected an object mapping question ids to answers, got a list"]);
    expect(problems({ minutes: 9999 })).toEqual(["$.minutes: must be at most 600, got 9999"]);
  });

  it("refuses a choice that goes on its own ('None of these') ticked with others, on the quick path too", () => {
    expect(problems({ how: ["card", "none"] })).toEqual(['$.how: "none" (None of these) cannot be chosen with other choices']);
    expect(readAnswers({ how: ["none"] }, rules).get("how")).toEqual(["none"]);
    const how = rules.questions.find((q) => q.id === "how")!;
    expect(validValue(how, ["card", "none"])).toBeUndefined();
    expect(validValue(how, ["card", "gift"])).toEqual(["card", "gift"]);
  });

  it("refuses prototype-polluting keys and never touches Object.prototype", () => {
    const input = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "prototype": 1}');
    expect(problems(input)).toEqual([
      "$.__proto__: '__proto__' is not a question id (reserved key refused)",
      "$.constructor: 'constructor' is not a question id (reserved key refused)",
      "$.prototype: 'prototype' is not a question id (reserved key refused)",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("reads the optional case envelope", () => {
    const c = readCase({ id: "t-1", region: "gb", answers: { remote: "yes" } }, rules);
    expect(c.id).toBe("t-1");
    expect(c.region).toBe("gb");
    expect(c.answers.get("remote")).toBe("yes");
    expect(() => readCase({ region: "xx", answers: {}, extra: 1 }, rules)).toThrow(AnswerError);
  });
});

describe("JSON text", () => {
  it("strips a BOM", () => {
    expect(parseJson('\uFEFF{"a": 1}')).toEqual({ a: 1 });
  });
  it.each([
    ['{"a": 1,\n  }', 1, 8, "trailing comma is not allowed"],
    ['{"a": 1', 1, 8, "expected ',' or '}', found end of input"],
    ['{\n "a": tru }', 2, 7, "expected a value, found \"t\""],
    ["", 1, 1, "expected a value, found end of input"],
    ['{"a": 1} x', 1, 10, "unexpected text after the JSON value"],
  ])("locates the error in %j", (text, line, column, message) => {
    try {
      parseJson(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect([(error as JsonSyntaxError).line, (error as JsonSyntaxError).column, (error as Error).message]).toEqual([line, column, message]);
    }
  });
  it("survives very deep nesting", () => {
    expect(() => parseJson("[".repeat(200_000))).toThrow(JsonSyntaxError);
  });
});
