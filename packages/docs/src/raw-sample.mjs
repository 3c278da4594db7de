// The TypeScript sample of an operation that has no hand-written one in samples/: a call over
// `evals.raw`, which covers every operation of the spec, with the method and path of the registry
// and the examples of operation-examples.mjs. The build type-checks it (sample-check.mjs).
import { API_KEY_VARIABLE } from "./curl-sample.mjs";
import { sampleParameters, sampleRequestBody } from "./operation-examples.mjs";

/**
 * @typedef {import("@evals-api/types/registry").Registry} Registry
 */

/** The sample's first lines: the client, made as every sample makes it. */
export const CLIENT_SETUP = `import { createEvalsClient } from "@evals-api/client";

const evals = createEvalsClient({
  apiKey: process.env.${API_KEY_VARIABLE},
});`;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// A value whose literal is this short stays on one line, as a formatter would leave it.
const SHORT_LINE = 60;

/** @param {string} key */
const propertyName = (key) => (IDENTIFIER.test(key) ? key : JSON.stringify(key));

/**
 * A JSON value as a TypeScript literal on one line.
 * @param {unknown} value
 * @returns {string}
 */
function inlineLiteral(value) {
  if (Array.isArray(value)) return `[${value.map(inlineLiteral).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([key, item]) => `${propertyName(key)}: ${inlineLiteral(item)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}

/**
 * A JSON value as a TypeScript literal, laid out like the hand-written samples: keys that are
 * identifiers unquoted (`run_id`), others quoted (`"Idempotency-Key"`), a short value on one line
 * and a long one over several.
 * @param {unknown} value
 * @param {string} indent
 * @returns {string}
 */
function literal(value, indent = "") {
  const inline = inlineLiteral(value);
  if (inline.length <= SHORT_LINE || value === null || typeof value !== "object") return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${literal(item, inner)},`).join("\n")}\n${indent}]`;
  }
  const lines = Object.entries(value).map(([key, item]) => `${inner}${propertyName(key)}: ${literal(item, inner)},`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/**
 * The second argument of the call: the parameters it needs and its body, or undefined when the
 * operation takes neither.
 * @param {Registry} registry
 * @param {import("@evals-api/types/registry").RegisteredOperation} operation
 */
function callInit(registry, operation) {
  const parameters = Object.fromEntries(
    Object.entries(sampleParameters(registry, operation)).filter(([, values]) => Object.keys(values).length > 0),
  );
  const body = sampleRequestBody(registry, operation);
  /** @type {Record<string, unknown>} */
  const init = {};
  if (Object.keys(parameters).length > 0) init.params = parameters;
  if (body !== undefined) init.body = body.value;
  return Object.keys(init).length > 0 ? init : undefined;
}

/**
 * The lines after the client: the `evals.raw` call and what to do with its result. Separate from
 * CLIENT_SETUP because sample-check.mjs checks them against another document's paths type too.
 * @param {Registry} registry
 * @param {string} operationId
 * @returns {string}
 */
export function rawCall(registry, operationId) {
  const operation = registry.get(operationId);
  const init = callInit(registry, operation);
  const args = [JSON.stringify(operation.path), ...(init === undefined ? [] : [literal(init)])].join(", ");
  return `// evals.raw calls any operation of the spec, typed from it.
// It answers { data, error, response } and does not throw.
const { data, error } = await evals.raw.${operation.method}(${args});
if (error) {
  console.error(error);
} else {
  console.log(data);
}`;
}

/**
 * The generated TypeScript sample of one operation.
 * @param {Registry} registry
 * @param {string} operationId
 * @returns {string}
 */
export function rawSample(registry, operationId) {
  return `${CLIENT_SETUP}\n\n${rawCall(registry, operationId)}`;
}
