/**
 * Shell completion and help: `scamcheck completion bash|zsh|fish` from the built CLI, each script run
 * in its own shell where that shell is installed, and `help`/`--help` for every command.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeCommand, flattenCommands } from "../../src/cli/command-tree.js";
import { buildProgram } from "../../src/cli/program.js";
import { VERDICT_IDS } from "../../src/core/constants.js";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { runCli } from "../helpers/cli.js";

const SHELLS = ["bash", "zsh", "fish"] as const;
const tmp = mkdtempSync(join(tmpdir(), "scamcheck-completion-"));

// The command tree from the source, so a command added later is checked without editing this file.
const tree = describeCommand(buildProgram({ stdout: process.stdout, stderr: process.stderr } as never, { exitCode: 0 }));
const topLevel = tree.subcommands.map((c) => c.name);
const commandPaths = flattenCommands(tree)
  .filter((c) => c.path.length > 0 && !c.implicit)
  .map((c) => c.path);

/** Whether to test a shell's script: where it is installed, and always under CI (.ci/run installs them). */
const installed = (shell: string) => Boolean(process.env.CI) || spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;

const scripts: Record<string, string> = {};
beforeAll(async () => {
  for (const shell of SHELLS) {
    const r = await runCli(["completion", shell]);
    scripts[shell] = join(tmp, `scamcheck.${shell}`);
    writeFileSync(scripts[shell], r.stdout);
  }
});

describe("scamcheck completion", () => {
  it.each(SHELLS)("prints a %s script naming every top-level command", async (shell) => {
    const r = await runCli(["completion", shell]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    for (const name of topLevel) expect(r.stdout, name).toMatch(new RegExp(`\\b${name}\\b`));
    expect(topLevel).toEqual(expect.arrayContaining(["check", "questions", "scan", "cases", "rules", "completion", "help"]));
  });

  it("refuses an unknown shell with one line and exit 2", async () => {
    const r = await runCli(["completion", "tcsh"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual(["scamcheck: unknown shell 'tcsh'; choose one of: bash, zsh, fish"]);
  });

  it("explains how to install each script in --help", async () => {
    const r = await runCli(["completion", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("$ dir=~/.local/share/bash-completion/completions\n  $ mkdir -p $dir && scamcheck completion bash > $dir/scamcheck");
    expect(r.stdout).toContain("_scamcheck");
    expect(r.stdout).toContain("scamcheck completion fish > ~/.config/fish/completions/scamcheck.fish");
  });
});

describe.runIf(installed("bash"))("the bash script", () => {
  /** COMPREPLY after completing the last word of `words` (the first is "scamcheck"). */
  function complete(...words: string[]): string[] {
    const program = [
      'source "$1"; shift',
      'COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()',
      "_scamcheck",
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join("\n");
    const r = spawnSync("bash", ["--norc", "--noprofile", "-c", program, "bash", scripts.bash!, ...words], { cwd: PACKAGE_ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    return r.stdout.split("\n").filter(Boolean).sort();
  }

  it("passes bash -n", () => {
    expect(spawnSync("bash", ["-n", scripts.bash!], { encoding: "utf8" }).status).toBe(0);
  });

  it("completes commands and subcommands", () => {
    expect(complete("scamcheck", "ca")).toEqual(["cases"]);
    expect(complete("scamcheck", "")).toEqual([...topLevel].sort());
    expect(complete("scamcheck", "cases", "se")).toEqual(["search"]);
    expect(complete("scamcheck", "rules", "")).toEqual(["help", "list", "schema", "test", "validate"]);
    // Options before the command, with their values, are skipped.
    expect(complete("scamcheck", "--region", "gb", "--rules", "rules", "cases", "st")).toEqual(["stats"]);
  });

  it("completes options, the command's own and the global ones", () => {
    expect(complete("scamcheck", "check", "--fa")).toEqual(["--fail-on"]);
    expect(complete("scamcheck", "check", "--f")).toEqual(["--fail-on", "--fields"]);
    expect(complete("scamcheck", "cases", "list", "--")).toEqual(expect.arrayContaining(["--since", "--verdict", "--json", "--help", "--region", "--case-store"]));
    expect(complete("scamcheck", "cases", "list", "--")).not.toContain("--fail-on");
    expect(complete("scamcheck", "--no-")).toEqual(["--no-color", "--no-staff"]);
  });

  it("completes option values from a fixed set", () => {
    expect(complete("scamcheck", "check", "--fail-on", "")).toEqual(["likely-scam", "scam", "suspicious"]);
    expect(complete("scamcheck", "--region", "")).toEqual(["au", "ca", "gb", "ie", "none", "us"]);
    expect(complete("scamcheck", "scan", "--fail-on", "l")).toEqual(["likely-scam"]);
    expect(complete("scamcheck", "cases", "list", "--verdict", "")).toEqual([...VERDICT_IDS].sort());
    expect(complete("scamcheck", "cases", "export", "--format", "")).toEqual(["csv", "json", "jsonl", "misp", "servicenow", "zendesk"]);
    expect(complete("scamcheck", "--region", "")).toEqual(["au", "ca", "gb", "ie", "none", "us"]);
    expect(complete("scamcheck", "cases", "list", "--region", "g")).toEqual(["gb"]);
    expect(complete("scamcheck", "--notes", "mark")).toEqual(["markdown"]);
    expect(complete("scamcheck", "completion", "")).toEqual(["bash", "fish", "zsh"]);
    // --opt=value arrives as --opt, =, value (COMP_WORDBREAKS has '=').
    expect(complete("scamcheck", "check", "--fail-on", "=", "s")).toEqual(["scam", "suspicious"]);
    expect(complete("scamcheck", "check", "--fail-on", "=")).toEqual(["likely-scam", "scam", "suspicious"]);
    // Free text: nothing to offer.
    expect(complete("scamcheck", "cases", "search", "--number", "")).toEqual([]);
  });

  it("completes file names where an option or argument takes a file", () => {
    expect(complete("scamcheck", "check", "--answers", "rules/examples/cold")).toEqual(["rules/examples/cold-call.json"]);
    expect(complete("scamcheck", "scan", "rules/examples/cold")).toEqual(["rules/examples/cold-call.json"]);
    expect(complete("scamcheck", "rules", "validate", "rules/examples/pack/", "rules/sch")).toEqual(["rules/schema.json"]);
    expect(complete("scamcheck", "--read-notes", "READ")).toEqual(["README.md"]);
    expect(complete("scamcheck", "--write-notes", "READ")).toEqual(["README.md"]);
    // An argument that is not a file gets no file names.
    expect(complete("scamcheck", "cases", "show", "READ")).toEqual([]);
  });

  it("completes the commands after help", () => {
    expect(complete("scamcheck", "help", "")).toEqual([...topLevel].sort());
    expect(complete("scamcheck", "help", "cases", "s")).toEqual(["search", "show", "stats"]);
    expect(complete("scamcheck", "cases", "help", "p")).toEqual(["purge"]);
  });
});

describe.runIf(installed("zsh"))("the zsh script", () => {
  /**
   * Run _scamcheck with words and CURRENT set and the compsys functions it calls replaced by ones
   * that print what they were given: "name" per candidate, "<files>" for file names.
   */
  function complete(...words: string[]): string[] {
    const program = [
      "compdef() { : }",
      "compset() { return 0 }",
      '_describe() { local e; for e in "${(@P)4}"; do print -r -- "${e%%:*}"; done }',
      'compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -rl -- "$@" }',
      '_wanted() { shift 3; "$@" }',
      "_files() { print -r -- '<files>' }",
      '_alternative() { local spec; for spec in "$@"; do [[ $spec == *:_files ]] && _files || print -rl -- ${(s: :)${${spec##*:\\(}%\\)}}; done }',
      'source "$1"; shift',
      'words=("$@"); CURRENT=$#words',
      "_scamcheck",
    ].join("\n");
    const r = spawnSync("zsh", ["-f", "-c", program, "zsh", scripts.zsh!, ...words], { cwd: PACKAGE_ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    return r.stdout.split("\n").filter(Boolean).sort();
  }

  it("passes zsh -n", () => {
    expect(spawnSync("zsh", ["-n", scripts.zsh!], { encoding: "utf8" }).status).toBe(0);
  });

  it("completes commands, options, values, files and help", () => {
    expect(complete("scamcheck", "ca")).toContain("cases");
    expect(complete("scamcheck", "")).toEqual([...topLevel].sort());
    expect(complete("scamcheck", "cases", "se")).toEqual(["done", "export", "help", "import", "list", "migrate", "purge", "report", "search", "show", "stats"]); // zsh filters by prefix itself
    expect(complete("scamcheck", "check", "--fa")).toContain("--fail-on");
    expect(complete("scamcheck", "check", "--fail-on", "")).toEqual(["likely-scam", "scam", "suspicious"]);
    expect(complete("scamcheck", "--region", "")).toEqual(["au", "ca", "gb", "ie", "none", "us"]);
    expect(complete("scamcheck", "check", "--fail-on=l")).toEqual(["likely-scam", "scam", "suspicious"]);
    expect(complete("scamcheck", "cases", "list", "--verdict", "")).toEqual([...VERDICT_IDS].sort());
    expect(complete("scamcheck", "scan", "")).toEqual(["<files>"]);
    expect(complete("scamcheck", "--notes", "")).toEqual(["markdown", "text"]);
    expect(complete("scamcheck", "--read-notes", "")).toEqual(["<files>"]);
    expect(complete("scamcheck", "help", "cases", "")).toEqual(["done", "export", "help", "import", "list", "migrate", "purge", "report", "search", "show", "stats"]);
    expect(complete("scamcheck", "completion", "")).toEqual(["bash", "fish", "zsh"]);
  });
});

describe.runIf(installed("fish"))("the fish script", () => {
  /** What fish itself offers for a command line (complete -C), without descriptions. */
  function complete(line: string): string[] {
    const r = spawnSync("fish", ["--no-config", "-c", 'source $argv[1]; complete -C $argv[2]', scripts.fish!, line], { cwd: PACKAGE_ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    return r.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t")[0]!)
      .sort();
  }

  it("passes fish -n", () => {
    expect(spawnSync("fish", ["-n", scripts.fish!], { encoding: "utf8" }).status).toBe(0);
  });

  it("completes commands, options, values, files and help", () => {
    expect(complete("scamcheck ca")).toEqual(["cases"]);
    expect(complete("scamcheck cases se")).toEqual(["search"]);
    expect(complete("scamcheck check --fa")).toEqual(["--fail-on"]);
    expect(complete("scamcheck check --fail-on ")).toEqual(["likely-scam", "scam", "suspicious"]);
    expect(complete("scamcheck --region ")).toEqual(["au", "ca", "gb", "ie", "none", "us"]);
    expect(complete("scamcheck check --fail-on=l")).toEqual(["--fail-on=likely-scam"]);
    expect(complete("scamcheck cases list --verdict ")).toEqual([...VERDICT_IDS].sort());
    expect(complete("scamcheck scan rules/examples/cold")).toEqual(["rules/examples/cold-call.json"]);
    expect(complete("scamcheck cases show READ")).toEqual([]);
    expect(complete("scamcheck help cases s")).toEqual(["search", "show", "stats"]);
    expect(complete("scamcheck completion ")).toEqual(["bash", "fish", "zsh"]);
  });
});

/** The global options each command reads beyond those every command reads (the interactive triage reads them all). */
const GLOBALS_READ = { check: ["--operator", "--case-store"], cases: ["--case-store"], letter: ["--case-store"], questions: [], scan: [], rules: [] } as const;

describe("scamcheck help", () => {
  it.each(commandPaths.map((path) => [path.join(" ")]))("help %s shows that command's help with examples", async (name) => {
    const path = name.split(" ");
    const viaHelp = await runCli(["help", ...path]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stderr).toBe("");
    expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: scamcheck ${name}\\b`));
    const examples = viaHelp.stdout.split(/\nExamples?:\n/)[1];
    expect(examples).toMatch(/^ {2}\$ /);
    expect(examples).toContain("$ scamcheck");
    const viaFlag = await runCli([...path, "--help"]);
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stdout).toBe(viaHelp.stdout);
    // The global options that the command reads are listed with its own, and no others; every line
    // fits an 80-column terminal (help wraps to the terminal; 80 when it is not one).
    const globals = (viaHelp.stdout.split("\nGlobal Options:\n")[1] ?? "").split("\n\n")[0]?.match(/^ {2}(?:-\w, )?--[\w-]+/gm)?.map((o) => o.replace(/^ {2}(-\w, )?/, ""));
    const top = path[0] as keyof typeof GLOBALS_READ;
    if (!["help", "completion"].includes(top)) {
      expect(Object.keys(GLOBALS_READ), "a command missing from GLOBALS_READ").toContain(top);
      expect(globals).toEqual(["--version", "--rules", "--region", "--plain", "--no-color", "--debug", ...GLOBALS_READ[top]]);
    }
    expect(viaHelp.stdout).not.toContain("(default: [])");
    for (const line of viaHelp.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it("help with no command shows the program's help", async () => {
    const r = await runCli(["help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: scamcheck \[options\] \[command\]/);
  });

  it("help for an unknown command is one line and exit 2", async () => {
    const r = await runCli(["help", "cases", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual(["scamcheck: unknown command 'cases nope' (run 'scamcheck --help' for the commands)"]);
  });
});
