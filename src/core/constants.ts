/**
 * Names fixed by the rule format and the JSON output. Kept apart from the zod schema so the engine
 * and the CLI can use them without loading zod (start-up time).
 */
export const SCHEMA_MAJOR = 1;

/** The five verdict bands, most serious first. Their wording and thresholds live in rules/. */
export const VERDICT_IDS = ["scam", "likely-scam", "suspicious", "not-enough-information", "no-warning-signs"] as const;
export type VerdictId = (typeof VERDICT_IDS)[number];

export const QUESTION_TYPES = ["yes-no", "single", "multiple", "number", "text"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const URGENCIES = ["now", "soon", "later"] as const;
/** What an answer says the person has lost (money, access to a device or account, or secret details): for tickets and reports. */
export const LOSSES = ["money", "access", "details"] as const;
export type Loss = (typeof LOSSES)[number];
/** What a letter template may fill in from a case: {{case_id}}, {{today}}, … (see core/letters.ts). */
export const LETTER_FIELDS = ["case_id", "today", "deadline", "call_when", "caller_number", "caller_claimed", "what_happened", "lost", "signs", "operator", "ticket"] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * What a step saves, in the order steps of one urgency are given: stopping harm still going on (the
 * caller connected, a courier on the way), then money that can still be stopped, then the warning
 * about the follow-up "recovery" call, then accounts, then advice (the default).
 */
export const SAVES = ["harm-in-progress", "money", "warning", "accounts", "advice"] as const;
export type Saves = (typeof SAVES)[number];

/** More "do this now" steps than this is more than a frightened person can take in; the rest come next, under "soon". */
export const MAX_NOW_STEPS = 3;

/** Reserved answer meaning "I don't know": accepted by every question, never counts as evidence. */
export const NOT_SURE = "not-sure";
