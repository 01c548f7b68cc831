/** The phrase language of `detect:` blocks: what compiles, and the clear errors for what does not. */
import { describe, expect, it } from "vitest";
import { compilePhrase, PhraseError } from "../../src/core/scan/compile-phrase.js";
import { buildMatcher, findMatches } from "../../src/core/scan/match-phrases.js";
import { tokenize } from "../../src/core/scan/tokenize.js";

/** The texts a phrase matches in a note, as the words matched. */
function matches(phrase: string, text: string): string[] {
  const { tokens } = tokenize(text);
  return findMatches(buildMatcher([compilePhrase(phrase)]), tokens).map((m) =>
    tokens
      .slice(m.first, m.end)
      .map((t) => t.word)
      .join(" "),
  );
}

function problem(phrase: string): { message: string; offset: number } {
  try {
    compilePhrase(phrase);
  } catch (error) {
    if (error instanceof PhraseError) return { message: error.message, offset: error.offset };
    throw error;
  }
  throw new Error(`compiled: ${phrase}`);
}

describe("phrase compiler", () => {
  it("compiles words, prefixes, exact forms, gaps, numbers and groups to plain data", () => {
    const compiled = compilePhrase("asked {me|her}? for * card* =paid #");
    expect(compiled.steps).toEqual([
      { word: "asked" },
      { anyOf: [[{ word: "me" }], [{ word: "her" }]], optional: true },
      { word: "for" },
      { gap: 3 },
      { prefix: "card" },
      { exact: "paid" },
      { number: true },
    ]);
    expect(JSON.parse(JSON.stringify(compiled))).toEqual(compiled); // safe to cache as JSON
  });

  it("reads a word written with a capital first as a name, which the notes must capitalise too", () => {
    expect(compilePhrase("from Nationwide").steps).toEqual([{ word: "from" }, { name: "nationwide" }]);
    expect(() => compilePhrase("from Nation*")).toThrow(/name/);
    // The first two only: "picked nationwide" is not the name.
    expect(matches("Nationwide", "She banks with Nationwide. Sent NATIONWIDE a letter. Winners picked nationwide.")).toEqual(["nationwide", "nationwide"]);
  });

  it("splits words as the notes are split: contractions, hyphens, digits and letters", () => {
    expect(compilePhrase("didn't e-mail 20mins").steps).toEqual([
      { word: "did" },
      { word: "not" },
      { word: "e" },
      { word: "mail" },
      { word: "20" },
      { word: "mins" },
    ]);
  });

  it.each([
    ["ask (for|about) money", "'(' is regular-expression syntax", 4],
    ["ask.*money", "'*' may only end a word", 4],
    ["cards?", "'?' is regular-expression syntax", 5],
    ["[a-z]+ money", "'[' is regular-expression syntax", 0],
    ["{a|{b|c}}", "alternatives cannot be nested", 3],
    ["{teamviewer|anydesk", "'{' is never closed", 0],
    ["money|cash", "unexpected '|' outside {…}", 5],
    ["* money", "a phrase cannot start with '*'", 0],
    ["money *", "a phrase cannot end with '*'", 6],
    ["ask * * money", "'* *' is not allowed", 6],
    ["re*mote", "'*' may only end a word", 2],
    ["*ware", "'*' may only end a word", 0],
    ["ab* money", "too short to end with '*'", 0],
    ["{a|} money", "empty alternative", 3],
    ["{card} money", "needs at least two alternatives", 0],
    ["card money{s|x}", "put a space before '{'", 10],
    ["{my|the}? card", "cannot start with an optional group", 8],
    ["card {my|the}?", "cannot end with an optional group", 13],
    ["price: #", "unexpected ':'", 5],
    ["=install* it", "cannot both be exact", 0],
    ["", "is empty", 0],
  ])("refuses %j with a positioned message", (phrase, message, offset) => {
    const p = problem(phrase);
    expect(p.message).toContain(message);
    expect(p.offset).toBe(offset);
  });

  it("refuses phrases that are too long or have too many gaps", () => {
    expect(problem("a * b * c * d * e").message).toContain("at most 3 '*' gaps");
    expect(problem(Array.from({ length: 13 }, (_, i) => `w${i}`).join(" ")).message).toContain("more than 12 words");
    expect(problem(`{${Array.from({ length: 61 }, (_, i) => `w${i}`).join("|")}} x`).message).toContain("more than 60 alternatives");
    expect(problem("x".repeat(700)).message).toContain("too long");
  });
});

describe("phrase matching", () => {
  it("reads 'card no' in a phrase as the notes read it, 'card number'", () => {
    expect(matches("gave * {card no|cvv}", "I gave him my card number.")).toEqual(["gave him my card number"]);
    expect(matches("card number", "asked for the card no. and expiry")).toEqual(["card number"]);
  });

  it("ignores case, accents and punctuation, and matches other endings of a word", () => {
    expect(matches("ask for * card", "He ASKED for my (debit) card!")).toEqual(["asked for my debit card"]);
    expect(matches("charge", "charged, charges, charging")).toEqual(["charged", "charges", "charging"]);
    expect(matches("cafe", "Café")).toEqual(["cafe"]);
  });

  it("folds British and American -ise/-ize spellings together", () => {
    expect(matches("organised", "It was organized")).toEqual(["organized"]);
    expect(matches("authorise", "I never authorized it")).toEqual(["authorized"]);
  });

  it("matches a prefix, an exact form, alternatives and misspellings listed in a group", () => {
    expect(matches("remot*", "remote, remotely, remove")).toEqual(["remote", "remotely"]);
    expect(matches("=installed", "install installed installing")).toEqual(["installed"]);
    expect(matches("{teamviewer|team viewer|team veiwer}", "TeamViewer, then Team-Veiwer")).toEqual(["teamviewer", "team veiwer"]);
  });

  it("skips up to three words at a '*', and makes '?' groups optional", () => {
    expect(matches("asked * card", "asked for my card / asked for my new card / asked for her very nice new card")).toEqual([
      "asked for my card",
      "asked for my new card",
    ]);
    expect(matches("asked {me|her}? to pay", "asked me to pay. asked to pay. asked him to pay")).toEqual(["asked me to pay", "asked to pay"]);
  });

  it("reads numbers in digits or words", () => {
    const { tokens } = tokenize("lasted 45 mins, then forty-five minutes, then twenty minutes");
    const found = findMatches(buildMatcher([compilePhrase("# {min|mins|minutes}")]), tokens);
    expect(found.map((m) => m.value)).toEqual([45, 45, 20]);
  });

  it("never matches across a sentence or clause break", () => {
    expect(matches("card number", "the card. Number two")).toEqual([]);
    expect(matches("card number", "card, number")).toEqual([]);
    expect(matches("card number", "card\nnumber")).toEqual([]);
  });
});
