// What the checks read from the bundled OpenAPI document beyond `@evals-api/types/spec`: the JSON
// Schema keywords the body rules walk, the schema named for each status, whose fact a schema or a
// status list is, the example agent and request URLs.
import { type GetEvalAgentResponse, operationIndex } from "@evals-api/types";
import {
  componentSchema,
  type OperationId,
  type Provenance,
  provenanceOf,
  requestExamples,
  responseExamples,
} from "@evals-api/types/spec";

/** The JSON Schema keywords (and provenance markers) the checks read. */
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
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  "x-provenance"?: Provenance;
  "x-keyword-provenance"?: Record<string, Provenance>;
}

const VENDOR: Provenance = { source: "vendor" };

/** The schema name documented for a status key, or null when that response has no JSON body. */
export function responseSchemaName(operationId: OperationId, statusKey: string): string | null {
  return (operationIndex[operationId].responses as Record<string, string | null>)[statusKey] ?? null;
}

/** Whether a component schema is ours as a whole (`x-provenance: assumed`, e.g. ErrorEnvelope). */
export function schemaProvenance(schemaName: string): Provenance {
  return componentSchema<SchemaNode>(schemaName)["x-provenance"] ?? VENDOR;
}

const statusClass = (status: number | string) => String(status)[0];

/** Whether two statuses are of one class: 2xx and 2xx, 4xx and 4xx. */
export function sameClass(a: number, b: number): boolean {
  return statusClass(a) === statusClass(b);
}

/**
 * For a status the operation does not document, the first documented status key of the same class
 * (a create answering 200 is read as the documented 202); undefined when there is none.
 */
export function siblingStatusKey(operationId: OperationId, status: number): string | undefined {
  return Object.keys(operationIndex[operationId].responses).find((key) => statusClass(key) === statusClass(status));
}

/**
 * What an undocumented status breaks: the spec's status list, of which only the vendor-stated
 * statuses are the vendor's (for create-run, only 404); the rest is ours.
 */
export function statusListProvenance(operationId: OperationId): Provenance {
  const stated = Object.keys(operationIndex[operationId].responses).filter(
    (key) => provenanceOf(operationId, { status: key }).source === "vendor",
  );
  return {
    source: "assumed",
    reason: `The vendor documents ${stated.length === 0 ? "no status" : new Intl.ListFormat("en").format(stated)} for ${operationId}; the spec's other statuses are ours, so a server may answer others.`,
  };
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
