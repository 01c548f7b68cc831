import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeRedactions, luhnValid, newRedactions, REDACTION_KINDS, redactSecrets, removedNotice, secretsIn } from "../../src/core/redact.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { INNOCENT, notes, secret } from "../property/secrets.js";

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

  // What the issue lists, one spelling each; the property below tries many more.
  it.each([
    ["a CVV", "CVV 737", "CVV [card security code removed]"],
    ["a CVC with a colon", "cvc: 123", "cvc: [card security code removed]"],
    ["an expiry and code typed after a card", "4111 1111 1111 1111 12/27 737", "[card number removed, ending 1111] [card expiry date removed] [card security code removed]"],
    ["an expiry labelled, when the note is about a card", "visa debit card, expiry 03/2028", "visa debit card, expiry [card expiry date removed]"],
    ["a card in dots", "4111.1111.1111.1111", "[card number removed, ending 1111]"],
    ["a PIN written 'is'", "my pin is 9876", "my pin is [PIN removed]"],
    ["a one-time code", "otp 493817", "otp [one-time code removed]"],
    ["a verification code in two halves", "verification code 493 817", "verification code [one-time code removed]"],
    ["a passcode that is a plain word, after 'is'", "passcode is swordfish", "passcode is [password removed]"],
    ["a password after '='", "pass=Tr0ub4dor", "pass=[password removed]"],
    ["a quoted password with a space", "password 'correct horse'", "password '[password removed]'"],
    ["a sort code and account", "sort code 12-34-56 account 12345678", "sort code [sort code removed] account [bank account number removed]"],
    ["a sort code and account written together", "12-34-56 12345678", "[sort code removed] [bank account number removed]"],
    ["a routing and account number", "routing 021000021 account 123456789012", "routing [routing number removed] account [bank account number removed]"],
    ["an IBAN in groups, not the word after it", "IBAN GB82 WEST 1234 5698 7654 32 and more", "IBAN [IBAN removed] and more"],
    ["an IBAN in lower case, run together", "gb82west12345698765432", "[IBAN removed]"],
    ["a labelled NI number", "NI number AB 12 34 56 C", "NI number [National Insurance number removed]"],
    ["an NI number with a prefix HMRC issues", "AB123456C", "[National Insurance number removed]"],
    ["a labelled SSN", "SSN 123 45 6789", "SSN [Social Security number removed]"],
    ["an SSN in its dashed form", "536-90-4399", "[Social Security number removed]"],
    ["a PPS number with a valid check letter", "1234567T", "[PPS number removed]"],
    ["a labelled SIN", "SIN 046 454 286", "SIN [Social Insurance Number removed]"],
    ["a labelled TFN", "TFN 123 456 782", "TFN [tax file number removed]"],
  ])("removes %s", (_, text, expected) => {
    expect(redactSecrets(text).text).toBe(expected);
  });

  it.each([
    ["an NI-shaped reference with a prefix never issued", "QQ123456C"],
    ["a PPS-shaped reference whose check letter is wrong", "1234567A"],
    ["an SSN-shaped number in a range never issued", "666-12-3456"],
    ["three groups of three that fail both check digits", "123 456 789"],
    ["an expiry-like date when nothing is about a card", "the offer expires 12/25"],
    ["an area code", "area code 020"],
    ["an error code", "error code 0x800F081F"],
    ["a password manager", "she uses a password manager"],
  ])("leaves %s", (_, text) => {
    expect(redactSecrets(text)).toEqual({ text, redactions: [] });
  });

  it("leaves every realistic innocent number in the shared list", () => {
    const text = INNOCENT.join(". ");
    expect(redactSecrets(text)).toEqual({ text, redactions: [] });
  });

  it("is idempotent: redacted text has nothing more to remove", () => {
    const once = redactSecrets("card 4111 1111 1111 1111, password: [x], password is swordfish, PIN 4321, IBAN GB82WEST12345698765432").text;
    expect(redactSecrets(once)).toEqual({ text: once, redactions: [] });
  });

  it("says what was removed in words, once per new removal", () => {
    expect(removedNotice([{ kind: "card number", count: 1 }])).toBe("A card number was removed before saving.");
    expect(removedNotice([{ kind: "IBAN", count: 1 }, { kind: "PIN", count: 2 }])).toBe("An IBAN and 2 PINs were removed before saving.");
    expect(removedNotice([])).toBe("");
    expect(newRedactions([{ kind: "PIN", count: 2 }, { kind: "IBAN", count: 1 }], [{ kind: "PIN", count: 1 }, { kind: "IBAN", count: 1 }])).toEqual([{ kind: "PIN", count: 1 }]);
  });

  it("finds a secret in an id or file name", () => {
    expect(secretsIn("4111111111111111")).toEqual([{ kind: "card number", count: 1 }]);
    expect(secretsIn("cases-4111-1111-1111-1111.jsonl")).toEqual([{ kind: "card number", count: 1 }]);
    expect(secretsIn("C-20261129-0f3a9c")).toEqual([]);
    expect(secretsIn("INC-4471")).toEqual([]);
  });

  it("removes every secret, in any spelling, from random notes and keeps the innocent numbers (property)", () => {
    fc.assert(
      fc.property(notes(4), ({ text, secrets, innocents }) => {
        const out = redactSecrets(text).text;
        for (const s of secrets) for (const needle of s.needles) expect(out, `${s.kind} in ${JSON.stringify(text)}`).not.toContain(needle);
        for (const i of innocents) expect(out, JSON.stringify(text)).toContain(i);
      }),
      { numRuns: 1000 },
    );
  });

  it("reports each secret it removes (property)", () => {
    fc.assert(
      fc.property(secret, (s) => {
        expect(redactSecrets(s.text).redactions.length, s.text).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the README's list of what is removed", () => {
  // The table under "What is removed:" in the privacy section: its first column, one row a line.
  const readme = readFileSync(join(PACKAGE_ROOT, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("What is removed:"));
  const rows = table.slice(0, table.indexOf("\n\n", table.indexOf("|"))).split("\n").filter((l) => /^\| [^-]/.test(l) && !l.startsWith("| secret |"));
  const named = rows.map((r) => (r.split("|")[1] as string).trim().toLowerCase());

  it("names every kind of secret the redactor removes", () => {
    expect(REDACTION_KINDS.filter((kind) => !named.some((n) => n.includes(kind.toLowerCase())))).toEqual([]);
  });

  it("names nothing the redactor does not remove", () => {
    expect(named.filter((n) => !REDACTION_KINDS.some((kind) => n.includes(kind.toLowerCase())))).toEqual([]);
    expect(named.length).toBeGreaterThan(5);
  });
});
