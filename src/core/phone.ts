/**
 * The number that called, as the customer saw it, normalised for lookups in the case history.
 * Valid numbers become E.164 (+442079460018) using the region as the default country; anything
 * else keeps its raw text and is marked invalid. "Withheld" and "unknown" are values, not errors.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

export type CallerNumber =
  | { kind: "number"; raw: string; valid: boolean; e164?: string }
  | { kind: "withheld"; raw: string }
  | { kind: "unknown"; raw: string };

const WITHHELD = /^(?:withheld|private(?: number)?|hidden|anonymous|blocked|no caller ?id|unavailable|no number|number withheld|restricted)$/i;
const UNKNOWN = /^(?:unknown|not sure|don'?t know|do not know|n\/?a|\?+|-+)$/i;

export function normaliseCallerNumber(raw: string, region?: string): CallerNumber {
  const text = raw.trim();
  if (WITHHELD.test(text)) return { kind: "withheld", raw: text };
  if (text === "" || UNKNOWN.test(text)) return { kind: "unknown", raw: text };
  const country = region && /^[a-z]{2}$/.test(region) ? (region.toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(text, country);
  if (parsed?.isValid()) return { kind: "number", raw: text, valid: true, e164: parsed.number };
  return { kind: "number", raw: text, valid: false };
}

/** The key two sightings of one number share: E.164 when valid, else the digits typed. */
export function numberKey(n: CallerNumber | undefined): string | undefined {
  if (!n || n.kind !== "number") return undefined;
  if (n.e164) return n.e164;
  const digits = n.raw.replace(/\D/g, "");
  return digits.length >= 3 ? digits : undefined;
}

export function describeCallerNumber(n: CallerNumber | undefined): string {
  if (!n) return "not given";
  if (n.kind === "withheld") return "withheld";
  if (n.kind === "unknown") return "unknown";
  return n.valid ? `${n.e164} (typed as ${n.raw})` : `${n.raw} (not a valid number)`;
}
