/**
 * Dates and times as a person in the region reads them: "3 December 2026, 09:06 GMT" for gb,
 * "December 3, 2026, 9:06 AM EST" for us. The region's code is a country code, so English as
 * written there is the locale; without a region, the system's own.
 */
export function formatDateTime(iso: string, region: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const locale = region ? `en-${region.toUpperCase()}` : undefined;
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
