// @ts-check
// The bundled spec of a checkout, read back: the gate compares exactly what @evals-api/types ships,
// bundled by the same command (../redocly/cli.mjs).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { bundleSpecTo } from "../redocly/cli.mjs";

export { bundleSpecTo };

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
