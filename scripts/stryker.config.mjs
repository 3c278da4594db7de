// Stryker's settings for every package scripts/mutation.mjs mutates; it runs Stryker in the
// package's folder, so the paths below are the package's: src/, its vitest.mutation.config.ts
// (which points the package's own name at src/) and its test-output/.
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
