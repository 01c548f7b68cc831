/**
 * A caller's number as stored in case records, and what can be done with one without the phone
 * number metadata (which is large, so only normalising a newly typed number loads it: phone.ts).
 */
export type CallerNumber =
  | { kind: "number"; raw: string; valid: boolean; e164?: string }
  | { kind: "withheld"; raw: string }
  | { kind: "unknown"; raw: string };

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

/**
 * Which stored number keys are the number searched for. A key in international form (+44…) must
 * match exactly. Without a region, a national number (020 7946 0018) cannot be put in that form, so
 * it also matches stored international numbers that end in its digits without the leading trunk
 * zero (at least 7 of them, to keep short numbers from matching everything). `ending` is those
 * digits: the case store finds them through an index of each key's digits reversed (see
 * reversedDigits), numberMatcher by comparing strings. One rule, two ways to run it.
 */
export function numberQuery(key: string): { exact: string; ending?: string } {
  if (key.startsWith("+")) return { exact: key };
  const national = key.replace(/^0+/, "");
  return national.length < 7 ? { exact: key } : { exact: key, ending: national };
}

/** Whether a stored number key is the number searched for (see numberQuery). */
export function numberMatcher(key: string): (candidate: string | undefined) => boolean {
  const { exact, ending } = numberQuery(key);
  if (ending === undefined) return (candidate) => candidate === exact;
  return (candidate) => candidate === exact || (candidate !== undefined && candidate.startsWith("+") && candidate.endsWith(ending));
}

/**
 * An international key's digits in reverse order, so that "ends with these digits" becomes "starts
 * with", which a database index can answer. Undefined for a national key, which only matches exactly.
 */
export function reversedDigits(key: string | undefined): string | undefined {
  return key?.startsWith("+") ? [...key.slice(1)].reverse().join("") : undefined;
}
