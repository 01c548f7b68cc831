import { defineConfig } from "vitest/config";

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
    // How vitest orders the files: groups of projects with the same sequence.groupOrder run one
    // after another, each waiting for the slowest file of the one before, and a project limited to
    // one worker (fileParallelism: false) with groupOrder 0 runs after every group, one file at a
    // time. So both projects are one group: no core waits for a group's last file while files are
    // still to run. In a group, files go to the workers by project name (e2e, then unit), then, with
    // the cache of an earlier run (in node_modules/.vite/vitest), files that failed first and then
    // the longest first; with no cache (a fresh clone) the largest first. The long end-to-end files,
    // which mostly wait on a prompt, start first, and the short unit files fill the cores around them.
    projects: [
      // Each file has its own temporary folders, case stores and PostgreSQL schemas: they share nothing.
      { extends: true, test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"] } },
      // Unit files share their workers' loaded modules (none mocks a module or changes the
      // environment): a fresh process and fresh imports for each of them cost more than its tests.
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts", "tests/rules/**/*.test.ts", "tests/scan/**/*.test.ts"], isolate: false } },
    ],
  },
});
