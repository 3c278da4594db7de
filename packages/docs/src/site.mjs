// Builds the docs site: the bundled spec from @evals-api/types, plus code samples, rendered by
// `redocly build-docs` into one self-contained dist/index.html (and the document it was built from,
// dist/openapi.json, offered as a download).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { withCodeSamples } from "./code-samples.mjs";
import { CONTENT_SECURITY_POLICY, FAVICON, remoteResources, replaceRemoteBadge } from "./offline.mjs";
import { withProvenanceNotes } from "./provenance-notes.mjs";

const require = createRequire(import.meta.url);
export const packageDir = fileURLToPath(new URL("..", import.meta.url));
export const samplesDir = join(packageDir, "samples");

/** The bundled OpenAPI document that @evals-api/types publishes. */
export function readBundledSpec() {
  return JSON.parse(readFileSync(require.resolve("@evals-api/types/openapi.json"), "utf8"));
}

/**
 * The document the site renders: the bundle plus x-codeSamples, with a "Not in the vendor
 * reference" note on everything the spec marks as assumed.
 * @returns {Record<string, any>}
 */
export function siteDocument() {
  return withProvenanceNotes(withCodeSamples(readBundledSpec(), samplesDir));
}

/**
 * Runs `redocly build-docs`, with telemetry and the update check off.
 * @param {string[]} args
 */
function redocly(args) {
  const result = spawnSync(process.execPath, [require.resolve("@redocly/cli/bin/cli.js"), ...args], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
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
 * Builds the site into outDir and returns the path of its index.html.
 * @param {{ outDir?: string }} [options]
 * @returns {string}
 */
export function buildSite({ outDir = join(packageDir, "dist") } = {}) {
  const document = siteDocument();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const specFile = join(outDir, "openapi.json");
  const indexFile = join(outDir, "index.html");
  writeFileSync(specFile, `${JSON.stringify(document, null, 2)}\n`);

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

  const html = withHashLinks(replaceRemoteBadge(readFileSync(indexFile, "utf8")));
  const remote = remoteResources(html);
  if (remote.length > 0) {
    throw new Error(
      `The page would load from another origin: ${remote.join(", ")}. Inline or replace these in src/offline.mjs.`,
    );
  }
  writeFileSync(indexFile, html);
  return indexFile;
}
