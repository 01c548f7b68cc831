import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // End-to-end tests spawn the built CLI; give slow shared machines room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { FORCE_COLOR: "0", NO_COLOR: "1" },
    // The JSON report lets .ci/run print the runner's own counts.
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
  },
});
