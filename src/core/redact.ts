/**
 * Remove secrets from free text before it is written anywhere (the draft, saved answers, case
 * notes, the case history) or accepted as a case id or file name. Pure, so it is property-tested,
 * and it reports what it removed so the person can be told once.
 *
 * Every secret format the tool knows is defined here, once. What is removed:
 * - card numbers: 13 to 19 digits passing the Luhn check, in groups split by spaces, dashes or dots
 *   (the last four are kept, so a card can still be told apart); an expiry date and a security code
 *   written straight after one;
 * - card security codes (CVV, CVC, CSC), and expiry dates labelled as such when the text is about a card;
 * - PINs, one-time and verification codes, passwords and passcodes after their label ("PIN 4321",
 *   "otp: 493817", "passcode is swordfish", "pass=Tr0ub4dor");
 * - bank details: sort codes, routing numbers and account numbers after their label, or a sort code
 *   and an account number written together; IBANs that pass their country's format and check digits;
 * - identity numbers: UK National Insurance, US Social Security, Irish PPS, Canadian Social Insurance
 *   and Australian tax file numbers, after their label; unlabelled only in a shape that is hard to
 *   mistake and with a valid prefix or check digit (ibantools and stdnum do the checking).
 *
 * Phone numbers are left alone: a digit run that follows "+" or another digit group, or that starts
 * with 0, is not taken for a card (no card number starts with 0), and national phone numbers do not
 * have the shapes of the identity numbers. So are amounts, dates, times and references.
 */
import { electronicFormatIBAN, isValidIBAN } from "ibantools";
import { validate as validTfn } from "stdnum/lib/cjs/au/tfn.js";
import { validate as validSin } from "stdnum/lib/cjs/ca/sin.js";
import { validate as validNino } from "stdnum/lib/cjs/gb/nino.js";
import { validate as validPps } from "stdnum/lib/cjs/ie/pps.js";
import { validate as validSsn } from "stdnum/lib/cjs/us/ssn.js";

/** What was removed, in words for people: "a card number", "2 PINs". */
const KINDS = {
  "card number": "a",
  "card expiry date": "a",
  "card security code": "a",
  PIN: "a",
  "one-time code": "a",
  password: "a",
  "sort code": "a",
  "routing number": "a",
  "bank account number": "a",
  IBAN: "an",
  "National Insurance number": "a",
  "Social Security number": "a",
  "PPS number": "a",
  "Social Insurance Number": "a",
  "tax file number": "a",
} as const;

export type RedactionKind = keyof typeof KINDS;
/** Every kind of secret removed, for documentation that must name them all. */
export const REDACTION_KINDS = Object.keys(KINDS) as RedactionKind[];

export interface Redaction {
  kind: RedactionKind;
  count: number;
}

export interface Redacted {
  text: string;
  redactions: Redaction[];
}

/** A label and what may sit between it and the value: "PIN 4321", "PIN: 4321", "PIN number is 4321", "pin=4321". */
const GAP = String.raw`[ \t]*(?:(?:number|no\.?|num|#)[ \t]*)?(?:(?:is|was|of|[=:#-])[ \t]*)?`;
/** Not inside a longer number or word, and not a phone number's next group ("+44 20…", "0412 345 678"). */
const START = String.raw`(?<![\w+]|[\d+][ .-])`;
/** As START, but a card number may follow letters directly (a file name "card4111…"). */
const CARD_START = String.raw`(?<![\d+]|[\d+][ .-])`;
const END = String.raw`(?![ .-]?\d)(?!\w)`;
const marker = (kind: RedactionKind) => `[${kind} removed]`;

interface Detector {
  kind: RedactionKind;
  /** Group `lead` (kept) then group `secret` (replaced). */
  pattern: RegExp;
  /** Whether the value is really a secret; `text` is the whole text, for context. */
  accept?: (secret: string, text: string) => boolean;
  /** The replacement for the secret; the kind's marker by default. */
  mask?: (secret: string) => string;
}

const digitsOf = (s: string) => s.replace(/\D/g, "");
const isValid = (check: (v: string) => { isValid: boolean }) => (s: string) => check(s.toUpperCase()).isValid;
/** Card context, for expiry dates: an expiry date alone might belong to anything. */
const ABOUT_A_CARD = /\b(?:card|visa|master ?card|amex|american express|maestro|debit|credit|cvv|cvc|csc)\b|\[card number removed/i;

/**
 * The card in a run of digit groups: whole groups from the start, 13–19 digits, passing Luhn. A
 * 16-digit card is by far the most common, so when groups typed after it (an expiry "12", a code)
 * would also make a valid length, the common lengths are tried first.
 */
const CARD_LENGTHS = [16, 15, 19, 13, 14, 17, 18];
function cardPrefix(run: string): string | undefined {
  const prefixes = [...run.matchAll(/\d(?=[ .-]|$)/g)].map((m) => run.slice(0, m.index + 1));
  for (const length of CARD_LENGTHS)
    for (const prefix of prefixes) if (digitsOf(prefix).length === length && luhnValid(digitsOf(prefix))) return prefix;
  return undefined;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const re = (source: string, flags = "gi") => new RegExp(source, flags);
// Labels may end in "." ("n.i.", "exp."), so their edges are "no letter", not \b; a label that
// opens a marker ("[password removed]") is one this redactor wrote.
const labelled = (label: string, value: string) => re(String.raw`(?<lead>(?<![a-z[])(?:${label})(?![a-z])${GAP}["']?)(?<secret>${value})${END}`);

/** MM/YY or MM/YYYY, and not the start of a longer date (20/11/2026) or number (12-34-56). */
const EXPIRY = String.raw`(?<!\d[/.-])(?:0?[1-9]|1[0-2])[ \t]?[/.-][ \t]?(?:20)?\d\d(?![/.-]?\d)`;
const SORT_CODE = String.raw`\d\d[ .-]?\d\d[ .-]?\d\d`;
const NINE = String.raw`\d{3}[ .-]?\d{3}[ .-]?\d{3}`;
/** Between a sort code and an account number written together: punctuation, perhaps "and" (other words end the pair). */
const WORDS_BETWEEN = String.raw`[ \t,;/]+(?:and[ \t]+)?`;

/** In order: an earlier detector's marker is the context for a later one (an expiry after a card). */
const DETECTORS: Detector[] = [
  {
    kind: "IBAN",
    // Country, check digits, then groups of four (or one run); the tail is trimmed to what validates.
    pattern: re(String.raw`(?<lead>)(?<secret>\b[A-Z]{2}\d\d(?:[ -]?[A-Z0-9]{4}){2,8}(?:[ -]?[A-Z0-9]{1,3})?)(?!\w)`),
    accept: (s) => isValidIBAN(electronicFormatIBAN(s.toUpperCase()) ?? ""),
  },
  {
    kind: "card number",
    // The whole run of digit groups; the card is whole groups from its start (see cardPrefix), so a
    // security code or expiry typed after it ("… 1111 737") is neither glued on nor a reason to miss it.
    pattern: re(String.raw`(?<lead>)(?<secret>${CARD_START}[1-9](?:[ .-]?\d){12,40})(?![ .-]?\d)`, "g"),
    mask: (s) => `[card number removed, ending ${digitsOf(s).slice(-4)}]`,
  },
  // Written straight after a card number: "4111 1111 1111 1111 12/27 737".
  { kind: "card expiry date", pattern: re(String.raw`(?<lead>\[card number removed, ending \d{4}\][ \t,;]*(?:(?:exp\w*|valid \w+)\.?[ \t:]*)?)(?<secret>${EXPIRY})(?!\d)`) },
  {
    kind: "card expiry date",
    pattern: labelled(String.raw`exp(?:iry|ires|iration|\.)?(?:[ \t]+date)?|valid[ \t]+(?:thru|through|until|to)|expiring`, EXPIRY),
    accept: (_, text) => ABOUT_A_CARD.test(text),
  },
  { kind: "card security code", pattern: labelled(String.raw`cvv2?|cvc2?|csc|cv2|card security code|security number|(?:3|4|three|four)[ -]digit (?:code|number)`, String.raw`\d{3,4}`) },
  { kind: "card security code", pattern: re(String.raw`(?<lead>\[card (?:expiry date removed|number removed, ending \d{4})\][ \t,;]*)(?<secret>\d{3,4})(?![ .-]?\d)(?!\/)`) },
  { kind: "PIN", pattern: labelled(String.raw`pin(?:[ \t]+code)?`, String.raw`\d{4,8}|\d\d[ -]\d\d`) },
  {
    kind: "one-time code",
    pattern: labelled(
      String.raw`one[ -]?time[ \t]+(?:pass)?(?:code|password|pin)|otp|2fa(?:[ \t]+code)?|(?:verification|security|auth(?:entication|orisation|orization)?|access|confirmation|sms|text)[ \t]+(?:code|number)`,
      String.raw`(?=[a-z-]*\d)[a-z0-9]{1,3}-?\d{3,10}|\d{3,4}[ -]\d{3,4}|(?=[a-z-]*\d)[a-z0-9]{4,10}`,
    ),
  },
  {
    kind: "one-time code",
    // "code" alone is a one-time code only as digits, and not an area, post, error or other code.
    pattern: re(String.raw`(?<lead>(?<!\b(?:area|country|dialling|dialing|post|zip|error|status|stop|reference|ref|product|promo|discount|voucher|tax|sort|bank|swift|bic|branch|exit|fault)[ \t]+)\bcode${GAP})(?<secret>\d{4,10}|\d{3}[ -]\d{3})${END}`),
  },
  { kind: "sort code", pattern: labelled(String.raw`sort[ \t]*code|sort|s/c`, SORT_CODE) },
  { kind: "routing number", pattern: labelled(String.raw`routing|aba|rtn|transit[ \t]+number|bank[ \t]+code`, String.raw`\d{9}`) },
  {
    kind: "bank account number",
    pattern: labelled(String.raw`(?:bank[ \t]+)?account|acc(?:oun)?t?|a/c|checking|savings`, String.raw`\d{4}[ -]?\d{2,13}`),
  },
  // Written together without labels: "12-34-56 12345678", and an account number near a labelled one.
  { kind: "sort code", pattern: re(String.raw`(?<lead>${START})(?<secret>\d\d-\d\d-\d\d)(?=${WORDS_BETWEEN}\d{8}(?!\d))`) },
  { kind: "bank account number", pattern: re(String.raw`(?<lead>${START})(?<secret>\d{8})(?=${WORDS_BETWEEN}(?:\d\d-\d\d-\d\d|\[sort code removed\]))`) },
  { kind: "bank account number", pattern: re(String.raw`(?<lead>\[(?:sort code|routing number) removed\]${WORDS_BETWEEN})(?<secret>\d{6,17})(?!\d)`) },
  {
    kind: "National Insurance number",
    pattern: labelled(String.raw`n\.?i\.?(?:[ \t]+no)?|nino|national[ \t]+insurance`, String.raw`[a-z]{2}[ \t]?\d\d[ \t]?\d\d[ \t]?\d\d[ \t]?[a-d]?`),
  },
  // Unlabelled only with its final letter and a prefix HMRC issues (stdnum knows which).
  { kind: "National Insurance number", pattern: re(String.raw`(?<lead>)(?<secret>\b[a-z]{2}[ \t]?\d\d[ \t]?\d\d[ \t]?\d\d[ \t]?[a-d])\b`), accept: isValid(validNino) },
  { kind: "Social Security number", pattern: labelled(String.raw`ssn|social[ \t]+security|soc[ \t]+sec`, String.raw`\d{3}[ .-]?\d\d[ .-]?\d{4}`) },
  { kind: "Social Security number", pattern: re(String.raw`(?<lead>${START})(?<secret>\d{3}-\d\d-\d{4})${END}`), accept: isValid(validSsn) },
  { kind: "PPS number", pattern: labelled(String.raw`ppsn?|personal[ \t]+public[ \t]+service`, String.raw`\d{7}[ \t]?[a-w][a-iw]?`) },
  { kind: "PPS number", pattern: re(String.raw`(?<lead>)(?<secret>\b\d{7}[a-w][a-iw]?)\b`), accept: isValid(validPps) },
  { kind: "Social Insurance Number", pattern: labelled(String.raw`sin|social[ \t]+insurance`, NINE) },
  { kind: "tax file number", pattern: labelled(String.raw`tfn|tax[ \t]+file`, String.raw`\d{3}[ .-]?\d{3}[ .-]?\d{2,3}`) },
  // Three groups of three without a label: a Social Insurance Number (Luhn) or a tax file number
  // (its own check digit); national phone numbers are grouped differently.
  {
    kind: "Social Insurance Number",
    pattern: re(String.raw`(?<lead>${START})(?<secret>[1-79]\d\d[ .-]\d{3}[ .-]\d{3})${END}`),
    accept: isValid((s) => validSin(digitsOf(s))),
  },
  { kind: "tax file number", pattern: re(String.raw`(?<lead>${START})(?<secret>\d{3}[ .-]\d{3}[ .-]\d{3})${END}`), accept: isValid((s) => validTfn(digitsOf(s))) },
];

// Passwords: after a strong label ("password", "passcode") an explicit "is", ":" or "=" lets the
// value be any word; after a bare space it must not be a plain word ("password manager"). "pass"
// alone needs ":" or "=".
const PASSWORD_LABEL = String.raw`pass(?:word|wd|code|phrase)|pwd|memorable[ \t]+(?:word|information|answer)|secret[ \t]+answer`;
const PASSWORD = re(
  String.raw`(?<lead>(?<!\[)\b(?:(?<strong>${PASSWORD_LABEL})\b(?<gap>[ \t]*(?:(?:(?:is|was)(?!\w)|[=:-])[ \t]*)?)|\bpass(?:[ \t]*[=:][ \t]*|[ \t]+is[ \t]+)))(?:(?<q>["'])(?!\[)(?<quoted>[^"'\n]{1,64})\k<q>|(?<word>(?!\[)[^\s"',;]{3,64}))`,
);
/** Words that follow "password is" in a sentence about a password, not a password. */
const NOT_A_PASSWORD =
  /^(?:is|was|and|or|the|a|an|to|for|of|on|in|they|he|she|i|it|we|you|reset|changed|change|again|not|never|wrong|correct|incorrect|same|new|old|required|needed|expired|locked|safe|secure|shared|given|asked|requested|unknown|hidden|removed|manager|protected|please|written|here|there|now|still|ok|okay|fine)$/i;

/**
 * Every secret the detectors above find holds a digit, and a password needs one of its labels, so
 * text with neither (most ids, file names and sentences) has nothing to remove: it skips the
 * thirty patterns, whose first use in a process also costs their compilation.
 */
const MIGHT_HOLD_A_SECRET = /\d|pass|pwd|memorable|secret/i;

export function redactSecrets(text: string): Redacted {
  if (!MIGHT_HOLD_A_SECRET.test(text)) return { text, redactions: [] };
  const counts = new Map<RedactionKind, number>();
  const bump = (kind: RedactionKind) => counts.set(kind, (counts.get(kind) ?? 0) + 1);
  let out = text;

  for (const d of DETECTORS) {
    const context = out;
    out = out.replace(d.pattern, (whole, ...args) => {
      const groups = args.at(-1) as { lead: string; secret: string };
      let secret = groups.secret;
      if (d.kind === "IBAN") {
        // Greedy groups may take a following word ("… 32 and"): try shorter until it validates.
        while (secret.length >= 15 && !d.accept?.(secret, context)) secret = secret.slice(0, -1).replace(/[ -]$/, "");
        if (secret.length < 15) return whole;
        bump(d.kind);
        return `${groups.lead}${marker(d.kind)}${groups.secret.slice(secret.length)}`;
      }
      if (d.kind === "card number") {
        const card = cardPrefix(secret);
        if (card === undefined) return whole;
        bump(d.kind);
        return `${groups.lead}${d.mask?.(card)}${secret.slice(card.length)}`;
      }
      if (d.accept && !d.accept(secret, context)) return whole;
      bump(d.kind);
      return `${groups.lead}${d.mask ? d.mask(secret) : marker(d.kind)}`;
    });
  }

  out = out.replace(PASSWORD, (whole, ...args) => {
    const g = args.at(-1) as { lead: string; strong?: string; gap?: string; q?: string; quoted?: string; word?: string };
    const explicit = g.strong === undefined || /\S/.test(g.gap ?? "");
    if (g.quoted !== undefined) {
      bump("password");
      return `${g.lead}${g.q}${marker("password")}${g.q}`;
    }
    // Sentence punctuation after the value is not part of it (a password may end in "!", though).
    const [, value = "", trailing = ""] = /^(.*?)([.,:)]*)$/.exec(g.word ?? "") ?? [];
    if (value.length < 3 || NOT_A_PASSWORD.test(value)) return whole;
    if (!explicit && /^[a-z]+$/i.test(value)) return whole;
    bump("password");
    return `${g.lead}${marker("password")}${trailing}`;
  });

  return { text: out, redactions: inKindOrder(counts) };
}

const KIND_ORDER = Object.keys(KINDS) as RedactionKind[];
/** The same secrets are always listed in the same order, whichever was found first. */
const inKindOrder = (counts: Map<RedactionKind, number>): Redaction[] =>
  KIND_ORDER.flatMap((kind) => (counts.has(kind) ? [{ kind, count: counts.get(kind) as number }] : []));

/** Redacts text after text and adds up what it removed: for the fields of one thing being written. */
export function redactor(): { text: (s: string) => string; readonly redactions: Redaction[] } {
  const found: Redaction[][] = [];
  return {
    text(s) {
      const r = redactSecrets(s);
      found.push(r.redactions);
      return r.text;
    },
    get redactions() {
      return mergeRedactions(found);
    },
  };
}

/** The kinds of secret in a text, for refusing an id or a file name that holds one. */
export function secretsIn(text: string): Redaction[] {
  return redactSecrets(text).redactions;
}

/** "a card number", "2 card numbers, a PIN and an IBAN", for telling the person. */
export function describeRedactions(redactions: readonly Redaction[]): string {
  const parts = redactions.map((r) => (r.count === 1 ? `${KINDS[r.kind]} ${r.kind}` : `${r.count} ${r.kind}s`));
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** "A card number was removed before saving.", or "" when nothing was. */
export function removedNotice(redactions: readonly Redaction[]): string {
  const what = describeRedactions(redactions);
  if (what === "") return "";
  const many = redactions.length > 1 || (redactions[0]?.count ?? 0) > 1;
  return `${what[0]?.toUpperCase()}${what.slice(1)} ${many ? "were" : "was"} removed before saving.`;
}

export function mergeRedactions(lists: readonly (readonly Redaction[])[]): Redaction[] {
  const counts = new Map<RedactionKind, number>();
  for (const list of lists) for (const r of list) counts.set(r.kind, (counts.get(r.kind) ?? 0) + r.count);
  return inKindOrder(counts);
}

/** Redactions in `now` beyond those in `before`: what has not been told yet. */
export function newRedactions(now: readonly Redaction[], before: readonly Redaction[]): Redaction[] {
  const told = new Map(before.map((r) => [r.kind, r.count]));
  return now.flatMap((r) => (r.count > (told.get(r.kind) ?? 0) ? [{ kind: r.kind, count: r.count - (told.get(r.kind) ?? 0) }] : []));
}
