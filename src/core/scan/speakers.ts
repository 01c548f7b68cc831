/**
 * Who is speaking: the caller, the person who was called, or the writer telling the story.
 *
 * Pack phrases are written from the person's side ("asked for my card", "said my computer had a
 * virus"), and that is how stories and ticket notes read. Transcripts and reported speech are
 * different: in "Me: my laptop has been slow lately" or "I told him my laptop was slow" the words
 * are the person's own, and they are not something the caller claimed; in "Caller: I got a pop-up
 * on my screen" the "my" is the caller's. This module marks each token with its voice so that the
 * reader can tell these apart; it knows only the conventions of transcripts (a short label and a
 * colon at the start of a turn) and of reported speech ("I told him…"), never any scam.
 */
import { NO_BREAK, type Token, type Tokens } from "./tokenize.js";

/** The writer's own narrative (stories, ticket notes): the person's point of view. */
export const NARRATIVE = 0;
/** A transcript turn of the caller. */
export const CALLER = 1;
/** A transcript turn of the person called, or words the person reports saying themselves. */
export const PERSON = 2;
export type Voice = typeof NARRATIVE | typeof CALLER | typeof PERSON;

/** Turn labels that mean the caller ("Caller:", "Scammer:", "Agent:", "Him:", "Bank:", "Recording:"). */
const CALLER_LABELS = new Set([
  "caller", "suspect", "scammer", "fraudster", "agent", "rep", "representative", "operator", "him", "her", "he", "she",
  "them", "they", "man", "woman", "lady", "guy", "male", "female", "c", "s", "cold caller", "the caller",
  "advisor", "adviser", "engineer", "technician", "tech", "officer", "recording", "recorded message", "automated message",
  "message", "voice", "robocall", "bank", "helpdesk", "help desk", "support", "unknown", "unknown caller",
]);
/** Turn labels that mean the person called ("Me:", "Customer:", "Innocent:"). */
const PERSON_LABELS = new Set(["me", "i", "innocent", "victim", "customer", "cust", "client", "user", "myself", "mum", "mom", "dad", "you", "v", "m"]);
/** Words that make a longer label the caller's ("Second caller:", "IT helpdesk (external):"). */
const CALLER_HEADS = new Set(["caller", "scammer", "fraudster", "suspect", "agent", "rep", "representative", "officer", "engineer", "technician", "advisor", "adviser", "helpdesk", "recording"]);
/** "I told him…", "I asked if…": what follows is the person's own words, until the story goes on. */
const SAYING = new Set(["told", "tell", "said", "say", "explained", "explain", "replied", "answered", "mentioned", "insisted", "warned", "asked", "wondered"]);
const FIRST_PERSON = new Set(["i", "we"]);
const THIRD_PERSON = new Set(["he", "she", "they", "caller", "it", "man", "woman", "scammer"]);
/** Words after which a story goes back to what happened: "I said no BUT he kept on". */
const STORY_GOES_ON = new Set(["but", "then", "so", "because", "until", "when", "while", "whereupon", "however"]);

/** The most words a turn label has ("IT helpdesk (external)"). */
const LABEL_WORDS = 3;

/** A turn label: its words, and the side it stands for when the label itself says so. */
interface Label {
  name: string;
  words: number;
  voice: Voice | undefined;
}

/**
 * A turn label starting at token i: one to three words at the start of a sentence, followed in the
 * text by a colon ("Caller: …", "Second caller: …", "Grandma: …"). Labels that do not name a side
 * get one from the rest of the transcript (see `voices`); "Ref: 10:40" or "Note: …" alone never
 * make a transcript.
 */
function labelAt(text: string, tokens: readonly Token[], i: number): Label | undefined {
  for (let n = 1; n <= LABEL_WORDS && i + n <= tokens.length; n++) {
    const last = tokens[i + n - 1] as Token;
    if (n > 1 && last.brk !== NO_BREAK) return undefined;
    let j = last.end;
    while (j < text.length && (text[j] === " " || text[j] === "\t" || text[j] === ")")) j++;
    if (text[j] !== ":") continue;
    // A label is a name, not a clause: no digits ("Ref 10:40"), at most three words.
    const words = tokens.slice(i, i + n);
    if (words.some((t) => t.value !== undefined && t.word.length > 1)) return undefined;
    const name = words.map((t) => t.word).join(" ");
    if (CALLER_LABELS.has(name)) return { name, words: n, voice: CALLER };
    if (PERSON_LABELS.has(name)) return { name, words: n, voice: PERSON };
    if (n > 1 && words.some((t) => CALLER_HEADS.has(t.word))) return { name, words: n, voice: CALLER };
    return { name, words: n, voice: undefined };
  }
  return undefined;
}

export interface Voices {
  /** The voice of each token. */
  voice: Uint8Array;
  /** Whether the text is a transcript (it has at least one turn label). */
  transcript: boolean;
  /** In a transcript whose first turn is the caller's, the tokens of that turn (from, end). */
  opening?: { first: number; end: number };
}

/**
 * Whether a match in the person's own words still tells of the caller: said to the caller about
 * the caller ("You sound different"), not asked of them ("Can you give me your account number?").
 */
export function addressesCaller({ tokens, sentences }: Tokens, first: number, end: number): boolean {
  const sentence = sentences[(tokens[first] as Token).sentence];
  if (!sentence || sentence.question) return false;
  for (let k = clauseStart(tokens, first); k < end; k++) if (SECOND_PERSON.has((tokens[k] as Token).word)) return true;
  return false;
}

/** The voice of every token: one pass, constant work per token. */
export function voices(text: string, { tokens, sentences }: Tokens): Voices {
  const voice = new Uint8Array(tokens.length);
  const found = sentences.map((s) => labelAt(text, tokens, s.first));
  const labels = sideless(found);
  // A transcript has turns of both sides; one label alone is a ticket's field ("Customer: Mrs B,
  // 80. Caller said he was from BT"), not a turn, and the notes stay the writer's narrative.
  const transcript = labels.some((l) => l?.voice === CALLER) && labels.some((l) => l?.voice === PERSON);
  let turn: Voice = NARRATIVE;
  sentences.forEach((sentence, s) => {
    const label = transcript ? labels[s] : undefined;
    if (label?.voice !== undefined) turn = label.voice;
    let current: Voice = turn;
    for (let i = sentence.first; i < sentence.end; i++) {
      const word = (tokens[i] as Token).word;
      const before = i > sentence.first ? (tokens[i - 1] as Token).word : "";
      // Reported speech in a story: "I told him my laptop was slow", "we said that…", until
      // the story moves on ("…but he said", "…and then she asked").
      if (turn === NARRATIVE && current === PERSON && (STORY_GOES_ON.has(word) || (SAYING.has(word) && THIRD_PERSON.has(before)))) current = NARRATIVE;
      voice[i] = current;
      if (turn === NARRATIVE && current === NARRATIVE && SAYING.has(word) && FIRST_PERSON.has(before)) current = PERSON;
    }
    if (label?.voice !== undefined) for (let i = sentence.first; i < sentence.first + label.words; i++) voice[i] = NARRATIVE;
  });
  const opening = transcript ? openingTurn(tokens, sentences, labels) : undefined;
  return { voice, transcript, ...(opening && { opening }) };
}

/**
 * The first turn, when it is the caller's and it is the caller presenting themselves: from its
 * first sentence to the next labelled one. A caller who introduces themselves ("Hello, this is the
 * fraud team at…") or makes an announcement ("Congratulations! You…") started the call; one whose
 * first words only ask ("Hi, is this tech support?") may be the one who needs help, as in a call to
 * a wrong number.
 */
function openingTurn(tokens: readonly Token[], sentences: Tokens["sentences"], labels: readonly (Label | undefined)[]): { first: number; end: number } | undefined {
  const start = labels.findIndex((l) => l?.voice !== undefined);
  if (start < 0 || labels[start]?.voice !== CALLER) return undefined;
  let next = start + 1;
  while (next < sentences.length && labels[next]?.voice === undefined) next++;
  const first = (sentences[start] as Tokens["sentences"][number]).first + (labels[start] as Label).words;
  const end = next < sentences.length ? (sentences[next] as Tokens["sentences"][number]).first : (sentences[sentences.length - 1] as Tokens["sentences"][number]).end;
  if (first >= end) return undefined;
  let introduced = false;
  for (let k = first; k < end && !introduced; k++) introduced = introductionAt(tokens, k);
  const asks = sentences.slice(start, next).some((s) => s.question);
  return introduced || !asks ? { first, end } : undefined;
}

/**
 * Sides for the labels that do not name one ("Grandma:", "Bank:" aside, any name): a label that
 * starts two turns or more is a speaker. When the named labels are all of one side, the others are
 * the other side ("Caller: / Grandma:"); when both sides are named, a further speaker, even of one
 * turn, is one more voice on the caller's end ("Caller: / Me: / Lawyer:"), as the person is alone
 * on their end. With no named label at all the notes stay narrative, and a label met once beside
 * one side only ("Customer: Mrs B. … Ref: 1234") stays without a side.
 */
function sideless(found: readonly (Label | undefined)[]): (Label | undefined)[] {
  const turns = new Map<string, number>();
  for (const l of found) if (l && l.voice === undefined) turns.set(l.name, (turns.get(l.name) ?? 0) + 1);
  if (turns.size === 0) return [...found];
  const caller = found.some((l) => l?.voice === CALLER);
  const person = found.some((l) => l?.voice === PERSON);
  if (!caller && !person) return [...found];
  const side: Voice = caller && !person ? PERSON : CALLER;
  // Two unnamed speakers beside callers only cannot both be the person: leave them be.
  const speakers = [...turns.values()].filter((n) => n >= 2).length;
  if (side === PERSON && speakers > 1) return [...found];
  // Beside named speakers of both sides, one turn is enough ("Lawyer: …" once in a transcript).
  const least = caller && person ? 1 : 2;
  return found.map((l) => (l && l.voice === undefined && (turns.get(l.name) ?? 0) >= least ? { ...l, voice: side } : l));
}

/**
 * Whether a caller's question was settled by the person's answer in the next turn: "Caller: Is this
 * the bank? / Me: Yes" says who the person is, not who the caller claimed to be.
 */
export function answeredByPerson({ tokens, sentences }: Tokens, first: number, reading: { cue?: { first: number } }, voice: Uint8Array): boolean {
  const sentence = sentences[(tokens[first] as Token).sentence];
  return !!sentence?.question && reading.cue !== undefined && reading.cue.first >= sentence.end && (voice[reading.cue.first] === PERSON || voice[reading.cue.first + 1] === PERSON);
}

/** The caller's words for their own things. */
const CALLER_OWN = new Set(["my", "mine", "myself"]);

/** The start of the clause token i is in, looking back a few words at most. */
function clauseStart(tokens: readonly Token[], i: number): number {
  let start = i;
  while (start > 0 && i - start < 8 && (tokens[start] as Token).brk === NO_BREAK) start--;
  return start;
}

/** What the caller says they themselves got or have ("I got a pop-up", "I have a virus"). */
const CALLER_HAS = new Set(["got", "get", "have", "had", "received", "keep", "kept", "was", "see", "saw", "noticed", "found", "bought", "ordered", "paid"]);
const SECOND_PERSON = new Set(["you", "your", "yours", "yourself"]);

/**
 * Whether a match in a caller's turn is the caller telling what happened to them: "I got a message
 * saying…", "I have a virus". Pack phrases mean what happened to the person, so such a match says
 * nothing about the person. Nor is the caller's "my" in a match of a phrase that means the person's
 * thing; `callerMy` says the phrase was written for the caller's words or someone else's thing
 * ("my name is", "broke {his|her|their} phone"). Looks at the match and the start of its clause.
 */
export function callerSelfReference(tokens: readonly Token[], first: number, end: number, callerMy: boolean): boolean {
  let self = false;
  for (let k = clauseStart(tokens, first); k < end; k++) {
    const word = (tokens[k] as Token).word;
    if (SECOND_PERSON.has(word)) return false;
    // The caller's own thing inside a match, where the phrase means the person's: "I need help
    // with my password" for "need * password".
    if (k >= first && !callerMy && CALLER_OWN.has(word)) self = true;
    if (word === "i" && CALLER_HAS.has((tokens[k + 1] as Token | undefined)?.word ?? "") && !perfect(tokens[k + 2])) self = true;
  }
  return self;
}

/** "I have booked", "I had sent": "have" as the perfect tense, not the caller having something. */
const perfect = (next: Token | undefined) => next !== undefined && next.brk === NO_BREAK && /[a-z]{2}ed$/.test(next.word) && !CALLER_HAS.has(next.word);

/**
 * Words with which a caller introduces themselves ("I'm calling from…", "this is David from…",
 * "he said he was with…"). An organisation named right after them is who the caller claimed to
 * be; one named elsewhere ("a laptop you bought from Amazon", "our sponsor, American Express") is
 * only mentioned.
 */
const INTRODUCING = new Set(["calling", "ringing", "phoning", "representing", "claimed", "claiming", "claims", "pretending", "posing", "impersonating", "purporting"]);
const INTRODUCING_PAIRS: readonly (readonly [string, string])[] = [
  ["this", "is"],
  ["i", "am"],
  ["we", "are"],
  ["name", "is"],
  ["behalf", "of"],
  ["work", "for"],
  ["works", "for"],
  ["worked", "with"],
  ["works", "with"],
  ["working", "with"],
  ["he", "was"],
  ["she", "was"],
  ["they", "were"],
];
/** How far before a match an introduction may start ("this is David from the customer service department of"). */
const INTRODUCTION_REACH = 6;

/** Whether the match at tokens first..end-1 follows an introduction in its own clause. */
export function introduces(tokens: readonly Token[], first: number, end: number): boolean {
  // The phrase may start with the introduction itself ("this is Microsoft").
  for (let k = first; k < Math.min(end, first + 2); k++) if (introductionAt(tokens, k)) return true;
  for (let k = first - 1, steps = 0; k >= 0 && steps < INTRODUCTION_REACH; k--, steps++) {
    if ((tokens[k + 1] as Token).brk !== NO_BREAK) break;
    if (introductionAt(tokens, k)) return true;
  }
  return false;
}

function introductionAt(tokens: readonly Token[], k: number): boolean {
  const word = (tokens[k] as Token).word;
  if (INTRODUCING.has(word)) return true;
  const next = tokens[k + 1];
  return next !== undefined && next.brk === NO_BREAK && INTRODUCING_PAIRS.some(([a, b]) => a === word && b === next.word);
}
