/**
 * Remove secrets from free text before it is written anywhere (case log, case notes): card numbers,
 * one-time codes, PINs and passwords. Pure, so it is property-tested, and it reports what it removed
 * so the operator can be told.
 *
 * Card numbers: runs of 13 to 19 digits (spaces or dashes allowed between groups) that pass the
 * Luhn check. Runs that start with 0 or follow "+" are phone numbers (no card number starts with 0),
 * so they are left alone, as are dates and shorter numbers.
 */
export interface Redaction {
  kind: "card number" | "one-time code" | "PIN" | "password";
  count: number;
}

export interface Redacted {
  text: string;
  redactions: Redaction[];
}

// A digit, then 12–18 more digits each optionally preceded by one space or dash. Bounded and
// without nested quantifiers over the same characters, so it cannot backtrack badly.
const DIGIT_RUN = /(?<![\d+])[1-9](?:[ -]?\d){12,18}(?![\d])/g;
const SECRET_AFTER_KEYWORD =
  /\b(one[- ]time (?:pass)?code|otp|security code|verification code|auth(?:entication)? code|passcode|code|pin|password|passwd|pwd|memorable word)\b(\s*(?:number\s*)?(?:is|was|=|:|-)?\s*)(["']?)([^\s"',;]{3,64})\3/gi;

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

function kindOf(keyword: string): Redaction["kind"] | undefined {
  const k = keyword.toLowerCase();
  if (k === "pin") return "PIN";
  if (/pass(?:word|wd)|pwd|memorable/.test(k) && !/code/.test(k)) return "password";
  return "one-time code";
}

export function redactSecrets(text: string): Redacted {
  const counts = new Map<Redaction["kind"], number>();
  const bump = (kind: Redaction["kind"]) => counts.set(kind, (counts.get(kind) ?? 0) + 1);

  let out = text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/[ -]/g, "");
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return run;
    bump("card number");
    return `[card number removed, ending ${digits.slice(-4)}]`;
  });

  out = out.replace(SECRET_AFTER_KEYWORD, (whole, keyword: string, gap: string, quote: string, raw: string) => {
    const kind = kindOf(keyword) as Redaction["kind"];
    // Sentence punctuation after the value is not part of it (a password may end in "!", though).
    const [, value = raw, trailing = ""] = (kind === "password" ? /^(.*?)([.,]?)$/ : /^(.*?)([.!?:)]*)$/).exec(raw) ?? [];
    // A code or PIN is digits (perhaps with a letter or two); "code" followed by an ordinary word
    // ("code of conduct") is not a secret. A password can be anything but a plain word of the sentence.
    if (kind !== "password" && !/^(?=.*\d)[A-Za-z0-9-]{3,12}$/.test(value)) return whole;
    if (kind === "password" && /^(?:is|was|and|the|a|to|for|they|he|she|i|it|reset|changed|again)$/i.test(value)) return whole;
    bump(kind);
    return `${keyword}${gap}${quote}[${kind} removed]${quote}${trailing}`;
  });

  return { text: out, redactions: [...counts].map(([kind, count]) => ({ kind, count })) };
}

/** "2 card numbers and 1 one-time code", for telling the operator. */
export function describeRedactions(redactions: readonly Redaction[]): string {
  const parts = redactions.map((r) => `${r.count} ${r.kind}${r.count === 1 ? "" : "s"}`);
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

export function mergeRedactions(lists: readonly (readonly Redaction[])[]): Redaction[] {
  const counts = new Map<Redaction["kind"], number>();
  for (const list of lists) for (const r of list) counts.set(r.kind, (counts.get(r.kind) ?? 0) + r.count);
  return [...counts].map(([kind, count]) => ({ kind, count }));
}
