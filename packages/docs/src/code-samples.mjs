// x-codeSamples for every operation of a registry. TypeScript: the hand-written samples/<operationId>.ts
// when there is one (type-checked against the built client before the site is built), else the
// sample generated over `evals.raw` (raw-sample.mjs). curl: generated from the document
// (curl-sample.mjs). So an operation added to the spec is documented with no code of its own.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { curlSample } from "./curl-sample.mjs";
import { findOperation } from "./operation-examples.mjs";
import { rawSample } from "./raw-sample.mjs";

/**
 * @typedef {Record<string, any>} OpenApiDocument
 * @typedef {import("@evals-api/types/registry").Registry} Registry
 * @typedef {{ lang: string, label: string, source: string }} CodeSample
 * @typedef {{ operationId: string, source: string, generated: boolean }} TypeScriptSample
 */

/**
 * The hand-written samples in a folder, by operationId. Fails when one names no operation of the
 * registry, so a renamed operation cannot leave a stale sample.
 * @param {Registry} registry
 * @param {string} samplesDir
 * @returns {Map<string, string>}
 */
function handWrittenSamples(registry, samplesDir) {
  const names = existsSync(samplesDir)
    ? readdirSync(samplesDir)
        .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
        .map((file) => file.slice(0, -".ts".length))
    : [];
  const strays = names.filter((name) => !(name in registry.operations));
  if (strays.length > 0) {
    throw new Error(`Samples for unknown operations: ${strays.join(", ")}. Name each sample after an operationId.`);
  }
  return new Map(names.map((name) => [name, readFileSync(join(samplesDir, `${name}.ts`), "utf8").trim()]));
}

/**
 * The TypeScript sample of every operation of the registry, in its order: the hand-written one,
 * else the generated one (`generated: true`, to be type-checked before it is shown).
 * @param {Registry} registry
 * @param {string} samplesDir
 * @returns {TypeScriptSample[]}
 */
export function typeScriptSamples(registry, samplesDir) {
  const handWritten = handWrittenSamples(registry, samplesDir);
  return registry.list.map(({ operationId }) => {
    const source = handWritten.get(operationId);
    return source === undefined
      ? { operationId, source: rawSample(registry, operationId), generated: true }
      : { operationId, source, generated: false };
  });
}

/**
 * A copy of the registry's document with TypeScript and curl `x-codeSamples` on every operation.
 * @param {Registry} registry
 * @param {TypeScriptSample[]} samples from typeScriptSamples
 * @returns {OpenApiDocument}
 */
export function withCodeSamples(registry, samples) {
  /** @type {OpenApiDocument} */
  const copy = structuredClone(registry.document);
  for (const { operationId, source } of samples) {
    /** @type {CodeSample[]} */
    const codeSamples = [
      { lang: "TypeScript", label: "TypeScript", source },
      { lang: "curl", label: "curl", source: curlSample(registry, operationId) },
    ];
    findOperation(copy, registry.get(operationId))["x-codeSamples"] = codeSamples;
  }
  return copy;
}
