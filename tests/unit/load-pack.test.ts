import { describe, expect, it } from "vitest";
import { compile, messages, pack, VERDICTS_YAML } from "../helpers/rules.js";
const REF = "references: [https://example.org/a]";
const cases: Record<string, Record<string,string>> = {
  syntax: { "a.yaml": "schema_version: 1\npack: [unclosed\n" },
  dupkey: { "a.yaml": "schema_version: 1\nschema_version: 1\npack: {id: a, title: A, version: 1.0.0}\n" },
  empty: { "a.yaml": "" },
  comments: { "a.yaml": "# nothing here\n" },
  list: { "a.yaml": "- a\n- b\n" },
  version2: { "a.yaml": "schema_version: 2\npack: {id: a, title: A, version: 1.0.0}\n" },
  noversion: { "a.yaml": "pack: {id: a, title: A, version: 1.0.0}\n" },
  alias: { "a.yaml": "schema_version: 1\npack: &p {id: a, title: A, version: 1.0.0}\nfamilies: *p\n" },
  tag: { "a.yaml": "schema_version: 1\npack: !!js/function {id: a, title: A, version: 1.0.0}\n" },
  unknownkey: { "a.yaml": pack("a", `questions:\n  - id: q\n    type: yes-no\n    text: Q?\n    hlep: why\n`) },
  wrongtype: { "a.yaml": pack("a", `questions:\n  - { id: q, type: yes-no, text: Q? }\nindicators:\n  - id: s\n    title: S\n    explanation: E\n    when: { question: q, equals: "yes" }\n    weight: high\n    ${REF}\n    falsepositives: [x]\n`) },
  missing: { "a.yaml": pack("a", `questions:\n  - id: q\n    type: yes-no\n`) },
  badid: { "a.yaml": pack("a", `questions:\n  - { id: Bad_Id, type: yes-no, text: Q? }\n`) },
  unknownq: { "a.yaml": pack("a", `${VERDICTS_YAML}questions:\n  - { id: remote, type: yes-no, text: Q? }\nindicators:\n  - { id: s, title: S, explanation: E, when: { question: remot, equals: "yes" }, weight: 5, ${REF}, falsepositives: [x] }\n`) },
  unknownchoice: { "a.yaml": pack("a", `${VERDICTS_YAML}questions:\n  - { id: q, type: single, text: Q?, choices: [{id: a, label: A}, {id: b, label: B}] }\nindicators:\n  - { id: s, title: S, explanation: E, when: { question: q, equals: c }, weight: 5, ${REF}, falsepositives: [x] }\n`) },
  later: { "a.yaml": pack("a", `${VERDICTS_YAML}questions:\n  - { id: first, type: yes-no, text: Q?, when: { question: second, equals: "yes" } }\n  - { id: second, type: yes-no, text: Q? }\n`) },
  never: { "a.yaml": pack("a", `${VERDICTS_YAML}questions:\n  - { id: q, type: yes-no, text: Q? }\nactions:\n  - { id: act, urgency: now, text: T, ${REF}, when: { all: [ { question: q, equals: "yes" }, { question: q, equals: "no" } ] } }\n`) },
  giveswayunknown: { "a.yaml": pack("a", `${VERDICTS_YAML}questions:\n  - { id: q, type: yes-no, text: Q? }\nactions:\n  - { id: act, urgency: now, text: T, ${REF}, gives_way_to: akt }\n`) },
  giveswaytoleftout: { "a.yaml": pack("a", `${VERDICTS_YAML}questions:\n  - { id: q, type: yes-no, text: Q? }\nactions:\n  - { id: act, urgency: now, text: T, ${REF}, gives_way_to: other }\n  - { id: other, urgency: now, text: U, ${REF}, when: { question: q, equals: "yes" }, topic: t }\n`) },
  dup: { "a.yaml": pack("a", `${VERDICTS_YAML}questions:\n  - { id: q, type: yes-no, text: Q? }\n`), "b.yaml": pack("b", `questions:\n  - { id: q, type: yes-no, text: Other? }\n`) },
  emptypack: { "a.yaml": pack("a", ``) },
  twoheads: { "a.yaml": pack("a", `${VERDICTS_YAML}questions:\n  - { id: q, type: yes-no, text: Q? }\nindicators:\n  - { id: s, title: S, explanation: E, when: { question: q, fact: region, equals: "yes" }, weight: 5, ${REF}, falsepositives: [x] }\n`) },
  control: { "a.yaml": pack("a", `questions:\n  - { id: q, type: yes-no, text: "Q\\u001b[2J?" }\n`) },
  crlf: { "a.yaml": pack("a", `${VERDICTS_YAML}`).replace(/\n/g, "\r\n") + "questions:\r\n  - { id: q, type: yes-no, text: Q?, oops: 1 }\r\n" },
  tabs: { "a.yaml": "schema_version: 1\npack:\n\tid: a\n" },
};

const expected: Record<string, string[]> = {
  syntax: ["a.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]"],
  dupkey: ["a.yaml:2:1: duplicate key: each key may appear once in a mapping"],
  empty: ["a.yaml:1:1: the file is empty: a rule pack needs schema_version and pack"],
  comments: ["a.yaml:1:1: the file is empty: a rule pack needs schema_version and pack"],
  list: ["a.yaml:1:1: a rule pack must be a mapping with schema_version, pack, questions, …"],
  version2: ["a.yaml:1:17: unsupported schema_version 2: this scamcheck reads schema_version 1; upgrade scamcheck to use this pack"],
  noversion: ["a.yaml:1:1: missing schema_version (this scamcheck reads schema_version 1)"],
  alias: ["a.yaml:3:11: YAML aliases (*name) are not allowed in rule packs; write the value out"],
  tag: ["a.yaml:2:7: custom YAML tag '!!js/function' is not allowed in rule packs"],
  unknownkey: ["a.yaml:7:5: questions[0] (q): unknown field 'hlep' (did you mean 'help'?)"],
  wrongtype: ['a.yaml:10:13: indicators[0] (s).weight: expected a number, got "high"'],
  missing: ["a.yaml:4:5: questions[0] (q): missing required field 'text'"],
  badid: ['a.yaml:4:11: questions[0] (Bad_Id).id: must be lower-case words joined by hyphens, like \'remote-access\' (got "Bad_Id")'],
  unknownq: ["a.yaml:13:58: unknown question 'remot' (did you mean 'remote'?)"],
  unknownchoice: ['a.yaml:13:69: "c" is not a choice of question \'q\' (did you mean \'a\'?); valid: a, b'],
  later: ["a.yaml:11:60: 'when' refers to question 'second', which is asked later; a question may only depend on earlier ones"],
  never: ["a.yaml:13:82: action 'act' can never trigger: no answers satisfy its 'when'"],
  giveswayunknown: ["a.yaml:13:90: action 'act': gives way to no other step 'akt'"],
  giveswaytoleftout: ["a.yaml:13:90: action 'act': 'other' can itself be left out (unless, gives_way_to or topic), so it cannot be the step this one gives way to"],
  dup: ["b.yaml:4:11: question 'q' is already defined at a.yaml:11:5; add 'override: true' to replace it"],
  emptypack: [
    "a.yaml:1:1: the rule set has no verdict band for: scam, likely-scam, suspicious, not-enough-information, no-warning-signs",
    "a.yaml:2:7: the pack declares nothing: add questions, indicators, actions, verdicts or regions",
  ],
  twoheads: ["a.yaml:13:46: indicators[0] (s).when: a condition takes only one of all/any/not/question/fact, found question, fact"],
  control: ["a.yaml:4:34: questions[0] (q).text: must not contain control or bidirectional-format characters"],
  crlf: ["a.yaml:11:38: questions[0] (q): unknown field 'oops'"],
  tabs: ["a.yaml:3:1: Tabs are not allowed as indentation"],
};

describe("rule-pack loader: each broken pack gives its message at its position", () => {
  for (const [name, files] of Object.entries(cases)) {
    it(name, () => {
      expect(messages(compile(files).diagnostics)).toEqual(expected[name]);
    });
  }

  it("reports all errors of a run at once, across files", () => {
    const ds = compile({ ...cases.unknownkey, "b.yaml": cases.wrongtype!["a.yaml"]!, "c.yaml": cases.tabs!["a.yaml"]! }).diagnostics;
    expect(ds.map((d) => d.file)).toEqual(["a.yaml", "b.yaml", "c.yaml"]);
  });

  it("lets a later pack replace an item only with override: true", () => {
    const base = pack("a", `${VERDICTS_YAML}questions:\n  - { id: q, type: yes-no, text: Q? }\n`);
    const over = pack("b", `questions:\n  - { id: q, type: yes-no, text: Better wording?, override: true }\n`);
    const { rules, diagnostics } = compile({ "a.yaml": base, "b.yaml": over });
    expect(diagnostics).toEqual([]);
    expect(rules?.questions.find((q) => q.id === "q")?.text).toBe("Better wording?");
    const stray = pack("b", `questions:\n  - { id: other, type: yes-no, text: X?, override: true }\n`);
    expect(messages(compile({ "a.yaml": base, "b.yaml": stray }).diagnostics)).toEqual([
      "b.yaml:4:52: question 'other' says 'override: true' but no earlier pack defines it",
    ]);
  });

  it("accepts a BOM and CRLF line ends", () => {
    const text = `\uFEFF${pack("a", `${VERDICTS_YAML}questions:\n  - { id: q, type: yes-no, text: Q? }\n`)}`.replace(/\n/g, "\r\n");
    expect(compile({ "a.yaml": text }).diagnostics).toEqual([]);
  });

  it("rejects an alias bomb quickly", () => {
    const bomb = ["schema_version: 1", "a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const started = performance.now();
    const ds = compile({ "bomb.yaml": bomb.join("\n") }).diagnostics;
    expect(ds.length).toBeGreaterThan(0);
    expect(ds.every((d) => d.code === "yaml-alias")).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000); // generous: a bomb that expanded would take far longer or run out of memory
  });
});
