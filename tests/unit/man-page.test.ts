/** The committed man page is what scripts/man.js writes from the current help text, and it renders. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/node/load-rules.js";

const MAN = join(PACKAGE_ROOT, "man", "scamcheck.1");
const installed = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

describe("man/scamcheck.1", () => {
  const generated = spawnSync(process.execPath, [join(PACKAGE_ROOT, "scripts", "man.js"), "--stdout"], { cwd: PACKAGE_ROOT, encoding: "utf8" });

  it("matches what scripts/man.js writes now (run `npm run man` after changing a command or its help)", () => {
    expect(generated.stderr).toBe("");
    expect(generated.status).toBe(0);
    expect(readFileSync(MAN, "utf8")).toBe(generated.stdout);
  });

  it("has the sections a man page needs, and every command", () => {
    const page = generated.stdout;
    for (const section of ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXAMPLES", "EXIT STATUS", "ENVIRONMENT", "FILES", "SEE ALSO"])
      expect(page).toContain(`\n.SH ${section}\n`);
    for (const command of ["check", "questions", "scan", "cases search", "rules validate", "completion", "help"]) expect(page).toContain(`\n.SS "${command}"\n`);
    // Nothing unescaped that roff would take as a request, or turn into a typographic hyphen or quote.
    for (const line of page.split("\n").filter((l) => !l.startsWith(".") && !l.startsWith("'"))) {
      expect(line, line).not.toMatch(/(^|[^\\])-/);
      expect(line, line).not.toMatch(/'/);
    }
  });

  it.runIf(installed("groff"))("renders without warnings", () => {
    const r = spawnSync("groff", ["-man", "-Tutf8", "-ww", "-z", MAN], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
