/** The text normaliser: words, breaks and numbers from notes as people type them. */
import { describe, expect, it } from "vitest";
import { CLAUSE_BREAK, NO_BREAK, SENTENCE_BREAK, tokenize } from "../../src/core/scan/tokenize.js";

const words = (text: string) => tokenize(text).tokens.map((t) => t.word);
/** Words with "|" for a clause break and "||" for a sentence break before them. */
const shape = (text: string) =>
  tokenize(text)
    .tokens.map((t, i) => (i === 0 ? "" : t.brk === SENTENCE_BREAK ? "|| " : t.brk === CLAUSE_BREAK ? "| " : "") + t.word)
    .join(" ");

describe("tokenize", () => {
  it("lower-cases, removes accents and expands contractions, with or without the apostrophe", () => {
    expect(words("Didn't, didnt, can't, WON'T, I'm, bank's, Café")).toEqual([
      "did", "not", "did", "not", "can", "not", "will", "not", "i", "am", "bank", "cafe",
    ]);
    expect(words("He didn’t")).toEqual(["he", "did", "not"]); // typographic apostrophe
  });

  it("reads 'd before a past participle as 'had', and otherwise as 'would'", () => {
    expect(words("I'd logged a ticket. She'd paid. He'd pay. I'd need it. We’d been told.")).toEqual(
      ["i", "had", "logged", "a", "ticket", "she", "had", "paid", "he", "would", "pay", "i", "would", "need", "it", "we", "had", "been", "told"],
    );
  });

  it("splits digits from letters and keeps times, decimals and web addresses inside a sentence", () => {
    expect(shape("call 10:40, 20mins. Went to anydesk.com and paid 1.5")).toBe("call 10 40 | 20 mins || went to anydesk com and paid 1 5");
  });

  it("gives numbers their value, in digits or words", () => {
    const values = tokenize("45 minutes, forty-five minutes, forty five, twelve").tokens.filter((t) => t.value !== undefined);
    expect(values.map((t) => [t.word, t.value])).toEqual([
      ["45", 45],
      ["45", 45],
      ["45", 45],
      ["twelve", 12],
    ]);
  });

  it("reads thousands separators as one number, but not lists of numbers or other digit groups", () => {
    const values = (text: string) => tokenize(text).tokens.filter((t) => t.value !== undefined).map((t) => t.value);
    expect(values("a free $1,000 gift card; 25,000 pounds; 1,250,000 dollars")).toEqual([1000, 25000, 1250000]);
    expect(values("options 1,2,3 and 10,0000")).toEqual([1, 2, 3, 10, 0]);
    expect(shape("won 1,000 today")).toBe("won 1000 today");
  });

  it("breaks clauses at commas, colons and spaced dashes, and sentences at stops, new lines and spaced slashes", () => {
    expect(shape("Caller: hi, it's Bob - from IT. Me: no / Caller: ok")).toBe("caller | hi | it bob | from it || me | no || caller | ok");
    expect(shape("e-mail 24/7")).toBe("e mail 24 7");
  });

  it("keeps a hard-wrapped paragraph together but not one fact per line", () => {
    const wrapped = "He said that my computer had been sending out error messages to Microsoft and\nthat he could fix it";
    expect(tokenize(wrapped).tokens.find((t) => t.word === "that" && t.start > 70)?.brk).toBe(NO_BREAK);
    expect(shape("MS tech support\nwanted remote access")).toBe("ms tech support || wanted remote access");
    // A long line that stops on a word no sentence ends with runs on, even into a capital.
    const open = "A few minutes later the bank called. They did not want any codes or my\nPIN. Then they hung up.";
    expect(tokenize(open).tokens.find((t) => t.word === "pin")?.brk).toBe(NO_BREAK);
    const closed = "cust rcvd call 10:40, male clmd MS tech dept, said PC infected badly\nCust allowed remote access";
    expect(tokenize(closed).tokens.find((t) => t.word === "cust" && t.start > 60)?.brk).toBe(SENTENCE_BREAK);
  });

  it("runs a hard-wrapped text's line on into a capital when its next word would not have fitted", () => {
    const paragraph = [
      "Dad took a call from someone who said they were from the water board and that his meter",
      "needed replacing. They wanted a deposit of forty pounds paid the same day through Western",
      "Union, or the supply would be cut off. He said he would ring the water board himself.",
    ].join("\n");
    expect(tokenize(paragraph).tokens.find((t) => t.word === "union")?.brk).toBe(NO_BREAK);
    // Lines of facts, even long ones, stay apart, and a turn label always starts a turn.
    const facts = "Caller said he was from the water board and that the meter had to go today\nHe wanted forty pounds by Western Union before five\nCust refused";
    expect(tokenize(facts).tokens.find((t) => t.word === "he" && t.start > 70)?.brk).toBe(SENTENCE_BREAK);
    const turns = [
      "Caller: I am phoning from the water board about the meter at your house that needs work",
      "Me: Which meter would that be? I have never had a letter from you about it, not once",
    ].join("\n");
    expect(tokenize(turns).tokens.find((t) => t.word === "me")?.brk).toBe(SENTENCE_BREAK);
  });

  it("reads 'no' after a word that has numbers as 'number', and its stop as no sentence end", () => {
    expect(shape("asked for her card no. and expiry")).toBe("asked for her card number and expiry");
    expect(shape("Ref no 4471, NI no. 12")).toBe("ref number 4471 | ni number 12");
    // Elsewhere "no" is still the answer, and its stop still ends the sentence.
    expect(shape("He asked if I had paid. I said no. Then he hung up.")).toBe("he asked if i had paid || i said no || then he hung up");
    expect(shape("Card? No. Remote access: no")).toBe("card || no || remote access | no");
  });

  it("does not end a sentence at a quoted question inside it", () => {
    expect(shape('I said "Tommy?" and he said yes')).toBe("i said tommy | and he said yes");
    expect(tokenize("Remote access? No.").sentences.map((s) => s.question)).toEqual([true, false]);
  });

  it("treats control characters and escape sequences as separators, never as words", () => {
    expect(words("pay\u0007now\u001b[31m gift\u0000cards")).toEqual(["pay", "now", "gift", "cards"]);
    expect(shape("asked for \u001b]0;title\u0007 my\u001b[2J PIN\u009b1m now")).toBe("asked for my pin now");
  });

  it("records where each word is in the text", () => {
    const t = tokenize("  Hello\nthere").tokens;
    expect(t.map((x) => [x.start, x.end])).toEqual([
      [2, 7],
      [8, 13],
    ]);
  });
});

describe("tokenize: any word is just a word", () => {
  it("gives no value to words that happen to name object properties", () => {
    const tokens = tokenize("constructor toString __proto__ hasOwnProperty valueOf forty constructor").tokens;
    expect(tokens.map((t) => t.value)).toEqual([undefined, undefined, undefined, undefined, undefined, 40, undefined]);
    expect(words("x'constructor y'toString don't")).toEqual(["xconstructor", "ytostring", "do", "not"]);
  });
});
