/**
 * SECURITY.md and the README's privacy section state limits the code enforces: they must say the
 * figures the code uses, so a changed limit cannot leave the promise behind.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_ANSWERS_BYTES } from "../../src/cli/batch-lines.js";
import { KEY_WORK_BUDGET } from "../../src/core/scan/match-phrases.js";
import { MAX_PACK_BYTES, MAX_TOTAL_PACK_BYTES, PACKAGE_ROOT } from "../../src/node/load-rules.js";

const text = (file: string) => readFileSync(join(PACKAGE_ROOT, file), "utf8").replace(/\s+/g, " ");
const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`;

describe("the security promises say the code's figures", () => {
  it("SECURITY.md: the rule packs' size limits and the answers' cap", () => {
    const security = text("SECURITY.md");
    expect(security).toContain(`files are size-limited (${mb(MAX_PACK_BYTES)} each, ${mb(MAX_TOTAL_PACK_BYTES)} in all)`);
    expect(security).toContain(`(${mb(MAX_ANSWERS_BYTES)} per answers document or batch line)`);
  });

  it("README: the call-note phrases' matching budget", () => {
    expect(text("README.md")).toContain(`may cost at most ${KEY_WORK_BUDGET.toLocaleString("en-US")} states per such word of the notes`);
  });
});
