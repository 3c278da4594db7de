// What the checks read from the bundled OpenAPI document beyond `@evals-api/types/spec`: the JSON
// Schema keywords the body rules walk, the schema named for each status, the example agent and
// request URLs.
import { type GetEvalAgentResponse, operationIndex } from "@evals-api/types";
import { type OperationId, requestExamples, responseExamples } from "@evals-api/types/spec";

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

/** The schema name documented for a status key, or null when that response has no JSON body. */
export function responseSchemaName(operationId: OperationId, statusKey: string): string | null {
  return (operationIndex[operationId].responses as Record<string, string | null>)[statusKey] ?? null;
}

/** The spec's example request bodies for an operation. */
export function exampleBodies(operationId: OperationId): Record<string, unknown>[] {
  return Object.values(requestExamples(operationId)) as Record<string, unknown>[];
}

/** The agent of the spec's Get Eval Agent example: the one `@evals-api/mock` seeds by default. */
export function exampleAgentId(): string {
  const status = String(operationIndex.getEvalAgent.successStatus);
  const [example] = Object.values(responseExamples("getEvalAgent", status)) as GetEvalAgentResponse[];
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
