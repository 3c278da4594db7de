// What one operation's tool is made from, read from the document its registry came from: the
// operation object, its parameters with their schemas, its JSON request body schema and its success
// response's JSON schema. Read with @evals-api/types' readers, so that a `$ref` is followed and a
// parameter merged exactly as every other package does.
import type { RegisteredOperation, Registry } from "@evals-api/types/registry";
import { declaredParameters, inlineSchema, jsonMediaTypeOf, resolveRefIn } from "@evals-api/types/spec-reading";

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const child = (node: unknown, key: string): JsonObject | undefined => {
  const value = isObject(node) ? node[key] : undefined;
  return isObject(value) ? value : undefined;
};

/** One parameter as the document declares it, its schema inlined. */
export interface DeclaredParameter {
  name: string;
  in: string;
  required: boolean;
  description: string | undefined;
  schema: JsonObject;
  provenance: RegisteredOperation["provenance"];
  example: unknown;
}

/** The parts of the document one operation's tool is built from. */
export interface OperationDocument {
  operation: RegisteredOperation;
  summary: string;
  description: string;
  parameters: DeclaredParameter[];
  /** The JSON request body's schema as written (its `$ref`s followed, not inlined), if it takes one. */
  bodySchema: JsonObject | undefined;
  /** The success response's JSON schema, inlined; undefined when it documents none. */
  successSchema: JsonObject | undefined;
}

function jsonSchemaOf(document: unknown, container: unknown): unknown {
  const content = child(resolveRefIn(document, container), "content");
  return child(content, jsonMediaTypeOf(content) ?? "")?.schema;
}

export function readOperation(registry: Registry, operation: RegisteredOperation): OperationDocument {
  const { document } = registry;
  const pathItem = resolveRefIn(document, child(child(document, "paths"), operation.path));
  const object = child(pathItem, operation.method.toLowerCase()) ?? {};
  const parameters = declaredParameters(document, pathItem, object).map((declared): DeclaredParameter => {
    const record = operation.parameters.find((p) => p.name === declared.name && p.in === declared.in);
    return {
      name: String(declared.name),
      in: String(declared.in),
      required: declared.required === true,
      description: typeof declared.description === "string" ? declared.description : undefined,
      schema: inlineSchema(document, declared.schema ?? {}),
      provenance: record?.provenance ?? { source: "vendor" },
      example: record?.example ?? null,
    };
  });
  const body = object.requestBody;
  const bodySchema = body === undefined ? undefined : resolveRefIn<JsonObject>(document, jsonSchemaOf(document, body));
  const statusKey = operation.response(operation.successStatus)?.statusKey;
  const success = statusKey === undefined ? undefined : jsonSchemaOf(document, child(object, "responses")?.[statusKey]);
  return {
    operation,
    summary: typeof object.summary === "string" ? object.summary : operation.operationId,
    description: typeof object.description === "string" ? object.description.trim() : "",
    parameters,
    bodySchema: isObject(bodySchema) ? bodySchema : undefined,
    successSchema: success === undefined ? undefined : inlineSchema(document, success),
  };
}
