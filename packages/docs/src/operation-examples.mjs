// The values an operation's code samples send, read from its document: an example for every
// parameter a call must carry, and the request body's first example. Both samples (TypeScript and
// curl) take them from here, so they always send the same request.
import { declaredParameters, jsonMediaTypeOf, resolveRefIn } from "@evals-api/types/spec-reading";

/**
 * @typedef {Record<string, any>} OpenApiDocument
 * @typedef {import("@evals-api/types/registry").Registry} Registry
 * @typedef {import("@evals-api/types/registry").RegisteredOperation} RegisteredOperation
 * @typedef {{ path: Record<string, unknown>, query: Record<string, unknown>, header: Record<string, unknown> }} SampleParameters
 */

/** Where a parameter goes, as the error names it. */
const LOCATION_NAMES = /** @type {const} */ ({ path: "Path", query: "Query", header: "Header" });

/**
 * The path item and operation object of an operation in a document (the registry's, or a copy).
 * @param {OpenApiDocument} document
 * @param {{ path: string, method: string, operationId?: string }} operation
 */
function declarationOf(document, operation) {
  /** @type {Record<string, any> | undefined} */
  const pathItem = resolveRefIn(document, document.paths?.[operation.path]);
  /** @type {Record<string, any> | undefined} */
  const object = pathItem?.[operation.method.toLowerCase()];
  if (object === undefined) {
    throw new Error(
      `${operation.method} ${operation.path} (${operation.operationId}) is in the registry but not in the document.`,
    );
  }
  return { pathItem, object };
}

/**
 * The operation object an operation of the registry names, in `document`.
 * @param {OpenApiDocument} document
 * @param {{ path: string, method: string, operationId?: string }} operation
 * @returns {Record<string, any>}
 */
export function findOperation(document, operation) {
  return declarationOf(document, operation).object;
}

/**
 * A parameter's example: its own `example`, else its first named example, else its schema's.
 * @param {OpenApiDocument} document
 * @param {Record<string, any>} parameter
 * @returns {unknown}
 */
function parameterExample(document, parameter) {
  if (parameter.example !== undefined) return parameter.example;
  const [named] = Object.values(/** @type {Record<string, unknown>} */ (parameter.examples ?? {}));
  if (named !== undefined) return resolveRefIn(document, named)?.value;
  /** @type {Record<string, any> | undefined} */
  const schema = resolveRefIn(document, parameter.schema);
  return schema?.example ?? schema?.examples?.[0];
}

/**
 * The parameters a sample of the operation sends, by location: every path parameter and each
 * required query or header parameter, with its example. Optional ones are left out, so that a
 * sample shows the least a call needs.
 * @param {Registry} registry
 * @param {RegisteredOperation} operation
 * @returns {SampleParameters}
 */
export function sampleParameters(registry, operation) {
  const { document } = registry;
  const { pathItem, object } = declarationOf(document, operation);
  /** @type {SampleParameters} */
  const values = { path: {}, query: {}, header: {} };
  /** @type {Record<string, any>[]} */
  const parameters = declaredParameters(document, pathItem, object);
  for (const parameter of parameters) {
    const location = /** @type {keyof SampleParameters} */ (parameter.in);
    if (!(location in values) || (location !== "path" && parameter.required !== true)) continue;
    const example = parameterExample(document, parameter);
    if (example === undefined) {
      throw new Error(
        `${LOCATION_NAMES[location]} parameter ${parameter.name} of ${operation.operationId} has no example: add one in openapi/ for the code samples.`,
      );
    }
    values[location][parameter.name] = example;
  }
  return values;
}

/**
 * The JSON request body a sample sends: its media type and the first request example (else the
 * media type's `example`); undefined when the operation takes no JSON body.
 * @param {Registry} registry
 * @param {RegisteredOperation} operation
 * @returns {{ mediaType: string, value: unknown } | undefined}
 */
export function sampleRequestBody(registry, operation) {
  const { document } = registry;
  /** @type {any} */
  const content = resolveRefIn(document, findOperation(document, operation).requestBody)?.content;
  const mediaType = jsonMediaTypeOf(content);
  if (mediaType === undefined) return undefined;
  const [first] = Object.values(operation.requestExamples());
  const value = first ?? content[mediaType].example;
  if (value === undefined) {
    throw new Error(
      `The request body of ${operation.operationId} has no example: add one in openapi/ for the code samples.`,
    );
  }
  return { mediaType, value };
}
