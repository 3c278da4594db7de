// The operation registry: the generated operation table of a document, with each operation's
// validators by reference, its compiled path, and its responses by status. Everything generic over
// operations (the mock's input step, the contract checks, the docs samples) reads an operation
// here, so that a new operation in the spec is served, checked and documented with no code of its
// own. `createRegistry` takes any generated table (the shipped spec's, or a test fixture's).
import {
  type CompiledPath,
  compilePathTemplate,
  jsonMediaTypeOf,
  resolveRefIn,
  responseStatusKey,
} from "./document-readers.mjs";
import type { Validator } from "./issues.js";

/**
 * Whose fact something in the spec is: stated by the vendor, or assumed by us where the vendor is
 * silent (then `reason` says why). The spec's `x-provenance` marker.
 */
export interface Provenance {
  source: "vendor" | "assumed";
  reason?: string;
}

/** One security scheme an operation accepts; an API-key scheme also names where the key goes. */
export interface SecuritySchemeUse {
  scheme: string;
  type: string;
  in?: string;
  name?: string;
}

/** One parameter an operation takes (its path item's and its own, merged as OpenAPI says). */
export interface ParameterRecord {
  /** The name as the spec spells it, e.g. `Idempotency-Key`. */
  readonly name: string;
  /** `path`, `query`, `header` or `cookie`. */
  readonly in: string;
  readonly required: boolean;
  /** Whether the parameter is the vendor's or ours as a whole (then all its rules are ours). */
  readonly provenance: Provenance;
  /** Its example value: its own `example`, else its first named example, else its schema's; null when none. */
  readonly example: unknown;
}

/** One operation of the generated table (`operationIndex`), as the generator writes it. */
export interface OperationRecord {
  readonly method: string;
  readonly parameters: readonly ParameterRecord[];
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  readonly headerParams: readonly string[];
  readonly pathParamsSchema: string | null;
  readonly queryParamsSchema: string | null;
  readonly headerParamsSchema: string | null;
  readonly requestBodySchema: string | null;
  readonly requestBodyRequired: boolean;
  readonly successStatus: number;
  readonly billed: boolean;
  readonly provenance: Provenance;
  /** Alternatives, each a list of schemes that must all be satisfied (OpenAPI's security requirements). */
  readonly security: readonly (readonly SecuritySchemeUse[])[];
  /** The component schema name of each documented response's JSON body, by status key (`202`, `5XX`). */
  readonly responses: { readonly [statusKey: string]: string | null };
  readonly responseProvenance: { readonly [statusKey: string]: Provenance };
  /** Example names: of the request body, and of each response by status key. */
  readonly examples: {
    readonly request: readonly string[];
    readonly responses: { readonly [statusKey: string]: readonly string[] };
  };
}

/** The validators of one operation, by reference (the generated `operationValidators`). */
export interface OperationValidatorSet {
  readonly pathParams: Validator<unknown> | null;
  readonly queryParams: Validator<unknown> | null;
  readonly headerParams: Validator<unknown> | null;
  readonly requestBody: Validator<unknown> | null;
  readonly responses: { readonly [statusKey: string]: Validator<unknown> | null };
}

/** The response an operation documents for a status. */
export interface DocumentedResponse {
  /** The key it is documented under: the exact code, else its range (`5XX`), else `default`. */
  statusKey: string;
  /** The component schema of its JSON body, or null when it documents none. */
  schema: string | null;
  validate: Validator<unknown> | null;
  provenance: Provenance;
  /** Its JSON examples by name, read from the document. */
  examples: Record<string, unknown>;
  /** The header names it declares, as the spec spells them. */
  headers: string[];
}

/** One operation of a registry: its table record, compiled path, validators and responses. */
export interface RegisteredOperation extends OperationRecord {
  readonly operationId: string;
  /** The compiled path template: `match` a request path, `fill` one from parameters. */
  readonly route: CompiledPath;
  readonly validators: OperationValidatorSet;
  /** The response documented for `status` (exact, then `NXX`, then `default`); undefined when none is. */
  response(status: number): DocumentedResponse | undefined;
  /** The JSON request body examples by name (`{}` when there are none). */
  requestExamples(): Record<string, unknown>;
}

/** What `route` finds for a request: the operation and its path parameters, or the methods the path allows. */
export type RouteMatch =
  | { operation: RegisteredOperation; params: Record<string, string>; allowed?: undefined }
  | { operation?: undefined; params?: undefined; allowed: string[] };

export interface Registry<Id extends string = string> {
  /** The bundled document the table was generated from. */
  readonly document: Record<string, unknown>;
  /** Every operation, by operationId. */
  readonly operations: { readonly [K in Id]: RegisteredOperation };
  /** Every operation, in the document's order. */
  readonly list: readonly RegisteredOperation[];
  /** One operation; throws naming the operationId when the document has no such operation. */
  get(operationId: string): RegisteredOperation;
  /**
   * The operation a request calls: its method and path (percent-encoded, no query) against every
   * path template. A path that matches only under other methods gives those (`allowed`, for a
   * 405); a path that matches no template gives undefined.
   */
  route(method: string, pathname: string): RouteMatch | undefined;
}

export interface RegistryParts<Id extends string> {
  document: unknown;
  operationIndex: { readonly [K in Id]: OperationRecord };
  operationValidators: { readonly [K in Id]: OperationValidatorSet };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const child = (node: unknown, key: string): Json | undefined => {
  const value = isObject(node) ? node[key] : undefined;
  return isObject(value) ? value : undefined;
};

function exampleValues(document: unknown, container: unknown): Record<string, unknown> {
  const content = child(resolveRefIn(document, container), "content");
  const examples = child(child(content, jsonMediaTypeOf(content) ?? ""), "examples") ?? {};
  return Object.fromEntries(
    Object.entries(examples).map(([name, example]) => [
      name,
      resolveRefIn<{ value?: unknown }>(document, example).value,
    ]),
  );
}

function operationObject(document: unknown, { path, method }: OperationRecord): Json {
  const operation = child(resolveRefIn(document, child(child(document, "paths"), path)), method.toLowerCase());
  if (operation === undefined)
    throw new Error(`the document has no ${method} ${path}, which its operation table names`);
  return operation;
}

function register(document: unknown, operationId: string, record: OperationRecord, validators: OperationValidatorSet) {
  const responses = child(operationObject(document, record), "responses");
  const requestBody = operationObject(document, record).requestBody;
  const operation: RegisteredOperation = {
    ...record,
    operationId,
    route: compilePathTemplate(record.path),
    validators,
    response(status) {
      const statusKey = responseStatusKey(record.responses, status);
      if (statusKey === undefined) return undefined;
      const declared = resolveRefIn(document, responses?.[statusKey]);
      return {
        statusKey,
        schema: record.responses[statusKey] ?? null,
        validate: validators.responses[statusKey] ?? null,
        provenance: record.responseProvenance[statusKey] as Provenance,
        examples: exampleValues(document, declared),
        headers: Object.keys(child(declared, "headers") ?? {}),
      };
    },
    requestExamples: () => exampleValues(document, requestBody),
  };
  return operation;
}

/** A registry over a generated operation table, its validators and the document it came from. */
export function createRegistry<Id extends string>({
  document,
  operationIndex,
  operationValidators,
}: RegistryParts<Id>): Registry<Id> {
  const operations = {} as { [K in Id]: RegisteredOperation };
  for (const id of Object.keys(operationIndex) as Id[]) {
    const validators = operationValidators[id];
    if (validators === undefined)
      throw new Error(`operationValidators has no entry for ${id}: regenerate both together`);
    operations[id] = register(document, id, operationIndex[id], validators);
  }
  const list = Object.values<RegisteredOperation>(operations);
  // OpenAPI matches a concrete path before a templated one (`/runs/latest` before `/runs/{id}`).
  const byConcreteness = [...list].sort((a, b) => a.route.names.length - b.route.names.length);
  return {
    document: document as Json,
    operations,
    list,
    get(operationId) {
      const operation = (operations as Record<string, RegisteredOperation>)[operationId];
      if (operation === undefined) {
        throw new Error(
          `the spec has no operation ${operationId} (it has ${list.map((o) => o.operationId).join(", ")})`,
        );
      }
      return operation;
    },
    route(method, pathname) {
      const allowed: string[] = [];
      for (const operation of byConcreteness) {
        const params = operation.route.match(pathname);
        if (params === undefined) continue;
        if (operation.method === method.toUpperCase()) return { operation, params };
        allowed.push(operation.method);
      }
      return allowed.length > 0 ? { allowed } : undefined;
    },
  };
}
