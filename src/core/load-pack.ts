/**
 * Parse and validate one rule-pack file. Never throws for bad input: YAML errors, schema errors and
 * format-version problems all come back as diagnostics with the file, line and column.
 */
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from "yaml";
import type { z } from "zod";
import { didYouMean, MAX_PROBLEMS_SHOWN, moreProblems, type Diagnostic } from "./diagnostics.js";
import { packSchema, SCHEMA_MAJOR, type PackInput } from "./schema.js";

export type Path = readonly (string | number)[];

export interface Position {
  line: number;
  col: number;
}

export interface ParsedPack {
  file: string;
  data: PackInput;
  /** The position of the node at a path inside the file, or of its nearest existing ancestor. */
  locate: (path: Path) => Position;
}

export interface PackParseResult {
  pack?: ParsedPack;
  diagnostics: Diagnostic[];
}

/** A pack file may not be larger than this; the CLI enforces it before reading everything. */
export const MAX_PACK_BYTES = 1024 * 1024;

export function parsePack(source: string, file: string): PackParseResult {
  const result = parsePackUnlimited(source, file);
  const ds = result.diagnostics;
  if (ds.length <= MAX_PROBLEMS_SHOWN) return result;
  const first = ds[MAX_PROBLEMS_SHOWN] as Diagnostic;
  const more = ds.length - MAX_PROBLEMS_SHOWN;
  return {
    ...result,
    diagnostics: [
      ...ds.slice(0, MAX_PROBLEMS_SHOWN),
      // Placed at, and coded like, the first problem not shown.
      { ...first, message: moreProblems(more, " in this file") },
    ],
  };
}

function parsePackUnlimited(source: string, file: string): PackParseResult {
  const diagnostics: Diagnostic[] = [];
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const seen = new Set<string>();
  const report = (pos: Position, code: string, message: string) => {
    // The YAML parser can repeat one error many times at one place (deep nesting): say it once.
    const key = `${pos.line}:${pos.col}:${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    diagnostics.push({ file, line: pos.line, col: pos.col, severity: "error", code, message });
  };

  // Nesting deep enough to exhaust the parser's stack is refused before parsing, at the bracket
  // that goes too deep: the same answer on every Node version and machine.
  const tooDeep = tooDeepDiagnostic(source, file);
  if (tooDeep) return { diagnostics: [tooDeep] };

  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: "silent", strict: true });
  } catch (error) {
    // The parser reports most problems as errors on the document; very deep nesting can still throw.
    report({ line: 1, col: 1 }, "yaml-syntax", `could not parse YAML: ${yamlMessage("", (error as Error)?.message ?? String(error))}`);
    return { diagnostics };
  }
  for (const e of doc.errors) {
    const code = e.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax";
    report(at(e.pos[0]), code, yamlMessage(e.code, e.message));
  }
  for (const w of doc.warnings) report(at(w.pos[0]), "yaml-tag", yamlMessage(w.code, w.message));
  if (diagnostics.length > 0) return { diagnostics };

  // Aliases are refused outright: rule files gain little from them, and alias bombs can exhaust memory.
  visit(doc, {
    Alias(_key, node) {
      report(at(node.range?.[0] ?? 0), "yaml-alias", "YAML aliases (*name) are not allowed in rule packs; write the value out");
    },
    Node(_key, node) {
      if (node.tag && !node.tag.startsWith("tag:yaml.org,2002:"))
        report(at(node.range?.[0] ?? 0), "yaml-tag", `custom YAML tag '${node.tag}' is not allowed in rule packs`);
    },
  });
  if (diagnostics.length > 0) return { diagnostics };

  const locate = (path: Path): Position => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return { line: 1, col: 1 };
  };

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    report({ line: 1, col: 1 }, "empty-pack", "the file is empty: a rule pack needs schema_version and pack");
    return { diagnostics };
  }
  if (!isMap(doc.contents)) {
    report(locate([]), "not-a-mapping", "a rule pack must be a mapping with schema_version, pack, questions, …");
    return { diagnostics };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    report(locate([]), "yaml-syntax", `could not read YAML: ${(error as Error).message}`);
    return { diagnostics };
  }

  const version = (data as Record<string, unknown>).schema_version;
  if (version === undefined) {
    report(locate([]), "schema-version", `missing schema_version (this scamcheck reads schema_version ${SCHEMA_MAJOR})`);
    return { diagnostics };
  }
  const major = typeof version === "number" ? version : typeof version === "string" ? Number(version.split(".")[0]) : NaN;
  if (major !== SCHEMA_MAJOR) {
    report(
      locate(["schema_version"]),
      "schema-version",
      `unsupported schema_version ${JSON.stringify(version)}: this scamcheck reads schema_version ${SCHEMA_MAJOR}` +
        (major > SCHEMA_MAJOR ? "; upgrade scamcheck to use this pack" : ""),
    );
    return { diagnostics };
  }

  const parsed = packSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      for (const d of describeIssue(issue, doc, data, locate, at)) report(d.pos, d.code, d.message);
    }
    return { diagnostics };
  }
  return { pack: { file, data: parsed.data, locate }, diagnostics };
}

const MAX_FLOW_DEPTH = 64;

/**
 * The error for YAML nested deeper than MAX_FLOW_DEPTH, at the bracket that goes too deep, or
 * undefined. Every YAML file scamcheck reads (packs and their tests) is checked before parsing.
 */
export function tooDeepDiagnostic(source: string, file: string): Diagnostic | undefined {
  const offset = deepFlowNesting(source);
  if (offset === undefined) return undefined;
  const before = source.slice(0, offset);
  const line = before.split("\n").length;
  const message = `the YAML is nested too deeply (more than ${MAX_FLOW_DEPTH} levels of [ ] or { })`;
  return { file, line, col: offset - before.lastIndexOf("\n"), severity: "error", code: "yaml-syntax", message };
}

/**
 * The offset of the first [ or { that opens more than MAX_FLOW_DEPTH flow collections at once, or
 * undefined. Quoted strings and comments are skipped; a bracket inside plain text counts, which
 * only matters for text with dozens of unclosed brackets.
 */
function deepFlowNesting(source: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 || c === 0x27) {
      // A quoted string: skip to its end ("" escapes with \, '' doubles the quote).
      for (i++; i < source.length; i++) {
        const d = source.charCodeAt(i);
        if (c === 0x22 && d === 0x5c) i++;
        else if (d === c) {
          if (c === 0x27 && source.charCodeAt(i + 1) === 0x27) i++;
          else break;
        } else if (d === 0x0a && c === 0x27 && depth === 0) break;
      }
    } else if (c === 0x23 && (i === 0 || /\s/.test(source[i - 1] as string))) {
      const end = source.indexOf("\n", i);
      i = end === -1 ? source.length : end;
    }
  }
  return undefined;
}

function yamlMessage(code: string, message: string): string {
  const first = message.split("\n")[0] ?? message;
  if (/Maximum call stack size exceeded/i.test(first)) return "the YAML is nested too deeply";
  if (code === "TAG_RESOLVE_FAILED") {
    const tag = /tag:yaml\.org,2002:(\S+)/.exec(first)?.[1];
    return `custom YAML tag '${tag ? `!!${tag}` : first.replace(/^Unresolved tag: /, "")}' is not allowed in rule packs`;
  }
  if (code === "DUPLICATE_KEY") return `duplicate key: ${first.replace(/^Map keys must be unique.*$/, "each key may appear once in a mapping")}`;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

type Issue = z.core.$ZodIssue;

function describeIssue(
  issue: Issue,
  doc: Document.Parsed,
  data: unknown,
  locate: (p: Path) => Position,
  at: (offset: number) => Position,
): { pos: Position; code: string; message: string }[] {
  const path = issue.path as (string | number)[];
  const where = readablePath(path, data);
  if (issue.code === "unrecognized_keys") {
    const map = doc.getIn(path, true);
    const known = knownKeysAt(path);
    return issue.keys.map((key) => {
      let pos = locate(path);
      if (isMap(map)) {
        const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        if (pair && isNode(pair.key) && pair.key.range) pos = at(pair.key.range[0]);
      }
      return { pos, code: "unknown-field", message: `${where ? `${where}: ` : ""}unknown field ${quoteKey(key)}${didYouMean(key, known)}` };
    });
  }
  const value = valueAt(data, path);
  if (value === undefined && issue.code === "invalid_type") {
    const field = path[path.length - 1];
    const parent = readablePath(path.slice(0, -1), data);
    return [
      {
        pos: locate(path.slice(0, -1)),
        code: "missing-field",
        message: `${parent ? `${parent}: ` : ""}missing required field '${String(field)}'`,
      },
    ];
  }
  return [{ pos: locate(path), code: "invalid-value", message: `${where ? `${where}: ` : ""}${issueMessage(issue, value)}` }];
}

function issueMessage(issue: Issue, value: unknown): string {
  const got = describeValue(value);
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected === "int" ? "a whole number" : article(issue.expected)}, got ${got}`;
    case "invalid_value":
      return `must be one of: ${issue.values.map((v) => String(v)).join(", ")} (got ${got})`;
    case "invalid_union":
      return `is not valid here (got ${got})`;
    case "too_small":
      return issue.origin === "array"
        ? `needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? "" : "s"}`
        : issue.origin === "string"
          ? issue.minimum === 1
            ? "must not be empty"
            : `must be at least ${issue.minimum} characters`
          : `must be at least ${issue.minimum} (got ${got})`;
    case "too_big":
      return issue.origin === "array"
        ? `has too many items (at most ${issue.maximum})`
        : issue.origin === "string"
          ? `is too long (at most ${issue.maximum} characters)`
          : `must be at most ${issue.maximum} (got ${got})`;
    case "invalid_format":
      return issue.message.startsWith("Invalid") ? `is not in the expected format (got ${got})` : `${issue.message} (got ${got})`;
    default:
      return issue.message;
  }
}

/** A key as written, quoted; an odd one (control characters, huge) is shown escaped and shortened. */
function quoteKey(key: string): string {
  if (/^[\w.-]{1,64}$/.test(key)) return `'${key}'`;
  const shown = JSON.stringify(key.length > 64 ? key.slice(0, 61) : key);
  return key.length > 64 ? `${shown.slice(0, -1)}…"` : shown;
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  const s = JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function valueAt(data: unknown, path: Path): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, key) ? (cur as Record<string | number, unknown>)[key] : undefined;
  }
  return cur;
}

/** `indicators[3] (gift-card-payment).weight`: the item's id helps an author find it. */
export function readablePath(path: Path, data: unknown): string {
  let out = "";
  let cur: unknown = data;
  for (const key of path) {
    if (typeof key === "number") {
      out += `[${key}]`;
      cur = Array.isArray(cur) ? cur[key] : undefined;
      const id = cur && typeof cur === "object" ? (cur as Record<string, unknown>).id : undefined;
      if (typeof id === "string" && /^[\w.-]{1,64}$/.test(id)) out += ` (${id})`;
    } else {
      out += out ? `.${key}` : key;
      cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

/** The keys the schema allows for the object at a path, for "did you mean" hints. */
function knownKeysAt(path: Path): string[] {
  let schema: unknown = packSchema;
  const unwrap = (s: unknown): unknown => {
    for (;;) {
      const def = (s as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
      if (!def) return s;
      if (def.type === "optional" || def.type === "nullable" || def.type === "default") s = def.innerType;
      else if (def.type === "lazy") s = (def.getter as () => unknown)();
      else return s;
    }
  };
  for (const key of path) {
    schema = unwrap(schema);
    const def = (schema as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.type === "array" && typeof key === "number") schema = def.element;
    else if (def.type === "object" && typeof key === "string") schema = (def.shape as Record<string, unknown>)[key];
    else return [];
  }
  const def = (unwrap(schema) as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  return def?.type === "object" ? Object.keys(def.shape as Record<string, unknown>) : [];
}
