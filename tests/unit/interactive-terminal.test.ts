/**
 * The interactive triage's terminal and operator desk without a terminal: a scripted prompt kit
 * stands in for the prompt library, and what is drawn is read back as text.
 */
import { PassThrough } from "node:stream";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { Terminal, type Prompts } from "../../src/cli/interactive-terminal.js";
import { OperatorDesk } from "../../src/cli/interactive-operator.js";
import { BACK, HELP } from "../../src/cli/question-prompts.js";
import { redactSecrets } from "../../src/core/redact.js";
import type { CliContext } from "../../src/cli/context.js";
import { loadRules } from "../../src/node/load-rules.js";
import { pack, rulesFrom, VERDICTS_YAML } from "../helpers/rules.js";

const REF = "references: [https://example.org/a]";
const rules = rulesFrom({
  "a.yaml": pack(
    "a",
    `${VERDICTS_YAML}
questions:
  - { id: where, type: yes-no, urgent: true, text: Still on the line?, help: Because a caller on the line can still push you. }
  - { id: how, type: multiple, text: How did they want paying?, choices: [{ id: card, label: By card }, { id: gift, label: Gift cards }] }
indicators:
  - { id: where, title: W, explanation: E, when: { question: where, equals: "yes" }, weight: 10, ${REF}, falsepositives: [x] }
actions:
  - { id: hang-up, urgency: now, immediate: true, saves: harm-in-progress, text: Hang up now; you do not need to be polite., when: { question: where, equals: "yes" }, ${REF} }
`,
  ),
});

/** A prompt kit that answers from a script, in order, and records what each prompt was asked. */
function scripted(replies: unknown[]) {
  const asked: { kind: string; message: string }[] = [];
  const next = (kind: string) => async (config: { message: string }) => {
    asked.push({ kind, message: config.message });
    if (replies.length === 0) throw new Error(`no scripted reply for the ${kind} "${config.message}"`);
    return replies.shift();
  };
  class Separator {
    constructor(readonly separator?: string) {}
  }
  const prompts = { select: next("select"), tickList: next("tickList"), input: next("input"), confirm: next("confirm"), Separator } as unknown as Prompts;
  return { prompts, asked };
}

function terminal(replies: unknown[], style = { staff: false, plain: true }) {
  const out = new PassThrough();
  let text = "";
  out.on("data", (d: Buffer) => (text += d.toString()));
  Object.assign(out, { columns: 60, isTTY: true });
  const { prompts, asked } = scripted(replies);
  const term = new Terminal(out as unknown as NodeJS.WriteStream, new PassThrough() as unknown as NodeJS.ReadStream, prompts, new Chalk({ level: 0 }), style);
  return { term, asked, text: () => text };
}

describe("the terminal of the interactive triage", () => {
  it("wraps what it says to the terminal's width, never inside a word", () => {
    const { term, text } = terminal([]);
    term.say("Your answers stay on this computer. Press Ctrl-C at any time to stop; scamcheck --resume carries on later.");
    const lines = text().trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(text()).toContain("scamcheck --resume");
  });

  it("sets a list item's later lines under its first word", () => {
    const { term, text } = terminal([]);
    term.item("Did they ask you to install an app or program, visit a website, or let them see or control your computer? Yes");
    const lines = text().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^- Did they/);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}\S/);
  });

  it("asks a question again after 'Why are we asking this?', having shown why", async () => {
    const { term, asked, text } = terminal([HELP, "yes"]);
    const where = rules.questions.find((q) => q.id === "where")!;
    expect(await term.ask(where, false, undefined)).toBe("yes");
    expect(asked.map((a) => a.kind)).toEqual(["select", "select"]);
    expect(text()).toContain("Because a caller on the line can still push you.");
  });

  it("takes nothing ticked on a multiple choice as Not sure, and passes Go back on", async () => {
    const how = rules.questions.find((q) => q.id === "how")!;
    expect(await terminal([[]]).term.ask(how, true, undefined)).toBe("not-sure");
    expect(await terminal([[BACK]]).term.ask(how, true, undefined)).toBe(BACK);
    expect(await terminal([["card", "gift"]]).term.ask(how, true, undefined)).toEqual(["card", "gift"]);
  });

  it("shows the steps that cannot wait, numbered, and gives back the ones ticked", async () => {
    const { term, text } = terminal([["hang-up"]]);
    const steps = rules.actions.filter((a) => a.id === "hang-up").map((a) => ({ ...a, reasons: [] }));
    expect(await term.steps(rules, steps as never)).toEqual(["hang-up"]);
    expect(text()).toMatch(/1\. Hang up now/);
  });

  it("says once which secrets were removed, however often the same kind is removed again", () => {
    const { term, text } = terminal([]);
    const found = redactSecrets("card 4111 1111 1111 1111").redactions;
    term.tell(found);
    term.tell(found);
    expect(text()).toMatch(/^A card number was removed before saving\.\n$/);
  });
});

describe("operator mode's desk", () => {
  const ctx = { operator: "Ana" } as unknown as CliContext;

  it("keeps each case detail as it is typed, and Enter alone skips one", async () => {
    const { term } = terminal(["020 7946 0018", "", "this morning", "", "Ana"], { staff: true, plain: true });
    const kept: object[] = [];
    const desk = new OperatorDesk(ctx, term, "");
    const details = await desk.askCaseDetails({}, async (typed) => void kept.push(typed));
    expect(details).toEqual({ number: "020 7946 0018", callTime: "this morning", operator: "Ana" });
    expect(kept).toEqual([{ number: "020 7946 0018" }, { number: "020 7946 0018", callTime: "this morning" }, details]);
  });

  it("answers 'who did the caller claim to be' from the organisation typed in the case details", async () => {
    const { rules: builtin } = await loadRules();
    const { term, text } = terminal([], { staff: true, plain: true });
    const answers = await new OperatorDesk(ctx, term, "").answersFromDetails(builtin, { organisation: "Microsoft" });
    const asked = builtin.questions.find((q) => q.caseDetail === "organisation")!;
    expect(answers.get(asked.id)).toBeDefined();
    expect(text().replace(/\s+/g, " ")).toContain("software maker, from the case details.");
  });
});
