/**
 * Load rule packs from disk: the built-in packs shipped in rules/, plus any files or folders given
 * with --rules. The built-in packs are compiled at build time into dist/builtin-rules.json, so a
 * normal run neither parses YAML nor validates a schema; the cache records a hash of the YAML it
 * came from and is ignored when the YAML has changed since (YAML stays the only source).
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../core/diagnostics.js";
import { InputError, RuleError } from "../core/errors.js";
import type { ParsedPack } from "../core/load-pack.js";
import type { Question, RuleSet } from "../core/ruleset.js";
import type { MatcherData } from "../core/scan/match-phrases.js";
import { offerMatcher } from "../core/scan/prebuilt.js";
import { decodeUtf8, describeFsError, formatBytes, requireRegularFile, tooLarge } from "./read-input.js";

/** The package root: the nearest folder above this module with a package.json (dist/, dist/chunks/ or src/node/). */
function findPackageRoot(): string {
  // import.meta.dirname is __dirname in the CommonJS bundle (no file URL to build and parse at
  // every start); the fallback is for running the sources on a Node 20 older than 20.11.
  const here = import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, "package.json"))) return dir;
    dir = dirname(dir);
  }
  return resolve(here, "..");
}
export const PACKAGE_ROOT = findPackageRoot();
export const BUILTIN_RULES_DIR = join(PACKAGE_ROOT, "rules");
export const BUILTIN_CACHE = join(PACKAGE_ROOT, "dist", "builtin-rules.json");
/** The packs' call-note phrases (`detect:`), kept apart: only `scan` and `--notes` read them. */
export const BUILTIN_DETECT_CACHE = join(PACKAGE_ROOT, "dist", "builtin-detect.json");
/** The matcher `scan` runs those phrases with, worked out at build time: `{ sourceHash, matcher }`. */
export const BUILTIN_MATCHER_CACHE = join(PACKAGE_ROOT, "dist", "builtin-matcher.json");

export const MAX_PACK_BYTES = 1024 * 1024;
export const MAX_TOTAL_PACK_BYTES = 20 * 1024 * 1024;
export const PACK_TEST_SUFFIX = ".test.yaml";

export interface LoadRulesOptions {
  /** Extra pack files or folders, loaded after the built-in packs. */
  paths?: readonly string[];
  /** Load the built-in packs (default true). */
  builtin?: boolean;
  /** Base for the file names shown in messages (default: the current folder). */
  cwd?: string;
  /** Ignore the build-time cache and check the YAML itself (for `rules validate`). */
  noCache?: boolean;
}

export interface LoadedRules {
  rules: RuleSet;
  warnings: Diagnostic[];
  /** The pack files read, by the names messages use (not when the build's cache was used). */
  sources?: readonly SourceFile[];
}

interface SourceFile {
  /** The name shown in messages. */
  name: string;
  text: string;
}

/**
 * Pack files in a folder, in name order, leaving out pack tests. A symbolic link counts as the
 * file it points to (a team links shared packs in); one that points nowhere, or at a folder, is then
 * refused by name when read, never skipped without a word.
 */
export function packFilesIn(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.ya?ml$/.test(e.name) && !e.name.endsWith(PACK_TEST_SUFFIX) && !e.name.endsWith(".test.yml"))
    .map((e) => join(folder, e.name))
    .sort();
}

function expandPath(path: string): string[] {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    throw new InputError(describeFsError(error), path);
  }
  if (!info.isDirectory()) return [path];
  const files = packFilesIn(path);
  if (files.length === 0) throw new InputError("holds no rule packs (*.yaml)", path);
  return files;
}

function readSources(files: readonly string[], cwd: string): SourceFile[] {
  let total = 0;
  return files.map((file) => {
    const name = displayPath(file, cwd);
    let bytes: Buffer;
    try {
      const info = statSync(file);
      requireRegularFile(info, name);
      const size = info.size;
      if (size > MAX_PACK_BYTES) throw new InputError(tooLarge(size, MAX_PACK_BYTES, " for a rule pack"), name);
      total += size;
      if (total > MAX_TOTAL_PACK_BYTES) throw new InputError(`rule packs add up to more than ${formatBytes(MAX_TOTAL_PACK_BYTES)}`, name);
      bytes = readFileSync(file);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(describeFsError(error), name);
    }
    return { name, text: decodeUtf8(bytes, name) };
  });
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : file;
}

/** The built-in pack files with their sizes, as the cache records them. */
function builtinFiles(): { file: string; name: string; size: number; mtimeMs: number }[] {
  return packFilesIn(BUILTIN_RULES_DIR).map((file) => {
    const info = statSync(file);
    return { file, name: displayPath(file, PACKAGE_ROOT), size: info.size, mtimeMs: info.mtimeMs };
  });
}

/** A SHA-256 of the built-in pack files' names and bytes. */
async function hashBuiltins(files: readonly { file: string; name: string }[]): Promise<string> {
  // Loaded only when needed: a normal start never hashes (see readCache).
  const { createHash } = await import("node:crypto");
  const h = createHash("sha256");
  for (const { file, name } of files) h.update(name).update("\0").update(readFileSync(file)).update("\0");
  return h.digest("hex");
}

/** The built-in pack files as named in messages and the cache: `rules/<file>.yaml`. */
function builtinSources(): SourceFile[] {
  return readSources(packFilesIn(BUILTIN_RULES_DIR), PACKAGE_ROOT);
}

/** Parse and check source files; throws RuleError with every diagnostic when any is an error. */
async function compileSources(sources: readonly SourceFile[]): Promise<LoadedRules> {
  // Loaded lazily: YAML parsing and schema validation cost start-up time a cached run never needs.
  const { parsePack } = await import("../core/load-pack.js");
  const { compileRules } = await import("../core/compile-rules.js");
  const diagnostics: Diagnostic[] = [];
  const packs: ParsedPack[] = [];
  for (const s of sources) {
    const result = parsePack(s.text, s.name);
    diagnostics.push(...result.diagnostics);
    if (result.pack) packs.push(result.pack);
  }
  if (diagnostics.some((d) => d.severity === "error")) throw new RuleError(diagnostics);
  const compiled = compileRules(packs);
  if (!compiled.rules) throw new RuleError(compiled.diagnostics);
  return { rules: compiled.rules, warnings: compiled.diagnostics };
}

export interface BuiltinCache {
  /** SHA-256 of the pack files the cache was built from (see readCache). */
  sourceHash: string;
  /** Their names and sizes. */
  sources: { name: string; size: number }[];
  /** The compiled packs, without the call-note phrases (see `detect`). */
  rules: RuleSet;
  /** The compiled call-note phrases by question id, and by choice id within it. */
  detect: DetectCache;
  /** The matcher of those phrases (see core/scan/prebuilt.ts). */
  matcher: MatcherData;
}
type DetectCache = Record<string, { detect?: Question["detect"]; choices?: Record<string, NonNullable<Question["choices"][number]["detect"]>> }>;

/** Compile the built-in packs into the cache object the build writes. */
export async function buildBuiltinCache(): Promise<BuiltinCache> {
  const files = builtinFiles();
  const { rules } = await compileSources(builtinSources());
  const { scanMatcherData } = await import("../core/scan/infer-answers.js");
  const detect: DetectCache = {};
  const questions = rules.questions.map(({ detect: phrases, ...q }) => {
    const entry: DetectCache[string] = {};
    if (phrases !== undefined) entry.detect = phrases;
    const choices = q.choices.map(({ detect: choicePhrases, ...c }) => {
      if (choicePhrases !== undefined) (entry.choices ??= {})[c.id] = choicePhrases;
      return c;
    });
    if (entry.detect || entry.choices) detect[q.id] = entry;
    return { ...q, choices };
  });
  return {
    sourceHash: await hashBuiltins(files),
    sources: files.map(({ name, size }) => ({ name, size })),
    rules: { ...rules, questions },
    detect,
    matcher: scanMatcherData(rules),
  };
}

/**
 * The cached rule set, or undefined when there is none or it no longer matches the YAML.
 *
 * Whether the cache still matches is decided the way make decides: the same pack files with the
 * same sizes, none modified after the cache was written, means it was built from them (a fresh
 * build, or an npm install, which gives every file one timestamp). Anything else (an edited pack,
 * a checkout that touched the files) is settled by hashing the files. Reading and hashing the YAML
 * on every start would cost more than the rest of a scripted verdict.
 *
 * The call-note phrases stay on disk until something reads a question's or choice's `detect`, so
 * a scripted verdict does not pay for parsing them either.
 */
async function readCache(): Promise<RuleSet | undefined> {
  let cache: Omit<BuiltinCache, "detect">;
  try {
    const written = statSync(BUILTIN_CACHE).mtimeMs;
    cache = JSON.parse(readFileSync(BUILTIN_CACHE, "utf8")) as Omit<BuiltinCache, "detect">;
    if (cache.rules?.formatVersion !== 1 || !Array.isArray(cache.sources) || !existsSync(BUILTIN_DETECT_CACHE)) return undefined;
    const files = builtinFiles();
    const same = files.length === cache.sources.length && files.every((f, i) => f.name === cache.sources[i]?.name && f.size === cache.sources[i]?.size);
    if (!same) return undefined;
    if (files.some((f) => f.mtimeMs > written) && (await hashBuiltins(files)) !== cache.sourceHash) return undefined;
  } catch {
    // No cache (running from source) or an unreadable one: fall back to the YAML.
    return undefined;
  }
  let phrases: DetectCache | undefined;
  const load = () => (phrases ??= JSON.parse(readFileSync(BUILTIN_DETECT_CACHE, "utf8")) as DetectCache);
  const lazy = (target: object, get: () => unknown) => Object.defineProperty(target, "detect", { get, enumerable: true, configurable: true });
  for (const q of cache.rules.questions) {
    lazy(q, () => load()[q.id]?.detect);
    for (const c of q.choices) lazy(c, () => load()[q.id]?.choices?.[c.id]);
  }
  // Built with this cache, from the same packs: one that is missing or from another build is left alone.
  offerMatcher(cache.rules, () => {
    try {
      const stored = JSON.parse(readFileSync(BUILTIN_MATCHER_CACHE, "utf8")) as { sourceHash?: string; matcher?: MatcherData };
      return stored.sourceHash === cache.sourceHash ? stored.matcher : undefined;
    } catch {
      return undefined;
    }
  });
  return cache.rules;
}

export async function loadRules(options: LoadRulesOptions = {}): Promise<LoadedRules> {
  const cwd = options.cwd ?? process.cwd();
  // The same file named twice (say with --rules and as a `rules test` path) is loaded once.
  const extraFiles = [...new Set((options.paths ?? []).flatMap((p) => expandPath(resolve(cwd, p))))];
  if (extraFiles.length === 0 && !options.noCache) {
    const cached = options.builtin !== false ? await readCache() : undefined;
    if (cached) return { rules: cached, warnings: [] };
  }
  const builtin = options.builtin !== false ? builtinSources() : [];
  const builtinNames = new Set(packFilesIn(BUILTIN_RULES_DIR).map((f) => resolve(f)));
  const extra = readSources(
    extraFiles.filter((f) => options.builtin === false || !builtinNames.has(resolve(f))),
    cwd,
  );
  const sources = [...builtin, ...extra];
  if (sources.length === 0) throw new InputError("no rule packs to load");
  return { ...(await compileSources(sources)), sources };
}

/**
 * Pack tests to run for some paths: a folder gives its packs and their `*.test.yaml` files; a test
 * file gives itself; a pack file gives itself and the test file beside it, if any.
 */
export function findPackTests(paths: readonly string[], cwd: string): { packPaths: string[]; testFiles: { name: string; text: string }[] } {
  const packPaths: string[] = [];
  const tests: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let info;
    try {
      info = statSync(abs);
    } catch (error) {
      throw new InputError(describeFsError(error), p);
    }
    if (info.isDirectory()) {
      packPaths.push(abs);
      for (const e of readdirSync(abs).sort()) if (e.endsWith(PACK_TEST_SUFFIX)) tests.push(join(abs, e));
    } else if (abs.endsWith(PACK_TEST_SUFFIX)) {
      tests.push(abs);
    } else {
      packPaths.push(abs);
      const sibling = abs.replace(/\.ya?ml$/, PACK_TEST_SUFFIX);
      if (existsSync(sibling)) tests.push(sibling);
    }
  }
  const builtin = resolve(BUILTIN_RULES_DIR);
  return {
    packPaths: packPaths.filter((p) => p !== builtin),
    testFiles: [...new Set(tests)].map((file) => {
      const name = file.startsWith(PACKAGE_ROOT) && file.startsWith(builtin) ? displayPath(file, PACKAGE_ROOT) : displayPath(file, cwd);
      return { name, text: readSources([file], cwd)[0]?.text ?? "" };
    }),
  };
}
