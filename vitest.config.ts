import { defineConfig } from "vitest/config";

// The end-to-end files that keep both cores busy for seconds (a 100,000-case batch, input nested
// 100,000 deep, megabytes of answers). They run one at a time, beside the unit tests only, and
// before the pseudo-terminal tests start, whose key presses a starved CLI could miss.
const CPU_BOUND = ["tests/e2e/cli.test.ts", "tests/e2e/hardening-answers.test.ts", "tests/e2e/hardening-process.test.ts", "tests/e2e/hardening-rule-packs.test.ts"];

export default defineConfig({
  test: {
    // End-to-end tests spawn the built CLI; give slow shared machines room.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most end-to-end time is spent waiting on a child process or a prompt, not computing, so
    // more files run at once than there are cores.
    maxWorkers: 3,
    env: { FORCE_COLOR: "0", NO_COLOR: "1" },
    // The JSON report lets .ci/run print the runner's own counts.
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts", "tests/rules/**/*.test.ts", "tests/scan/**/*.test.ts"], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "e2e-cpu", include: CPU_BOUND, fileParallelism: false, sequence: { groupOrder: 0 } } },
      // Each file has its own temporary folders, case stores and PostgreSQL schemas: they share nothing.
      { extends: true, test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], exclude: CPU_BOUND, sequence: { groupOrder: 1 } } },
    ],
  },
});
