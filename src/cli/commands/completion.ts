/**
 * `scamcheck completion bash|zsh|fish`: a completion script written from the commander program
 * itself (see command-tree.ts), so a new command, option or argument completes without anyone
 * editing a list. Each script carries the tree as data (subcommands, options, which options take a
 * value) and one small walker that reads the words typed so far: the command path, option values to
 * skip, how many arguments were given, and `help <command…>`.
 *
 * Completed: subcommands at every level, long and short options (the command's own, then those of
 * the commands above it, which commander accepts anywhere), option values from a fixed set, file
 * names where an option or argument takes a file or path, and the command names after `help`.
 */
import type { Command } from "commander";
import { VERSION } from "../../version.js";
import { describeCommand, flattenCommands, type ArgumentInfo, type CommandInfo, type OptionInfo } from "../command-tree.js";
import type { CliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { writeOut } from "../output.js";
import type { Shell } from "../choices.js";


/**
 * Values of options whose values are a fixed set that commander does not know. Options and
 * arguments declared with commander's .choices() need no entry; --notes takes a file name too, so
 * it has none. --region's come from the rule packs, read when the script is written (see runCompletion).
 */
const OPTION_VALUES: Record<string, readonly string[]> = {
  "--notes": ["markdown", "text"],
};

/** A value placeholder or argument name that means a file name: <file>, <path>, [paths...], <format|file>. */
const FILE_NAME = /(^|[^a-z])(files?|paths?|dir|folder)([^a-z]|$)/i;

/** `shell` is one of SHELLS: commander checked it against the argument's .choices(). */
export async function runCompletion(ctx: CliContext, program: Command, shell: string): Promise<number> {
  // The regions of the packs loaded now (the built-in ones come from the build's cache, at once).
  const regions = [...(await ctx.rules()).regions.map((r) => r.id), "none"];
  await writeOut(ctx.io.stdout, completionScript(program, shell as Shell, { "--region": regions }));
  return EXIT.ok;
}

export function completionScript(program: Command, shell: Shell, more: Record<string, readonly string[]> = {}): string {
  const tree = buildTree(program, { ...OPTION_VALUES, ...more });
  return shell === "bash" ? bashScript(tree) : shell === "zsh" ? zshScript(tree) : fishScript(tree);
}

// ---------------------------------------------------------------------------------------------
// The tree, reduced to what completion needs.

interface Values {
  words: readonly string[];
  files: boolean;
}

interface CompletionOption {
  names: string[];
  description: string;
  /** Undefined for a flag; a value (possibly free text: no words, no files) otherwise. */
  value?: Values;
  /** Accepted by the commands below this one too. */
  passedDown: boolean;
}

interface CompletionNode {
  /** "" for the program, "cases search" … */
  key: string;
  name: string;
  description: string;
  subcommands: { name: string; description: string }[];
  /** Options defined on this command. */
  options: CompletionOption[];
  /** Options of the commands above, also accepted here. */
  inherited: CompletionOption[];
  args: { index: number; variadic: boolean; values: Values }[];
  isHelp: boolean;
}

interface Tree {
  name: string;
  nodes: CompletionNode[];
}

function buildTree(program: Command, optionValues: Record<string, readonly string[]>): Tree {
  const root = describeCommand(program);
  const byKey = new Map<string, CompletionOption[]>();
  const nodes = flattenCommands(root).map((info): CompletionNode => {
    const key = info.path.join(" ");
    const options = info.options.map((o) => completionOption(o, optionValues));
    byKey.set(key, options);
    return {
      key,
      name: info.name,
      description: info.description,
      subcommands: info.subcommands.map((s) => ({ name: s.name, description: s.description })),
      options,
      inherited: ancestorsOf(info).flatMap((k) => (byKey.get(k) ?? []).filter((o) => o.passedDown)),
      args: info.arguments.map((a, index) => ({ index, variadic: a.variadic, values: argumentValues(a) })),
      isHelp: info.isHelp,
    };
  });
  return { name: root.name, nodes };
}

function ancestorsOf(info: CommandInfo): string[] {
  return info.path.map((_, i) => info.path.slice(0, i).join(" "));
}

function completionOption(o: OptionInfo, optionValues: Record<string, readonly string[]>): CompletionOption {
  const names = [o.short, o.long].filter((n): n is string => n !== undefined);
  return {
    names,
    description: o.description,
    ...(o.takesValue && { value: { words: o.choices ?? (o.long !== undefined ? optionValues[o.long] : undefined) ?? [], files: FILE_NAME.test(o.valueName ?? "") } }),
    passedDown: o.long !== "--help" && o.long !== "--version",
  };
}

function argumentValues(a: ArgumentInfo): Values {
  return { words: a.choices ?? [], files: FILE_NAME.test(a.name) };
}

const takesValue = (o: CompletionOption) => o.value !== undefined;
const hasValues = (v: Values | undefined): v is Values => v !== undefined && (v.words.length > 0 || v.files);
const firstLine = (s: string) => s.split("\n")[0] ?? "";

/** Option-value completions as [patterns for "<path>|<option>", values], most specific first. */
function valueCases(tree: Tree): { patterns: { key: string; anyBelow: boolean; name: string }[]; values: Values }[] {
  const out: { patterns: { key: string; anyBelow: boolean; name: string }[]; values: Values }[] = [];
  for (const node of tree.nodes)
    for (const o of node.options)
      if (hasValues(o.value))
        out.push({ patterns: o.names.map((name) => ({ key: node.key, anyBelow: o.passedDown && node.subcommands.length > 0, name })), values: o.value });
  // Deeper definitions first, so an option a subcommand redefines wins over its parent's.
  return out.sort((a, b) => depth(b.patterns[0]!.key) - depth(a.patterns[0]!.key));
}
const depth = (key: string) => (key === "" ? 0 : key.split(" ").length);

// ---------------------------------------------------------------------------------------------
// bash (3.2 and later; bash-completion is not needed)

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bashScript(tree: Tree): string {
  const fn = `_${identifier(tree.name)}`;
  const spec = tree.nodes
    .filter((n) => !n.isHelp)
    .map((n) => {
      const all = [...n.options, ...n.inherited];
      const subs = n.subcommands.map((s) => s.name).join(" ");
      const opts = all.flatMap((o) => o.names).join(" ");
      const valopts = all.filter(takesValue).flatMap((o) => o.names).join(" ");
      return `    ${sq(n.key)}) subs=${sq(subs)} opts=${sq(opts)} valopts=${sq(valopts)} ;;`;
    });
  const values = valueCases(tree).map(({ patterns, values }) => {
    const pats = patterns.flatMap(({ key, anyBelow, name }) =>
      key === "" && anyBelow ? [`*${sq(`|${name}`)}`] : [sq(`${key}|${name}`), ...(anyBelow ? [`${sq(`${key} `)}*${sq(`|${name}`)}`] : [])],
    );
    return `    ${pats.join("|")}) ${bashValues(fn, values, '"$3"')} ;;`;
  });
  const args = tree.nodes
    .filter((n) => !n.isHelp && n.args.some((a) => hasValues(a.values)))
    .map((n) => {
      const tests = n.args
        .filter((a) => hasValues(a.values))
        .map((a) => `if (( $2 ${a.variadic ? ">=" : "=="} ${a.index} )); then ${bashValues(fn, a.values, '"$3"')}; fi`);
      return `    ${sq(n.key)}) ${tests.join("; ")} ;;`;
    });
  return `# bash completion for ${tree.name}                                  -*- shell-script -*-
# Written by '${tree.name} completion bash' (${tree.name} ${VERSION}) from the commands themselves.
# Install it for your user (bash-completion loads it the first time you complete ${tree.name}):
#   mkdir -p ~/.local/share/bash-completion/completions
#   ${tree.name} completion bash > ~/.local/share/bash-completion/completions/${tree.name}
# or, without bash-completion, add this line to ~/.bashrc:
#   source <(${tree.name} completion bash)

# ${fn}_spec PATH: the subcommands, options and options that take a value of the command PATH.
${fn}_spec() {
  case $1 in
${spec.join("\n")}
    *) subs= opts= valopts= ;;
  esac
}

# ${fn}_value PATH OPTION WORD: complete the value of OPTION.
${fn}_value() {
  case "$1|$2" in
${values.join("\n")}
  esac
}

# ${fn}_arg PATH INDEX WORD: complete argument number INDEX (from 0) of the command PATH.
${fn}_arg() {
  case $1 in
${args.join("\n")}
  esac
}

${fn}_add() {
  local line
  while IFS= read -r line; do COMPREPLY+=("$line"); done
}
${fn}_words() { ${fn}_add < <(compgen -W "$1" -- "$2"); }
${fn}_files() {
  compopt -o filenames 2>/dev/null
  ${fn}_add < <(compgen -f -- "$1")
}

${fn}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} word cmdpath= helping= helpbase= expect= dashdash= pos=0 i
  local subs opts valopts
  COMPREPLY=()
  ${fn}_spec ''
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if [[ -n $expect ]]; then
      # An option's value; "--opt=value" arrives as --opt, =, value.
      [[ $word == = ]] || expect=
      continue
    fi
    if [[ -z $dashdash && $word == -* ]]; then
      if [[ $word == -- ]]; then
        dashdash=1
      elif [[ $word != *=* && " $valopts " == *" $word "* ]]; then
        expect=1
      fi
      continue
    fi
    if [[ -n $helping ]]; then
      # help cases search: the words name commands beside 'help'.
      ${fn}_spec "$helpbase"
      [[ $word != help && " $subs " == *" $word "* ]] && helpbase=\${helpbase:+$helpbase }$word
      continue
    fi
    if [[ $pos == 0 && " $subs " == *" $word "* ]]; then
      if [[ $word == help ]]; then
        helping=1 helpbase=$cmdpath
      else
        cmdpath=\${cmdpath:+$cmdpath }$word
        ${fn}_spec "$cmdpath"
      fi
      continue
    fi
    ((pos++))
  done

  if [[ -n $helping ]]; then
    ${fn}_spec "$helpbase"
    [[ $cur == -* ]] || ${fn}_words "$subs" "$cur"
    return 0
  fi
  if [[ -n $expect ]]; then
    local option=\${COMP_WORDS[COMP_CWORD-1]}
    if [[ $option == = ]]; then
      option=\${COMP_WORDS[COMP_CWORD-2]}
    elif [[ $cur == = ]]; then
      cur=
    fi
    ${fn}_value "$cmdpath" "$option" "$cur"
    return 0
  fi
  if [[ -z $dashdash && $cur == --*=* ]]; then
    # COMP_WORDBREAKS without '=': complete the value inside the word.
    local option=\${cur%%=*} n
    ${fn}_value "$cmdpath" "$option" "\${cur#*=}"
    for n in "\${!COMPREPLY[@]}"; do COMPREPLY[n]=$option=\${COMPREPLY[n]}; done
    return 0
  fi
  if [[ -z $dashdash && $cur == -* ]]; then
    ${fn}_words "$opts" "$cur"
    return 0
  fi
  [[ $pos == 0 && -n $subs ]] && ${fn}_words "$subs" "$cur"
  ${fn}_arg "$cmdpath" "$pos" "$cur"
  return 0
}

complete -F ${fn} ${tree.name}
`;
}

function bashValues(fn: string, values: Values, word: string): string {
  const parts: string[] = [];
  if (values.words.length > 0) parts.push(`${fn}_words ${sq(values.words.join(" "))} ${word}`);
  if (values.files) parts.push(`${fn}_files ${word}`);
  return parts.join("; ");
}

const identifier = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

// ---------------------------------------------------------------------------------------------
// zsh (compsys)

/** An element for _describe: "name:description", with colons in the name escaped. */
const describeItem = (name: string, description: string) => sq(`${name.replace(/:/g, "\\:")}:${firstLine(description)}`);

function zshScript(tree: Tree): string {
  const fn = `_${identifier(tree.name)}`;
  const spec = tree.nodes
    .filter((n) => !n.isHelp)
    .map((n) => {
      const items = (options: CompletionOption[]) => options.flatMap((o) => o.names.map((name) => describeItem(name, o.description))).join(" ");
      const lines = [
        `subs=(${n.subcommands.map((s) => describeItem(s.name, s.description)).join(" ")})`,
        `subnames=(${n.subcommands.map((s) => sq(s.name)).join(" ")})`,
        `opts=(${items(n.options)})`,
        `gopts=(${items(n.inherited)})`,
        `valopts=(${[...n.options, ...n.inherited]
          .filter(takesValue)
          .flatMap((o) => o.names)
          .join(" ")})`,
      ];
      return `    (${sq(n.key)})\n      ${lines.join("\n      ")}\n      ;;`;
    });
  const values = valueCases(tree).map(({ patterns, values }) => {
    const pats = patterns.flatMap(({ key, anyBelow, name }) =>
      key === "" && anyBelow ? [`*${sq(`|${name}`)}`] : [sq(`${key}|${name}`), ...(anyBelow ? [`${sq(`${key} `)}*${sq(`|${name}`)}`] : [])],
    );
    return `    (${pats.join("|")}) ${zshValues(values)} ;;`;
  });
  const args = tree.nodes
    .filter((n) => !n.isHelp && n.args.some((a) => hasValues(a.values)))
    .map((n) => {
      const tests = n.args
        .filter((a) => hasValues(a.values))
        .map((a) => `if (( $2 ${a.variadic ? ">=" : "=="} ${a.index} )); then ${zshValues(a.values)}; fi`);
      return `    (${sq(n.key)}) ${tests.join("; ")} ;;`;
    });
  return `#compdef ${tree.name}
# zsh completion for ${tree.name}, written by '${tree.name} completion zsh' (${tree.name} ${VERSION}) from
# the commands themselves. Install it as _${tree.name} in a folder on $fpath, for example:
#   mkdir -p ~/.zfunc && ${tree.name} completion zsh > ~/.zfunc/_${tree.name}
# with 'fpath=(~/.zfunc $fpath)' above 'autoload -Uz compinit && compinit' in ~/.zshrc; then
# start a new shell (or run: rm -f ~/.zcompdump; compinit). To try it in this shell only, after
# compinit:  source <(${tree.name} completion zsh)

# ${fn}_spec PATH: subcommands, options, options of the commands above, options that take a value.
${fn}_spec() {
  case $1 in
${spec.join("\n")}
    (*)
      subs=() subnames=() opts=() gopts=() valopts=()
      ;;
  esac
}

# ${fn}_value PATH OPTION: complete the value of OPTION.
${fn}_value() {
  local expl
  case "$1|$2" in
${values.join("\n")}
    (*) return 1 ;;
  esac
}

# ${fn}_arg PATH INDEX: complete argument number INDEX (from 0) of the command PATH.
${fn}_arg() {
  local expl
  case $1 in
${args.join("\n")}
    (*) return 1 ;;
  esac
}

${fn}() {
  local -a subs subnames opts gopts valopts
  local cur=$words[CURRENT] word cmdpath= helping= helpbase= expect= dashdash= option
  integer i pos=0 ret=1
  ${fn}_spec ''
  for (( i = 2; i < CURRENT; i++ )); do
    word=$words[i]
    if [[ -n $expect ]]; then
      expect=
      continue
    fi
    if [[ -z $dashdash && $word == -* ]]; then
      if [[ $word == -- ]]; then
        dashdash=1
      elif [[ $word != *=* ]] && (( \${valopts[(Ie)$word]} )); then
        expect=1
      fi
      continue
    fi
    if [[ -n $helping ]]; then
      # help cases search: the words name commands beside 'help'.
      ${fn}_spec "$helpbase"
      if [[ $word != help ]] && (( \${subnames[(Ie)$word]} )); then helpbase=\${helpbase:+$helpbase }$word; fi
      continue
    fi
    if (( pos == 0 && \${subnames[(Ie)$word]} )); then
      if [[ $word == help ]]; then
        helping=1 helpbase=$cmdpath
      else
        cmdpath=\${cmdpath:+$cmdpath }$word
        ${fn}_spec "$cmdpath"
      fi
      continue
    fi
    (( pos++ ))
  done

  if [[ -n $helping ]]; then
    ${fn}_spec "$helpbase"
    _describe -t commands command subs
    return
  fi
  if [[ -n $expect ]]; then
    ${fn}_value "$cmdpath" "$words[CURRENT-1]"
    return
  fi
  if [[ -z $dashdash && $cur == --*=* ]]; then
    option=\${cur%%=*}
    compset -P '*='
    ${fn}_value "$cmdpath" "$option"
    return
  fi
  if [[ -z $dashdash && $cur == -* ]]; then
    _describe -t options option opts && ret=0
    (( $#gopts )) && _describe -t global-options 'global option' gopts && ret=0
    return ret
  fi
  if (( pos == 0 && $#subs )); then
    _describe -t commands command subs && ret=0
  fi
  ${fn}_arg "$cmdpath" $pos && ret=0
  return ret
}

if [[ $funcstack[1] == ${fn} ]]; then
  # Autoloaded from $fpath: complete now.
  ${fn} "$@"
else
  # Sourced: register with compinit.
  compdef ${fn} ${tree.name}
fi
`;
}

function zshValues(values: Values): string {
  if (values.words.length > 0 && values.files) return `_alternative ${sq(`values:value:(${values.words.join(" ")})`)} 'files:file:_files'`;
  if (values.files) return "_files";
  return `_wanted values expl value compadd -- ${values.words.map(sq).join(" ")}`;
}

// ---------------------------------------------------------------------------------------------
// fish

/** A fish single-quoted string. */
const fq = (s: string) => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

function fishScript(tree: Tree): string {
  const fn = `__${identifier(tree.name)}`;
  const c = `complete -c ${tree.name}`;
  const subsCases = tree.nodes
    .filter((n) => !n.isHelp && n.subcommands.length > 0)
    .map((n) => `        case ${fq(n.key)}\n            printf '%s\\n' ${n.subcommands.map((s) => fq(s.name)).join(" ")}`);
  const valoptCases = tree.nodes
    .filter((n) => !n.isHelp)
    .map((n) => ({ n, names: [...n.options, ...n.inherited].filter(takesValue).flatMap((o) => o.names) }))
    .filter(({ names }) => names.length > 0)
    .map(({ n, names }) => `        case ${fq(n.key)}\n            printf '%s\\n' ${names.map(fq).join(" ")}`);

  const lines: string[] = [];
  for (const n of tree.nodes) {
    if (n.isHelp) continue;
    const key = fq(n.key);
    for (const s of n.subcommands) {
      lines.push(`${c} -n "${fn}_sub ${key}" -a ${fq(s.name)} -d ${fq(firstLine(s.description))}`);
      lines.push(`${c} -n "${fn}_help ${key}" -a ${fq(s.name)} -d ${fq(firstLine(s.description))}`);
    }
    for (const o of n.options) {
      const names = o.names.map((name) => (name.startsWith("--") ? `-l ${fq(name.slice(2))}` : `-s ${fq(name.slice(1))}`)).join(" ");
      const condition = o.passedDown ? `${fn}_under ${key}` : `${fn}_is ${key}`;
      let value = "";
      if (o.value) {
        value = o.value.files ? " -r -F" : " -x";
        if (o.value.words.length > 0) value += ` -a ${fq(o.value.words.join(" "))}`;
      }
      lines.push(`${c} -n "${condition}" ${names}${value} -d ${fq(firstLine(o.description))}`);
    }
    for (const a of n.args) {
      if (!hasValues(a.values)) continue;
      const condition = `${fn}_arg ${key} ${a.index}${a.variadic ? "+" : ""}`;
      const words = a.values.words.length > 0 ? ` -a ${fq(a.values.words.join(" "))}` : "";
      lines.push(`${c} -n "${condition}"${a.values.files ? " -F" : ""}${words}`);
    }
  }

  return `# fish completion for ${tree.name}, written by '${tree.name} completion fish' (${tree.name} ${VERSION}) from
# the commands themselves. Install it where fish looks for completions:
#   ${tree.name} completion fish > ~/.config/fish/completions/${tree.name}.fish
# To try it in this shell only:  ${tree.name} completion fish | source

# ${fn}_subs PATH, ${fn}_valopts PATH: the subcommands of the command PATH, and its options that take a value.
function ${fn}_subs --argument-names cmdpath
    switch "$cmdpath"
${subsCases.join("\n")}
    end
end

function ${fn}_valopts --argument-names cmdpath
    switch "$cmdpath"
${valoptCases.join("\n")}
    end
end

# Read the words before the cursor: prints "command|PATH|ARGS|EXPECT" (ARGS: how many arguments were
# given; EXPECT: 1 when an option's value comes next) or "help|PATH|0|0" after 'help'.
function ${fn}_state
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cmdpath ''
    set -l helping 0
    set -l helpbase ''
    set -l pos 0
    set -l expect 0
    set -l dashdash 0
    set -l subs (${fn}_subs '')
    set -l valopts (${fn}_valopts '')
    for word in $tokens
        if test $expect = 1
            set expect 0
            continue
        end
        if test $dashdash = 0; and string match -q -- '-*' $word
            if test "$word" = --
                set dashdash 1
            else if not string match -q -- '*=*' $word; and contains -- $word $valopts
                set expect 1
            end
            continue
        end
        if test $helping = 1
            # help cases search: the words name commands beside 'help'.
            if test "$word" != help; and contains -- $word (${fn}_subs $helpbase)
                set helpbase (string trim -- "$helpbase $word")
            end
            continue
        end
        if test $pos = 0; and contains -- $word $subs
            if test "$word" = help
                set helping 1
                set helpbase $cmdpath
            else
                set cmdpath (string trim -- "$cmdpath $word")
                set subs (${fn}_subs $cmdpath)
                set valopts (${fn}_valopts $cmdpath)
            end
            continue
        end
        set pos (math $pos + 1)
    end
    if test $helping = 1
        echo "help|$helpbase|0|0"
    else
        echo "command|$cmdpath|$pos|$expect"
    end
end

# The words so far name the command PATH.
function ${fn}_is --argument-names want
    set -l state (string split '|' -- (${fn}_state))
    test "$state[1]" = command -a "$state[2]" = "$want"
end

# … the command PATH or one below it.
function ${fn}_under --argument-names want
    set -l state (string split '|' -- (${fn}_state))
    test "$state[1]" = command; or return 1
    test -z "$want" -o "$state[2]" = "$want"; or string match -q -- "$want *" "$state[2]"
end

# … the command PATH, and a subcommand may come next.
function ${fn}_sub --argument-names want
    set -l state (string split '|' -- (${fn}_state))
    test "$state[1]" = command -a "$state[2]" = "$want" -a "$state[3]" = 0 -a "$state[4]" = 0
end

# … the command PATH, and its argument INDEX comes next ("2+": INDEX 2 or later).
function ${fn}_arg --argument-names want index
    set -l state (string split '|' -- (${fn}_state))
    test "$state[1]" = command -a "$state[2]" = "$want" -a "$state[4]" = 0; or return 1
    if string match -q -- '*+' $index
        test "$state[3]" -ge (string trim -c + -- $index)
    else
        test "$state[3]" = "$index"
    end
end

# … 'help' followed by commands below PATH.
function ${fn}_help --argument-names want
    set -l state (string split '|' -- (${fn}_state))
    test "$state[1]" = help -a "$state[2]" = "$want"
end

# No file names unless an option or argument takes one.
${c} -f
${lines.join("\n")}
`;
}
