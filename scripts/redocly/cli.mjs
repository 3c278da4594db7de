// @ts-check
// The one way this repository runs Redocly CLI: the root's pinned binary, with telemetry and the
// update notice off, and the bundle of openapi/ that every package is built from.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const redocly = join(repoRoot, "node_modules", ".bin", "redocly");

// Redocly phones home and prints an update notice unless told not to; neither belongs in a build.
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

/**
 * Runs `redocly <args>` in `cwd` and returns what it printed and how it exited.
 * @param {string[]} args
 * @param {string} cwd
 */
export function runRedocly(args, cwd) {
  return spawnSync(redocly, args, { cwd, env, encoding: "utf8" });
}

/**
 * Writes the bundle of <root>/openapi (the `evals@v1` API of <root>/redocly.yaml) to `output`,
 * as JSON or YAML by its extension: one document whose `$ref`s are all local.
 * @param {string} root a folder with redocly.yaml and openapi/
 * @param {string} output
 */
export function bundleSpecTo(root, output) {
  const result = runRedocly(["bundle", "evals@v1", "--config", join(root, "redocly.yaml"), "-o", output], root);
  if (result.status !== 0) {
    throw new Error(
      `redocly bundle failed in ${root}: fix the spec under openapi/ (run \`pnpm lint:spec\`)\n${result.stdout}${result.stderr}`,
    );
  }
}
