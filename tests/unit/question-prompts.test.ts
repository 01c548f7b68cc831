/** The prompts a person answers, rendered and driven with @inquirer/testing. */
import { input, select, Separator } from "@inquirer/prompts";
import { render } from "@inquirer/testing";
import { describe, expect, it } from "vitest";
import type { Question } from "../../src/core/ruleset.js";
import { tickList } from "../../src/cli/tick-list.js";
import { BACK, checkboxConfig, checkboxReply, HELP, inputConfig, inputReply, selectConfig } from "../../src/cli/question-prompts.js";

const base = { pack: "t", references: [], origin: { file: "t.yaml", line: 1, col: 1 }, urgent: false };
const yesNo: Question = { ...base, id: "remote", type: "yes-no", text: "Did they ask to connect to your computer?", help: "Remote control lets them in.", choices: [{ id: "yes", label: "Yes" }, { id: "no", label: "No" }] };
const multi: Question = { ...base, id: "how", type: "multiple", text: "How did they want the money?", choices: [{ id: "gift", label: "Gift cards" }, { id: "card", label: "A card" }] };
const paid: Question = {
  ...base,
  id: "paid",
  type: "multiple",
  text: "What have you already done?",
  staffText: "What has the customer already done?",
  choices: [{ id: "card", label: "I paid with a card", staffLabel: "Paid with a card" }, { id: "none", label: "None of these", exclusive: true }],
};
const minutes: Question = { ...base, id: "minutes", type: "number", text: "How long was the call?", min: 0, max: 600, choices: [] };
/**
 * A prompt left waiting would be closed by the prompt library's exit handler when the test worker
 * ends, as an unhandled rejection that fails the run: close it here instead.
 */
async function dismiss(answer: Promise<unknown> & { cancel: () => void }): Promise<void> {
  answer.cancel();
  await expect(answer).rejects.toThrow(/cancel/i);
}
const style = (canGoBack: boolean, plain = false) => ({ plain, canGoBack, separator: () => new Separator(plain ? "--------" : undefined) });

describe("question prompts", () => {
  it("on a tick list, Enter with nothing ticked picks 'Why are we asking this?' or 'Go back' when the cursor is on it, and is Not sure on an answer", async () => {
    const helped: Question = { ...multi, help: "The way they wanted paying tells scams apart." };
    const why = await render(tickList, checkboxConfig(helped, style(true)));
    for (let i = 0; i < 3; i++) why.events.keypress("down"); // from the first choice past the second and Not sure, onto "Why are we asking this?"
    why.events.keypress("enter");
    await expect(why.answer.then(checkboxReply)).resolves.toBe(HELP);
    expect(why.getScreen()).toContain("(why we ask)");
    const back = await render(tickList, checkboxConfig(helped, style(true)));
    back.events.keypress("up"); // the list goes round: up from the first row is the last, "Go back"
    back.events.keypress("enter");
    await expect(back.answer.then(checkboxReply)).resolves.toBe(BACK);
    const onAnswer = await render(tickList, checkboxConfig(helped, style(true)));
    onAnswer.events.keypress("enter"); // the cursor starts on the first choice, which Enter does not tick
    await expect(onAnswer.answer.then(checkboxReply)).resolves.toBe("not-sure");
  });

  it("ticks nothing on a stray 'a' or 'i' (no tick-all or invert key), so a slip cannot answer that everything happened", async () => {
    for (const key of ["a", "i"]) {
      const { answer, events } = await render(tickList, checkboxConfig(multi, style(false)));
      events.keypress({ name: key });
      events.keypress("enter");
      await expect(answer).resolves.toEqual([]);
    }
  });

  it("sets a choice too long for the terminal under its own first line, shows every choice, and echoes it whole", async () => {
    const long = "They called back about something I had reported or asked about myself (a fault, a ticket, a fraud claim)";
    const started: Question = { ...base, id: "start", type: "single", text: "How did the call start?", help: "Who called whom matters.", choices: [{ id: "cold", label: "Out of the blue" }, { id: "reported", label: long }] };
    const { answer, getScreen, events } = await render(select, selectConfig(started, { ...style(true), width: 60 }));
    const lines = getScreen().split("\n");
    const first = lines.findIndex((l) => l.includes("2. They called back"));
    // The rest of the label starts under its first word ("❯ 2. " is five columns), never at the margin.
    expect(lines[first + 1]).toMatch(/^ {5}\S/);
    for (const line of lines) expect(line.length).toBeLessThan(60);
    expect(getScreen()).toContain("Go back to the previous question");
    events.type("2");
    events.keypress("enter");
    await expect(answer).resolves.toBe("reported");
    expect(getScreen().replace(/\s+/g, " ")).toContain(long);
  });

  it("offers numbered choices, Not sure, why we ask and going back", async () => {
    const { answer, getScreen, events } = await render(select, selectConfig(yesNo, style(true)));
    const screen = getScreen();
    expect(screen).toContain("1. Yes");
    expect(screen).toContain("2. No");
    expect(screen).toContain("3. Not sure");
    expect(screen).toContain("Why are we asking this?");
    expect(screen).toContain("Go back to the previous question");
    events.type("2"); // a number key moves to that choice
    events.keypress("enter");
    await expect(answer).resolves.toBe("no");
  });

  it("returns the help and back markers", async () => {
    const help = await render(select, selectConfig(yesNo, style(false)));
    expect(help.getScreen()).not.toContain("Go back");
    help.events.type("4");
    help.events.keypress("enter");
    await expect(help.answer).resolves.toBe(HELP);
    const back = await render(select, selectConfig(yesNo, style(true)));
    back.events.keypress("up"); // the list wraps: up from the first choice is the last, "Go back"
    back.events.keypress("enter");
    await expect(back.answer).resolves.toBe(BACK);
  });

  it("uses only ASCII in plain mode", async () => {
    const plain = await render(select, selectConfig(yesNo, style(true, true)));
    const { getScreen } = plain;
    expect(getScreen()).toMatch(/^\? Did they ask/);
    expect(getScreen()).toContain("> 1. Yes");
    expect(getScreen()).not.toMatch(/[^\x00-\x7f]/);
    await dismiss(plain.answer);
  });

  it("takes Enter with nothing ticked as 'Not sure', and echoes the labels without their numbers", async () => {
    const empty = await render(tickList, checkboxConfig(multi, style(false)));
    empty.events.keypress("enter");
    await expect(empty.answer.then(checkboxReply)).resolves.toBe("not-sure");
    expect(empty.getScreen()).toMatch(/Not sure$/m);
    const two = await render(tickList, checkboxConfig(multi, style(false)));
    two.events.keypress("space");
    two.events.keypress("down");
    two.events.keypress("space");
    two.events.keypress("enter");
    await two.answer;
    expect(two.getScreen()).not.toMatch(/\d\. /);
  });

  it("words questions and choices for the operator in operator mode, and for the person otherwise", async () => {
    const operator = await render(tickList, checkboxConfig(paid, { ...style(false), staff: true }));
    expect(operator.getScreen()).toContain("What has the customer already done?");
    expect(operator.getScreen()).toContain("1. Paid with a card");
    expect(operator.getScreen()).toContain("2. None of these");
    expect(operator.getScreen()).not.toContain("I paid");
    operator.events.keypress("space");
    operator.events.keypress("enter");
    await expect(operator.answer).resolves.toEqual(["card"]);
    expect(operator.getScreen()).toMatch(/Paid with a card$/m);
    const person = await render(tickList, checkboxConfig(paid, style(false)));
    expect(person.getScreen()).toContain("What have you already done?");
    expect(person.getScreen()).toContain("1. I paid with a card");
    person.events.keypress("enter");
    await person.answer;
  });

  it("ticks several choices, and refuses 'Not sure' mixed with others", async () => {
    const { answer, events, getScreen } = await render(tickList, checkboxConfig(multi, style(false)));
    events.keypress("space");
    events.keypress("down");
    events.keypress("space");
    events.keypress("enter");
    await expect(answer.then(checkboxReply)).resolves.toEqual(["gift", "card"]);
    const mixed = await render(tickList, checkboxConfig(multi, style(false)));
    mixed.events.keypress("space");
    mixed.events.keypress("down");
    mixed.events.keypress("down");
    mixed.events.keypress("space");
    mixed.events.keypress("enter");
    await new Promise((r) => setTimeout(r, 10));
    expect(mixed.getScreen()).toContain("'Not sure', 'Why are we asking' and 'Go back' go on their own");
    void getScreen;
    await dismiss(mixed.answer);
  });

  it("refuses 'None of these' ticked with a real loss, and says how to put it right", async () => {
    const both = await render(tickList, checkboxConfig(paid, style(false)));
    both.events.keypress("space");
    both.events.keypress("down");
    both.events.keypress("space");
    both.events.keypress("enter");
    await new Promise((r) => setTimeout(r, 10));
    expect(both.getScreen()).toContain("'None of these' goes on its own: untick it, or untick the others");
    both.events.keypress("space"); // untick "None of these"
    both.events.keypress("enter");
    await expect(both.answer).resolves.toEqual(["card"]);
  });

  it("reads numbers, treats Enter as not sure, and checks the range", async () => {
    const { answer, events, getScreen } = await render(input, inputConfig(minutes, style(true)));
    expect(getScreen()).toContain("How long was the call? (a number, Enter if you are not sure, b to go back)");
    events.type("900");
    events.keypress("enter");
    await new Promise((r) => setTimeout(r, 10));
    expect(getScreen()).toContain("Please type a number of at most 600");
    events.keypress("backspace");
    events.keypress("backspace");
    events.keypress("backspace");
    events.type("45");
    events.keypress("enter");
    await expect(answer.then((raw) => inputReply(minutes, raw, true))).resolves.toBe(45);
    expect(inputReply(minutes, "", true)).toBe("not-sure");
    expect(inputReply(minutes, "b", true)).toBe(BACK);
  });
});
