// @ts-check
// Checks one package as npm installed it from its tarball: what a consumer actually receives.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];
// Files that belong to the repository, never to a consumer.
const TEST_FILE = /(^|\/)(test|tests|__tests__|test-output)\/|\.(test|spec)(-d)?\.[cm]?[jt]sx?$|(^|\/)vitest\.config\./;

/**
 * @param {string} dir the installed package, e.g. node_modules/@evals-api/client
 * @returns {string[]} problems, each naming the package, the field and the file
 */
export function inspectInstalledPackage(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const name = manifest.name ?? dir;
  /** @type {string[]} */
  const problems = [];
  const files = listFiles(dir);

  for (const field of DEPENDENCY_FIELDS) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith("workspace:")) {
        problems.push(`${name}: ${field}.${dep} is "${range}": publish with pnpm so it becomes a semver range`);
      }
    }
  }
  for (const file of files.filter((f) => TEST_FILE.test(f))) {
    problems.push(`${name}: ships the test file ${file}: narrow "files" in package.json`);
  }
  for (const [where, target] of entryPoints(manifest)) {
    if (target.includes("*")) {
      const pattern = new RegExp(`^${escapeRegExp(target.replace(/^\.\//, "")).replace("\\*", ".+")}$`);
      if (!files.some((f) => pattern.test(f)))
        problems.push(`${name}: ${where} → ${target} matches no file in the package`);
    } else if (!isFile(join(dir, target))) {
      problems.push(`${name}: ${where} → ${target} is missing from the package (is it built, and listed in "files"?)`);
    }
  }
  for (const file of files.filter((f) => /\.[cm]?js$/.test(f))) {
    const map = /\/\/# sourceMappingURL=(?!data:)(\S+)\s*$/.exec(readFileSync(join(dir, file), "utf8"));
    if (map?.[1] && !isFile(join(dir, dirname(file), map[1]))) {
      problems.push(`${name}: ${file} points to the source map ${map[1]}, which is not in the package`);
    }
  }
  if (!files.some((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f)))
    problems.push(`${name}: no LICENSE file in the package`);
  return problems;
}

/**
 * Every file a consumer's tooling may load: exports (all conditions), main, module, types, bin.
 * @param {Record<string, any>} manifest
 * @returns {[string, string][]} [where it is named, relative path]
 */
export function entryPoints(manifest) {
  /** @type {[string, string][]} */
  const found = [];
  /** @param {unknown} node @param {string} where */
  const walk = (node, where) => {
    if (typeof node === "string") found.push([where, node]);
    else if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) walk(n, `${where}[${i}]`);
    } else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) walk(value, `${where}["${key}"]`);
    }
  };
  walk(manifest.exports, "exports");
  for (const field of ["main", "module", "types", "typings"]) {
    if (typeof manifest[field] === "string") found.push([field, manifest[field]]);
  }
  if (typeof manifest.bin === "string") found.push(["bin", manifest.bin]);
  else walk(manifest.bin, "bin");
  return found;
}

/** @param {string} dir @returns {string[]} paths relative to dir, with "/" */
function listFiles(dir) {
  /** @type {string[]} */
  const out = [];
  /** @param {string} d */
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      // A package's own node_modules (nested deps npm could not hoist) is not its content.
      if (entry.isDirectory() && entry.name !== "node_modules") walk(full);
      else if (entry.isFile()) out.push(relative(dir, full).split("\\").join("/"));
    }
  };
  walk(dir);
  return out;
}

/** @param {string} path */
function isFile(path) {
  return existsSync(path) && statSync(path).isFile();
}

/** @param {string} s */
function escapeRegExp(s) {
  return s.replace(/[.+?^${}()|[\]\\*]/g, "\\$&");
}
