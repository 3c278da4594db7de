// Sums the JSON reports that each package's vitest run wrote to test-output/vitest.json and
// prints the one line CI reads: `tests: N passed, N failed`. With `--turbo-exit CODE` (the exit
// code of the `turbo run test` before it) a failed task that left no report still fails the run.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
let passed = 0;
let failed = 0;
const seen = [];
// The workspace's own list of packages (`packages/*`, `bench`, …), so a new package is counted.
const workspaceDirs = [...readFileSync(join(root, "pnpm-workspace.yaml"), "utf8").matchAll(/^\s+-\s+"([^"]+)"/gm)].map(
  (m) => m[1],
);
for (const dir of workspaceDirs) {
  const base = join(root, dir.replace(/\/\*$/, ""));
  if (!existsSync(base)) continue;
  const candidates = dir.endsWith("/*") ? readdirSync(base).map((d) => join(base, d)) : [base];
  for (const pkg of candidates) {
    const report = join(pkg, "test-output", "vitest.json");
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    seen.push(`${pkg.slice(root.length)}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
const flag = process.argv.indexOf("--turbo-exit");
const turboExit = flag === -1 ? 0 : Number(process.argv[flag + 1]);
for (const line of seen) console.log(`  ${line}`);
if (turboExit !== 0 && failed === 0) {
  console.log("  a test task failed before reporting (build, type or suite error): counted as one failure");
  failed = 1;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || seen.length === 0 ? 1 : 0);
