// @ts-check
// Bundles the hand-written spec under <root>/openapi with Redocly (the same command and config
// packages/types uses), so the gate compares exactly what @evals-api/types ships.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const redocly = join(repoRoot, "node_modules", ".bin", "redocly");
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

/**
 * Writes the bundle of <root>/openapi to `output` (.json or .yaml).
 * @param {string} root a folder with redocly.yaml and openapi/
 * @param {string} output
 */
export function bundleSpecTo(root, output) {
  const result = spawnSync(redocly, ["bundle", "evals@v1", "--config", join(root, "redocly.yaml"), "-o", output], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`redocly bundle failed in ${root}: fix the spec (run \`pnpm lint:spec\`)\n${result.stderr}`);
  }
}

/**
 * @param {string} root
 * @returns {Record<string, any>} the bundled spec
 */
export function bundleSpec(root) {
  const dir = mkdtempSync(join(tmpdir(), "evals-spec-"));
  try {
    const file = join(dir, "openapi.json");
    bundleSpecTo(root, file);
    return JSON.parse(readFileSync(file, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {string} file a bundled spec in YAML or JSON */
export function readSpec(file) {
  return parse(readFileSync(file, "utf8"));
}
