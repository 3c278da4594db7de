// Reading the bundled OpenAPI document at run time: local `$ref`s, the response documented for a
// status, request and response examples, request defaults, header declarations. Everything is read
// from the document by OpenAPI's own structure, so it follows the spec without restating it.
// A separate entry point: the document is inlined here, and the main entry stays types-only.
import document from "../generated/openapi.json" with { type: "json" };
import { operationIndex } from "../generated/operations.js";
import type { Provenance } from "./registry.js";
import { declaredParameters, jsonMediaTypeOf, resolveRefIn, responseStatusKey } from "./spec-reading.js";

// The readers that take any document (`@evals-api/types/spec-reading`), offered here too: the
// functions below are these readers applied to the bundled document.
export * from "./spec-reading.js";

/** The name of one operation of the spec, e.g. `createEvalRun`. */
export type OperationId = keyof typeof operationIndex;

/** A JSON object of the document, read by key. */
export type SpecObject = Record<string, unknown>;

export {
  createRegistry,
  type DocumentedResponse,
  type OperationRecord,
  type OperationValidatorSet,
  type ParameterRecord,
  type Provenance,
  type RegisteredOperation,
  type Registry,
  type RegistryParts,
  type RouteMatch,
  type SecuritySchemeUse,
} from "./registry.js";

/** One parameter an operation declares, with its `$ref`s followed. */
export interface ParameterDeclaration {
  /** The name as the spec spells it, e.g. `Idempotency-Key`. */
  name: string;
  /** Where it is sent: `path`, `query`, `header` or `cookie`. */
  in: string;
  required: boolean;
  schema: SpecObject;
  /** Whether the parameter is the vendor's or ours (`Idempotency-Key` is ours). */
  provenance: Provenance;
}

/** The bundled OpenAPI 3.1 document (the same as `@evals-api/types/openapi.json`). */
export const openapiDocument: SpecObject = document as unknown as SpecObject;

const isObject = (value: unknown): value is SpecObject =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function child(node: unknown, key: string): SpecObject | undefined {
  const value = isObject(node) ? node[key] : undefined;
  return isObject(value) ? value : undefined;
}

/**
 * Follows local `$ref`s (`#/components/...`, JSON Pointer escapes included) in the bundled
 * document until a node that is not a reference. Any other value is returned as is.
 */
export function resolveRef<T = SpecObject>(node: unknown): T {
  return resolveRefIn<T>(document, node);
}

/** The operation object of the document (`paths[path][method]`), `$ref`s of its path item followed. */
export function operationObject(operationId: OperationId): SpecObject {
  const { path, method } = operationIndex[operationId];
  const operation = child(resolveRef(child(openapiDocument.paths, path)), method.toLowerCase());
  if (operation === undefined) throw new Error(`the bundled document has no ${method} ${path} (${operationId})`);
  return operation;
}

/**
 * The key under which an operation's `responses` document `status`: the exact code, else its range
 * (`5XX`), else `default`; undefined when the spec does not document the status.
 */
export function documentedStatusKey(operationId: OperationId, status: number): string | undefined {
  return responseStatusKey(child(operationObject(operationId), "responses"), status);
}

/** The response object documented under a status key (`202`, `5XX`), `$ref`s followed. */
function responseObject(operationId: OperationId, statusKey: string): SpecObject | undefined {
  return resolveRef<SpecObject | undefined>(child(operationObject(operationId), "responses")?.[statusKey]);
}

// The JSON media type object of a request body or response.
function jsonMediaType(container: SpecObject | undefined): SpecObject | undefined {
  const content = child(container, "content");
  const key = jsonMediaTypeOf(content);
  return key === undefined ? undefined : child(content, key);
}

function exampleValues(mediaType: SpecObject | undefined): Record<string, unknown> {
  const examples = child(mediaType, "examples") ?? {};
  return Object.fromEntries(
    Object.entries(examples).map(([name, example]) => [name, resolveRef<{ value?: unknown }>(example).value]),
  );
}

/** The request body object of an operation, `$ref`s followed; undefined when it takes no body. */
function requestBodyObject(operationId: OperationId): SpecObject | undefined {
  return resolveRef<SpecObject | undefined>(operationObject(operationId).requestBody);
}

/** The example values of an operation's JSON request body, by example name (`{}` when none). */
export function requestExamples(operationId: OperationId): Record<string, unknown> {
  return exampleValues(jsonMediaType(requestBodyObject(operationId)));
}

/** The example values of an operation's JSON response under one status key, by example name. */
export function responseExamples(operationId: OperationId, statusKey: string): Record<string, unknown> {
  return exampleValues(jsonMediaType(responseObject(operationId, statusKey)));
}

/** A named schema of `components.schemas`, as written (its `$ref`s are not followed). */
export function componentSchema<T = SpecObject>(name: string): T {
  const schema = child(child(openapiDocument.components, "schemas"), name);
  if (schema === undefined) throw new Error(`the bundled document has no component schema ${JSON.stringify(name)}`);
  return schema as T;
}

/**
 * The `default` the spec declares for each top-level property of an operation's JSON request body,
 * by property name (`{}` when the operation takes no body or declares no defaults).
 */
export function requestDefaults(operationId: OperationId): Record<string, unknown> {
  const schema = resolveRef<SpecObject | undefined>(jsonMediaType(requestBodyObject(operationId))?.schema);
  const properties = child(schema, "properties") ?? {};
  const defaults: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    // A property may carry its own default next to a `$ref`, or inherit the referenced schema's.
    const declared = isObject(property) && "default" in property ? property : resolveRef(property);
    if (isObject(declared) && "default" in declared) defaults[name] = declared.default;
  }
  return defaults;
}

/**
 * The parameters an operation takes: those of its path item, overridden by the operation's own
 * of the same name and location (as OpenAPI specifies), `$ref`s followed.
 */
export function operationParameters(operationId: OperationId): ParameterDeclaration[] {
  const pathItem = resolveRef(child(openapiDocument.paths, operationIndex[operationId].path));
  return declaredParameters(document, pathItem, operationObject(operationId)).map((p) => ({
    name: String(p.name),
    in: String(p.in),
    required: p.required === true,
    schema: resolveRef<SpecObject | undefined>(p.schema) ?? {},
    provenance: markerOf(p, `parameter ${String(p.name)} of ${operationId}`),
  }));
}

/**
 * The header parameters an operation declares (`in: header`), named as the spec spells them. HTTP
 * header names are case-insensitive: look each up in a request by this name, case-insensitively.
 */
export function headerParameters(operationId: OperationId): ParameterDeclaration[] {
  return operationParameters(operationId).filter((p) => p.in === "header");
}

/** The header names the spec declares on one documented response, e.g. `Retry-After` on `429`. */
export function responseHeaders(operationId: OperationId, statusKey: string): string[] {
  return Object.keys(child(responseObject(operationId, statusKey), "headers") ?? {});
}

const isProvenance = (value: unknown): value is Provenance =>
  isObject(value) && (value.source === "vendor" || value.source === "assumed");

// The lint gate (evals/provenance-stated) makes every operation, response, parameter and header
// state one; a document without it was not built from this repository's openapi/.
function markerOf(node: SpecObject | undefined, what: string): Provenance {
  const marker = node?.["x-provenance"];
  if (!isProvenance(marker)) throw new Error(`the bundled document states no x-provenance for ${what}`);
  return marker;
}

/** What `provenanceOf` is asked about; with none of them, the operation itself. */
export interface ProvenanceSelector {
  /** A response status (`429`) or status key (`5XX`): the response documented for it. */
  status?: number | string;
  /** A request parameter by its spec name (`Idempotency-Key`), or the header of an API-key scheme (`authorization`). */
  parameter?: string;
  /** A response header (`Retry-After`), of the response for `status` or, without one, of any response. */
  header?: string;
}

function securitySchemeFor(operationId: OperationId, header: string): SpecObject | undefined {
  const requirements = (operationObject(operationId).security ?? openapiDocument.security ?? []) as SpecObject[];
  const schemes = child(openapiDocument.components, "securitySchemes") ?? {};
  return requirements
    .flatMap((requirement) => Object.keys(requirement))
    .map((name) => resolveRef<SpecObject | undefined>(schemes[name]))
    .find((scheme) => scheme?.in === "header" && String(scheme.name).toLowerCase() === header.toLowerCase());
}

function responseKeyFor(operationId: OperationId, status: number | string): string {
  const key =
    typeof status === "number" || /^\d{3}$/.test(status) ? documentedStatusKey(operationId, Number(status)) : status;
  if (key === undefined || responseObject(operationId, key) === undefined) {
    throw new Error(`${operationId} documents no response for status ${status}`);
  }
  return key;
}

/**
 * Whether the vendor states something about an operation, or we assume it: the operation itself,
 * the response documented for a status, a parameter, or a response header. Read from the spec's
 * `x-provenance` markers, so every package asks here instead of keeping a list of its own.
 *
 * ```ts
 * provenanceOf("createEvalRun", { status: 202 }); // { source: "assumed", reason: "The vendor's page shows…" }
 * provenanceOf("getEvalAgent", { status: 200 });  // { source: "vendor" }
 * ```
 */
export function provenanceOf(operationId: OperationId, selector: ProvenanceSelector = {}): Provenance {
  const { status, parameter, header } = selector;
  if (parameter !== undefined) {
    const declared = operationParameters(operationId).find((p) => p.name.toLowerCase() === parameter.toLowerCase());
    if (declared !== undefined) return declared.provenance;
    const scheme = securitySchemeFor(operationId, parameter);
    if (scheme === undefined) throw new Error(`${operationId} has no parameter or API-key header ${parameter}`);
    return markerOf(scheme, `the security scheme sending ${parameter}`);
  }
  if (header !== undefined) {
    const keys =
      status === undefined
        ? Object.keys(child(operationObject(operationId), "responses") ?? {})
        : [responseKeyFor(operationId, status)];
    for (const key of keys) {
      const headers = child(responseObject(operationId, key), "headers") ?? {};
      const name = Object.keys(headers).find((h) => h.toLowerCase() === header.toLowerCase());
      if (name !== undefined) return markerOf(resolveRef(headers[name]), `header ${name} of ${operationId} ${key}`);
    }
    throw new Error(
      `${operationId} documents no response header ${header}${status === undefined ? "" : ` for ${status}`}`,
    );
  }
  if (status !== undefined) {
    const key = responseKeyFor(operationId, status);
    return markerOf(responseObject(operationId, key), `response ${key} of ${operationId}`);
  }
  return markerOf(operationObject(operationId), `operation ${operationId}`);
}

/**
 * Whether a rule of a schema is the vendor's: `assumed` when the schema is ours as a whole
 * (`x-provenance`) or names the keyword under `x-keyword-provenance`; `vendor` otherwise.
 * `schema` is a node of the document (a component schema, a property, a parameter's schema).
 */
export function keywordProvenance(schema: unknown, keyword: string): Provenance {
  const node = resolveRef<unknown>(schema);
  if (!isObject(node)) return { source: "vendor" };
  if (isProvenance(node["x-provenance"]) && node["x-provenance"].source === "assumed") return node["x-provenance"];
  const marker = child(node, "x-keyword-provenance")?.[keyword];
  return isProvenance(marker) ? marker : { source: "vendor" };
}
