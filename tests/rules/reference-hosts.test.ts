/**
 * The shipped packs cite primary sources only: the agency's, regulator's, police force's, bank's
 * or vendor's own page, or a national news report of a real case. Secondary pages kept creeping in
 * (a village newsletter, a hoax-debunking site, a blog that retells a police warning), and once one
 * is cited it gets copied to the next item. This test keeps the kinds that were removed from coming
 * back. It is a deny list, not an allow list, so that a new agency or bank needs no change here;
 * reviewers still judge every new reference by the rule above.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BUILTIN_RULES_DIR, packFilesIn } from "../../src/node/load-rules.js";

/** Hosts (and everything under them) that are never a primary source, with the reason. */
const DENIED_HOSTS: Record<string, string> = {
  "blogspot.com": "personal blogs",
  "wordpress.com": "personal and community blogs",
  "conversation.which.co.uk": "a consumer magazine's comment blog, not the agency or company",
  "thatsnonsense.com": "a hoax-debunking site",
  "scamencyclopedia.org": "a 'scam encyclopedia' that retells other sources",
  "callercheck.co.uk": "a caller-lookup site",
  "whocalledlookup.co.uk": "a caller-lookup site",
  "millionscall.com": "a caller-lookup site that copies government pages",
  "onlinethreatalerts.com": "a content farm",
  "enewsletterhome.com": "a newsletter platform",
  "cloudfront.net": "a CDN mirror, not the site's own address",
  "einpresswire.com": "a press-release wire",
  "publicnow.com": "a press-release aggregator",
  "wired-gov.net": "a press-release aggregator",
  "miragenews.com": "a press-release aggregator",
  "kildarestreet.com": "an unofficial mirror of parliamentary answers",
  "natlawreview.com": "a law-firm marketing digest",
  "livinboundless.com": "a lifestyle blog",
};

function deniedBecause(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return undefined; // the schema reports a malformed URL
  }
  for (const [denied, why] of Object.entries(DENIED_HOSTS)) if (host === denied || host.endsWith(`.${denied}`)) return why;
  return undefined;
}

function referencesIn(data: unknown): string[] {
  if (Array.isArray(data)) return data.flatMap(referencesIn);
  if (!data || typeof data !== "object") return [];
  return Object.entries(data).flatMap(([key, value]) =>
    key === "references" && Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : referencesIn(value),
  );
}

describe("pack references", () => {
  const packs = packFilesIn(BUILTIN_RULES_DIR).map((file) => ({ file: basename(file), refs: referencesIn(parse(readFileSync(file, "utf8"))) }));

  it("are read from every pack", () => {
    expect(packs.length).toBeGreaterThanOrEqual(4);
    expect(packs.reduce((n, p) => n + p.refs.length, 0)).toBeGreaterThan(100);
  });

  it("are on no host of a kind that is never a primary source", () => {
    const found = packs.flatMap(({ file, refs }) => refs.flatMap((url) => (deniedBecause(url) ? [`${file}: ${url} (${deniedBecause(url)})`] : [])));
    expect(found).toEqual([]);
  });

  it("name their host without a trailing dot", () => {
    const found = packs.flatMap(({ file, refs }) => refs.filter((url) => /^https?:\/\/[^/]+\.(?:[/:?#]|$)/.test(url)).map((url) => `${file}: ${url}`));
    expect(found).toEqual([]);
  });

  it("deny a host and its subdomains, and nothing that merely ends in the same letters", () => {
    expect(deniedBecause("http://chearsley.blogspot.com/2017/04/x.html")).toBe("personal blogs");
    expect(deniedBecause("https://d1234.cloudfront.net/page")).toBeDefined();
    expect(deniedBecause("https://www.enewsletterhome.com./x")).toBeDefined();
    expect(deniedBecause("https://www.which.co.uk/news/x")).toBeUndefined();
    expect(deniedBecause("https://notwordpress.com/x")).toBeUndefined();
    expect(deniedBecause("https://consumer.ftc.gov/articles/phone-scams")).toBeUndefined();
  });
});
