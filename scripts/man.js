#!/usr/bin/env node
// Write man/scamcheck.1 from the program's own help: every command's description, usage, arguments,
// options and the text after its options (notes and examples) come from the commander program in
// src/cli/program.ts, read through src/cli/command-tree.ts, so `man scamcheck` says what --help says.
// Exit codes come from src/cli/exit-codes.ts. Only the sections --help has no text for (DESCRIPTION's
// second paragraph, ENVIRONMENT, FILES, SEE ALSO) are written here.
//   node scripts/man.js            write man/scamcheck.1 (npm run man)
//   node scripts/man.js --stdout   print it instead (the drift test compares the two)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const OUT = join(root, "man", "scamcheck.1");

/**
 * The program factory and the tree reader, bundled from source as the build bundles them (with the
 * version from package.json). dist/ exports only the CLI's entry point, and the command modules
 * behind the lazy imports are never run here, so they are left out of this bundle (check, which
 * the program imports directly, is bundled).
 */
async function loadProgram() {
  const entry = [
    'export { buildProgram } from "./src/cli/program.ts";',
    'export { describeCommand, flattenCommands } from "./src/cli/command-tree.ts";',
    'export { appPaths } from "./src/node/paths.ts";',
  ].join("\n");
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: "ts", sourcefile: "man-entry.ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    write: false,
    define: { __SCAMCHECK_VERSION__: JSON.stringify(pkg.version) },
    banner: { js: 'import { createRequire as __scamcheckRequire } from "node:module"; const require = __scamcheckRequire(import.meta.url);' },
    plugins: [
      {
        name: "skip-command-modules",
        setup(b) {
          b.onResolve({ filter: /^\.\/commands\// }, (args) => (args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined));
        },
      },
    ],
    logLevel: "warning",
  });
  const dir = mkdtempSync(join(tmpdir(), "scamcheck-man-"));
  try {
    const file = join(dir, "program.mjs");
    writeFileSync(file, result.outputFiles[0].text);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// roff

/** Text for a roff text line: backslashes, hyphens (as \- so options copy as typed), quotes and non-ASCII escaped. */
function esc(text) {
  return text
    .replace(/\\/g, "\\e")
    .replace(/-/g, "\\-")
    .replace(/'/g, "\\(aq")
    .replace(/`/g, "\\(ga")
    .replace(/[^\x20-\x7e]/gu, (c) => `\\[u${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}]`);
}

/** Escaped lines, each safe at the start of a line (a leading dot would be read as a request). */
const lines = (text) =>
  text
    .split("\n")
    .map((line) => esc(line).replace(/^\./, "\\&."))
    .join("\n");

/** A macro argument in double quotes. */
const arg = (text) => `"${esc(text).replace(/"/g, "\\(dq")}"`;

/** Help's usage words: options and commands in bold, placeholders in italics. */
function term(text) {
  return text
    .split(" ")
    .map((word) => {
      const m = /^([[<])([^\]>]+?)(\.\.\.)?([\]>])(,?)$/.exec(word);
      if (m) {
        const [, open, name, dots = "", close, comma] = m;
        const italic = `\\fI${esc(name)}\\fR${esc(dots)}`;
        return `${open === "[" ? "[" : ""}${italic}${close === "]" ? "]" : ""}${comma}`;
      }
      const comma = word.endsWith(",") ? "," : "";
      return `\\fB${esc(comma ? word.slice(0, -1) : word)}\\fR${comma}`;
    })
    .join(" ");
}

/**
 * The text a command adds after its options, as roff: paragraphs stay filled text, indented lines
 * (JSON, commands) are shown as typed, and an "Examples:" block becomes a list of commands.
 */
function afterHelp(text, { skip = () => false, headings = true } = {}) {
  const out = [];
  const blocks = text.replace(/^\n+|\s+$/g, "").split(/\n\s*\n/);
  for (const block of blocks) {
    if (!block.trim() || skip(block)) continue;
    const blockLines = block.split("\n");
    const heading = /^(Examples?):$/.exec(blockLines[0]);
    if (heading) {
      out.push(...(headings ? [".PP", `${heading[1]}:`] : [".PP"]), ".RS 4", ".nf", lines(blockLines.slice(1).map(dedent).join("\n")), ".fi", ".RE");
      continue;
    }
    // Runs of plain lines are a paragraph; runs of indented lines are shown as they are.
    let run = [];
    let indented = false;
    const flush = () => {
      if (run.length === 0) return;
      if (indented) out.push(".RS 4", ".nf", lines(run.map(dedent).join("\n")), ".fi", ".RE");
      else out.push(".PP", lines(run.map((l) => l.trim()).join("\n")));
      run = [];
    };
    for (const line of blockLines) {
      const isIndented = /^\s/.test(line);
      if (isIndented !== indented) flush();
      indented = isIndented;
      run.push(line);
    }
    flush();
  }
  return out;
}
const dedent = (line) => line.replace(/^ {2}/, "");

function optionList(options) {
  return options.flatMap((o) => [".TP", term(o.flags), lines(o.helpDescription)]);
}

function argumentList(args) {
  return args.flatMap((a) => [".TP", `\\fI${esc(a.name)}\\fR${a.variadic ? "..." : ""}`, lines(a.helpDescription)]);
}

// ---------------------------------------------------------------------------------------------
// The page

/** Exit codes and their comments, as written in src/cli/exit-codes.ts. */
function exitCodes() {
  const source = readFileSync(join(root, "src", "cli", "exit-codes.ts"), "utf8");
  const codes = [...source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(\w+):\s*(\d+)/g)].map(([, comment, name, code]) => ({
    name,
    code: Number(code),
    text: comment.replace(/\s*\n\s*\*\s*/g, " ").trim(),
  }));
  if (codes.length === 0) throw new Error("no exit codes found in src/cli/exit-codes.ts");
  return codes;
}

/** What the comments leave out (as the README's table says). */
const EXIT_DETAILS = {
  failOn: "Also when rules test has a failing case.",
  usage:
    "Also a batch with bad lines (each gets an error record in its place and the others are still scored), output that cannot be written (a full disk), and a case that could not be written to the case history (the record is then printed on standard error).",
  interrupted: "An interactive triage keeps its answers for --resume; a batch stops between lines and keeps every whole line written so far.",
  terminated: "With the same care as 130. Other signals exit with 128 + the signal number.",
};

function page({ describeCommand, flattenCommands, buildProgram, appPaths }) {
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: {}, platform: "linux", cwd: root };
  const program = buildProgram(io, { exitCode: 0 });
  const tree = describeCommand(program);
  const name = tree.name;
  const commands = flattenCommands(tree).filter((c) => c.path.length > 0 && !c.implicit);
  const runnable = [tree, ...commands.filter((c) => c.subcommands.length === 0)];
  const summary = tree.description.split(":")[0].replace(/^./, (c) => c.toLowerCase());
  const home = appPaths({}, "linux", "~");

  const out = [
    `.\\" ${name}(1), written by scripts/man.js from the program's own help text: do not edit.`,
    `.\\" Run 'npm run man' after changing a command, an option or its help.`,
    `.TH ${name.toUpperCase()} 1 "" ${arg(`${name} ${pkg.version}`)} "User Commands"`,
    // Commands, options and ids are copied as typed: no hyphenation, no stretched spaces.
    ".nh",
    ".ad l",
    ".SH NAME",
    `${esc(name)} \\- ${esc(summary)}`,
    ".SH SYNOPSIS",
    runnable.map((c) => term(c.usage)).join("\n.br\n"),
    ".SH DESCRIPTION",
    lines(tree.description),
    ".PP",
    lines(
      `Run without a command, ${name} asks the questions one at a time on the terminal (prompts go to standard error, so the verdict on standard output can be redirected). The commands below score saved answers, read call notes, keep a help desk's case history and check rule packs. Everything ${name} knows about scams is in rule packs (YAML), each sign and step with public references; the code only interprets them. ${name} makes no network requests.`,
    ),
    ".SH OPTIONS",
    "These options are accepted before or after a command.",
    ...optionList(tree.options),
    ".SH COMMANDS",
  ];
  for (const c of commands) {
    out.push(`.SS ${arg(c.path.join(" "))}`, term(c.usage), ".PP", lines(c.description));
    if (c.arguments.length > 0) out.push(".PP", "Arguments:", ".RS 4", ...argumentList(c.arguments), ".RE");
    const own = c.options.filter((o) => o.long !== "--help");
    if (own.length > 0) out.push(".PP", "Options:", ".RS 4", ...optionList(own), ".RE");
    if (c.subcommands.length > 0)
      out.push(".PP", `Commands: ${c.subcommands.map((s) => `\\fB${esc(s.name)}\\fR`).join(", ")}.`);
    out.push(...afterHelp(c.afterHelp));
  }
  // The program's own notes: its examples; the exit codes it summarises have their own section.
  out.push(".SH EXAMPLES", ...afterHelp(tree.afterHelp, { skip: (block) => /^Exit codes:/.test(block), headings: false }));

  out.push(".SH EXIT STATUS");
  for (const { name: key, code, text } of exitCodes()) out.push(".TP", `.B ${code}`, lines([text, EXIT_DETAILS[key]].filter(Boolean).join(" ")));

  const env = [
    ["SCAMCHECK_REGION", "The region for contacts and reporting steps when --region is not given: gb, us, ie, ca, au or none."],
    ["SCAMCHECK_STAFF", "1, true, yes or on turns help-desk operator mode on; any other value turns it off. --staff and --no-staff override it; it overrides the config file."],
    ["SCAMCHECK_OPERATOR", "The operator's name for case records, when --operator is not given. Overrides the config file."],
    ["SCAMCHECK_CASE_STORE", "The case history, when --case-store is not given: an SQLite file, or a postgres:// connection string for a team. Overrides the config file."],
    ["SCAMCHECK_CONFIG", `The config file (default: config.json in the config folder, ${home.config}/config.json on Linux).`],
    ["SCAMCHECK_CONFIG_DIR", "The config folder."],
    ["SCAMCHECK_DATA_DIR", "The data folder, where the case history is kept."],
    ["SCAMCHECK_STATE_DIR", "The state folder, where the draft of an unfinished triage is kept."],
    ["SCAMCHECK_DEBUG", "1: the same as --debug."],
    ["NO_COLOR", "Set and not empty: no colour. --plain and --no-color do the same."],
    ["FORCE_COLOR", "0 or false: no colour; any other value: colour even when the output is not a terminal (2 or 3: 256 colours or full colour). It wins over NO_COLOR; --plain and --no-color win over it."],
    ["TERM", "dumb: no colour and no symbols, as with --plain."],
    ["LC_ALL, LC_MESSAGES, LANG", "The first one set guesses the region when neither --region, SCAMCHECK_REGION nor the config file gives one (on Windows and macOS, the system locale). C and POSIX say nothing."],
    ["XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME", `On Linux, the folders above the config, data and state folders (default ~/.config, ~/.local/share and ~/.local/state).`],
  ];
  out.push(".SH ENVIRONMENT");
  for (const [key, text] of env) out.push(".TP", `.B ${esc(key)}`, lines(text));
  out.push(
    ".PP",
    lines("Flags override environment variables, which override the config file."),
  );

  const files = [
    [`${home.config}/config.json`, 'Settings a help desk sets once, as a JSON object: {"staff": true, "operator": "Sam", "region": "gb", "caseStore": "postgres://helpdesk@db.example/scamcheck"}. On macOS ~/Library/Preferences/scamcheck/config.json; on Windows %APPDATA%\\scamcheck\\Config\\config.json.'],
    [`${home.data}/cases.sqlite`, "The case history (operator mode and check --record) unless --case-store chooses another: an SQLite database, created readable only by you (mode 0600, in a folder with mode 0700). A cases.jsonl left there by an earlier version is moved into it once. On macOS ~/Library/Application Support/scamcheck/cases.sqlite; on Windows %LOCALAPPDATA%\\scamcheck\\Data\\cases.sqlite."],
    [`${home.state}/draft.json`, "The answers of an unfinished interactive triage, for --resume (mode 0600); deleted when the triage finishes."],
    ["rules/*.yaml", `The built-in rule packs, in the folder ${name} is installed in, with rules/schema.json, the JSON Schema of the format.`],
  ];
  out.push(".SH FILES");
  for (const [path, text] of files) out.push(".TP", `.I ${esc(path)}`, lines(text));

  out.push(
    ".SH SEE ALSO",
    ".BR bash (1),",
    ".BR zsh (1),",
    ".BR fish (1)",
    lines(`for the scripts from ${name} completion.`),
    ".PP",
    lines("README.md (the answers, verdict and rule-pack formats, with a tutorial) and SECURITY.md in the package folder; the JSON Schemas in schemas/ and rules/schema.json."),
  );
  return `${out.join("\n")}\n`;
}

const text = page(await loadProgram());
if (process.argv.includes("--stdout")) {
  process.stdout.write(text);
} else {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT.slice(root.length + 1)}`);
}
