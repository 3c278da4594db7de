// The curl sample of an operation, generated from the document itself: its first server, the
// header its security scheme reads the key from, and the examples of operation-examples.mjs.
import { sampleParameters, sampleRequestBody } from "./operation-examples.mjs";

/**
 * @typedef {import("@evals-api/types/registry").Registry} Registry
 */

/** The shell variable the samples read the API key from (the client reads the same one). */
export const API_KEY_VARIABLE = "BLAND_API_KEY";

/** @param {string} text */
function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A curl command for one operation of the registry.
 * @param {Registry} registry
 * @param {string} operationId
 * @returns {string}
 */
export function curlSample(registry, operationId) {
  const operation = registry.get(operationId);
  const parameters = sampleParameters(registry, operation);
  const query = new URLSearchParams(Object.entries(parameters.query).map(([name, value]) => [name, String(value)]));
  const search = query.toString() === "" ? "" : `?${query}`;
  const server = /** @type {any} */ (registry.document).servers?.[0]?.url ?? "";
  const url = `${server}${operation.route.fill(parameters.path)}${search}`;

  const lines = [`curl --request ${operation.method}`, `  --url ${shellQuote(url)}`];
  const auth = operation.security.flat().find((use) => use.type === "apiKey" && use.in === "header");
  // The key stays a shell variable, so that a pasted command never carries one.
  if (auth) lines.push(`  --header "${auth.name}: $${API_KEY_VARIABLE}"`);
  for (const [name, value] of Object.entries(parameters.header)) {
    lines.push(`  --header ${shellQuote(`${name}: ${String(value)}`)}`);
  }

  const body = sampleRequestBody(registry, operation);
  if (body !== undefined) {
    lines.push(`  --header ${shellQuote(`content-type: ${body.mediaType}`)}`);
    lines.push(`  --data ${shellQuote(JSON.stringify(body.value, null, 2))}`);
  }
  return lines.join(" \\\n");
}
