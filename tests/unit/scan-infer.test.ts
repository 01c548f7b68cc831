/**
 * inferAnswers on a small pack: denials, refusals, doubt, conditions, conflicts, numbers, which
 * questions apply, and the evidence (text and line:column) for each answer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Answers } from "../../src/core/answers.js";
import { inferAnswers } from "../../src/core/scan/index.js";
import { messages, pack, rulesFrom, compile, VERDICTS_YAML } from "../helpers/rules.js";

const PACK = pack(
  "notes",
  `${VERDICTS_YAML}
questions:
  - id: contact-start
    type: single
    text: How did the call start?
    choices:
      - id: they-called
        label: They called me
        detect: ["{a man|a woman|someone} {rang|called|phoned}", "out of the blue"]
      - id: i-called
        label: I called them
        detect: ["{i|cust} {called|rang} * {on|using} the number"]
  - id: claimed-org
    type: single
    text: Who did they say they were?
    choices:
      - { id: computer, label: A computer company, detect: ["from {microsoft|windows}", "{ms|microsoft} {tech|support}"] }
      - { id: family, label: A relative, detect: ["{hi|hello} {mum|grandma}"] }
  - id: asked-remote-access
    type: yes-no
    text: Did they want to get into your computer?
    detect:
      ignore: ["hackers got into * computer"]
      yes: ["{anydesk|teamviewer|team viewer|team veiwer}", "{ask*|want*} {me|her}? to {install|download}", "{got|get} into {my|your|her} computer"]
      no: ["{asked|wanted} for nothing"]
  - id: asked-payment
    type: yes-no
    text: Did they ask for money?
    detect:
      yes: ["ask* for * {card|money|payment}", "{wanted|demanded} #"]
  - id: payment-method
    type: multiple
    text: How?
    when: { question: asked-payment, equals: "yes" }
    choices:
      - { id: gift-cards, label: Gift cards, detect: ["gift card*", "{google play|itunes} {card|cards}"] }
      - { id: card, label: Card, detect: ["by card"] }
  - id: what-happened
    type: multiple
    text: What has happened?
    choices:
      - { id: installed, label: I installed it, detect: ["=installed", "{=downloaded|=installed} * {it|anydesk}"] }
      - { id: gave-access, label: I let them in, detect: ["{=gave|=let} them {access|in}"] }
    detect: { about: person }
  - id: call-minutes
    type: number
    text: How long was the call?
    min: 0
    max: 1440
    detect:
      number:
        - "{lasted|for|after} * # {min|mins|minutes}"
        - { phrase: "{lasted|for|after} * # {hour|hours}", times: 60 }
        - { phrase: "{for|lasted} {an|one} hour", value: 60 }
        - { phrase: "{for|lasted} half an hour", value: 30 }
  - id: family-trouble
    type: yes-no
    text: Did they say your relative is in trouble?
    when: { question: claimed-org, equals: family }
    detect:
      yes: ["{jail|arrested|hospital|accident}"]
`,
);
const rules = rulesFrom({ "notes.yaml": PACK });
const infer = (text: string, known?: Answers) => inferAnswers(rules, text, known ? { known } : {});
const answers = (text: string) => Object.fromEntries(infer(text).answers);

describe("inferAnswers: reading the notes", () => {
  it("answers from plain statements, in every style", () => {
    expect(answers("A man rang saying he was from Windows and wanted me to download TeamViewer.")).toEqual({
      "contact-start": "they-called",
      "claimed-org": "computer",
      "asked-remote-access": "yes",
    });
    expect(answers("cust rcvd call, male clmd MS tech dept, wanted TeamViewer")).toEqual({ "claimed-org": "computer", "asked-remote-access": "yes" });
    expect(answers("Caller: Hi Grandma, it's me.\nCaller: I'm in jail")).toEqual({ "claimed-org": "family", "family-trouble": "yes" });
  });

  it("answers 'no' when the phrase itself is denied", () => {
    expect(answers("They did not ask for my card.")).toEqual({ "asked-payment": "no" });
    expect(answers("He didn't ask for any payment or passwords")).toEqual({ "asked-payment": "no" });
    expect(answers("Remote access? No.")).toEqual({});
    expect(answers("Asked for nothing else")).toEqual({ "asked-remote-access": "no" });
  });

  it("does not let a refusal by the person answer yes, or say anything about the caller", () => {
    expect(answers("I refused to install it.")).toEqual({});
    expect(answers("I never gave them access")).toEqual({});
    expect(answers("never gave them access")).toEqual({});
    expect(answers("He asked me to install AnyDesk but I refused to install it")).toEqual({ "asked-remote-access": "yes" });
    // The person's own doing: "I installed it" is yes; a denial of it is no answer, not a "yes".
    expect(answers("I installed it.")).toEqual({ "what-happened": ["installed"] });
    expect(answers("I did not install AnyDesk")).toEqual({});
  });

  it("gives 'not sure' for doubt, before or after the phrase", () => {
    expect(answers("I think they wanted me to install AnyDesk")).toEqual({ "asked-remote-access": "not-sure" });
    expect(answers("Not sure if they asked for my card")).toEqual({ "asked-payment": "not-sure" });
    expect(answers("He asked for my card, I think")).toEqual({ "asked-payment": "not-sure" });
    expect(answers("The call lasted maybe 20 minutes")).toEqual({ "call-minutes": "not-sure" });
  });

  it("takes nothing from conditions, advice or unanswered yes/no questions", () => {
    expect(answers("If they ask for your card, hang up.")).toEqual({});
    expect(answers("Did they ask for your card?")).toEqual({});
    expect(answers("Did they ask for your card? Yes")).toEqual({ "asked-payment": "yes" });
    expect(answers("Did they ask for your card?\nMe: no")).toEqual({ "asked-payment": "no" });
  });

  it("lets a plain yes win over a denial of something else, and leaves contradictory choices open", () => {
    expect(answers("He didn't ask for my card. Later he demanded 300 in Google Play cards.")).toEqual({
      "asked-payment": "yes",
      "payment-method": ["gift-cards"],
    });
    expect(answers("Out of the blue… then I called back using the number on my card")).toEqual({});
  });

  it("reads numbers, preferring the longer phrase that contains a shorter one", () => {
    expect(answers("It lasted 45 minutes")).toEqual({ "call-minutes": 45 });
    expect(answers("on the line for half an hour")).toEqual({ "call-minutes": 30 });
    expect(answers("It lasted 2 hours")).toEqual({ "call-minutes": 120 });
    expect(answers("It lasted 45 minutes, or for 20 minutes")).toEqual({}); // two different numbers
    expect(answers("lasted 3000 minutes")).toEqual({}); // outside the question's range
  });

  it("uses 'ignore' phrases to hide shorter matches inside them", () => {
    expect(answers("He said hackers got into your computer")).toEqual({});
    expect(answers("He wanted to get into your computer")).toEqual({ "asked-remote-access": "yes" });
  });

  it("tolerates misspellings the pack lists", () => {
    expect(answers("wanted her to install team veiwer")).toEqual({ "asked-remote-access": "yes" });
  });

  it("answers only questions that apply, unless known answers make them apply", () => {
    expect(answers("Jail, he said.")).toEqual({});
    const withKnown = infer("Jail, he said. From Microsoft.", new Map([["claimed-org", "family"]]));
    expect(Object.fromEntries(withKnown.answers)).toEqual({ "family-trouble": "yes" }); // a known answer is never overridden
  });

  it("gives the evidence: the words as written, where they are, the phrase, and the cue", () => {
    const { evidence } = infer("Notes 🙂:\n  They did NOT ask for my\ncard.\nI think he wanted £300");
    expect(evidence).toEqual([
      { question: "asked-payment", answer: "not-sure", text: "wanted £300", line: 4, column: 12, phrase: "{wanted|demanded} #", cue: "I think" },
    ]);
    const plain = infer("Notes 🙂: they asked for my card.").evidence;
    expect(plain).toEqual([{ question: "asked-payment", answer: "yes", text: "asked for my card", line: 1, column: 15, phrase: "ask* for * {card|money|payment}" }]);
  });

  it("keeps at most five pieces of evidence per answer, however long the notes", () => {
    const { evidence } = infer("He wanted TeamViewer. ".repeat(100));
    expect(evidence).toHaveLength(5);
  });

  it("never throws, and every piece of evidence points at its own text", () => {
    const alphabet = fc.constantFrom(..."abc TeamViewer AnyDesk did not ask for my card I think if, . ? \n\u001b\u0000é🙂 20 minutes hi mum jail".split(" "));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), fc.array(fc.constantFrom(" ", ", ", ". ", "\n", "? "), { maxLength: 60 }), (words, seps) => {
        const text = words.map((w, i) => w + (seps[i] ?? " ")).join("");
        const { evidence } = infer(text);
        const lines = text.split("\n");
        for (const e of evidence) {
          const line = lines[e.line - 1] ?? "";
          const at = [...line].slice(e.column - 1).join("");
          expect(at.replace(/\s+/g, " ").startsWith(e.text.split(" ")[0] ?? "")).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("detect blocks at load time", () => {
  const load = (questions: string) => compile({ "p.yaml": pack("p", `${VERDICTS_YAML}questions:\n${questions}`) });

  it("reports a bad phrase at its position in the pack, with what is wrong", () => {
    const { rules: r, diagnostics } = load(`  - id: q\n    type: yes-no\n    text: Q?\n    detect:\n      yes:\n        - "fine phrase"\n        - "(a|b)+ card"\n`);
    expect(r).toBeUndefined();
    expect(messages(diagnostics)).toEqual([
      `p.yaml:17:11: question 'q': phrase "(a|b)+ card": '(' is regular-expression syntax, which phrases do not use: write {a|b} for alternatives, {a|b}? for optional words, word* for any ending, * to skip up to 3 words (at character 1)`,
    ]);
  });

  it("checks that phrases fit the question type", () => {
    const { diagnostics } = load(
      `  - id: s\n    type: single\n    text: S?\n    choices: [{ id: a, label: A }, { id: b, label: B }]\n    detect: { yes: ["x"] }\n` +
        `  - id: n\n    type: number\n    text: N?\n    detect: { number: ["{lasted|for} minutes", { phrase: "# hours", value: 60 }] }\n` +
        `  - id: t\n    type: text\n    text: T?\n    detect: { about: person }\n`,
    );
    expect(messages(diagnostics)).toEqual([
      "p.yaml:15:20: question 's': 'yes' and 'no' phrases are for yes-no questions; a 'single' question puts phrases on its choices",
      `p.yaml:19:24: question 'n': phrase "{lasted|for} minutes" needs exactly one '#' for the number it reads (or a fixed 'value')`,
      `p.yaml:19:58: question 'n': phrase "# hours" has a '#' but also a fixed 'value'; remove one`,
      "p.yaml:23:13: question 't': text questions cannot be answered from notes; remove 'detect'",
    ]);
  });

  it("refuses unknown keys in detect with a hint", () => {
    const { diagnostics } = load(`  - id: q\n    type: yes-no\n    text: Q?\n    detect: { yse: ["x"] }\n`);
    expect(messages(diagnostics)).toEqual(["p.yaml:14:15: questions[0] (q).detect: unknown field 'yse' (did you mean 'yes'?)"]);
  });
});
