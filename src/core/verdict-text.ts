/**
 * A verdict's JSON text, as a batch writes it: the same text as
 * `terminalSafeJson(verdictToJson(result, rules))`, put together from pieces written once per rule
 * set. A verdict is a few kilobytes of rule text (the reasons, the steps, the region's contacts)
 * around a few numbers and ids, so a batch of distinct cases spent more time writing that text
 * out again than working out the verdict. The tests compare the two on every pack test case and on
 * generated cases, so a change to verdictToJson's shape that is not made here too fails them.
 */
import { OUTPUT_SCHEMA_VERSION, verdictToJson } from "./verdict-json.js";
import type { RuleSet } from "./ruleset.js";
import { terminalSafeJson } from "./sanitize.js";
import type { TriageResult } from "./triage.js";

/** The pieces of one rule set's verdicts, kept per rule set and per rule object. */
interface Pieces {
  /** By band, family and the engine's shared reason and step objects: their JSON. */
  texts: WeakMap<object, string>;
  /** By region id (or "" for none): `"region":…,"contacts":[…]}`. */
  endings: Map<string, string>;
  /** Question ids (unanswered and ignored lists), quoted. */
  ids: Map<string, string>;
}
const piecesOf = new WeakMap<RuleSet, Pieces>();

/**
 * The text of a part, kept for the objects the engine hands out again and again: the rule set's own
 * (immutable once compiled) and the reasons and steps triage shares between results (frozen). A
 * step with a fact written into it is a new object each time, and is written each time.
 */
function textOf(pieces: Pieces, part: object, write: () => unknown, keep = Object.isFrozen(part)): string {
  let text = pieces.texts.get(part);
  if (text === undefined) {
    text = terminalSafeJson(write());
    if (keep) pieces.texts.set(part, text);
  }
  return text;
}

function idList(pieces: Pieces, items: readonly (string | { id: string })[]): string {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as string | { id: string };
    const id = typeof item === "string" ? item : item.id;
    let quoted = pieces.ids.get(id);
    if (quoted === undefined) {
      quoted = terminalSafeJson(id);
      if (pieces.ids.size < 4096) pieces.ids.set(id, quoted);
    }
    out += i === 0 ? quoted : `,${quoted}`;
  }
  return `${out}]`;
}

/** `terminalSafeJson(verdictToJson(result, rules))`, without building it. */
export function verdictJsonText(result: TriageResult, rules: RuleSet): string {
  let pieces = piecesOf.get(rules);
  if (!pieces) piecesOf.set(rules, (pieces = { texts: new WeakMap(), endings: new Map(), ids: new Map() }));
  // Each part is written by verdictToJson itself, on a result holding only that part.
  const alone = (part: Partial<TriageResult>) => verdictToJson({ ...EMPTY, verdict: result.verdict, ...part }, rules);
  const p = pieces;
  const band = textOf(
    p,
    result.verdict,
    () => {
      const { verdict, headline, summary } = alone({});
      return { verdict, headline, summary };
    },
    true,
  );
  const family = result.family ? textOf(p, result.family, () => alone({ family: result.family }).family, true) : "null";
  const list = (items: readonly object[], kind: "reasons" | "reassurances" | "actions") => {
    let out = "[";
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as object;
      const text = textOf(p, item, () => alone({ [kind]: [item] })[kind][0]);
      out += i === 0 ? text : `,${text}`;
    }
    return `${out}]`;
  };
  const region = result.region ?? "";
  let ending = p.endings.get(region);
  if (ending === undefined) {
    const { region: id, contacts } = alone(result.region === undefined ? {} : { region: result.region });
    ending = `"region":${terminalSafeJson(id)},"contacts":${terminalSafeJson(contacts)}}`;
    // Regions the rules define are few; any other (the library allows it) is written each time.
    if (result.region === undefined || rules.regions.some((r) => r.id === result.region)) p.endings.set(region, ending);
  }
  return (
    `{"schemaVersion":${OUTPUT_SCHEMA_VERSION},${band.slice(1, -1)},"score":${JSON.stringify(result.score)},"settled":${result.settled},` +
    `"family":${family},"reasons":${list(result.reasons, "reasons")},"reassurances":${list(result.reassurances, "reassurances")},` +
    `"actions":${list(result.actions, "actions")},"unanswered":${idList(p, result.unanswered)},"ignored":${idList(p, result.ignored)},${ending}`
  );
}

/** A result with nothing in it, for writing one part at a time. */
const EMPTY: Omit<TriageResult, "verdict"> = {
  score: 0,
  scoreRange: { min: 0, max: 0 },
  settled: false,
  reachable: [],
  family: null,
  reasons: [],
  reassurances: [],
  actions: [],
  unanswered: [],
  relevant: [],
  ignored: [],
  implied: [],
  answeredCount: 0,
};
