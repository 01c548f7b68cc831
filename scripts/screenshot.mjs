#!/usr/bin/env node
// Regenerate docs/triage.svg, the README's picture of a triage: a real interactive run of the built
// CLI in a pseudo-terminal (util-linux `script`), answering a "Microsoft is calling" tech-support
// case, drawn as the terminal shows it (@xterm/headless) and saved as an SVG by the small renderer below.
//
//   node scripts/screenshot.mjs            (or: npm run screenshot; build first)
//   node scripts/screenshot.mjs --text     print the captured window as plain text instead
//   node scripts/screenshot.mjs --session  print the whole session as plain text instead
//
// The same answers, terminal size and region give the same picture: nothing in it depends on the
// date, the machine or the user's settings.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import xterm from "@xterm/headless";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin", "scamcheck.js");
const out = join(root, "docs", "triage.svg");
const COLS = 90;
const ROWS = 32;
const ARGS = ["--region", "gb"];

// Someone rang "from Microsoft": a virus warning, a fake proof, remote access, a support fee by card.
// They have hung up and the program is gone. Questions not listed here are answered "Not sure".
const ANSWERS = {
  "contact-start": "they-called",
  "claimed-org": "computer-company",
  "computer-problem-claim": "yes",
  "showed-fake-proof": "yes",
  "asked-remote-access": "yes",
  "asked-payment": "yes",
  "payment-method": ["card"],
  "support-fee": "yes",
  "on-call-now": "no",
  "still-connected": "no",
  "what-happened": ["installed-software", "gave-remote-access"],
  pressure: "yes",
  secrecy: "no",
  "asked-secrets": "no",
  "number-shown": "withheld",
  "knew-details": "no",
  "passed-along": "yes",
  "angry-on-refusal": "yes",
  "call-minutes": 40,
  "refund-offer": "no",
  "renewal-invoice": "no",
  "refund-bank-login": "no",
  "refund-overpaid": "no",
  verification: "not-tried",
  "checked-own-account": "not-checked",
};

const KEY = { enter: "\r", down: "\u001b[B", space: " " };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (!existsSync(join(root, "dist", "cli.cjs"))) {
  console.error("dist/cli.cjs is missing: run 'npm run build' first");
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Run the triage.

const work = mkdtempSync(join(tmpdir(), "scamcheck-screenshot-"));
// A fixed, minimal environment: no config file, draft or case log of the user's, no locale guess.
const env = {
  PATH: process.env.PATH,
  HOME: work,
  XDG_CONFIG_HOME: join(work, "config"),
  XDG_DATA_HOME: join(work, "data"),
  XDG_STATE_HOME: join(work, "state"),
  SCAMCHECK_STATE_DIR: join(work, "state"),
  TERM: "xterm-256color",
  LANG: "C",
  TZ: "UTC",
  FORCE_COLOR: "1",
};
const questions = JSON.parse(execFileSync(process.execPath, [bin, "questions", "--json", ...ARGS], { env, encoding: "utf8" })).questions;

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
const child = spawn("script", ["-qfec", `stty cols ${COLS} rows ${ROWS}; exec ${[process.execPath, bin, ...ARGS].map(quote).join(" ")}`, "/dev/null"], {
  env,
  stdio: ["pipe", "pipe", "pipe"],
});
let raw = "";
child.stdout.setEncoding("utf8").on("data", (d) => (raw += d));
child.stderr.setEncoding("utf8").on("data", (d) => (raw += d));
let ended = false;
const exited = new Promise((resolve) => child.on("close", (code) => ((ended = true), resolve(code))));

const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][0-9A-Za-z]|\u001b[=>78]/g;
const plain = () => raw.replace(ANSI, "");
const squash = (s) => s.replace(/\s+/g, " ");
/** How many prompts have been answered: each leaves a "✔ question answer" line. */
const answered = () => plain().split("✔").length - 1;
/** What has been drawn since the last answered prompt, once a new prompt is on screen. */
function activePrompt() {
  const text = plain();
  const last = text.lastIndexOf("✔");
  const start = last < 0 ? 0 : text.indexOf("\n", last) + 1;
  if (last >= 0 && start === 0) return undefined;
  const rest = text.slice(start);
  return /(^|\n)\? \S/.test(rest) ? rest : undefined;
}
async function until(found, what) {
  const started = Date.now();
  for (;;) {
    const value = found();
    if (value !== undefined || ended) return value;
    if (Date.now() - started > 30_000) throw new Error(`timed out waiting for ${what}; screen so far:\n${plain().slice(-2000)}`);
    await sleep(25);
  }
}
async function press(...keys) {
  for (const k of keys) {
    child.stdin.write(k);
    await sleep(40);
  }
}

/** The keys that give `answer` to question `q` (undefined: not sure). */
function keysFor(q, answer) {
  const options = [...(q.choices ?? []).map((c) => c.id), "not-sure"];
  const position = (id) => {
    const i = options.indexOf(id);
    if (i < 0) throw new Error(`${q.id} has no choice '${id}' (choices: ${options.join(", ")})`);
    return i;
  };
  if (q.type === "number" || q.type === "text") return [...(answer === undefined ? "" : String(answer)), KEY.enter];
  if (q.type === "multiple") {
    // Arrow down to each choice in turn and tick it with Space.
    const keys = [];
    let at = 0;
    for (const i of (answer === undefined ? ["not-sure"] : answer).map(position).sort((a, b) => a - b)) {
      keys.push(...Array(i - at).fill(KEY.down), KEY.space);
      at = i;
    }
    return [...keys, KEY.enter];
  }
  return [...Array(position(answer ?? "not-sure")).fill(KEY.down), KEY.enter];
}

const notSure = [];
try {
  for (let guard = 0; ; guard++) {
    if (guard > 80) throw new Error("the triage did not end");
    const count = answered();
    const prompt = await until(activePrompt, "a prompt");
    if (prompt === undefined) break;
    await sleep(200); // prompts listen for keys just after they are drawn
    const shown = squash(prompt);
    if (shown.includes("What would you like to do?")) await press(KEY.enter); // "Show me the result"
    else if (shown.includes("Press Enter when you have done this")) await press(KEY.enter);
    // After the verdict: no evidence pack file and no trusted contact (the picture ends at the verdict).
    else if (shown.includes("(Y/n)")) await press("n", KEY.enter);
    else if (/\? Their name/.test(shown)) await press(KEY.enter);
    else {
      const q = questions
        .filter((x) => shown.includes(`? ${squash(x.text).slice(0, 60)}`))
        .sort((a, b) => b.text.length - a.text.length)[0];
      if (!q) throw new Error(`a prompt that matches no question:\n${prompt}`);
      if (!(q.id in ANSWERS)) notSure.push(q.id);
      await press(...keysFor(q, ANSWERS[q.id]));
    }
    await until(() => (answered() > count ? true : undefined), "the answer to be taken");
  }
  const code = await exited;
  if (code !== 0) throw new Error(`scamcheck exited with ${code}:\n${plain().slice(-2000)}`);
} catch (error) {
  child.kill("SIGKILL");
  console.error(String(error.message ?? error));
  process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (notSure.length) console.error(`answered "Not sure" (not in ANSWERS): ${notSure.join(", ")}`);

// ---------------------------------------------------------------------------------------------
// The terminal: @xterm/headless replays what the prompts and the verdict drew, keeping every line
// that scrolled off the top; its cells become lines of { ch, style } for the SVG below.

const NO_STYLE = Object.freeze({ fg: undefined, bg: undefined, bold: false, dim: false, italic: false, underline: false, inverse: false });

async function replay(stream, cols, rows) {
  const terminal = new xterm.Terminal({ cols, rows, scrollback: 100_000, allowProposedApi: true });
  await new Promise((resolve) => terminal.write(stream, resolve));
  const buffer = terminal.buffer.active;
  // One frozen object per distinct style, so a run of cells of one style is found by identity.
  const styles = new Map([[JSON.stringify(NO_STYLE), NO_STYLE]]);
  const styleOf = (cell) => {
    const colourOf = (mode, value) => (mode === "default" ? undefined : mode === "rgb" ? `rgb(${(value >> 16) & 255},${(value >> 8) & 255},${value & 255})` : value);
    const fg = colourOf(cell.isFgDefault() ? "default" : cell.isFgRGB() ? "rgb" : "palette", cell.getFgColor());
    const bg = colourOf(cell.isBgDefault() ? "default" : cell.isBgRGB() ? "rgb" : "palette", cell.getBgColor());
    const style = { fg, bg, bold: !!cell.isBold(), dim: !!cell.isDim(), italic: !!cell.isItalic(), underline: !!cell.isUnderline(), inverse: !!cell.isInverse() };
    const key = JSON.stringify(style);
    if (!styles.has(key)) styles.set(key, Object.freeze(style));
    return styles.get(key);
  };
  const lines = [];
  for (let r = 0; r < buffer.length; r++) {
    const row = buffer.getLine(r);
    const line = [];
    for (let c = 0; c < cols; c++) {
      const cell = row?.getCell(c);
      // The second half of a wide character has no text of its own.
      line.push(cell ? { ch: cell.getWidth() === 0 ? "" : cell.getChars() || " ", style: styleOf(cell) } : { ch: " ", style: NO_STYLE });
    }
    while (line.length && line.at(-1).ch === " " && line.at(-1).style === NO_STYLE) line.pop();
    lines.push(line);
  }
  terminal.dispose();
  const text = (l) => l.map((c) => c.ch).join("").trimEnd();
  while (lines.length && text(lines.at(-1)) === "") lines.pop();
  return lines;
}

const session = await replay(raw, COLS, ROWS);
const asText = (l) => l.map((c) => c.ch).join("").trimEnd();
const headline = session.findIndex((l) => /This is a scam|very likely a scam|Be careful|No clear warning signs|Not enough information/.test(asText(l)) && !asText(l).includes("?"));
if (headline < 0) {
  console.error(`no verdict on the screen:\n${session.map(asText).join("\n")}`);
  process.exit(1);
}
// A terminal window scrolled to the verdict: the last question answered, then the verdict, its
// reasons and first steps.
const lastQuestion = session.slice(0, headline).findLastIndex((l) => /^Question \d+ /.test(asText(l)));
const first = Math.max(0, lastQuestion);
const view = session.slice(first, first + ROWS);
if (process.argv.includes("--text") || process.argv.includes("--session")) {
  console.log((process.argv.includes("--session") ? session : view).map(asText).join("\n"));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// ANSI cells to SVG: one <text> per line, a <tspan> per run of one style, placed by column.

const PALETTE = [
  "#2e3440", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#d7dae0",
  "#5c6370", "#ff7a85", "#b5e890", "#ffd68a", "#7cc4ff", "#dd9cf0", "#7fd8e3", "#ffffff",
];
const BACKGROUND = "#1d2128";
const FOREGROUND = "#d7dae0";
const FONT_SIZE = 14;
const CELL_W = 8.43; // DejaVu Sans Mono and most monospace fonts: 0.602em
const CELL_H = 19;
const PAD = 16;
const BAR = 30;

function colour(c) {
  if (c === undefined) return undefined;
  if (typeof c === "string") return c;
  if (c < 16) return PALETTE[c];
  if (c >= 232) {
    const v = 8 + (c - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const i = c - 16;
  const level = (n) => (n === 0 ? 0 : 55 + n * 40);
  return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
}
const xml = (s) => s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[ch]);
const num = (n) => String(Math.round(n * 100) / 100);

function runsOf(line) {
  const runs = [];
  line.forEach((cell, col) => {
    const last = runs.at(-1);
    if (last && last.style === cell.style) last.text += cell.ch;
    else runs.push({ col, style: cell.style, text: cell.ch });
  });
  return runs;
}

function svg(lines, title) {
  const width = PAD * 2 + COLS * CELL_W;
  const height = BAR + PAD * 2 + ROWS * CELL_H;
  const body = [];
  lines.forEach((line, r) => {
    const y = BAR + PAD + r * CELL_H;
    const spans = [];
    for (const { col, style, text } of runsOf(line)) {
      let [fg, bg] = [colour(style.fg) ?? FOREGROUND, colour(style.bg)];
      if (style.inverse) [fg, bg] = [bg ?? BACKGROUND, fg];
      const x = PAD + col * CELL_W;
      if (bg) body.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(text.length * CELL_W)}" height="${CELL_H}" fill="${bg}"/>`);
      if (text.trim() === "") continue;
      const attrs = [`x="${num(x)}"`];
      if (fg !== FOREGROUND) attrs.push(`fill="${fg}"`);
      if (style.bold) attrs.push(`font-weight="bold"`);
      if (style.dim) attrs.push(`fill-opacity="0.6"`);
      if (style.italic) attrs.push(`font-style="italic"`);
      if (style.underline) attrs.push(`text-decoration="underline"`);
      spans.push(`<tspan ${attrs.join(" ")}>${xml(text)}</tspan>`);
    }
    if (spans.length) body.push(`<text y="${num(y + CELL_H * 0.75)}">${spans.join("")}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" role="img" aria-label="${xml(title)}">
<title>${xml(title)}</title>
<rect width="100%" height="100%" rx="8" fill="${BACKGROUND}"/>
<rect width="100%" height="${BAR}" rx="8" fill="#2b3039"/>
<rect y="${BAR - 8}" width="100%" height="8" fill="#2b3039"/>
<circle cx="18" cy="15" r="6" fill="#ff5f57"/><circle cx="38" cy="15" r="6" fill="#febc2e"/><circle cx="58" cy="15" r="6" fill="#28c840"/>
<text x="50%" y="20" text-anchor="middle" font-family="ui-sans-serif, system-ui, sans-serif" font-size="13" fill="#9aa3b2">${xml(`scamcheck ${ARGS.join(" ")}`)}</text>
<g font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace" font-size="${FONT_SIZE}" fill="${FOREGROUND}" xml:space="preserve">
${body.join("\n")}
</g>
</svg>
`;
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, svg(view, `A triage of a "Microsoft is calling" call: scamcheck ${ARGS.join(" ")}`));
console.log(`wrote ${out.slice(root.length + 1)} (${COLS}x${ROWS}, ${session.length} lines in the session)`);
