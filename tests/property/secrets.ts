/**
 * fast-check arbitraries for the secrets-at-rest properties (tests/unit/redact.test.ts and
 * tests/e2e/secrets-at-rest.test.ts): secrets of every kind the redactor promises to remove, each
 * in many spellings, mixed into call notes with realistic numbers that must survive.
 *
 * Each secret comes with its needles: the strings that must not be found anywhere it was written.
 * Short values (a CVV, a PIN) are searched for with their label, as "737" alone would turn up in
 * any file; long ones are also searched for compact (digits only), as a file might hold them so.
 */
import fc from "fast-check";
import { composeIBAN } from "ibantools";
import { validate as validPps } from "stdnum/lib/cjs/ie/pps.js";
import { validate as validSsn } from "stdnum/lib/cjs/us/ssn.js";
import { validate as validTfn } from "stdnum/lib/cjs/au/tfn.js";
import { luhnValid } from "../../src/core/redact.js";

export interface Secret {
  kind: string;
  text: string;
  needles: string[];
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(""));
const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const compact = (s: string) => s.replace(/[^0-9A-Za-z]/g, "");
/** How a label meets its value: "PIN 4321", "PIN: 4321", "PIN=4321", "PIN is 4321". */
const gap = pick(" ", ": ", "=", " is ", " - ", ":");

const withLuhn = (body: string) => {
  for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return body + d;
  throw new Error("unreachable: one check digit always fits");
};
const group = (s: string, sizes: number[], sep: string) => {
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) out.push(s.slice(at, (at += n)));
  return out.join(sep);
};

/** A Luhn-valid card number (Visa or Mastercard 16 digits, Amex 15), grouped as people write it. */
export const cardNumber = fc
  .tuple(pick("4", "51", "55", "2221", "34", "37"), digits(14), pick("", " ", "-", "."))
  .map(([prefix, body, sep]) => {
    const amex = prefix.startsWith("3");
    const number = withLuhn((prefix + body).slice(0, amex ? 14 : 15));
    return { number, spelled: group(number, amex ? [4, 6, 5] : [4, 4, 4, 4], sep) };
  });

const expiry = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 26, max: 35 }), pick("/", " / ", "-")).map(([m, y, s]) => `${String(m).padStart(2, "0")}${s}${y}`);

const card: fc.Arbitrary<Secret> = fc
  .tuple(cardNumber, pick("", "card ", "Card number: ", "visa ", "long number "))
  .map(([c, label]) => ({ kind: "card number", text: `${label}${c.spelled}`, needles: [c.spelled, c.number] }));

const cardWithDetails: fc.Arbitrary<Secret> = fc
  .tuple(cardNumber, expiry, digits(3), pick("{card} {exp} {cvv}", "{card} exp {exp} cvv {cvv}", "card {card}, expiry {exp}, CVC {cvv}", "{card} expires {exp} security number {cvv}"))
  .map(([c, exp, cvv, shape]) => ({
    kind: "card with expiry and code",
    text: shape.replace("{card}", c.spelled).replace("{exp}", exp).replace("{cvv}", cvv),
    needles: [c.spelled, c.number, `${exp} ${cvv}`, `exp ${exp}`, `expiry ${exp}`, `expires ${exp}`, `cvv ${cvv}`, `CVC ${cvv}`, `number ${cvv}`],
  }));

const labelled = (kind: string, labels: string[], value: fc.Arbitrary<string>): fc.Arbitrary<Secret> =>
  fc.tuple(pick(...labels), gap, value).map(([label, g, v]) => ({ kind, text: `${label}${g}${v}`, needles: [`${label}${g}${v}`] }));

const cvv = labelled("card security code", ["CVV", "cvv", "CVC", "cvc", "CSC", "cvv2", "card security code"], fc.oneof(digits(3), digits(4)));
const pin = labelled("PIN", ["PIN", "pin", "Pin", "PIN number", "pin code"], fc.oneof(digits(4), digits(6)));
const otp = labelled(
  "one-time code",
  ["otp", "OTP", "one-time code", "one time passcode", "verification code", "security code", "code", "2FA code", "auth code", "text code"],
  fc.oneof(digits(6), digits(4), fc.tuple(digits(3), digits(3)).map(([a, b]) => `${a} ${b}`)),
);
/** Passwords as people choose them: words (which the redactor must take after "is" or ":"), and mixes. */
const passwordValue = fc.oneof(
  pick("swordfish", "Tr0ub4dor", "letmein", "sunshine", "dragon", "monkey123", "qwerty", "Hunter22!", "correcthorse", "Spring2026"),
  fc.tuple(fc.stringMatching(/^[A-Za-z]{3,8}$/), fc.stringMatching(/^[0-9!@#$%]{1,4}$/)).map(([a, b]) => a + b),
);
const password: fc.Arbitrary<Secret> = fc
  .tuple(pick("password", "Password", "passcode", "passwd", "pwd", "pass", "memorable word", "passphrase"), pick(" is ", ": ", "=", " = ", ":"), passwordValue)
  .map(([label, g, v]) => ({ kind: "password", text: `${label}${g}${v}`, needles: [`${label}${g}${v}`, ...(v.length >= 6 ? [v] : [])] }));

const sortCode = fc.tuple(digits(6), pick("-", " ", "")).map(([d, s]) => group(d, [2, 2, 2], s));
const bank: fc.Arbitrary<Secret> = fc
  .tuple(sortCode, digits(8), pick("sort code {sc}, account {acc}", "sort code {sc} account number {acc}", "acc no {acc} sort {sc}", "a/c {acc}, s/c {sc}"))
  .map(([sc, acc, shape]) => ({ kind: "UK bank details", text: shape.replace("{sc}", sc).replace("{acc}", acc), needles: [acc, sc, compact(sc)].filter((n) => n.length >= 6) }));
const bankTogether: fc.Arbitrary<Secret> = fc
  .tuple(digits(6), digits(8))
  .map(([sc, acc]) => ({ kind: "sort code and account together", text: `${group(sc, [2, 2, 2], "-")} ${acc}`, needles: [acc, group(sc, [2, 2, 2], "-")] }));
const routing: fc.Arbitrary<Secret> = fc
  .tuple(digits(9), digits(10), pick("routing {r} account {a}", "routing number: {r}, checking account {a}", "ABA {r} acct {a}"))
  .map(([r, a, shape]) => ({ kind: "US bank details", text: shape.replace("{r}", r).replace("{a}", a), needles: [r, a] }));

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const upper = (n: number) => fc.array(fc.constantFrom(...LETTERS), { minLength: n, maxLength: n }).map((l) => l.join(""));
const ibanBody = fc.oneof(
  fc.tuple(upper(4), digits(14)).map(([bank, d]) => ({ country: "GB", bban: bank + d })),
  fc.tuple(upper(4), digits(14)).map(([bank, d]) => ({ country: "IE", bban: bank + d })),
  digits(18).map((d) => ({ country: "DE", bban: d })),
  fc.tuple(upper(4), digits(10)).map(([bank, d]) => ({ country: "NL", bban: bank + d })),
);
const iban: fc.Arbitrary<Secret> = fc
  .tuple(ibanBody, pick(" ", ""), pick("IBAN ", "iban: ", ""), fc.boolean())
  .map(([b, sep, label, lower]) => {
    const full = composeIBAN({ countryCode: b.country, bban: b.bban }) as string;
    const spelled = full.match(/.{1,4}/g)!.join(sep);
    return { kind: "IBAN", text: `${label}${lower ? spelled.toLowerCase() : spelled}`, needles: [full, spelled, spelled.toLowerCase()] };
  });

/** NI number letters HMRC issues (not D, F, I, Q, U, V; not O second; not BG, GB, KN, NK, NT, TN, ZZ). */
const ninoPrefix = fc
  .tuple(fc.constantFrom(..."ABCEGHJKLMNOPRSTWXYZ"), fc.constantFrom(..."ABCEGHJKLMNPRSTWXYZ"))
  .map(([a, b]) => a + b)
  .filter((p) => !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].includes(p));
const nino: fc.Arbitrary<Secret> = fc
  .tuple(ninoPrefix, digits(6), fc.constantFrom("A", "B", "C", "D"), pick(" ", ""), pick("NI number ", "National Insurance number: ", "NINO ", "ni no. ", ""))
  .map(([p, d, s, sep, label]) => {
    const spelled = [p, d.slice(0, 2), d.slice(2, 4), d.slice(4), s].join(sep);
    return { kind: "National Insurance number", text: `${label}${spelled}`, needles: [spelled, p + d + s] };
  });
const ssn: fc.Arbitrary<Secret> = fc
  .tuple(fc.integer({ min: 1, max: 899 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }), pick("SSN ", "social security number ", "SSN: ", ""), pick("-", " "))
  .map(([a, g, s, label, sep]) => [String(a).padStart(3, "0"), String(g).padStart(2, "0"), String(s).padStart(4, "0"), label, label === "" ? "-" : sep] as const)
  .filter(([a, g, s]) => validSsn(a + g + s).isValid)
  .map(([a, g, s, label, sep]) => ({ kind: "Social Security number", text: `${label}${a}${sep}${g}${sep}${s}`, needles: [`${a}${sep}${g}${sep}${s}`, a + g + s] }));
const pps: fc.Arbitrary<Secret> = fc
  .tuple(digits(7), pick("PPS ", "PPSN: ", "pps number ", ""))
  .map(([d, label]) => [d, [..."ABCDEFGHIJKLMNOPQRSTUVW"].find((l) => validPps(d + l).isValid) as string, label] as const)
  .map(([d, l, label]) => ({ kind: "PPS number", text: `${label}${d}${l}`, needles: [d + l] }));
const sin: fc.Arbitrary<Secret> = fc
  .tuple(fc.constantFrom("1", "2", "3", "4", "5", "6", "7", "9"), digits(7), pick(" ", "-"), pick("SIN ", "SIN: ", "social insurance number ", ""))
  .map(([first, d, sep, label]) => {
    const number = withLuhn(first + d);
    const spelled = group(number, [3, 3, 3], sep);
    return { kind: "Social Insurance Number", text: `${label}${spelled}`, needles: [spelled, number] };
  });
const tfn: fc.Arbitrary<Secret> = fc
  .tuple(digits(8), pick(" ", "-", ""), pick("TFN ", "tax file number ", "TFN: "))
  .map(([d, sep, label]) => [[..."0123456789"].map((c) => d + c).find((n) => validTfn(n).isValid), sep, label] as const)
  .filter((t): t is readonly [string, string, string] => t[0] !== undefined)
  .map(([number, sep, label]) => {
    const spelled = group(number, [3, 3, 3], sep);
    return { kind: "tax file number", text: `${label}${spelled}`, needles: [spelled, number] };
  });

/** One secret of any kind the redactor promises to remove. */
export const secret: fc.Arbitrary<Secret> = fc.oneof(card, cardWithDetails, cvv, pin, otp, password, bank, bankTogether, routing, iban, nino, ssn, pps, sin, tfn);

/** Realistic numbers in call notes that are not secrets and must come through untouched. */
export const INNOCENT = [
  "+44 20 7946 0018", "020 7946 0018", "0800 123 4567", "+447700900123", "07700 900123",
  "+1 416 555 0199", "(212) 555-0123", "1-800-382-4357", "0412 345 678", "+61 2 9876 5432",
  "01 234 5678", "+353 1 234 5678", "£129", "$1,500.00", "€250", "£1,250.00",
  "2026-11-20", "20/11/2026", "11/20/2026", "10:40", "3:15pm", "INC-4471", "C-20261129-0f3a9c", "TKT-88231",
  "ticket 5521908", "SW1A 1AA", "D02 X285", "M5V 2T6", "90210", "error code 0x800F081F", "area code 020", "a code of conduct",
];
export const innocent = fc.constantFrom(...INNOCENT);

const FILLER = ["the", "caller", "said", "he", "was", "from", "Microsoft", "asked", "for", "and", "then", "gave", "her", "we", "rang", "back", "later", "customer", "read", "out", "on", "the", "phone"];
/** Between items: punctuation as people type it, so one item never runs into the next. */
const SEPARATORS = [". ", ", ", "; ", " and ", "\n", " - "];

export interface Notes {
  text: string;
  secrets: Secret[];
  innocents: string[];
}

/** Call notes: filler words, secrets and innocent numbers in any order. */
export const notes = (maxSecrets = 3): fc.Arbitrary<Notes> =>
  fc
    .tuple(
      fc.array(secret, { minLength: 1, maxLength: maxSecrets }),
      fc.array(innocent, { maxLength: 4 }),
      fc.array(fc.array(fc.constantFrom(...FILLER), { maxLength: 4 }).map((w) => w.join(" ")), { minLength: 8, maxLength: 8 }),
      fc.array(fc.constantFrom(...SEPARATORS), { minLength: 16, maxLength: 16 }),
      fc.nat(),
    )
    .map(([secrets, innocents, words, seps, seed]) => {
      const items: string[] = [...secrets.map((s) => s.text), ...innocents];
      // A deterministic shuffle from the seed, so a failure shrinks and replays.
      for (let i = items.length - 1; i > 0; i--) {
        const j = (seed + i * 7919) % (i + 1);
        [items[i], items[j]] = [items[j] as string, items[i] as string];
      }
      const parts: string[] = [];
      items.forEach((item, i) => parts.push(...(words[i % words.length] ? [words[i % words.length] as string] : []), item));
      const text = parts.map((p, i) => (i === 0 ? p : `${seps[i % seps.length]}${p}`)).join("");
      return { text, secrets, innocents };
    });
