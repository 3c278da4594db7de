// The create-run request body as the bundled spec describes it: where every choice, bound and
// help text of `evals runs create` comes from. Nothing here restates the spec; it only reads it.
import { jsonMediaTypeOf, operationObject, resolveRef } from "@evals-api/types/spec";

export interface SchemaNode {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** The JSON schema of create-run's request body, `$ref`s followed. */
function requestBodySchema(): SchemaNode {
  const requestBody = resolveRef<{ content?: Record<string, { schema?: unknown }> }>(
    operationObject("createEvalRun").requestBody,
  );
  const mediaType = jsonMediaTypeOf(requestBody.content);
  const schema = mediaType === undefined ? undefined : requestBody.content?.[mediaType]?.schema;
  if (schema === undefined) throw new Error("the bundled spec gives createEvalRun no JSON request body schema");
  return resolveRef<SchemaNode>(schema);
}

const body = requestBodySchema();

/**
 * The schema of a field of the body, by its path (`["attached_agents", "weight"]` reads the items
 * of an array on the way). A property's own description and default, written next to a reference,
 * win over the referenced schema's, as OpenAPI 3.1 reads them.
 */
export function fieldSchema(path: readonly string[]): SchemaNode {
  let node: SchemaNode = body;
  for (const name of path) {
    const container = node.type === "array" && node.items ? resolveRef<SchemaNode>(node.items) : node;
    const property = container.properties?.[name];
    if (property === undefined) throw new Error(`the bundled spec has no create-run field ${path.join(".")}`);
    const target = resolveRef<SchemaNode>(property);
    node = {
      ...target,
      description: property.description ?? target.description,
      default: property.default ?? target.default,
    };
  }
  return node;
}

/** The values a field may take, when the spec lists them. */
export function choicesOf(path: readonly string[]): string[] | undefined {
  return fieldSchema(path).enum?.map(String);
}

/** The field's description, on one line: the help text of its flag. */
export function helpOf(path: readonly string[]): string {
  return (fieldSchema(path).description ?? "").replace(/\s+/g, " ").trim();
}

/** The field's numeric bounds, as help shows them (`0 to 100`), when it has any. */
export function rangeOf(path: readonly string[]): string | undefined {
  const { minimum, maximum } = fieldSchema(path);
  if (minimum === undefined && maximum === undefined) return undefined;
  if (maximum === undefined) return `>= ${minimum}`;
  return minimum === undefined ? `<= ${maximum}` : `${minimum} to ${maximum}`;
}
