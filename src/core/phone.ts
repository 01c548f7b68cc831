/**
 * The number that called, as the customer saw it, normalised for lookups in the case history.
 * Valid numbers become E.164 (+442079460018) using the region as the default country; anything
 * else keeps its raw text and is marked invalid. "Withheld" and "unknown" are values, not errors.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import type { CallerNumber } from "./caller-number.js";

export { describeCallerNumber, numberKey, type CallerNumber } from "./caller-number.js";

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
