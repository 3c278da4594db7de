// The bundled OpenAPI document, read at run time: the route table, documented statuses, request
// defaults and the examples that seed the mock all come from here, never from literals.
import { operationIndex } from "@evals-api/types";
import spec from "@evals-api/types/openapi.json" with { type: "json" };

export type OperationId = keyof typeof operationIndex;
export type Operation = (typeof operationIndex)[OperationId];

interface Ref {
  $ref: string;
}
type Node = Record<string, unknown>;

const document = spec as unknown as Node;

/** Follows a local `$ref` (`#/components/...`) inside the bundled document. */
export function resolveRef<T = Node>(node: unknown): T {
  let current = node;
  while (current !== null && typeof current === "object" && typeof (current as Ref).$ref === "string") {
    const pointer = (current as Ref).$ref.replace(/^#\//, "").split("/");
    current = pointer.reduce<unknown>((at, key) => (at as Node)[key.replace(/~1/g, "/").replace(/~0/g, "~")], document);
  }
  return current as T;
}

function operationObject(operationId: OperationId): Node {
  const op = operationIndex[operationId];
  const item = (document.paths as Node)[op.path] as Node;
  return item[op.method.toLowerCase()] as Node;
}

export const operationIds = Object.keys(operationIndex) as OperationId[];

/**
 * The key under which the spec documents `status` for an operation: the exact code, else its
 * range (`5XX`), else undefined when the status is undocumented.
 */
export function documentedStatusKey(operationId: OperationId, status: number): string | undefined {
  const responses = operationIndex[operationId].responses as Record<string, string | null>;
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${exact[0]}XX`;
  return range in responses ? range : undefined;
}

/** The example values of an operation's request body, by example name. */
export function requestExamples(operationId: OperationId): Record<string, unknown> {
  const body = resolveRef<Node>(operationObject(operationId).requestBody);
  const examples = ((body?.content as Node)?.["application/json"] as Node)?.examples as Node | undefined;
  return Object.fromEntries(
    Object.entries(examples ?? {}).map(([name, ex]) => [name, resolveRef<{ value: unknown }>(ex).value]),
  );
}

/** The example values of an operation's response for one documented status key. */
export function responseExamples(operationId: OperationId, statusKey: string): Record<string, unknown> {
  const responses = operationObject(operationId).responses as Node;
  const response = resolveRef<Node>(responses[statusKey]);
  const examples = ((response?.content as Node)?.["application/json"] as Node)?.examples as Node | undefined;
  return Object.fromEntries(
    Object.entries(examples ?? {}).map(([name, ex]) => [name, resolveRef<{ value: unknown }>(ex).value]),
  );
}

/** A named component schema of the bundled document. */
export function componentSchema(name: string): Node {
  return (document.components as { schemas: Record<string, Node> }).schemas[name] ?? {};
}

/** The `default` the spec declares for each top-level property of a request body schema. */
export function requestDefaults(operationId: OperationId): Record<string, unknown> {
  const schemaName = operationIndex[operationId].requestBodySchema;
  if (schemaName === null) return {};
  const properties = (componentSchema(schemaName).properties ?? {}) as Record<string, Node>;
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([, prop]) => "default" in prop)
      .map(([name, prop]) => [name, prop.default]),
  );
}

/** The header parameters an operation declares, with their schemas. */
export function headerParameters(operationId: OperationId): { name: string; schema: Node; required: boolean }[] {
  const params = (operationObject(operationId).parameters ?? []) as unknown[];
  return params
    .map((p) => resolveRef<Node>(p))
    .filter((p) => p.in === "header")
    .map((p) => ({ name: String(p.name), schema: (p.schema ?? {}) as Node, required: p.required === true }));
}

/** The header names the spec declares on one documented response (e.g. `Retry-After` on 429). */
export function responseHeaders(operationId: OperationId, statusKey: string): string[] {
  const responses = operationObject(operationId).responses as Node;
  return Object.keys((resolveRef<Node>(responses[statusKey])?.headers ?? {}) as Node);
}

/** Every request header the spec declares: API-key schemes in a header, and header parameters. */
export function declaredRequestHeaders(): string[] {
  const schemes = Object.values(((document.components as Node).securitySchemes ?? {}) as Record<string, Node>)
    .filter((scheme) => scheme.type === "apiKey" && scheme.in === "header")
    .map((scheme) => String(scheme.name));
  const params = operationIds.flatMap((id) => headerParameters(id).map((p) => p.name));
  return [...new Set([...schemes, ...params])];
}

/** Every response header the spec documents on any operation (e.g. `Retry-After`). */
export function declaredResponseHeaders(): string[] {
  const names = operationIds.flatMap((id) =>
    Object.keys(operationIndex[id].responses).flatMap((status) => responseHeaders(id, status)),
  );
  return [...new Set(names)];
}
