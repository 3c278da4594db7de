// Builds the docs site of a registry (by default the shipped spec's, @evals-api/types/registry):
// its document plus code samples and provenance notes, rendered by `redocly build-docs` into one
// self-contained dist/index.html (and the document it was built from, dist/openapi.json, offered
// as a download).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { registry as shippedRegistry } from "@evals-api/types/registry";
import { runRedocly } from "../../../scripts/redocly/cli.mjs";
import { typeScriptSamples, withCodeSamples } from "./code-samples.mjs";
import { llmsFiles } from "./llms.mjs";
import { CONTENT_SECURITY_POLICY, FAVICON, remoteResources, replaceRemoteBadge } from "./offline.mjs";
import { withProvenanceNotes } from "./provenance-notes.mjs";
import { checkGeneratedSamples } from "./sample-check.mjs";
import { SHIPPED_REGISTRY, tryItScript, withTryItScript } from "./try-it-bundle.mjs";

/**
 * @typedef {import("@evals-api/types/registry").Registry} Registry
 * @typedef {{ registry?: Registry, samplesDir?: string }} SiteSource
 */

export const packageDir = fileURLToPath(new URL("..", import.meta.url));
export const samplesDir = join(packageDir, "samples");

/**
 * The document the site renders: the registry's document plus x-codeSamples, with a "Not in the
 * vendor reference" note on everything the spec marks as assumed.
 * @param {SiteSource} [source]
 * @returns {Record<string, any>}
 */
export function siteDocument({ registry = shippedRegistry, samplesDir: dir = samplesDir } = {}) {
  return withProvenanceNotes(withCodeSamples(registry, typeScriptSamples(registry, dir)));
}

/**
 * Runs `redocly build-docs` through the repository's one Redocly runner.
 * @param {string[]} args
 */
function redocly(args) {
  const result = runRedocly(args, packageDir);
  if (result.status !== 0) {
    throw new Error(`redocly ${args[0]} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * Redoc prerenders its links as paths (`/eval-runs`) but routes by hash (`#/eval-runs`) once
 * loaded, and hydration keeps the prerendered attributes: a link opened in a new tab would ask the
 * static host for a page that does not exist. Give the prerendered links their hash form.
 * @param {string} html
 * @returns {string}
 */
export function withHashLinks(html) {
  const start = html.indexOf('<div id="redoc">');
  const end = html.indexOf('<script type="module">', start);
  if (start === -1 || end === -1)
    throw new Error("The page has no prerendered #redoc element: did Redoc's template change?");
  return html.slice(0, start) + html.slice(start, end).replaceAll('href="/', 'href="#/') + html.slice(end);
}

/**
 * Builds the site of a registry into outDir and returns the path of its index.html. The generated
 * TypeScript samples are type-checked first: against the built client for the shipped spec, or
 * against the `paths` type that `pathsFrom` exports for another document. The "Try it (mock)"
 * panels are bundled against the `registry` that `registryFrom` exports (the shipped spec's by
 * default): the module of the same registry, since the page cannot import an object.
 * @param {SiteSource & { outDir?: string, pathsFrom?: string, registryFrom?: string }} [options]
 * @returns {string}
 */
export function buildSite({
  registry = shippedRegistry,
  samplesDir: dir = samplesDir,
  outDir = join(packageDir, "dist"),
  pathsFrom,
  registryFrom = SHIPPED_REGISTRY,
} = {}) {
  const samples = typeScriptSamples(registry, dir);
  const generated = samples.filter((sample) => sample.generated).map((sample) => sample.operationId);
  checkGeneratedSamples(registry, generated, { pathsFrom });
  const document = withProvenanceNotes(withCodeSamples(registry, samples));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const specFile = join(outDir, "openapi.json");
  const indexFile = join(outDir, "index.html");
  writeFileSync(specFile, `${JSON.stringify(document, null, 2)}\n`);
  for (const [file, text] of llmsFiles(registry, document)) {
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    writeFileSync(join(outDir, file), text);
  }

  redocly([
    "build-docs",
    specFile,
    "--output",
    indexFile,
    "--inlineBundle",
    "--config",
    join(packageDir, "redocly.yaml"),
    "--lint-config",
    "error",
    `--title=${document.info.title} reference`,
    `--templateOptions.description=${document.info.summary ?? document.info.title}`,
    `--templateOptions.contentSecurityPolicy=${CONTENT_SECURITY_POLICY}`,
    `--templateOptions.favicon=${FAVICON}`,
  ]);

  const html = withTryItScript(
    withHashLinks(replaceRemoteBadge(readFileSync(indexFile, "utf8"))),
    tryItScript({ registryFrom }),
  );
  const remote = remoteResources(html);
  if (remote.length > 0) {
    throw new Error(
      `The page would load from another origin: ${remote.join(", ")}. Inline or replace these in src/offline.mjs.`,
    );
  }
  writeFileSync(indexFile, html);
  return indexFile;
}
