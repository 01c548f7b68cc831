/**
 * The words of the interactive triage's screens, apart from the terminal: the line above a
 * question, the offer to stop, a screen of steps that cannot wait and its ticks, an operator
 * script. The command (commands/interactive.ts) wraps, colours and writes them; tests read them.
 */
import type { RuleSet, StaffPrompt } from "../core/ruleset.js";
import type { RecommendedAction } from "../core/triage.js";
import type { Turn } from "./interactive-session.js";

export interface ScreenStyle {
  /** Operator mode: the screens speak to the operator about "the customer". */
  staff: boolean;
  /** --plain: ASCII only. */
  plain: boolean;
}

/** The line above a question. No "how many more": the count depends on the answers, and a figure that rises alarms people. */
export function questionHeading(turn: Extract<Turn, { kind: "ask" }>, style: ScreenStyle): string {
  const dot = style.plain ? "-" : "·";
  return turn.situation ? `Question ${turn.number} ${dot} first, where things stand now` : `Question ${turn.number}`;
}

/** The offer to stop: what to say, and why it stopped (the first time, in the rules' words where a stop rule decided it). */
export function stopOffer(turn: Extract<Turn, { kind: "offer-stop" }>): { headline: string; reason?: string } {
  if (!turn.first) return { headline: "Those answers did not change the result." };
  return { headline: "That is enough to give you a clear answer.", ...(turn.stop && { reason: turn.stop.reason }) };
}

export interface StepsScreen {
  heading: string;
  steps: { number: number; text: string }[];
  /** What Enter means on this screen. */
  message: string;
  /** The steps one can tick as done (a warning, "be wary of…", is to know, not to do, so it has no tick). */
  ticks: { name: string; short: string; value: string }[];
  instructions: string;
}

/** A screen of steps that cannot wait: numbered, the operator told to pass them on with the customer's "you" kept. */
export function stepsScreen(rules: RuleSet, steps: readonly RecommendedAction[], style: ScreenStyle): StepsScreen {
  const heading = style.staff ? "Tell the customer to do this right now" : "Do this right now";
  return {
    heading: style.plain ? `${heading.toUpperCase()}:` : `⚠  ${heading}`,
    steps: steps.map((step, i) => ({ number: i + 1, text: step.text })),
    message: style.staff ? "Press Enter when the customer has done this, or cannot right now" : "Press Enter when you have done this, or if you cannot right now",
    ticks: steps
      .map((step, i) => ({ step, i }))
      .filter(({ step }) => rules.actions.find((a) => a.id === step.id)?.saves !== "warning")
      .map(({ step, i }) => ({ name: `Step ${i + 1} is done`, short: `step ${i + 1}`, value: step.id })),
    instructions: ` (a number key or Space ticks a step ${style.staff ? "the customer has" : "you have"} done)`,
  };
}

/** An operator script: its heading and its lines. */
export function staffPromptScreen(prompt: StaffPrompt): { heading: string; lines: string[] } {
  return { heading: `${prompt.audience === "caller" ? "Ask the caller" : "Tell the customer"}: ${prompt.title}`, lines: prompt.lines };
}
