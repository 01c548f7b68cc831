import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeRedactions, luhnValid, redactSecrets } from "../../src/core/redact.js";

describe("redacting secrets from notes", () => {
  it("removes Luhn-valid card numbers, with or without spaces and dashes", () => {
    const r = redactSecrets("Card 4111 1111 1111 1111 used, also 5500-0000-0000-0004 and 4012888888881881.");
    expect(r.text).toBe(
      "Card [card number removed, ending 1111] used, also [card number removed, ending 0004] and [card number removed, ending 1881].",
    );
    expect(r.redactions).toEqual([{ kind: "card number", count: 3 }]);
  });

  it("leaves phone numbers, dates, times, amounts and references alone", () => {
    const notes = "Called from +44 20 7946 0018 and 020 7946 0018 on 2026-11-20 at 10:40, then 1-800-382-4357. " +
      "Paid £1,250.00. Ticket INC0012345678. US number 212 555 0123. Intl 0044 7700 900123 4.";
    expect(redactSecrets(notes)).toEqual({ text: notes, redactions: [] });
  });

  it("leaves a 16-digit number that fails the Luhn check", () => {
    expect(redactSecrets("ref 4111 1111 1111 1112").redactions).toEqual([]);
  });

  it("removes one-time codes, PINs and passwords that follow their keyword", () => {
    const r = redactSecrets("Gave the code 839201 and her PIN: 4321. Password is Hunter22! Also read out OTP=55 12 later.");
    expect(r.text).toBe("Gave the code [one-time code removed] and her PIN: [PIN removed]. Password is [password removed] Also read out OTP=55 12 later.");
    expect(describeRedactions(r.redactions)).toBe("a PIN, a one-time code and a password");
  });

  it("does not mistake ordinary words for secrets", () => {
    const notes = "Asked for a code of conduct. The password was reset by IT. Pin the note to the ticket.";
    expect(redactSecrets(notes).redactions).toEqual([]);
  });

  it("never leaves a Luhn-valid 13-19 digit run that starts with 1-9 (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 13, max: 19 }), fc.string(), fc.integer({ min: 0, max: 10 ** 6 }), (before, length, after, seed) => {
        let digits = String(1 + (seed % 9));
        for (let i = 1; i < length - 1; i++) digits += String((seed * (i + 7)) % 10);
        for (let check = 0; check < 10; check++) if (luhnValid(digits + check)) { digits += check; break; }
        const text = `${before.replace(/[\d+]/g, "")} ${digits} ${after.replace(/\d/g, "")}`;
        const out = redactSecrets(text).text;
        for (const run of out.match(/\d{13,19}/g) ?? []) expect(luhnValid(run)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
