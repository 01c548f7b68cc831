/**
 * The JSON that scripts read, described with zod: the source of the committed JSON Schemas in
 * schemas/ and of the tests that check real output against them.
 */
import { z } from "zod";
import { toStrictJsonSchema } from "./json-schema.js";
import { NOT_SURE, QUESTION_TYPES, URGENCIES, VERDICT_IDS } from "./constants.js";
import { CASE_FIELDS, DETAIL_KEYS, MAX_CASE_ID, MAX_DETAIL, MAX_TEXT_ANSWER } from "./answers.js";
import { BRIEF_LIST } from "./verdict-forms.js";

const indicator = z.strictObject({
  id: z.string(),
  title: z.string(),
  explanation: z.string(),
  weight: z.number().int(),
  references: z.array(z.string()),
});

export const verdictOutputSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    line: z.number().int().min(1).optional().describe("In a batch: the input line this verdict answers."),
    id: z.string().optional().describe("The case id, when the input gave one."),
    verdict: z.enum(VERDICT_IDS),
    headline: z.string(),
    summary: z.string(),
    score: z.number(),
    settled: z.boolean().describe("True when no answer to the open questions could change the verdict."),
    family: z.strictObject({ id: z.string(), title: z.string() }).nullable().describe("The scam family most likely, if any."),
    reasons: z.array(indicator).describe("Warning signs found, strongest first."),
    reassurances: z.array(indicator).describe("Reassuring signs found."),
    actions: z
      .array(
        z.strictObject({
          id: z.string(),
          urgency: z.enum(URGENCIES),
          text: z.string(),
          region: z.string().optional(),
          references: z.array(z.string()),
        }),
      )
      .describe("What to do, most urgent first."),
    unanswered: z.array(z.string()).describe("Ids of unanswered questions that could still change the verdict, most useful first ('scamcheck questions --json' has their text)."),
    ignored: z.array(z.string()).describe("Answered questions that do not apply given the other answers; not scored."),
    region: z.string().nullable(),
    contacts: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        purpose: z.string(),
        phone: z.string().optional(),
        url: z.string().optional(),
        hours: z.string().optional(),
      }),
    ),
  })
  .describe("The verdict for one case, as printed by 'scamcheck check --json' and, with 'line', by 'check --batch'.");

export const batchErrorSchema = z
  .strictObject({
    line: z.number().int().min(1),
    error: z.string(),
    problems: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  })
  .describe("In a batch, the record printed in place of a line that could not be scored.");

// What a question's answer may be in JSON, whatever its type (readAnswers checks each against its
// question): a choice id, yes/no or "not-sure"; true/false; a number; a list of choice ids; null.
const answerValue = z.union([z.string().max(MAX_TEXT_ANSWER), z.number(), z.boolean(), z.array(z.string()), z.null()]);
const answersObject = z.record(z.string(), answerValue);

// The wrapped case, built from answers.ts's CASE_FIELDS and limits (the `satisfies` makes a field
// added there and not here, or here and not there, a type error).
const caseShape = {
  id: z.string().max(MAX_CASE_ID).optional().describe("The case's own reference (a ticket number), given back in the verdict. Refused if it looks like a card number, code or other secret."),
  region: z.string().optional().describe("The region for contacts and reporting steps, as --region takes it."),
  details: z
    .strictObject(Object.fromEntries(DETAIL_KEYS.map((k) => [k, z.string().max(MAX_DETAIL).optional()])) as Record<(typeof DETAIL_KEYS)[number], z.ZodOptional<z.ZodString>>)
    .optional()
    .describe("Case details for the case history (check --record): the number that called, the organisation claimed, when, a ticket reference, the operator."),
  answers: answersObject,
} satisfies Record<(typeof CASE_FIELDS)[number], z.ZodType>;

export const answersInputSchema = z
  .union([answersObject, z.strictObject(caseShape)])
  .describe(
    "Answers read by 'scamcheck check': question ids mapped to answers, optionally wrapped with an id, region and case details. Answers are choice ids, \"yes\"/\"no\" (or true/false) and \"not-sure\"; any case, and spaces or underscores for hyphens, are read as the id where that is unambiguous (\"Yes\", \"not sure\", \"They_Called\").",
  );

const evidence = z.strictObject({
  question: z.string(),
  answer: z.union([z.string(), z.number()]).describe("The answer it supports: yes, no, not-sure, a choice id, or a number."),
  text: z.string().describe("The words matched, as written in the notes."),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  phrase: z.string().describe("The pack phrase that matched."),
  cue: z.string().optional().describe("The words that turned the match into a no or a not sure, as written."),
});

export const scanOutputSchema = verdictOutputSchema
  .extend({
    answers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).describe("The answers read from the notes, as 'check --answers' takes them."),
    evidence: z.array(evidence).describe("For each answer, where in the notes it was found."),
  })
  .describe("What 'scamcheck scan --json' prints: the answers read from the notes, the evidence for each, and the verdict they give.");

export const scanFieldsSchema = (partsOptional(scanOutputSchema) as z.ZodObject).describe(
  "What 'scamcheck scan --fields LIST' prints: the scan's JSON with only the fields named (and schemaVersion), one JSON line.",
);

const batchLine = z.number().int().min(1).optional().describe("In a batch: the input line this verdict answers.");
const caseId = z.string().optional().describe("The case id, when the input gave one.");

export const briefVerdictSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    line: batchLine,
    id: caseId,
    verdict: z.enum(VERDICT_IDS),
    headline: z.string(),
    family: z.string().nullable().describe("The id of the scam family most likely, if any."),
    reasons: z.array(z.string()).max(BRIEF_LIST).describe(`Ids of the strongest warning signs found (at most ${BRIEF_LIST}), strongest first.`),
    actions: z.array(z.string()).max(BRIEF_LIST).describe(`Ids of the most urgent steps (at most ${BRIEF_LIST}), most urgent first.`),
  })
  .describe("What 'scamcheck check --brief' and 'scan --brief' print, and each line of 'check --batch --brief': a verdict in ids and its headline, one JSON line.");

/**
 * `schema` with each field of each object optional, all the way down: what a --fields list may
 * leave out. (zod has no deep partial since version 4.)
 */
function partsOptional(schema: z.ZodType): z.ZodType {
  let out: z.ZodType = schema;
  if (schema instanceof z.ZodOptional) return partsOptional(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodNullable) out = partsOptional(schema.unwrap() as z.ZodType).nullable();
  else if (schema instanceof z.ZodArray) out = z.array(partsOptional(schema.element as z.ZodType));
  else if (schema instanceof z.ZodObject)
    out = z.strictObject(Object.fromEntries(Object.entries(schema.shape as Record<string, z.ZodType>).map(([k, v]) => [k, k === "schemaVersion" ? v : partsOptional(v).optional()])));
  return schema.description === undefined ? out : out.describe(schema.description);
}

export const fieldsVerdictSchema = (partsOptional(verdictOutputSchema) as z.ZodObject).describe(
  "What 'scamcheck check --fields LIST' prints, and each line of 'check --batch --fields LIST': the verdict with only the fields named (and schemaVersion, a batch's line and the case id), one JSON line.",
);

export const questionsOutputSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    questions: z.array(
      z.strictObject({
        id: z.string(),
        pack: z.string(),
        type: z.enum(QUESTION_TYPES),
        text: z.string(),
        staffText: z.string().optional(),
        help: z.string().optional(),
        choices: z.array(z.strictObject({ id: z.string(), label: z.string(), staffLabel: z.string().optional() })).optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        unit: z.string().optional(),
        when: z.unknown().optional().describe("The condition under which the question applies, as written in its pack."),
        notSure: z.literal(NOT_SURE).describe("The answer every question also accepts."),
      }),
    ),
    stop: z
      .strictObject({
        kind: z.enum(["decided", "evidence", "exhausted"]).describe("decided: no answer left could change what to do; evidence: one of the packs' stop rules held; exhausted: nothing is left to ask."),
        reason: z.string(),
      })
      .optional()
      .describe("With --answers, when the interview would ask nothing more: why."),
  })
  .describe("What 'scamcheck questions --json' prints: every question of the loaded packs, in asking order; with --answers, the questions the interview would still ask given those answers, in its order, and why it would stop.");

const diagnostic = z.strictObject({
  file: z.string(),
  line: z.number().int().min(0),
  col: z.number().int().min(0),
  severity: z.enum(["error", "warning"]),
  code: z.string(),
  message: z.string(),
});

export const rulesListOutputSchema = z
  .strictObject({
    packs: z.array(
      z.strictObject({
        id: z.string(),
        title: z.string(),
        description: z.string().optional(),
        version: z.string(),
        file: z.string(),
        counts: z.record(z.string(), z.number().int().min(0)),
      }),
    ),
    families: z.array(z.strictObject({ id: z.string(), title: z.string() })),
    regions: z.array(z.string()),
  })
  .describe("What 'scamcheck rules list --json' prints: the loaded packs, scam families and regions.");

export const rulesValidateOutputSchema = z
  .strictObject({ valid: z.boolean(), diagnostics: z.array(diagnostic), packs: z.array(z.string()).optional() })
  .describe("What 'scamcheck rules validate --json' prints: whether the packs load, and every problem with its place.");

export const rulesTestOutputSchema = z
  .strictObject({
    passed: z.number().int().min(0),
    failed: z.number().int().min(0),
    outcomes: z.array(
      z.strictObject({
        file: z.string(),
        line: z.number().int(),
        col: z.number().int(),
        name: z.string(),
        legit: z.boolean(),
        passed: z.boolean(),
        failures: z.array(z.string()),
        verdict: z.enum(VERDICT_IDS).optional(),
        score: z.number().optional(),
      }),
    ),
    diagnostics: z.array(diagnostic),
  })
  .describe("What 'scamcheck rules test --json' prints: each pack test case and how it went.");

const callerNumber = z.union([
  z.strictObject({ kind: z.literal("number"), raw: z.string(), valid: z.boolean(), e164: z.string().optional() }),
  z.strictObject({ kind: z.literal("withheld"), raw: z.string() }),
  z.strictObject({ kind: z.literal("unknown"), raw: z.string() }),
]);

export const caseRecordOutputSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    id: z.string().min(1).max(MAX_CASE_ID),
    recordedAt: z.iso.datetime({ offset: true }),
    operator: z.string().optional(),
    ticket: z.string().optional(),
    organisation: z.string().optional(),
    callTime: z.string().optional(),
    caller: callerNumber.optional(),
    region: z.string().optional(),
    verdict: z.string().min(1),
    score: z.number(),
    family: z.string().nullable(),
    reasons: z.array(z.string()).describe("Ids of the warning signs found."),
    actions: z.array(z.string()).describe("Ids of the steps advised."),
    done: z
      .array(z.strictObject({ action: z.string().min(1).describe("The id of a step advised."), on: z.iso.date().describe("The day it was done.") }))
      .optional()
      .describe("The steps ticked as done since the call, in the order they were done."),
    answers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
    redactions: z.array(z.strictObject({ kind: z.string(), count: z.number().int().min(1) })).describe("What was removed from typed text before it was stored."),
    tool: z.string(),
    packs: z.array(z.strictObject({ id: z.string(), version: z.string() })),
  })
  .describe("One stored case: 'scamcheck cases show --json', each item of 'cases list --json' and 'cases export', each line of 'cases export --format jsonl' (what 'cases import' reads).");

export const casesListOutputSchema = z.array(caseRecordOutputSchema).describe("What 'scamcheck cases list --json', 'cases search --json' and 'cases export' print: stored cases, oldest first.");

export const casesStatsOutputSchema = z
  .strictObject({
    total: z.number().int().min(0),
    byVerdict: z.record(z.string(), z.number().int().min(0)),
    byFamily: z.record(z.string(), z.number().int().min(0)).describe("'none' counts the cases with no scam family."),
    byWeek: z.record(z.string(), z.number().int().min(0)).describe("Keyed by ISO week, like 2026-W48."),
    repeatedNumbers: z.array(
      z.strictObject({
        number: z.string(),
        cases: z.number().int().min(2),
        scamCases: z.number().int().min(0),
        lastSeen: z.string().optional(),
        lastVerdict: z.string().optional(),
      }),
    ),
  })
  .describe("What 'scamcheck cases stats --json' prints.");

export const zendeskExportSchema = z
  .strictObject({
    tickets: z.array(
      z.strictObject({
        external_id: z.string(),
        subject: z.string(),
        comment: z.strictObject({ body: z.string(), public: z.literal(false) }),
        priority: z.enum(["urgent", "high", "normal", "low"]),
        tags: z.array(z.string().regex(/^[a-z0-9-]+$/)),
      }),
    ),
  })
  .describe("What 'scamcheck cases export --format zendesk' prints: the body of a POST to Zendesk's /api/v2/tickets/create_many.");

export const serviceNowExportSchema = z
  .strictObject({
    records: z.array(
      z.strictObject({
        correlation_id: z.string(),
        correlation_display: z.literal("scamcheck"),
        short_description: z.string().max(160),
        description: z.string(),
        impact: z.union([z.literal(1), z.literal(2), z.literal(3)]),
        urgency: z.union([z.literal(1), z.literal(2), z.literal(3)]),
        work_notes: z.string(),
        u_external_ticket: z.string().optional(),
      }),
    ),
  })
  .describe("What 'scamcheck cases export --format servicenow' prints: incident records for ServiceNow's import (the Table API's fields).");

export const mispExportSchema = z
  .array(
    z.strictObject({
      Event: z.strictObject({
        info: z.string(),
        date: z.iso.date(),
        threat_level_id: z.enum(["1", "2", "3", "4"]),
        analysis: z.enum(["0", "1", "2"]),
        distribution: z.enum(["0", "1", "2", "3", "4", "5"]),
        // MISP's own schema of its event format (format/2.4 in its repository) wants these two lists without repeats.
        Tag: z.array(z.strictObject({ name: z.string() })).meta({ uniqueItems: true }),
        Attribute: z
          .array(z.strictObject({ type: z.enum(["phone-number", "prtn", "url"]), category: z.string(), value: z.string(), to_ids: z.boolean(), comment: z.string() }))
          .min(1)
          .meta({ uniqueItems: true }),
      }),
    }),
  )
  .describe("What 'scamcheck cases export --format misp' prints: one MISP event per case with a number or web address to share.");

/** Where the schemas are published: in the package, under schemas/. */
export const SCHEMA_BASE = "https://unpkg.com/scamcheck/schemas/";

const published = {
  verdict: verdictOutputSchema,
  "batch-error": batchErrorSchema,
  answers: answersInputSchema,
  "verdict-brief": briefVerdictSchema,
  "verdict-fields": fieldsVerdictSchema,
  scan: scanOutputSchema,
  "scan-fields": scanFieldsSchema,
  questions: questionsOutputSchema,
  "rules-list": rulesListOutputSchema,
  "rules-validate": rulesValidateOutputSchema,
  "rules-test": rulesTestOutputSchema,
  "case-record": caseRecordOutputSchema,
  "cases-list": casesListOutputSchema,
  "cases-stats": casesStatsOutputSchema,
  "export-zendesk": zendeskExportSchema,
  "export-servicenow": serviceNowExportSchema,
  "export-misp": mispExportSchema,
} as const;

/** Every JSON Schema scamcheck publishes, by name, each with its own $id. */
export function outputJsonSchemas(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(published).map(([name, schema]) => {
      const { $schema, ...rest } = toStrictJsonSchema(schema);
      return [name, { $schema, $id: `${SCHEMA_BASE}${name}.schema.json`, ...rest }];
    }),
  );
}
