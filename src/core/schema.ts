/**
 * The rule-pack format, version 1.
 *
 * This zod schema is the single source of truth: the loader validates every pack with it, and the
 * build generates rules/schema.json from it (so editors complete and check rule files). Objects are
 * strict, so a misspelt key is an error with a "did you mean" hint rather than silently ignored.
 */
import { z } from "zod";
import { toStrictJsonSchema } from "./json-schema.js";

import { LOSSES, NOT_SURE, QUESTION_TYPES, SAVES, SCHEMA_MAJOR, URGENCIES, VERDICT_IDS } from "./constants.js";
import type { Condition as ConditionInput } from "./ruleset.js";

export { NOT_SURE, QUESTION_TYPES, SCHEMA_MAJOR, URGENCIES, VERDICT_IDS };
export type { QuestionType, Urgency, VerdictId } from "./constants.js";

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const id = z
  .string()
  .max(64)
  .regex(ID_PATTERN, { message: "must be lower-case words joined by hyphens, like 'remote-access'" });

/** A short line of text shown to people. Control characters are refused so shared packs cannot drive the terminal. */
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL_CHARS.test(s), { message: "must not contain control or bidirectional-format characters" });

const url = z
  .string()
  .max(500)
  .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/, { message: "must be an http(s) URL" })
  // The URL pattern lets ESC, BEL and C1 controls through (they are not \s); references are shown
  // on the terminal like any other pack text, so they get the same check.
  .refine((s) => !CONTROL_CHARS.test(s), { message: "must not contain control or bidirectional-format characters" });

const references = z.array(url).min(1).max(20).describe("Public sources (URLs) for what this item states.");

const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

// The shape of a condition (`when:`) is declared without zod in ruleset.ts, so the library's public
// type declarations need no zod; conditionSchema below validates exactly that shape.
export type { ConditionInput };

export const COMBINATORS = ["all", "any", "not"] as const;
export const SUBJECTS = ["question", "fact"] as const;
export const OPERATORS = ["equals", "in", "includes", "gt", "gte", "lt", "lte", "answered"] as const;
export type Operator = (typeof OPERATORS)[number];

export const conditionSchema: z.ZodType<ConditionInput> = z
  .strictObject({
    get all() {
      return z.array(conditionSchema).min(1).max(50).optional();
    },
    get any() {
      return z.array(conditionSchema).min(1).max(50).optional();
    },
    get not() {
      return conditionSchema.optional();
    },
    question: id.optional(),
    fact: z
      .string()
      .max(64)
      .regex(/^[a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)*$/, { message: "must be a fact name such as 'region' or 'history.sameNumberCases'" })
      .optional(),
    equals: scalar.optional(),
    in: z.array(scalar).min(1).max(100).optional(),
    includes: z.string().max(64).optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    answered: z.boolean().optional(),
  })
  .superRefine((c, ctx) => {
    const present = (keys: readonly string[]) => keys.filter((k) => (c as Record<string, unknown>)[k] !== undefined);
    const heads = present([...COMBINATORS, ...SUBJECTS]);
    const ops = present(OPERATORS);
    if (heads.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          heads.length === 0
            ? "a condition needs one of: all, any, not, question, fact"
            : `a condition takes only one of all/any/not/question/fact, found ${heads.join(", ")}`,
      });
      return;
    }
    const head = heads[0] as string;
    if ((COMBINATORS as readonly string[]).includes(head)) {
      if (ops.length > 0) ctx.addIssue({ code: "custom", message: `'${head}' cannot be combined with ${ops.join(", ")}` });
    } else if (ops.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          ops.length === 0
            ? `'${head}' needs one operator: ${OPERATORS.join(", ")}`
            : `'${head}' takes one operator, found ${ops.join(", ")}`,
      });
    }
  })
  .describe("A condition: {all|any: [conditions]}, {not: condition}, or {question|fact: name, <operator>: value}.");

const override = z.boolean().optional().describe("Replace an item of the same id from an earlier pack.");

/**
 * Phrases in free-text call notes that give an answer (`scamcheck scan`). Checked and compiled at
 * load time by src/core/scan/compile-phrase.ts, which explains the syntax.
 */
const detectPhrase = z
  .string()
  .min(1)
  .max(600)
  .describe("Words as people write them: 'word*' matches any ending, a lone '*' skips up to three words, {a|b} gives alternatives (and misspellings), a capital first ('Nationwide') only that name written with its capital.");
const detectPhrases = z.array(detectPhrase).min(1).max(300);

export const detectSchema = z
  .strictObject({
    yes: detectPhrases.optional().describe("Phrases that answer this yes-no question 'yes'; denied ('they did not ask…') they answer 'no'."),
    no: detectPhrases.optional().describe("Phrases that answer this yes-no question 'no'."),
    ignore: detectPhrases
      .optional()
      .describe("Phrases that answer nothing but hide the shorter matches inside them, such as 'anti-virus' for 'virus'."),
    number: z
      .array(
        z.union([
          detectPhrase,
          z.strictObject({
            phrase: detectPhrase,
            value: z.number().optional().describe("The answer when the phrase has no '#', as for 'half an hour'."),
            times: z.number().positive().optional().describe("Multiply the number read by this, as 60 for hours in a minutes question."),
          }),
        ]),
      )
      .min(1)
      .max(100)
      .optional()
      .describe("Phrases with one '#' that read a number for this number question."),
    about: z
      .enum(["caller", "person"])
      .optional()
      .describe(
        "Whose doing the question asks about. 'caller' (the default): the person refusing ('I refused to install it') says nothing either way. 'person': it answers no.",
      ),
    unnamed: z
      .string()
      .optional()
      .describe(
        "For a single-choice question: the choice that stands for 'someone else, or not said'. Its phrases give way to any other choice's, and when the notes name nothing but other answers need this question answered, scan takes it.",
      ),
    opening_turn: z
      .string()
      .optional()
      .describe(
        "For a single-choice question: the choice a transcript gives when its first turn is the caller's ('Caller: Hello, this is…') and nothing else in the notes answers the question.",
      ),
    organisation_forms: z
      .array(detectPhrase)
      .min(1)
      .max(50)
      .optional()
      .describe(
        "For a single-choice question: the forms in which notes name an organisation, each a phrase with '@org' standing for the names a choice lists in 'organisations' ('calling from {the}? @org', '@org {support|team}', 'department of @org').",
      ),
  })
  .describe("How 'scamcheck scan' answers this question from call notes. Choices carry their own 'detect' phrases.");

export const choiceSchema = z.strictObject({
  id,
  label: text(200),
  staff_label: text(200).optional().describe("The same choice in a help-desk operator's words ('The customer paid…'), for a choice the person would say in the first person."),
  help: text(1000).optional(),
  detect: detectPhrases.optional().describe("Phrases in call notes that choose this answer (see 'scamcheck scan')."),
  organisations: z
    .array(detectPhrase)
    .min(1)
    .max(300)
    .optional()
    .describe("Organisations that stand for this choice (brands, banks, agencies, their initials), each a few phrase words; notes name them in the question's 'organisation_forms'."),
  lost: z.enum(LOSSES).optional().describe("What choosing this says the person has already lost: money, access (to a device or account) or details (card, login, codes, identity). Ticket exports and reports use it."),
  exclusive: z
    .boolean()
    .optional()
    .describe("For a multiple-choice question: this choice ('None of these') cannot be ticked with any other, so answers that tick both are refused."),
});

export const questionSchema = z
  .strictObject({
    id,
    text: text(300).describe("The question in plain language, for the person who got the call."),
    staff_text: text(300).optional().describe("The same question phrased for a help-desk operator."),
    help: text(1000).optional().describe("Why we ask; shown on request."),
    type: z.enum(QUESTION_TYPES),
    choices: z.array(choiceSchema).min(2).max(30).optional(),
    when: conditionSchema.optional(),
    urgent: z
      .boolean()
      .optional()
      .describe("Ask before the others: its answer can call for immediate action (the caller is still connected)."),
    priority: z
      .enum(["big-ask", "opener"])
      .optional()
      .describe(
        "Where the interview asks it among the questions that can still change the outcome: 'big-ask' (money, access or secrets) first, then 'opener' (a family's typical first claim, a yes-no question). Its 'no' can also be evidence that lets a call stop early (see 'stops').",
      ),
    part_of: id
      .optional()
      .describe(
        "A yes-no question this one asks a particular form of: a 'no' there answers 'no' here too, unless this one is answered. Its text must cover this question's.",
      ),
    case_detail: z
      .enum(["organisation"])
      .optional()
      .describe("Operator mode: the case detail that answers this question, read with the question's detect phrases as 'the caller said they were from …'."),
    yes_when: conditionSchema
      .optional()
      .describe("For a yes-no question: other answers that say yes to it ('I let them connect' says they asked to), so it is not asked; an answer to it still counts."),
    min: z.number().optional(),
    max: z.number().optional(),
    unit: text(40).optional(),
    references: references.optional(),
    detect: detectSchema.optional(),
    override,
  })
  .superRefine((q, ctx) => {
    const needsChoices = q.type === "single" || q.type === "multiple";
    if (needsChoices && !q.choices) ctx.addIssue({ code: "custom", path: ["choices"], message: `a '${q.type}' question needs choices` });
    if (!needsChoices && q.choices)
      ctx.addIssue({ code: "custom", path: ["choices"], message: `a '${q.type}' question does not take choices` });
    if (q.type !== "number" && (q.min !== undefined || q.max !== undefined || q.unit !== undefined))
      ctx.addIssue({ code: "custom", path: ["type"], message: "min, max and unit apply only to 'number' questions" });
    const seen = new Set<string>();
    q.choices?.forEach((c, i) => {
      if (c.id === NOT_SURE)
        ctx.addIssue({ code: "custom", path: ["choices", i, "id"], message: `'${NOT_SURE}' is reserved: every question offers it already` });
      if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: ["choices", i, "id"], message: `duplicate choice id '${c.id}'` });
      seen.add(c.id);
    });
  });

export const indicatorSchema = z
  .strictObject({
    id,
    title: text(200),
    explanation: text(1000).describe("Shown to the user as a reason: why this sign matters."),
    when: conditionSchema,
    weight: z.number().int().min(-100).max(100).refine((w) => w !== 0, { message: "must not be 0" }),
    family: z.array(id).max(10).optional(),
    group: id.optional().describe("Signs of one kind (declared under 'groups') add up to at most the group's max_weight."),
    at_least: z
      .enum(VERDICT_IDS)
      .optional()
      .describe("When this sign is present the verdict is at least this band, whatever reassuring signs say."),
    floor_unless: conditionSchema
      .optional()
      .describe(
        "The 'at_least' floor does not apply when this condition is definitely true (a contact the person started, say); the weight still counts. Unknown keeps the floor.",
      ),
    at_most: z
      .enum(VERDICT_IDS)
      .optional()
      .describe(
        "Only for reassuring signs: while this sign holds, the score puts the call in no band above this one (a minimum verdict from a warning sign still counts). For evidence that a call is genuine, such as a contact the person started on a number they looked up, in which nothing was asked.",
      ),
    status: z.enum(["stable", "experimental", "deprecated"]).optional(),
    references,
    falsepositives: z.array(text(300)).min(1).max(20).optional().describe("When this sign shows up in a legitimate call."),
    override,
  })
  .superRefine((ind, ctx) => {
    if (ind.weight > 0 && !ind.falsepositives)
      ctx.addIssue({ code: "custom", path: ["falsepositives"], message: "a warning sign must say when it also shows up in legitimate calls" });
    if (ind.weight < 0 && ind.at_least)
      ctx.addIssue({ code: "custom", path: ["at_least"], message: "only warning signs (positive weight) can set a minimum verdict" });
    if (ind.weight > 0 && ind.at_most)
      ctx.addIssue({ code: "custom", path: ["at_most"], message: "only reassuring signs (negative weight) can set a maximum verdict" });
    if (ind.weight < 0 && ind.group)
      ctx.addIssue({ code: "custom", path: ["group"], message: "only warning signs (positive weight) can belong to a group" });
  });

export const actionSchema = z.strictObject({
  id,
  text: text(500),
  help: text(1000).optional(),
  urgency: z.enum(URGENCIES),
  immediate: z
    .boolean()
    .optional()
    .describe("Show this step as soon as its condition holds, before any further question (danger right now)."),
  when: conditionSchema.optional(),
  unless: conditionSchema
    .optional()
    .describe("Leave this step out when this condition is definitely true (no 'end the call' once the call is over)."),
  gives_way_to: id
    .optional()
    .describe("Leave this step out when the step named here is given: a 'do not pay' written for someone who has not paid gives way to the step for someone who has."),
  saves: z
    .enum(SAVES)
    .optional()
    .describe("What the step saves; steps of one urgency come in this order (harm-in-progress, money, warning, accounts, advice), then in rule order. Default advice."),
  topic: id
    .optional()
    .describe("Steps with the same topic say the same thing ('call your bank'): only the first that applies is given."),
  region: id.optional().describe("Only for people in this region."),
  references,
  override,
});

export const staffPromptSchema = z
  .strictObject({
    id,
    audience: z.enum(["caller", "customer"]).describe("Who the operator should ask: the caller (if still on the line) or the customer."),
    title: text(120),
    lines: z.array(text(300)).min(1).max(12).describe("What to ask or say, one line each, in order."),
    when: conditionSchema.optional(),
    references,
    override,
  })
  .describe("An 'Ask the caller' / 'Ask the customer' script shown to help-desk operators when its condition holds.");

export const letterSchema = z
  .strictObject({
    id,
    title: text(120).describe("What the letter is, as listed by 'scamcheck letter --list'."),
    region: id.optional().describe("The region whose law or bodies the letter follows; none for a letter that fits everywhere."),
    when: conditionSchema.optional().describe("When the letter applies to a case (a card payment, a bank transfer); offered only then."),
    deadline_days: z.number().int().min(1).max(3650).optional().describe("Days allowed from the date given with --date (a statement date, a payment date): {{deadline}} is that date plus these days."),
    deadline_from: text(120).optional().describe("What --date means for this letter, as asked for: 'the date of the statement that first showed the charge'."),
    template: z.string().min(1).max(10000).refine((s) => !CONTROL_CHARS.test(s), { message: "must not contain control or bidirectional-format characters" }).describe("The letter, with {{field}} for what the case knows and [brackets] for what the sender fills in."),
    references,
    override,
  })
  .describe("A letter draft for after the call: a chargeback, a complaint to the bank, a dispute. 'scamcheck letter KIND --case ID' fills it in.");
export const stopSchema = z
  .strictObject({
    id,
    reason: text(300).describe("Why the interview stopped, in plain words, shown to the person."),
    when: conditionSchema.describe("The evidence that ends the interview on a call with no warning signs. The fact 'opener' is 'no' when every applying 'opener' question was answered no."),
    references,
    override,
  })
  .describe(
    "Evidence on which a call with no warning signs may stop before every warning sign is ruled out. It never stops while further answers could still make it likely-scam or scam.",
  );

export const verdictSchema = z.strictObject({
  id: z.enum(VERDICT_IDS),
  headline: text(80),
  summary: text(400),
  min_score: z.number().int().optional().describe("The band applies when the score is at least this."),
  min_answered: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("The band applies only when at least this many questions have a definite answer."),
  references: references.optional(),
  override,
});

export const contactSchema = z.strictObject({
  id,
  name: text(120),
  purpose: text(300),
  phone: text(60).optional(),
  url: url.optional(),
  hours: text(120).optional(),
  references,
});

export const regionSchema = z.strictObject({
  id: z.string().regex(/^[a-z]{2}$/, { message: "must be a two-letter country code in lower case, like 'gb'" }),
  name: text(80),
  locales: z.array(z.string().regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, { message: "must be a locale like 'en-GB'" })).max(20).optional(),
  contacts: z.array(contactSchema).min(1).max(20),
  override,
});

export const groupSchema = z
  .strictObject({
    id,
    title: text(120),
    description: text(1000).optional(),
    max_weight: z.number().int().min(1).max(100).describe("The most that all the group's signs together add to the score."),
    references: references.optional(),
    override,
  })
  .describe("Signs that show the same underlying behaviour (pressure tactics, say), so they count once rather than stacking.");

export const familySchema = z.strictObject({
  id,
  title: text(120),
  description: text(1000),
  references,
  override,
});

export const packInfoSchema = z.strictObject({
  id,
  title: text(120),
  description: text(2000).optional(),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: "must be a version like 1.0.0" }),
  references: references.optional(),
});

export const packSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schema_version: z
      .union([z.number().int(), z.string().regex(/^\d+(?:\.\d+)?$/)])
      .describe(`The rule format version; this build reads major ${SCHEMA_MAJOR}.`),
    pack: packInfoSchema,
    families: z.array(familySchema).max(100).optional(),
    groups: z.array(groupSchema).max(100).optional(),
    questions: z.array(questionSchema).max(500).optional(),
    indicators: z.array(indicatorSchema).max(1000).optional(),
    actions: z.array(actionSchema).max(1000).optional(),
    prompts: z.array(staffPromptSchema).max(100).optional(),
    stops: z.array(stopSchema).max(100).optional(),
    verdicts: z.array(verdictSchema).max(5).optional(),
    regions: z.array(regionSchema).max(300).optional(),
    letters: z.array(letterSchema).max(100).optional(),
  })
  .describe("A scamcheck rule pack.");

export type PackInput = z.infer<typeof packSchema>;
export type QuestionInput = z.infer<typeof questionSchema>;
export type IndicatorInput = z.infer<typeof indicatorSchema>;
export type ActionInput = z.infer<typeof actionSchema>;
export type VerdictInput = z.infer<typeof verdictSchema>;
export type RegionInput = z.infer<typeof regionSchema>;
export type FamilyInput = z.infer<typeof familySchema>;
export type GroupInput = z.infer<typeof groupSchema>;
export type LetterInput = z.infer<typeof letterSchema>;

/** The JSON Schema committed at rules/schema.json, generated from the zod schema above. */
export function packJsonSchema(): Record<string, unknown> {
  const { $schema, ...generated } = toStrictJsonSchema(packSchema, { io: "input", unrepresentable: "any" });
  return {
    $schema,
    $id: "https://unpkg.com/scamcheck/rules/schema.json",
    ...generated,
    title: "scamcheck rule pack",
  };
}
