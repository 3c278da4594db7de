// Shared vitest settings: every package writes a JSON report to test-output/ so that the root
// can print one total (scripts/count-tests.mjs), and type tests (*.test-d.ts) run under tsc.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Several suites spawn real processes (redocly, the mock's CLI, npm, Chromium); on a loaded
    // 2-core machine they can take many seconds. Timeouts catch hangs, they do not measure speed.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: "test-output/vitest.json" }]],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
