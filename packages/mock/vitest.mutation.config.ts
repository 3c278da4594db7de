// The vitest config Stryker runs (scripts/mutation.mjs): the package's own name resolves to src/,
// so mutants of src/ are what the tests exercise, and the CLI tests, which spawn the built dist/,
// are left out (the score is then a lower bound for the CLI's code).
// Standalone, not merged with vitest.config.ts: Stryker runs it from a sandbox copy of the package,
// where the shared config's relative path (../../vitest.shared.ts) does not resolve.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@evals-api/mock": fileURLToPath(new URL("./src/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/cli.test.ts"],
    // Every mutant the property tests cover reruns them: 100 cases each keep a run within minutes,
    // and the example-based tests pin the edges.
    env: { FC_NUM_RUNS: "100" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
