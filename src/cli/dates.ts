import type { RuleSet } from "../core/ruleset.js";

/** The locale of a region, from its pack (`locales:`), for writing dates the way it does. */
export function regionLocale(rules: RuleSet, region: string | undefined): string | undefined {
  return rules.regions.find((r) => r.id === region)?.locales[0];
}

/** A writer of dates the way the region does (see formatDateTime). */
export const dateWriter = (rules: RuleSet, region: string | undefined) => (iso: string) => formatDateTime(iso, regionLocale(rules, region));

/**
 * Dates and times as a person in the region reads them: "3 December 2026 at 09:06 GMT" for en-GB,
 * "December 3, 2026 at 9:06 AM EST" for en-US; without a locale, the system's own.
 */
export function formatDateTime(iso: string, locale: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short" }).format(date) + zone(date, locale);
  } catch {
    // A region code Intl does not know as a country: the system's own way.
    return new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" }).format(date) + zone(date, undefined);
  }
}

/** " GMT", " EST": the time zone the time is given in, so a time read later or elsewhere is not misread. */
function zone(date: Date, locale: string | undefined): string {
  const part = new Intl.DateTimeFormat(locale, { timeZoneName: "short" }).formatToParts(date).find((p) => p.type === "timeZoneName");
  return part ? ` ${part.value}` : "";
}
