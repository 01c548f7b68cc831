import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // End-to-end tests spawn the built CLI; give slow shared machines room.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { FORCE_COLOR: "0", NO_COLOR: "1" },
    // The JSON report lets .ci/run print the runner's own counts.
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts", "tests/rules/**/*.test.ts", "tests/scan/**/*.test.ts"] } },
      // One end-to-end file at a time: the 100,000-case batch would otherwise starve the
      // pseudo-terminal tests of CPU on a two-core machine and make their timing flaky.
      { extends: true, test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], fileParallelism: false } },
    ],
  },
});
