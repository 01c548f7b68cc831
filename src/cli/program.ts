/**
 * The command line: commands, options and help text. Each command's code is imported only when that
 * command runs, so `--version` and scripted checks never load the prompt library or YAML parser.
 */
import { Argument, Command, Help, Option } from "commander";
import type { InteractiveOptions } from "./commands/interactive.js";
import { VERSION } from "../version.js";
import { CliContext, type CliIo, type GlobalOptions } from "./context.js";
import { UsageError } from "./usage-error.js";
import { closest, didYouMean } from "../core/diagnostics.js";
import { EXIT } from "./exit-codes.js";
import { refuseSecretName } from "./config.js";
// The scripted verdict is the command that must start fastest: its code is loaded with the program
// (into the build's core file) rather than on demand like the other commands.
import { FAIL_ON_BANDS, runCheck } from "./commands/check.js";
import { SCAN_FIELDS, VERDICT_FIELDS, type FieldTable } from "../core/verdict-forms.js";
import { wrap } from "./wrap.js";
import { VERDICT_IDS } from "../core/constants.js";
import { sanitizeForTerminal } from "../core/sanitize.js";
import { EXPORT_FORMATS, SHELLS } from "./choices.js";

// No default list: commander would print "(default: [])" in the help.
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** commander's message ("error: …", a suggestion and a hint on lines of their own) as our one line. */
export function oneLineError(message: string): string {
  const text = sanitizeForTerminal(
    message
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .join(" ")
      .replace(/^error: /, "")
      .replace(/\(Did you mean/g, "(did you mean"),
  );
  // A value outside an option's or argument's .choices(): said the way the other value errors
  // are, with the nearest choice of a longer list.
  const option = /^option '(--[\w-]+)[^']*' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s.exec(text);
  if (option) {
    const [, flag, value = "", choices = ""] = option;
    const hit = closest(value, choices.split(", "));
    return `scamcheck: ${flag} must be one of: ${choices} (got '${value}')${hit && hit !== value ? ` (did you mean '${hit}'?)` : ""}`;
  }
  const argument = /^command-argument value '(.*)' is invalid for argument '([\w-]+)'\. Allowed choices are (.*)\.$/s.exec(text);
  if (argument) {
    const [, value = "", name, choices = ""] = argument;
    return `scamcheck: unknown ${name} '${value}'; choose one of: ${choices}`;
  }
  return `scamcheck: ${text}; run 'scamcheck --help' for usage`;
}

/**
 * A mistyped command ("scamcheck chek") would otherwise be taken as an extra argument of the
 * interactive triage and get a puzzling "too many arguments": name it, and the nearest command.
 */
export function checkCommandWord(program: Command, argv: readonly string[]): void {
  const takesValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)));
  const known = ["-h", "--help", ...program.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f))];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") return;
    if (arg.startsWith("-")) {
      const flag = arg.split("=")[0] as string;
      // A mistyped global option ("--regin gb") would make its value look like the command word:
      // name the option instead, as commander does for the options after the command.
      if (!known.includes(flag)) {
        const hit = flag.startsWith("--") ? closest(flag, known.filter((f) => f.startsWith("--"))) : undefined;
        throw new UsageError(`unknown option '${flag}'${hit ? ` (did you mean ${hit}?)` : ""}; run 'scamcheck --help' for usage`);
      }
      if (!arg.includes("=") && takesValue.has(arg)) i++;
      continue;
    }
    const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    if (!names.includes(arg)) throw new UsageError(`unknown command '${arg}'${didYouMean(arg, names)}; run 'scamcheck --help' for the commands`);
    return;
  }
}

/** Options whose values are file names or ids: shown in messages, stored in drafts and case records. */
const NAME_OPTIONS: Record<string, string> = {
  save: "--save",
  notes: "--notes",
  readNotes: "--read-notes",
  writeNotes: "--write-notes",
  notesFile: "--notes-file",
  caseStore: "--case-store",
  rules: "--rules",
  answers: "--answers",
  batch: "--batch",
  number: "--number",
};

/**
 * A file name, id or number given on the command line that holds a secret (a case id typed as a
 * card number) is refused before anything runs: it would be echoed and stored. The message says
 * what it looks like but never repeats it.
 */
export function refuseSecretNames(options: Record<string, unknown>, args: readonly string[], env: NodeJS.ProcessEnv): void {
  const given: [string, unknown][] = [
    ...Object.entries(NAME_OPTIONS).map(([key, flag]): [string, unknown] => [flag, options[key]]),
    ...args.map((a): [string, unknown] => ["an argument", a]),
    ["SCAMCHECK_CASE_STORE", env.SCAMCHECK_CASE_STORE],
  ];
  for (const [where, value] of given)
    for (const text of [value].flat()) if (typeof text === "string") refuseSecretName(text, (problem) => new UsageError(`${where} ${problem}`));
}

/**
 * Global options that only some commands read, by their key, with the commands (the first word
 * after "scamcheck") that read them; the interactive triage (no command) reads them all. The others
 * neither list them in their help nor accept them.
 */
const READ_ONLY_BY: [key: string, flag: string, commands: string[]][] = [
  ["resume", "--resume", []],
  ["save", "--save", []],
  ["notes", "--notes", []],
  ["readNotes", "--read-notes", []],
  ["writeNotes", "--write-notes", []],
  ["notesFile", "--notes-file", []],
  // --staff and --no-staff: operator mode is a way of asking the questions.
  ["staff", "--staff", []],
  // Who recorded a case, for check --record.
  ["operator", "--operator", ["check"]],
  ["caseStore", "--case-store", ["check", "cases", "letter"]],
];

/** The command a (sub)command belongs to: "cases" for `cases search`; "" for the program itself. */
function topCommand(cmd: Command): string {
  let top = cmd;
  while (top.parent?.parent) top = top.parent;
  return top.parent ? top.name() : "";
}

/** Whether a command reads the global option with this key. */
function reads(cmd: Command, key: string): boolean {
  const entry = READ_ONLY_BY.find(([k]) => k === key);
  const top = topCommand(cmd);
  return entry === undefined || top === "" || entry[2].includes(top);
}

/**
 * A command given an option it would ignore (`check --resume --save f`) says so, rather than
 * leaving the user to think the answers were saved.
 */
function refuseUnread(program: Command, action: Command): void {
  const given = READ_ONLY_BY.filter(([key]) => program.getOptionValueSource(key) === "cli" && !reads(action, key)).map(([key, flag, commands]): [string, string[]] => [
    key === "staff" && program.opts().staff === false ? "--no-staff" : flag,
    commands,
  ]);
  if (given.length === 0) return;
  // One line: the options read by the same commands as the first one given.
  const [, commands] = given[0] as [string, string[]];
  const flags = given.filter(([, c]) => c.join() === commands.join()).map(([flag]) => flag);
  const readers = ["the interactive triage ('scamcheck' with no command)", ...commands.map((c) => `'${c}'`)];
  const name = action.parent && action.parent.parent ? `${action.parent.name()} ${action.name()}` : action.name();
  throw new UsageError(
    `${flags.length > 1 ? `${flags.slice(0, -1).join(", ")} and ${flags.at(-1)}` : flags[0]} ${flags.length === 1 ? "applies" : "apply"} only to ${readers.length > 1 ? `${readers.slice(0, -1).join(", ")} and ${readers.at(-1)}` : readers[0]}; '${name}' does not use ${flags.length === 1 ? "it" : "them"}`,
  );
}

/** --fail-on, for each command that gives a verdict. */
/** What --fields can name, for a command's help: from the table the command checks, so the two agree. */
function fieldsHelp(table: FieldTable): string {
  const parts = Object.entries(table)
    .filter(([, p]) => p.length > 0)
    .map(([field, p]) => `${field}.{${p.join(",")}}`);
  return [
    "--fields takes a comma-separated list of these (each always comes with",
    "schemaVersion, and in a batch with line and the case id):",
    ...wrap(Object.keys(table).join(", "), 80, "  ", "  "),
    "and the parts of their objects, such as reasons.id:",
    ...wrap(parts.join(", "), 80, "  ", "  "),
  ].join("\n");
}

const failOnOption = () => new Option("--fail-on <band>", "exit with 1 when the verdict is at or above this band").choices(FAIL_ON_BANDS);

export interface ProgramResult {
  exitCode: number;
}

export function buildProgram(io: CliIo, result: ProgramResult): Command {
  const program = new Command();
  const context = () => new CliContext(io, program.opts<GlobalOptions>());
  const run = (task: (ctx: CliContext) => Promise<number>) => async () => {
    result.exitCode = await task(context());
  };

  program
    .name("scamcheck")
    .description("Triage a suspected scam phone call: answer a few plain questions, get a verdict, the reasons and what to do next.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    // A command's help also lists the global options that it reads, which change its results
    // (--region, --rules), but not those it does not, which it would refuse.
    .configureHelp({
      showGlobalOptions: true,
      visibleGlobalOptions(this: Help, cmd: Command) {
        return Help.prototype.visibleGlobalOptions.call(this, cmd).filter((o) => reads(cmd, o.attributeName()));
      },
    })
    .option("--rules <path>", "also load this rule pack file or folder (repeatable)", collect)
    .option("--region <code>", "region for contacts and reporting steps: gb, us, ie, ca, au or none (default: from your locale)")
    .option("--plain", "plain output: no colour or symbols (for screen readers and copy-paste)")
    .option("--no-color", "no colour (NO_COLOR is honoured too)")
    .option("--debug", "show internal details and stack traces on errors")
    .option("--resume", "continue the triage you stopped earlier")
    .option("--save <file>", "after an interactive triage, save the answers as JSON (the format 'check --answers' reads)")
    .option("--staff", "help-desk operator mode: case details, operator wording, case notes and case history (also SCAMCHECK_STAFF=1 or the config file)")
    .option("--no-staff", "turn operator mode off, whatever the config file says")
    .option("--operator <name>", "the operator's name for case records (default: SCAMCHECK_OPERATOR or the config file)")
    .option("--case-store <path|url>", "the case history: an SQLite file or a postgres:// address (default: SCAMCHECK_CASE_STORE, the config file, or the data folder)")
    .option("--read-notes <file>", "pre-fill the answers from these call notes (a text file)")
    .option("--write-notes <file>", "write ticket-ready case notes to this file (Markdown unless --notes text)")
    .option("--notes <format>", "print ticket-ready case notes at the end: markdown or text")
    // The old name of --write-notes, kept working (with a warning) for scripts that use it.
    .addOption(new Option("--notes-file <file>").hideHelp())
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line, like every other error: "scamcheck: unknown option '--anwsers' (did you mean --answers?) …"
      outputError: (s, write) => write(`${oneLineError(s)}\n`),
    })
    .exitOverride()
    .hook("preAction", (_, action) => {
      refuseSecretNames({ ...program.opts(), ...action.opts() }, action.args, io.env);
      if (action !== program) refuseUnread(program, action);
    })
    .action(async (options: InteractiveOptions) => {
      const { runInteractive } = await import("./commands/interactive.js");
      result.exitCode = await runInteractive(context(), options);
    })
    .addHelpText(
      "after",
      `
Examples:
  $ scamcheck                              ask the questions, then the verdict
  $ scamcheck check --answers case.json    score saved answers
  $ cat case.json | scamcheck check --answers - --json
  $ scamcheck check --batch cases.jsonl > verdicts.jsonl
  $ scamcheck questions --json             the questions, for building answers
  $ scamcheck rules validate my-pack.yaml  check your own rule pack

Exit codes: 0 done, 1 verdict at or above --fail-on, 2 usage, rule or input
error, 69 Node.js too old, 70 internal error, 130 interrupted (Ctrl-C),
143 terminated (SIGTERM).`,
    );

  program
    .command("check")
    .description("score answers from a JSON file or standard input, without asking questions")
    .option("--answers <file>", "one case: a JSON object of answers ('-' reads standard input)")
    .option("--batch <file>", "many cases: JSON Lines, one case per line ('-' reads standard input)")
    .option("--json", "print the verdict as JSON")
    .addOption(failOnOption())
    .option("--record", "also append each case to the case history (see 'scamcheck cases')")
    .option("--brief", "print a compact verdict as one JSON line: the verdict, headline, family and the ids of the strongest reasons and most urgent steps")
    .option("--fields <list>", "print only these fields of the JSON verdict, as one JSON line (e.g. verdict,score,family,reasons.id,actions.id)")
    .addHelpText(
      "after",
      // A function, so the field list is only put together when the help is shown.
      () => `
Answers are a JSON object mapping question ids to answers, for example:
  {"contact-start": "they-called", "claimed-org": "computer-company",
   "asked-remote-access": "yes", "payment-method": ["card"]}
Yes/no questions take "yes", "no" (or true/false); every question accepts
"not-sure". A case may also be wrapped as
  {"id": "...", "region": "gb", "details": {...}, "answers": {...}}.

Examples:
  $ scamcheck check --answers rules/examples/cold-call.json
  $ scamcheck check --answers - --json < case.json
  $ scamcheck check --batch cases.jsonl --fail-on likely-scam > verdicts.jsonl
  $ scamcheck check --batch cases.jsonl --brief > verdicts.jsonl

In a batch, output line K answers input line K; a bad line gives
{"line": K, "error": ...} in its place, the others are still scored, and the
exit code is 2.

${fieldsHelp(VERDICT_FIELDS)}`,
    )
    .action(async (options: { answers?: string; batch?: string; json?: boolean; failOn?: string; record?: boolean; brief?: boolean; fields?: string }) => {
      await run((ctx) => runCheck(ctx, options))();
    });

  program
    .command("questions")
    .description("list every question with its id, type and choices")
    .option("--json", "print as JSON")
    .option("--answers <file>", "given these answers (JSON, - for standard input), list only what the interview would still ask, in its order")
    .addHelpText("after", "\nExamples:\n  $ scamcheck questions --json | jq '.questions[].id'\n  $ scamcheck questions --answers case.json    what to ask next")
    .action(async (options: { json?: boolean; answers?: string }) => {
      const { runQuestions } = await import("./commands/questions.js");
      await run((ctx) => runQuestions(ctx, options))();
    });

  program
    .command("scan")
    .description("read free-text call notes, answer the questions from them (with the evidence) and give the verdict")
    .argument("<file>", "the notes: a text file, or '-' for standard input")
    .option("--json", "print the answers, the evidence and the verdict as JSON")
    .addOption(failOnOption())
    .option("--brief", "print the verdict as one JSON line of ids and the headline, as 'check --brief' does")
    .option("--fields <list>", "print only these fields of the JSON, as one JSON line (e.g. answers,verdict,evidence.question)")
    .addHelpText(
      "after",
      () => `
Notes can be a story ("a man rang saying he was from Windows..."), terse ticket
notes ("cust rcvd call, male clmd MS tech dept, wanted TeamViewer") or a
transcript ("Caller: ... / Me: ..."). Denials ("they did not ask for my card")
answer "no"; doubt ("I think...") answers "not sure". The phrases that answer
each question are in the rule packs ('detect:').

Examples:
  $ scamcheck scan call-notes.txt --region gb
  $ pbpaste | scamcheck scan - --json | jq '.answers, .verdict'

${fieldsHelp(SCAN_FIELDS)}`,
    )
    .action(async (file: string, options: { json?: boolean; failOn?: string; brief?: boolean; fields?: string }) => {
      const { runScan } = await import("./commands/scan.js");
      await run((ctx) => runScan(ctx, file, options))();
    });

  const cases = program
    .command("cases")
    .description("the help desk's case history: list, show, search, export, stats, purge")
    .addHelpText(
      "after",
      `
The history is a database: an SQLite file (cases.sqlite in your data folder
unless you choose another) or, for a team, PostgreSQL: --case-store
postgres://user@host/db, SCAMCHECK_CASE_STORE, or "caseStore" in the config
file. Passwords in the address are never printed or stored.

Examples:
  $ scamcheck cases list --since 2026-11-01 --verdict scam
  $ scamcheck cases search --number "020 7946 0018"
  $ scamcheck cases export --format csv > cases.csv
  $ scamcheck cases import old-cases.jsonl
  $ scamcheck cases purge --before 2026-01-01 --yes`,
    );
  const casesCommand = (name: string, description: string) => cases.command(name).description(description);
  casesCommand("list", "list cases, oldest first")
    .option("--since <date>", "only cases recorded on or after this day (YYYY-MM-DD)")
    .addOption(new Option("--verdict <band>", "only cases with this verdict").choices(VERDICT_IDS))
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  $ scamcheck cases list --since 2026-11-01 --verdict scam\n  $ scamcheck cases list --json | jq length")
    .action(async (options: { since?: string; verdict?: string; json?: boolean }) => {
      const { runCasesList } = await import("./commands/cases.js");
      await run((ctx) => runCasesList(ctx, options))();
    });
  casesCommand("show", "show one case")
    .argument("<id>", "the case id, like C-20261129-0f3a9c")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  $ scamcheck cases show C-20261129-0f3a9c\n  $ scamcheck cases show C-20261129-0f3a9c --json")
    .action(async (id: string, options: { json?: boolean }) => {
      const { runCasesShow } = await import("./commands/cases.js");
      await run((ctx) => runCasesShow(ctx, id, options))();
    });
  casesCommand("report", "the evidence pack for one case: for the bank, the police and the ticket")
    .argument("<id>", "the case id, like C-20261129-0f3a9c2kx7")
    .option("--plain", "plain text instead of Markdown")
    .addHelpText(
      "after",
      "\nWhat happened in order, the number as E.164 and as shown, what the caller\nclaimed, what was lost, the steps advised with a place to note when each was\ndone, a contact log to fill in, and the region's contacts. What the case does\nnot know is left as a [gap].\n\nExamples:\n  $ scamcheck cases report C-20261129-0f3a9c2kx7 > report.md\n  $ scamcheck cases report INC-4471 --plain | lpr",
    )
    .action(async (id: string, options: { plain?: boolean }) => {
      const { runCasesReport } = await import("./commands/cases.js");
      await run((ctx) => runCasesReport(ctx, id, options))();
    });
  casesCommand("done", "record steps advised as done, for the report's 'what has been done since'")
    .argument("<id>", "the case id, like C-20261129-0f3a9c2kx7")
    .argument("[steps...]", "the steps done: their numbers as listed by 'cases done ID', or their ids")
    .option("--on <date>", "the day they were done (YYYY-MM-DD; default today)")
    .addHelpText(
      "after",
      "\nWith no steps, lists the case's steps, numbered, with the day each was done.\n\nExamples:\n  $ scamcheck cases done INC-4471\n  $ scamcheck cases done INC-4471 1 3 --on 2026-12-03",
    )
    .action(async (id: string, steps: string[], options: { on?: string }) => {
      const { runCasesDone } = await import("./commands/cases.js");
      await run((ctx) => runCasesDone(ctx, id, steps, options))();
    });
    casesCommand("search", "find the cases where the same number called")
    .requiredOption("--number <number>", "the number, typed any way (it is normalised for the region)")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  $ scamcheck --region gb cases search --number \"020 7946 0018\"\n  $ scamcheck --region us cases search --number \"(202) 555-0143\" --json")
    .action(async (options: { number?: string; json?: boolean }) => {
      const { runCasesSearch } = await import("./commands/cases.js");
      await run((ctx) => runCasesSearch(ctx, options))();
    });
  casesCommand("export", "export every case")
    .addOption(
      new Option("--format <format>", "what to write: jsonl is one case a line (what 'cases import' reads); zendesk, servicenow and misp are tickets").choices(EXPORT_FORMATS).default("json"),
    )
    .option("--no-formula-guard", "in CSV, leave a leading = + - @ as it is (by default a ' goes before it, so a spreadsheet does not run it as a formula)")
    .addHelpText("after", "\nExamples:\n  $ scamcheck cases export --format csv > cases.csv\n  $ scamcheck cases export --format jsonl > cases.jsonl\n  $ scamcheck --case-store postgres://helpdesk@db.example/cases cases export")
    .action(async (options: { format?: string; formulaGuard?: boolean }) => {
      const { runCasesExport } = await import("./commands/cases.js");
      await run((ctx) => runCasesExport(ctx, options))();
    });
  casesCommand("stats", "counts by verdict and family, repeated numbers, cases per week")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  $ scamcheck cases stats\n  $ scamcheck cases stats --json")
    .action(async (options: { json?: boolean }) => {
      const { runCasesStats } = await import("./commands/cases.js");
      await run((ctx) => runCasesStats(ctx, options))();
    });
  casesCommand("import", "add the cases of a JSON Lines case log (an earlier version's, or an export)")
    .argument("<file>", "the JSON Lines file")
    .addHelpText("after", "\nCases already in the store (the same id) are left alone, so importing twice\nadds nothing.\n\nExamples:\n  $ scamcheck cases import ~/.local/share/scamcheck/cases.jsonl\n  $ scamcheck --case-store postgres://helpdesk@db.example/cases \\\n      cases import team-cases.jsonl")
    .action(async (file: string) => {
      const { runCasesImport } = await import("./commands/cases.js");
      await run((ctx) => runCasesImport(ctx, file))();
    });
  casesCommand("migrate", "create the case store's tables, or bring them up to date")
    .addHelpText("after", "\nRun once by whoever may create tables; operators then need only to read and\nwrite rows.\n\nExamples:\n  $ scamcheck --case-store postgres://admin@db.example/cases cases migrate")
    .action(async () => {
      const { runCasesMigrate } = await import("./commands/cases.js");
      await run((ctx) => runCasesMigrate(ctx))();
    });
  casesCommand("purge", "delete cases recorded before a date (retention)")
    .option("--before <date>", "delete cases recorded before this day (YYYY-MM-DD)")
    .option("--yes", "do not ask for confirmation")
    .addHelpText("after", "\nExamples:\n  $ scamcheck cases purge --before 2026-01-01\n  $ scamcheck cases purge --before 2026-01-01 --yes")
    .action(async (options: { before?: string; yes?: boolean }) => {
      const { runCasesPurge } = await import("./commands/cases.js");
      await run((ctx) => runCasesPurge(ctx, options))();
    });

  program
    .command("letter")
    .description("a letter draft for after the call (a chargeback, a complaint to the bank), filled in from a case")
    .argument("[kind]", "the letter, as 'scamcheck letter --list' names it")
    .option("--case <id>", "the case to fill it in from")
    .option("--date <date>", "the date a deadline counts from, like a statement date (YYYY-MM-DD)")
    .option("--list", "list the letters, per region, and which fit the case given with --case")
    .addHelpText(
      "after",
      "\nWhat the case knows is filled in; every gap is left in [brackets] for you.\nThe letters are templates in the rule packs, with references.\n\nExamples:\n  $ scamcheck letter --list\n  $ scamcheck letter card-chargeback-gb --case INC-4471 > letter.txt\n  $ scamcheck letter billing-error-us --case INC-9 --date 2026-11-20",
    )
    .action(async (kind: string | undefined, options: { case?: string; date?: string; list?: boolean }) => {
      const { runLetter } = await import("./commands/letter.js");
      await run((ctx) => runLetter(ctx, kind, options))();
    });

  const rules = program
    .command("rules")
    .description("list, validate and describe rule packs")
    .addHelpText("after", "\nExamples:\n  $ scamcheck rules list\n  $ scamcheck rules validate ./our-packs/\n  $ scamcheck --rules ./our-packs rules test ./our-packs");
  rules
    .command("list")
    .description("list the loaded rule packs, scam families and regions")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  $ scamcheck rules list\n  $ scamcheck --rules ./our-packs rules list --json")
    .action(async (options: { json?: boolean }) => {
      const { runRulesList } = await import("./commands/rules.js");
      await run((ctx) => runRulesList(ctx, options))();
    });
  rules
    .command("validate")
    .description("check rule packs and report every problem with file:line:column")
    .argument("[paths...]", "pack files or folders (checked together with the built-in packs)")
    .option("--json", "print the result and diagnostics as JSON")
    .addHelpText("after", "\nExamples:\n  $ scamcheck rules validate\n  $ scamcheck rules validate ./our-packs/")
    .action(async (paths: string[], options: { json?: boolean }) => {
      const { runRulesValidate } = await import("./commands/rules.js");
      await run((ctx) => runRulesValidate(ctx, paths, options))();
    });
  rules
    .command("test")
    .description("run the pack test cases (*.test.yaml beside each pack)")
    .argument("[paths...]", "test files, pack files or folders (default: the built-in packs and any --rules packs)")
    .option("--json", "print the results as JSON")
    .addHelpText("after", "\nExamples:\n  $ scamcheck rules test\n  $ scamcheck --rules ./our-packs rules test ./our-packs")
    .action(async (paths: string[], options: { json?: boolean }) => {
      const { runRulesTest } = await import("./commands/rules.js");
      await run((ctx) => runRulesTest(ctx, paths, options))();
    });
  rules
    .command("schema")
    .description("print the JSON Schema of the rule-pack format (for editors)")
    .addHelpText("after", "\nExamples:\n  $ scamcheck rules schema > rule-pack.schema.json")
    .action(async () => {
      const { runRulesSchema } = await import("./commands/rules.js");
      await run((ctx) => runRulesSchema(ctx))();
    });

  program
    .command("completion")
    .description("print a shell completion script for bash, zsh or fish")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(SHELLS))
    .addHelpText(
      "after",
      `
Examples:
  $ dir=~/.local/share/bash-completion/completions
  $ mkdir -p $dir && scamcheck completion bash > $dir/scamcheck
  $ mkdir -p ~/.zfunc && scamcheck completion zsh > ~/.zfunc/_scamcheck
  $ scamcheck completion fish > ~/.config/fish/completions/scamcheck.fish
  $ source <(scamcheck completion bash)         try it in this shell only

bash loads the file the first time you complete scamcheck (with the
bash-completion package; without it, put the 'source' line in ~/.bashrc). For
zsh, ~/.zfunc must be on fpath before compinit: put fpath=(~/.zfunc $fpath)
above 'autoload -Uz compinit && compinit' in ~/.zshrc. Open a new shell
afterwards.`,
    )
    .action(async (shell: string) => {
      const { runCompletion } = await import("./commands/completion.js");
      await run((ctx) => runCompletion(ctx, program, shell))();
    });

  program
    .command("help")
    .description("show the help of a command")
    .argument("[command...]", "a command, or a command and its subcommand")
    .addHelpText("after", "\nExamples:\n  $ scamcheck help check\n  $ scamcheck help cases search")
    .action(async (words: string[]) => {
      const { findCommand } = await import("./command-tree.js");
      const found = findCommand(program, words);
      if ("unknown" in found) throw new UsageError(`unknown command '${found.unknown}' (run 'scamcheck --help' for the commands)`);
      found.command.outputHelp();
    });

  result.exitCode = EXIT.ok;
  return program;
}
