// @ts-check
// The breaking-change gate. Compares the current spec (openapi/, bundled) with the spec as of the
// last release (scripts/spec-baseline/openapi.yaml, refreshed by `pnpm version-packages`),
// classifies every difference for a TypeScript consumer, and fails when the pending changesets
// give the spec-derived packages a smaller bump than the changes need.
//
//   node scripts/spec-compat.mjs                    check (exit 1 on a missing changeset)
//   node scripts/spec-compat.mjs --update-baseline  take the current spec as the released one
//   node scripts/spec-compat.mjs --root DIR         check another checkout (used by the tests)
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleSpec, bundleSpecTo, readSpec } from "./lib/bundle-spec.mjs";
import { bumpCovers, pendingSpecRelease, SPEC_PACKAGE } from "./lib/pending-release.mjs";
import { BUMP_FOR_LEVEL, diffSpecs } from "./lib/spec-diff.mjs";

export const BASELINE = join("scripts", "spec-baseline", "openapi.yaml");

/**
 * @param {string} root
 * @returns {Promise<{ ok: boolean, report: string, needed: string, pending: string, changes: import("./lib/spec-diff.mjs").Change[] }>}
 */
export async function checkSpecCompatibility(root) {
  const baselineFile = join(root, BASELINE);
  if (!existsSync(baselineFile)) {
    const report = `spec compatibility: FAIL — no baseline at ${BASELINE}. Take one with \`node scripts/spec-compat.mjs --update-baseline\`.`;
    return { ok: false, report, needed: "none", pending: "none", changes: [] };
  }
  const { changes, bump: needed } = diffSpecs(readSpec(baselineFile), bundleSpec(root));
  const pending = await pendingSpecRelease(root);
  const ok = bumpCovers(pending.bump, needed);

  const lines = [`spec compatibility: openapi/ compared with ${BASELINE} (the spec as of the last release)`];
  if (changes.length === 0) lines.push("  no change to the spec");
  for (const c of changes) {
    lines.push(`  ${c.level.padEnd(8)} ${c.field}: ${c.message} (${c.where.join("; ")})`);
  }
  const given = pending.changesets.map((c) => `.changeset/${c.id}.md (${c.bump})`).join(", ") || "no changeset";
  const group = pending.packages.join(", ");
  lines.push(`  needs: ${needed} · pending changesets give ${pending.bump}: ${given}`);
  if (ok) {
    lines.push("spec compatibility: ok");
  } else {
    const level = /** @type {const} */ (["breaking", "additive", "docs"]).find((l) => BUMP_FOR_LEVEL[l] === needed);
    const reasons = changes
      .filter((c) => c.level === level)
      .map((c) => `${c.field} (${c.message})`)
      .join("; ");
    lines.push(
      `spec compatibility: FAIL — missing a ${needed} changeset for ${SPEC_PACKAGE}.`,
      `  The spec changes are ${level} for TypeScript consumers: ${reasons}.`,
      `  Run \`pnpm changeset\`, pick ${SPEC_PACKAGE} (its fixed group ${group} moves with it), choose "${needed}",`,
      "  and tell users what changed and what to do. If these changes were already released and only the",
      "  baseline is stale, refresh it with `node scripts/spec-compat.mjs --update-baseline`.",
    );
  }
  return { ok, report: lines.join("\n"), needed, pending: pending.bump, changes };
}

/** @param {string} root */
export function updateBaseline(root) {
  bundleSpecTo(root, join(root, BASELINE));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const rootFlag = args.indexOf("--root");
  const root = rootFlag === -1 ? fileURLToPath(new URL("..", import.meta.url)) : (args[rootFlag + 1] ?? ".");
  if (args.includes("--update-baseline")) {
    updateBaseline(root);
    console.log(`spec baseline refreshed: ${relative(process.cwd(), join(root, BASELINE)) || BASELINE}`);
  } else {
    const result = await checkSpecCompatibility(root);
    console.log(result.report);
    process.exit(result.ok ? 0 : 1);
  }
}
