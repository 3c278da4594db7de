// The bundled OpenAPI document: which statuses each operation documents, which schema each
// status's body must match, the request body's rules and the examples the checks start from.
import { type GetEvalAgentResponse, operationIndex } from "@evals-api/types";
import spec from "@evals-api/types/openapi.json" with { type: "json" };

export type OperationId = keyof typeof operationIndex;

/** The JSON Schema keywords the checks read. */
export interface SchemaNode {
  $ref?: string;
  title?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  dependentRequired?: Record<string, string[]>;
  anyOf?: SchemaNode[];
}

/** A JSON object of the document, walked by key. */
type Json = { [key: string]: Json } & { $ref?: string; value?: unknown };

const document = spec as unknown as Json;

/** Follows local `$ref`s (`#/components/...`) inside the bundled document. */
export function deref<T = Json>(node: unknown): T {
  let current = node as Json | undefined;
  while (current && typeof current.$ref === "string") {
    current = current.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<Json | undefined>((at, key) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], document);
  }
  return current as T;
}

export function componentSchema(name: string): SchemaNode {
  return document.components?.schemas?.[name] as SchemaNode;
}

function operationObject(operationId: OperationId): Json {
  const op = operationIndex[operationId];
  return document.paths?.[op.path]?.[op.method.toLowerCase()] as Json;
}

/**
 * The response key documenting `status` for an operation (the exact code, else its range such as
 * `5XX`), or undefined when the spec does not document it.
 */
export function documentedStatusKey(operationId: OperationId, status: number): string | undefined {
  const responses = operationIndex[operationId].responses as Record<string, string | null>;
  if (String(status) in responses) return String(status);
  const range = `${String(status)[0]}XX`;
  return range in responses ? range : undefined;
}

/** The schema name documented for a status key, or null when that response has no JSON body. */
export function responseSchemaName(operationId: OperationId, statusKey: string): string | null {
  return (operationIndex[operationId].responses as Record<string, string | null>)[statusKey] ?? null;
}

function exampleValues(container: unknown): unknown[] {
  const examples = deref(container)?.content?.["application/json"]?.examples ?? {};
  return Object.values(examples).map((example) => deref(example).value);
}

/** The spec's example request bodies for an operation. */
export function requestExamples(operationId: OperationId): Record<string, unknown>[] {
  return exampleValues(operationObject(operationId).requestBody) as Record<string, unknown>[];
}

/** The agent of the spec's Get Eval Agent example: the one `@evals-api/mock` seeds by default. */
export function exampleAgentId(): string {
  const status = String(operationIndex.getEvalAgent.successStatus);
  const [example] = exampleValues(operationObject("getEvalAgent").responses?.[status]) as GetEvalAgentResponse[];
  if (example === undefined) throw new Error("the spec has no Get Eval Agent example; pass agentId (--agent-id)");
  return example.data.agent.id;
}

/** Fills an operation's path template, e.g. `/v1/evals/agents/{eval_agent_id}`. */
export function operationUrl(baseUrl: string, operationId: OperationId, params: Record<string, string> = {}): string {
  const path = operationIndex[operationId].path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? ""),
  );
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}
