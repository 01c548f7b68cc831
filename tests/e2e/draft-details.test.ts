/**
 * Nothing typed is lost: case details an operator typed before the first question are in the
 * draft at once, survive Ctrl-C, and come back as the defaults when the check is resumed.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KEY, PtySession } from "../helpers/pty.js";

describe("case details before the first answer", () => {
  it("are kept through Ctrl-C and offered again on --resume", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scamcheck-details-"));
    const env = { SCAMCHECK_STATE_DIR: join(dir, "state"), SCAMCHECK_CASE_STORE: join(dir, "cases.sqlite") };
    const first = new PtySession(["--staff", "--region", "gb"], { env });
    await first.waitForAny(["Number that called"]);
    await first.press("020 7946 0018", KEY.enter);
    await first.waitForAny(["Organisation the caller claimed"]);
    await first.press("Microsoft", KEY.enter);
    await first.waitForAny(["When was the call?"]);
    await first.press(KEY.ctrlC);
    expect(await first.exited).toBe(130);
    expect(first.text).toContain("Stopped. The case details typed so far are saved; run 'scamcheck --resume' to carry on.");
    const draft = JSON.parse(readFileSync(join(dir, "state", "draft.json"), "utf8"));
    expect(draft.details).toEqual({ number: "020 7946 0018", organisation: "Microsoft" });

    const again = new PtySession(["--staff", "--region", "gb", "--resume"], { env });
    expect(await again.waitForAny(["Number that called"])).toBe(0);
    expect(again.lastScreen).toContain("(020 7946 0018)"); // what was typed, as the default
    await again.press(KEY.enter);
    expect(await again.waitForAny(["Organisation the caller claimed"])).toBe(0);
    expect(again.lastScreen).toContain("(Microsoft)");
    again.kill();
  });
});
