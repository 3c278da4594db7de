// @ts-check
// `pnpm release`: build, test, then `changeset publish` (which runs `pnpm publish` for every public
// package whose version is not on the registry yet, so `workspace:^` becomes a real range).
//
// `pnpm release --dry-run` builds, then shows what would be published and never uploads:
//   1. the pending changesets' plan (what the "Version packages" PR will set), and
//   2. `pnpm publish -r --dry-run`: what publishing the versions as committed would upload now.
// It skips the tests (CI runs them on every push); the real release runs them first.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import getReleasePlan from "@changesets/get-release-plan";

const root = fileURLToPath(new URL("..", import.meta.url));
const dryRun = process.argv.includes("--dry-run");

/** @param {string} command @param {string[]} args */
function run(command, args) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`release stopped: \`${command} ${args.join(" ")}\` failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

run("pnpm", ["build"]);
if (!dryRun) {
  run("pnpm", ["test"]);
  run("pnpm", ["exec", "changeset", "publish"]);
  process.exit(0);
}

const plan = await getReleasePlan(root);
// Private tooling (docs, bench, scripts) is ignored by changesets and shows up as "none".
const releases = plan.releases.filter((r) => r.type !== "none");
console.log("\nPending changesets → the versions `pnpm version-packages` (the release PR) will set:");
if (releases.length === 0) console.log("  none: nothing is waiting to be released");
for (const r of releases) {
  const from = plan.changesets.filter((cs) => cs.releases.some((x) => x.name === r.name)).map((cs) => cs.id);
  const why = from.length > 0 ? from.join(", ") : "fixed group";
  console.log(`  ${r.name.padEnd(22)} ${r.oldVersion} → ${r.newVersion} (${r.type}; ${why})`);
}
console.log(
  "\nWith the versions as committed, `pnpm release` would publish (pnpm skips versions already on the registry):",
);
run("pnpm", ["publish", "-r", "--dry-run", "--no-git-checks"]);
