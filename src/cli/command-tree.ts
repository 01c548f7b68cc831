/**
 * The command tree as plain data, read from the commander program itself (its commands, options,
 * arguments and help text), so shell completion and the man page never drift from `--help`.
 * Depends on nothing but commander's public API; nothing here runs unless asked for.
 */
import type { EventEmitter } from "node:events";
import type { Argument, Command, Option } from "commander";

export interface OptionInfo {
  /** As shown in help: "--fail-on <band>". */
  flags: string;
  long?: string;
  short?: string;
  description: string;
  /** The description as --help shows it, with the default value or choices. */
  helpDescription: string;
  /** Takes a value (required or optional). */
  takesValue: boolean;
  /** The value's placeholder, without brackets: "band", "format|file". */
  valueName?: string;
  /** Values fixed with commander's .choices(), when used. */
  choices?: readonly string[];
  defaultValue?: unknown;
  /** Defined on an ancestor command (commander accepts it after the subcommand too). */
  inherited: boolean;
}

export interface ArgumentInfo {
  name: string;
  required: boolean;
  variadic: boolean;
  description: string;
  /** The description as --help shows it, with the default value or choices. */
  helpDescription: string;
  choices?: readonly string[];
}

export interface CommandInfo {
  name: string;
  /** The words after "scamcheck": [] for the program itself, ["cases", "search"]. */
  path: string[];
  description: string;
  /** The usage line as help prints it: "scamcheck cases search [options]". */
  usage: string;
  /** Own options, including --help (and --version on the program). */
  options: OptionInfo[];
  /** Options of the commands above this one that apply to it (as its help lists them), except --help and --version. */
  inheritedOptions: OptionInfo[];
  arguments: ArgumentInfo[];
  /** Subcommands as help lists them, including commander's implicit `help` command. */
  subcommands: CommandInfo[];
  /** A help command: its arguments name the commands beside it. */
  isHelp: boolean;
  /** Added by commander rather than defined in program.ts (the implicit `help`). */
  implicit: boolean;
  /** Text shown after the options in --help (examples, notes). */
  afterHelp: string;
}

/** Walk a command and everything below it. */
export function describeCommand(cmd: Command, path: string[] = [], inherited: OptionInfo[] = [], implicit = false): CommandInfo {
  const help = cmd.createHelp();
  const own = help.visibleOptions(cmd).map((o) => optionInfo(o, help.optionDescription(o)));
  const passedDown = [...inherited, ...own.filter((o) => o.long !== "--help" && o.long !== "--version").map((o) => ({ ...o, inherited: true }))];
  const name = cmd.name();
  // Only those the command's help lists: some apply to the program alone.
  const shown = new Set(help.visibleGlobalOptions(cmd).map((o) => o.flags));
  return {
    name,
    path,
    description: cmd.description(),
    usage: help.commandUsage(cmd),
    options: own,
    inheritedOptions: inherited.filter((o) => shown.has(o.flags)),
    arguments: cmd.registeredArguments.map((a) => argumentInfo(a, help.argumentDescription(a))),
    subcommands: help.visibleCommands(cmd).map((sub) => describeCommand(sub, [...path, sub.name()], passedDown, !cmd.commands.includes(sub))),
    isHelp: name === "help" && path.length > 0,
    implicit,
    afterHelp: helpText(cmd, "after"),
  };
}

/** Every command in the tree, parents before children. */
export function flattenCommands(info: CommandInfo): CommandInfo[] {
  return [info, ...info.subcommands.flatMap(flattenCommands)];
}

function optionInfo(option: Option, helpDescription: string): OptionInfo {
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  return {
    flags: option.flags,
    ...(option.long !== undefined && { long: option.long }),
    ...(option.short !== undefined && { short: option.short }),
    description: option.description,
    helpDescription,
    takesValue: option.required || option.optional,
    ...(valueName !== undefined && { valueName }),
    ...(option.argChoices !== undefined && { choices: option.argChoices }),
    ...(option.defaultValue !== undefined && { defaultValue: option.defaultValue }),
    inherited: false,
  };
}

function argumentInfo(arg: Argument, helpDescription: string): ArgumentInfo {
  return {
    name: arg.name(),
    required: arg.required,
    variadic: arg.variadic,
    description: arg.description,
    helpDescription,
    ...(arg.argChoices !== undefined && { choices: arg.argChoices }),
  };
}

/**
 * The text a command adds to its help with addHelpText(position, …). Commander keeps it as
 * listeners of the "<position>Help" event, so ask them to write it here instead of to the terminal.
 */
export function helpText(cmd: Command, position: "before" | "after"): string {
  let text = "";
  const context = { error: false, command: cmd, write: (s: string) => (text += s) };
  // Command is an EventEmitter at run time; its typings leave that out.
  for (const listener of (cmd as unknown as EventEmitter).listeners(`${position}Help`)) (listener as (c: typeof context) => void)(context);
  return text;
}

/** The command named by words like ["cases", "search"], or the first word that names none. */
export function findCommand(root: Command, words: readonly string[]): { command: Command } | { unknown: string } {
  let command = root;
  for (const [i, word] of words.entries()) {
    const next = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) return { unknown: words.slice(0, i + 1).join(" ") };
    command = next;
  }
  return { command };
}
