// The vitest config Stryker runs (scripts/mutation.mjs): the package's own name resolves to src/,
// so mutants of src/ are what the tests exercise, and the tests that need the built dist/ (bundle
// size, packaging, the README example run against the package) are left out.
// Standalone, not merged with vitest.config.ts: Stryker runs it from a sandbox copy of the package,
// where the shared config's relative path (../../vitest.shared.ts) does not resolve.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@evals-api/client": fileURLToPath(new URL("./src/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/package.test.ts", "test/readme-example.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
