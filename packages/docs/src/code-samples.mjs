// x-codeSamples for every operation: the TypeScript sample is a file in samples/ named after the
// operationId (type-checked against the built client before the site is built), and the curl
// sample is generated from the spec itself — its server, security scheme, path parameter examples
// and first request example — so neither can drift from the document.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { operationIndex } from "@evals-api/types";
import { declaredParameters, jsonMediaTypeOf, resolveRefIn } from "@evals-api/types/spec-reading";

/**
 * @typedef {Record<string, any>} OpenApiDocument
 * @typedef {{ lang: string, label: string, source: string }} CodeSample
 * @typedef {keyof typeof operationIndex} OperationId
 */

/** The shell variable the curl samples read the API key from (the client reads the same one). */
export const API_KEY_VARIABLE = "BLAND_API_KEY";

/**
 * The path item that operationIndex names for an operation.
 * @param {OpenApiDocument} document
 * @param {OperationId} operationId
 * @returns {any}
 */
function findPathItem(document, operationId) {
  return resolveRefIn(document, document.paths?.[operationIndex[operationId].path]);
}

/**
 * The operation object that operationIndex names.
 * @param {OpenApiDocument} document
 * @param {OperationId} operationId
 */
export function findOperation(document, operationId) {
  const { path, method } = operationIndex[operationId];
  const operation = findPathItem(document, operationId)?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} (${operationId}) is in operationIndex but not in the document.`);
  return operation;
}

/** @param {string} text */
function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The header that carries the API key, from the document's security requirement.
 * @param {OpenApiDocument} document
 * @param {any} operation
 * @returns {string | undefined}
 */
function apiKeyHeader(document, operation) {
  const requirements = operation.security ?? document.security ?? [];
  for (const requirement of requirements) {
    for (const name of Object.keys(requirement)) {
      /** @type {any} */
      const scheme = resolveRefIn(document, document.components?.securitySchemes?.[name]);
      if (scheme?.type === "apiKey" && scheme.in === "header") return scheme.name;
    }
  }
  return undefined;
}

/**
 * A curl command for one operation, built from the document's own server, auth scheme and examples.
 * @param {OpenApiDocument} document
 * @param {OperationId} operationId
 * @returns {string}
 */
export function curlSample(document, operationId) {
  const { method, path, pathParams } = operationIndex[operationId];
  const operation = findOperation(document, operationId);
  /** @type {any[]} */
  const parameters = declaredParameters(document, findPathItem(document, operationId), operation);

  let url = `${document.servers?.[0]?.url ?? ""}${path}`;
  for (const name of pathParams) {
    const parameter = parameters.find((/** @type {any} */ p) => p.in === "path" && p.name === name);
    const example = parameter?.example ?? parameter?.schema?.examples?.[0];
    if (example === undefined) {
      throw new Error(
        `Path parameter ${name} of ${operationId} has no example: add one in openapi/ for the curl sample.`,
      );
    }
    url = url.replace(`{${name}}`, encodeURIComponent(String(example)));
  }

  const lines = [`curl --request ${method}`, `  --url ${shellQuote(url)}`];
  const authHeader = apiKeyHeader(document, operation);
  if (authHeader) lines.push(`  --header "${authHeader}: $${API_KEY_VARIABLE}"`);

  /** @type {any} */
  const content = resolveRefIn(document, operation.requestBody)?.content;
  const mediaType = jsonMediaTypeOf(content);
  if (mediaType !== undefined) {
    const json = content[mediaType];
    const [firstExample] = Object.values(json.examples ?? {});
    const body = firstExample ? resolveRefIn(document, firstExample).value : json.example;
    if (body === undefined) throw new Error(`The request body of ${operationId} has no example for the curl sample.`);
    lines.push(`  --header ${shellQuote(`content-type: ${mediaType}`)}`);
    lines.push(`  --data ${shellQuote(JSON.stringify(body, null, 2))}`);
  }
  return lines.join(" \\\n");
}

/**
 * The checked-in TypeScript sample of one operation.
 * @param {string} samplesDir
 * @param {OperationId} operationId
 * @returns {string}
 */
export function typeScriptSample(samplesDir, operationId) {
  const file = join(samplesDir, `${operationId}.ts`);
  if (!existsSync(file)) {
    throw new Error(
      `No TypeScript sample for ${operationId}: add ${file} (it is type-checked against @evals-api/client).`,
    );
  }
  return readFileSync(file, "utf8").trim();
}

/**
 * A copy of the document with TypeScript and curl `x-codeSamples` on every operation.
 * Fails when a sample file names no operation, so a renamed operation cannot leave a stale sample.
 * @param {OpenApiDocument} document
 * @param {string} samplesDir
 * @returns {OpenApiDocument}
 */
export function withCodeSamples(document, samplesDir) {
  const operationIds = /** @type {OperationId[]} */ (Object.keys(operationIndex));
  const strays = readdirSync(samplesDir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map((file) => file.slice(0, -".ts".length))
    .filter((name) => !operationIds.includes(/** @type {OperationId} */ (name)));
  if (strays.length > 0) {
    throw new Error(`Samples for unknown operations: ${strays.join(", ")}. Name each sample after an operationId.`);
  }

  /** @type {OpenApiDocument} */
  const copy = structuredClone(document);
  for (const operationId of operationIds) {
    /** @type {CodeSample[]} */
    const samples = [
      { lang: "TypeScript", label: "TypeScript", source: typeScriptSample(samplesDir, operationId) },
      { lang: "curl", label: "curl", source: curlSample(copy, operationId) },
    ];
    findOperation(copy, operationId)["x-codeSamples"] = samples;
  }
  return copy;
}
