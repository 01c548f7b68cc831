/**
 * The package as a user gets it: `npm pack`, installed into an empty folder outside the repository
 * with no network and no install scripts, then run from there. dist/ bundles every runtime
 * dependency, so the install must hold scamcheck alone and everything must still work.
 *
 * Uses the dist/ that `npm test` has just built (packing with --ignore-scripts skips the prepack
 * rebuild).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, parse } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";
import { KEY, PtySession } from "../helpers/pty.js";

// PtySession runs the repository's bin/scamcheck.js; point it at the installed one instead.
const installed = vi.hoisted(() => ({ bin: "" }));
vi.mock("../helpers/cli.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../helpers/cli.js")>();
  return {
    ...original,
    get BIN() {
      if (!installed.bin) throw new Error("the package is not installed yet");
      return installed.bin;
    },
  };
});

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { name: string; version: string };
const work = mkdtempSync(join(tmpdir(), "scamcheck-package-"));
const app = join(work, "app");
const home = join(work, "home");

/**
 * The environment of a user's shell: none of the npm_* variables that `npm test` passes down (one
 * of them, npm_config_local_prefix, would point a nested npm back at this repository), a private
 * npm cache, no network, and scamcheck's config, data and state folders in the temporary folder.
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && !["INIT_CWD", "NODE_PATH", "NODE_OPTIONS", "SCAMCHECK_REGION", "SCAMCHECK_CONFIG", "SCAMCHECK_STAFF", "SCAMCHECK_CASE_STORE", "SCAMCHECK_STATE_DIR"].includes(key)) env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    XDG_STATE_HOME: join(home, ".local", "state"),
    npm_config_cache: join(work, "npm-cache"),
    npm_config_userconfig: join(work, "npmrc"),
    npm_config_offline: "true",
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    LANG: "C",
    NO_COLOR: "1",
    ...extra,
  };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? app, env: userEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

// About 20 s in all on an idle two-core machine; far more when the machine is busy.
const TIMEOUT = 180_000;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const ok = (r: Run) => expect(r.code, `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(0);
let packed: string[] = [];
let tarball = "";

beforeAll(async () => {
  mkdirSync(app);
  mkdirSync(home);
  writeFileSync(join(work, "npmrc"), "");
  writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "scamcheck-install-test", private: true, type: "module" })}\n`);

  const pack = await run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: PACKAGE_ROOT });
  ok(pack);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packed = info!.files.map((f) => f.path);
  tarball = join(work, info!.filename);

  // --offline: with every dependency bundled, the install needs nothing from a registry.
  // --ignore-scripts: the package must work without running any install script.
  const install = await run(npm, ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", join(work, info!.filename)]);
  ok(install);
  installed.bin = join(app, "node_modules", pkg.name, "bin", "scamcheck.js");
}, TIMEOUT);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Answer each prompt as it comes until the triage ends: `key` then Enter for a question, Enter for
 * "do this right now" steps, "Show me the result" when offered. A prompt counts as answered once
 * its "✔" line is drawn, so a prompt that is drawn twice (or slowly, on a busy machine) is never
 * answered twice.
 */
async function answerEveryPrompt(s: PtySession, key: string): Promise<void> {
  for (let guard = 0; guard < 80; guard++) {
    const count = s.answered();
    const prompt = await s.activePrompt(60_000);
    if (prompt === undefined) return; // the triage ended
    if (prompt.includes("What would you like to do?")) await s.press("1", KEY.enter); // "Show me the result"
    else if (prompt.includes("Press Enter when you have done this")) await s.press(KEY.enter);
    else await s.press(key, KEY.enter);
    await s.answeredMoreThan(count, 60_000);
  }
  throw new Error("the triage did not end");
}

describe("the packed package, installed on its own", { timeout: TIMEOUT }, () => {
  it("packs only what users need", () => {
    for (const needed of ["bin/scamcheck.js", "dist/cli.cjs", "dist/index.js", "dist/index.cjs", "dist/builtin-rules.json", "dist/builtin-matcher.json", "dist/types/index.d.ts", "rules/schema.json", "rules/test-schema.json", "rules/tech-support.yaml", "rules/examples/cold-call.json", "schemas/verdict.schema.json", "README.md", "CHANGELOG.md", "SECURITY.md", "LICENSE", "package.json"])
      expect(packed).toContain(needed);
    expect(packed.filter((f) => /^(src|tests|bench|scripts|docs|\.ci)\/|\.map$|^tsconfig|^vitest/.test(f))).toEqual([]);
  });

  it("installs scamcheck and nothing else, outside any other node_modules", () => {
    expect(readdirSync(join(app, "node_modules")).filter((n) => !n.startsWith("."))).toEqual([pkg.name]);
    // Nothing above the folder could lend a missing dependency.
    for (let dir = work; ; dir = dirname(dir)) {
      expect(existsSync(join(dir, "node_modules")), join(dir, "node_modules")).toBe(false);
      if (dir === parse(dir).root) break;
    }
  });

  it("has no scripts that npm would run, or warn about, when a user installs it", () => {
    const installed = JSON.parse(readFileSync(join(app, "node_modules", pkg.name, "package.json"), "utf8"));
    expect(Object.keys(installed.scripts ?? {}).filter((s) => ["preinstall", "install", "postinstall", "prepare"].includes(s))).toEqual([]);
    expect(installed.dependencies ?? {}).toEqual({});
  });

  it("installs for everyone with npm install -g: the bare command and its man page", async () => {
    // The README's global install, into a prefix of its own rather than the machine's.
    const prefix = join(work, "global");
    ok(await run(npm, ["install", "-g", "--prefix", prefix, "--offline", "--ignore-scripts", "--no-audit", "--no-fund", tarball]));
    const r = await run(join(prefix, "bin", "scamcheck"), ["--version"], { cwd: home });
    ok(r);
    expect(r.stdout.trim()).toBe(pkg.version);
    // npm links a package's man pages only when package.json lists them in an array.
    expect(readFileSync(join(prefix, "share", "man", "man1", "scamcheck.1"), "utf8")).toBe(readFileSync(join(PACKAGE_ROOT, "man", "scamcheck.1"), "utf8"));
  });

  it("npx scamcheck --version prints the package version", async () => {
    const r = await run(npx, ["scamcheck", "--version"]);
    ok(r);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("scores answers from standard input as JSON", async () => {
    const input = readFileSync(join(PACKAGE_ROOT, "rules", "examples", "cold-call.json"), "utf8");
    const r = await run(npx, ["scamcheck", "check", "--answers", "-", "--json", "--region", "gb"], { input });
    ok(r);
    const verdict = JSON.parse(r.stdout) as { verdict: string; family: { id: string }; contacts: unknown[] };
    expect(verdict.verdict).toBe("scam");
    expect(verdict.family.id).toBe("tech-support");
    expect(verdict.contacts.length).toBeGreaterThan(0);
  });

  it("validates the built-in packs and an example pack, which needs the YAML parser and the schema", async () => {
    ok(await run(npx, ["scamcheck", "rules", "validate"]));
    const example = await run(npx, ["scamcheck", "rules", "validate", join("node_modules", pkg.name, "rules", "examples", "pack")]);
    ok(example);
    expect(example.stdout).toMatch(/^OK: /);
  });

  it("works as a library, from JavaScript and from TypeScript with the shipped types", async () => {
    const script = `
      const { loadRules, readAnswers, triage, verdictToJson, VERSION } = await import("scamcheck");
      const { rules } = await loadRules();
      const result = triage(rules, readAnswers({ "asked-payment": "yes", "payment-method": ["gift-cards"] }, rules), { region: "us" });
      console.log(JSON.stringify({ version: VERSION, verdict: verdictToJson(result, rules).verdict }));`;
    const js = await run(process.execPath, ["--input-type=module", "-e", script]);
    ok(js);
    expect(JSON.parse(js.stdout)).toEqual({ version: pkg.version, verdict: "scam" });

    // A strict consumer that also checks the declarations it imports (skipLibCheck off), with
    // Node's types as any Node.js project has them and no other package: the declarations must not
    // lean on bundled packages such as zod.
    const compilerOptions = {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      typeRoots: [join(PACKAGE_ROOT, "node_modules", "@types")],
      types: ["node"],
    };
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }));
    writeFileSync(
      join(app, "consumer.ts"),
      [
        'import { loadRules, triage, readAnswers, verdictToJson, parsePack, compileRules, type VerdictJson, type RuleSet } from "scamcheck";',
        "const { rules } = await loadRules();",
        'const json: VerdictJson = verdictToJson(triage(rules, readAnswers({ "asked-remote-access": "yes" }, rules), { region: "gb" }), rules);',
        'const parsed = parsePack("schema_version: 1\\n", "mine.yaml");',
        "const compiled: RuleSet | undefined = compileRules(parsed.pack ? [parsed.pack] : []).rules;",
        'const id: string | undefined = parsed.pack?.data.pack.id;',
        "// @ts-expect-error answers are read with readAnswers first",
        'triage(rules, { "asked-remote-access": "yes" });',
        "export { json, compiled, id };",
        "",
      ].join("\n"),
    );
    const tsc = await run(process.execPath, [join(PACKAGE_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", app]);
    ok(tsc);
  });

  it("runs an interactive triage in a terminal to a verdict", async () => {
    const s = new PtySession(["--region", "gb"], { cwd: app, env: userEnv({ SCAMCHECK_STATE_DIR: join(work, "state") }) as Record<string, string> });
    try {
      // The first choice every time: a computer company called out of the blue, asked for remote access…
      await answerEveryPrompt(s, "1");
      expect(await s.exited).toBe(0);
      expect(s.text).toMatch(/This is a scam|very likely a scam/);
      expect(s.text).toContain("Do this now");
      expect(s.text).toContain("Who can help (United Kingdom)");
    } finally {
      s.kill();
    }
  });
});
