// @ts-check
// What the pending changesets will release, as changesets itself computes it (fixed groups,
// dependents, pre mode), for the packages derived from the spec.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import getReleasePlan from "@changesets/get-release-plan";

/** The package that ships the bundled spec; its fixed group is every spec-derived package. */
export const SPEC_PACKAGE = "@evals-api/types";
const RANK = { none: 0, patch: 1, minor: 2, major: 3 };

/** @typedef {"none" | "patch" | "minor" | "major"} Bump */

/**
 * @param {string} root the repository root (holds .changeset/)
 * @returns {Promise<{ bump: Bump, packages: string[], changesets: { id: string, bump: Bump }[] }>}
 */
export async function pendingSpecRelease(root) {
  const config = JSON.parse(readFileSync(join(root, ".changeset", "config.json"), "utf8"));
  /** @type {string[]} */
  const packages = (config.fixed ?? []).find((/** @type {string[]} */ g) => g.includes(SPEC_PACKAGE)) ?? [SPEC_PACKAGE];
  const plan = await getReleasePlan(root);
  /** @type {Bump} */
  let bump = "none";
  for (const release of plan.releases) {
    if (packages.includes(release.name) && RANK[release.type] > RANK[bump]) bump = release.type;
  }
  const changesets = plan.changesets
    .map((cs) => {
      /** @type {Bump} */
      let csBump = "none";
      for (const r of cs.releases) if (packages.includes(r.name) && RANK[r.type] > RANK[csBump]) csBump = r.type;
      return { id: cs.id, bump: csBump };
    })
    .filter((cs) => cs.bump !== "none");
  return { bump, packages, changesets };
}

/** @param {Bump} a @param {Bump} b */
export function bumpCovers(a, b) {
  return RANK[a] >= RANK[b];
}
