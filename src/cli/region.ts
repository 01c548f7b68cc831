/**
 * Which region's contacts to show: --region, else SCAMCHECK_REGION, else the locale (LC_ALL,
 * LC_MESSAGES, LANG; on Windows and macOS, where those are often unset, the system locale via Intl).
 * On Linux an unset or "C" locale says nothing, so no region is guessed from it.
 */
import { UsageError } from "./usage-error.js";
import type { RuleSet } from "../core/ruleset.js";
import { editDistance } from "../core/diagnostics.js";

/**
 * Names people type for a region that are not its id. Only ever a suggestion: "uk" is refused with
 * "did you mean 'gb'?", so a script never silently gets a region it did not name.
 */
const ALIASES: Record<string, string> = { uk: "gb", "great-britain": "gb", britain: "gb", england: "gb", scotland: "gb", wales: "gb", usa: "us", america: "us", eire: "ie" };

/** The region id someone probably meant: a well-known alias, the region's name, or an id one letter off. */
export function suggestRegion(rules: RuleSet, word: string): string | undefined {
  const w = word.toLowerCase().trim().replace(/[\s_]+/g, "-");
  const ids = rules.regions.map((r) => r.id);
  const alias = ALIASES[w];
  if (alias && ids.includes(alias)) return alias;
  const byName = rules.regions.find((r) => r.name.toLowerCase().replace(/\s+/g, "-") === w);
  if (byName) return byName.id;
  // Region ids are two letters, so only one letter off is a plausible typo ("gn" for "gb", not "zz").
  const near = ids.filter((id) => editDistance(w, id) <= 1);
  return near.length === 1 ? near[0] : undefined;
}

/** The region: the flag, else SCAMCHECK_REGION, else the config file's, else a guess from the locale. */
export function resolveRegion(rules: RuleSet, flag: string | undefined, env: NodeJS.ProcessEnv, platform: string, configured?: string): string | undefined {
  const explicit = flag ?? (env.SCAMCHECK_REGION || undefined) ?? configured;
  if (explicit !== undefined && explicit !== "") {
    const id = explicit.toLowerCase();
    if (id === "none") return undefined;
    if (!rules.regions.some((r) => r.id === id)) {
      const from = flag !== undefined ? "" : env.SCAMCHECK_REGION ? " (from SCAMCHECK_REGION)" : " (from the config file)";
      const hint = suggestRegion(rules, explicit);
      throw new UsageError(`unknown region '${explicit}'${from}${hint ? ` (did you mean '${hint}'?)` : ""}; choose one of: ${rules.regions.map((r) => r.id).join(", ")} (or 'none')`);
    }
    return id;
  }
  const fromEnv = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== "");
  let locale = fromEnv && !/^(C|POSIX)(\.|$)/i.test(fromEnv) ? fromEnv : undefined;
  if (!locale && platform !== "linux" && !fromEnv) locale = Intl.DateTimeFormat().resolvedOptions().locale;
  return locale ? regionForLocale(rules, locale) : undefined;
}

export function regionForLocale(rules: RuleSet, locale: string): string | undefined {
  const m = /^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}))?/.exec(locale);
  if (!m) return undefined;
  const tag = m[2] ? `${(m[1] as string).toLowerCase()}-${m[2].toUpperCase()}` : (m[1] as string).toLowerCase();
  const byLocale = rules.regions.find((r) => r.locales.includes(tag));
  if (byLocale) return byLocale.id;
  const country = m[2]?.toLowerCase();
  return country ? rules.regions.find((r) => r.id === country)?.id : undefined;
}
