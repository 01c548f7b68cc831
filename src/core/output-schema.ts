/**
 * The JSON that scripts read, described with zod: the source of the committed JSON Schemas in
 * schemas/ and of the tests that check real output against them.
 */
import { z } from "zod";
import { URGENCIES, VERDICT_IDS } from "./constants.js";

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

export const answersInputSchema = z
  .union([
    z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])),
    z.strictObject({
      id: z.string().max(200).optional(),
      region: z.string().optional(),
      answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])),
    }),
  ])
  .describe(
    "Answers read by 'scamcheck check': question ids mapped to answers, optionally wrapped with an id and region. Answers are choice ids, \"yes\"/\"no\" (or true/false) and \"not-sure\"; any case, and spaces or underscores for hyphens, are read as the id where that is unambiguous (\"Yes\", \"not sure\", \"They_Called\").",
  );

export function outputJsonSchemas(): Record<string, unknown> {
  return {
    verdict: z.toJSONSchema(verdictOutputSchema),
    "batch-error": z.toJSONSchema(batchErrorSchema),
    answers: z.toJSONSchema(answersInputSchema),
  };
}
