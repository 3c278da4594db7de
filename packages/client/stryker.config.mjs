// Mutation testing of src/ (run from the repository root: `pnpm test:mutation`).
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts" },
  mutate: ["src/**/*.ts"],
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "test-output/mutation/mutation.json" },
  htmlReporter: { fileName: "test-output/mutation/mutation.html" },
  tempDirName: ".stryker-tmp",
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 20_000,
  cleanTempDir: "always",
};
