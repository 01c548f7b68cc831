/** Text wrapped to a terminal's width, counted in the columns the terminal draws. */
import { describe, expect, it } from "vitest";
import { cut, displayWidth, padTo, wrap } from "../../src/cli/wrap.js";

describe("wrap", () => {
  it("breaks between words, never inside one, with a hanging indent", () => {
    const lines = wrap("Stopped. Your answers so far are saved; run 'scamcheck --resume' to carry on.", 50, "     ", "  1. ");
    expect(lines).toEqual(["  1. Stopped. Your answers so far are saved; run", "     'scamcheck --resume' to carry on."]);
  });

  it("counts wide characters and emoji as the two columns they take", () => {
    const text = "電話の相手は 🚨 マイクロソフト を名乗った 詐欺 です 🚨 電話を切ってください";
    const lines = wrap(text, 20);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(20);
    expect(lines.join(" ")).toBe(text);
    // Counted in UTF-16 units the first line would have room for twice as many of these.
    expect(wrap("詐欺詐欺詐欺 詐欺詐欺詐欺", 14)).toEqual(["詐欺詐欺詐欺", "詐欺詐欺詐欺"]);
  });

  it("splits a word longer than the line, so nothing runs past the edge", () => {
    expect(wrap("https://example.org/a-very-long-address-indeed", 20)).toEqual(["https://example.org/", "a-very-long-address-", "indeed"]);
  });

  it("keeps room for a few words beside a deep indent, and gives the indent alone for empty text", () => {
    expect(wrap("one two three four", 12, " ".repeat(10))[1]).toBe(`${" ".repeat(10)}three four`);
    expect(wrap("   ", 40, "  ", "- ")).toEqual(["- "]);
  });
});

describe("cut and padTo", () => {
  it("cut keeps text that fits, and cuts longer text to the columns given, ending in '…'", () => {
    expect(cut("Microsoft", 9)).toBe("Microsoft");
    expect(cut("Microsoft Windows", 10)).toBe("Microsoft…");
    const cjk = cut("東京都港区の電話", 6);
    expect(cjk).toBe("東京…");
    expect(displayWidth(cjk)).toBeLessThanOrEqual(6);
  });

  it("padTo pads to display columns, so wide characters line up with narrow ones", () => {
    expect(padTo("東京", 6)).toBe("東京  ");
    expect(padTo("abc", 6)).toBe("abc   ");
    expect(padTo("too long", 3)).toBe("too long");
  });
});
