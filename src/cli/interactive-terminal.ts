/**
 * The interactive triage's terminal: lines that fit its width, menus, typed replies, the screens
 * of steps that cannot wait, operator scripts, and a question asked until it has an answer. It
 * draws on stderr (stdout carries only the verdict) and knows nothing of what comes next: the
 * command (commands/interactive.ts) runs the flow, interactive-session.ts holds the state and
 * interactive-screens.ts words the screens.
 */
import type { ChalkInstance } from "chalk";
import type { AnswerValue } from "../core/conditions.js";
import type { Question, RuleSet, StaffPrompt } from "../core/ruleset.js";
import { mergeRedactions, newRedactions, removedNotice, type Redaction } from "../core/redact.js";
import { sanitizeForTerminal as clean } from "../core/sanitize.js";
import type { RecommendedAction } from "../core/triage.js";
import { BACK, checkboxConfig, checkboxReply, HELP, inputConfig, inputReply, PLAIN_SELECT_HELP, PLAIN_THEME, selectConfig, type Reply } from "./question-prompts.js";
import { staffPromptScreen, stepsScreen, type ScreenStyle } from "./interactive-screens.js";
import { outputWidth, wrap } from "./wrap.js";

export type Prompts = typeof import("./prompt-kit.js");
type Style = (s: string) => string;

export interface MenuChoice<T> {
  name: string;
  value: T;
}

export class Terminal {
  readonly width: number;
  private readonly context: { input: NodeJS.ReadStream; output: NodeJS.WriteStream; clearPromptOnDone: false };
  private readonly theme: typeof PLAIN_THEME | Record<string, never>;
  // Secrets are removed at every write (draft, --save, notes, case history); each removal is said once.
  private told: Redaction[] = [];

  constructor(
    private readonly stderr: NodeJS.WriteStream,
    stdin: NodeJS.ReadStream,
    private readonly prompts: Prompts,
    readonly chalk: ChalkInstance,
    /** Read when drawn: a resumed check may turn operator mode on. */
    private readonly style: ScreenStyle,
  ) {
    this.width = outputWidth(stderr);
    this.context = { input: stdin, output: stderr, clearPromptOnDone: false };
    // --plain: ASCII only, for screen readers and copy-paste.
    this.theme = style.plain ? PLAIN_THEME : {};
  }

  /** Text as lines that fit the terminal, so it never breaks one inside a word ('scamc' / 'heck'). */
  wrapped(text: string): string {
    return wrap(clean(text), this.width)
      .map((line) => `${line}\n`)
      .join("");
  }

  say(text = "", style: Style = (s) => s): void {
    for (const line of text === "" ? [""] : wrap(clean(text), this.width)) this.stderr.write(`${style(line)}\n`);
  }

  /** A list item: "- " and the text, its later lines under its first word. */
  item(text: string): void {
    for (const line of wrap(clean(text), this.width, "  ", "- ")) this.stderr.write(`${line}\n`);
  }

  dim(text: string): void {
    this.say(text, (s) => this.chalk.dim(s));
  }

  bold(text: string): void {
    this.say(text, (s) => this.chalk.bold(s));
  }

  /** Raw output, for what is already laid out (a case record printed whole). */
  write(text: string): void {
    this.stderr.write(text);
  }

  /** Say, once, which secrets were removed before something was written. */
  tell(found: readonly Redaction[]): void {
    const fresh = newRedactions(found, this.told);
    if (fresh.length === 0) return;
    this.told = mergeRedactions([this.told, fresh]);
    this.bold(removedNotice(fresh));
  }

  /** A menu. Every menu is numbered, as the operator hint says: a number key picks a choice. */
  menu<T>(message: string, choices: readonly MenuChoice<T>[]): Promise<T> {
    return this.prompts.select<T>(
      { message, choices: [...choices], theme: { ...this.theme, indexMode: "number" as const }, ...(this.style.plain ? PLAIN_SELECT_HELP : {}) },
      this.context,
    );
  }

  /** A typed reply, trimmed; with a default, Enter alone gives it. */
  async input(message: string, fallback?: string): Promise<string> {
    return (await this.prompts.input({ message, theme: this.theme, ...(fallback !== undefined && { default: fallback }) }, this.context)).trim();
  }

  confirm(message: string, fallback: boolean): Promise<boolean> {
    return this.prompts.confirm({ message, default: fallback, theme: this.theme }, this.context);
  }

  /**
   * Steps that cannot wait, numbered, with the ticks that say which are done. Enter alone carries
   * on, so the screen is no slower for someone who cannot act yet. The ids ticked.
   */
  async steps(rules: RuleSet, steps: readonly RecommendedAction[]): Promise<string[]> {
    const { chalk } = this;
    const screen = stepsScreen(rules, steps, this.style);
    this.say();
    this.say(screen.heading, (s) => chalk.bold.red(s));
    for (const step of screen.steps) for (const line of wrap(clean(step.text), this.width, "     ", `  ${step.number}. `)) this.stderr.write(`${chalk.bold(line)}\n`);
    if (screen.ticks.length === 0) {
      await this.prompts.input({ message: screen.message, theme: this.theme }, this.context);
      return [];
    }
    return this.prompts.tickList(
      {
        message: screen.message,
        instructions: screen.instructions,
        choices: screen.ticks,
        theme: {
          ...this.theme,
          style: {
            // Once answered, the line says what was ticked, not the instruction again: a screen reader,
            // or a script watching for the instruction, then meets it only while it is asked.
            message: (text: string, status: string) => chalk.bold(status === "done" ? "Steps done:" : text),
            renderSelectedChoices: (chosen: readonly { short: string }[]) => (chosen.length ? chosen.map((c) => c.short).join(", ") : "none yet"),
          },
        },
      },
      this.context,
    );
  }

  /** An "Ask the caller" / "Tell the customer" script from the packs. */
  staffPrompt(prompt: StaffPrompt): void {
    const screen = staffPromptScreen(prompt);
    this.say();
    this.say(screen.heading, (s) => this.chalk.bold.cyan(s));
    for (const line of screen.lines) for (const l of wrap(clean(line), this.width, "    ", "  - ")) this.stderr.write(`${l}\n`);
  }

  /** A question, asked again after "Why are we asking this?" until it has an answer (or "Go back"). */
  async ask(q: Question, canGoBack: boolean, previous: AnswerValue | undefined): Promise<AnswerValue | typeof BACK> {
    const { prompts, context } = this;
    const style = { plain: this.style.plain, staff: this.style.staff, canGoBack, width: this.width, separator: () => new prompts.Separator(this.style.plain ? "--------" : undefined) };
    for (;;) {
      let reply: Reply;
      if (q.type === "yes-no" || q.type === "single") reply = (await prompts.select(selectConfig(q, style, previous), context)) as Reply;
      else if (q.type === "multiple") reply = checkboxReply(await prompts.tickList(checkboxConfig(q, style, previous), context));
      else reply = inputReply(q, await prompts.input(inputConfig(q, style, previous), context), canGoBack);
      if (reply === HELP) {
        this.say(q.help ?? "", (s) => this.chalk.cyan(s));
        continue;
      }
      return reply;
    }
  }
}
