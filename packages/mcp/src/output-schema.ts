// A tool's output schema: the `data` of its success envelope, which is what the client resolves
// with and what the tool returns as structuredContent.
import { isObject, type JsonObject, type OperationDocument } from "./operation-document.js";

const ANNOTATIONS = new Set(["description", "title", "examples"]);
// The envelope declares `data` loosely (`{ description }`); the operation's own branch says what it is.
const constrains = (schema: JsonObject) => Object.keys(schema).some((key) => !ANNOTATIONS.has(key));

/** The success response's `data` schema, if it is an object (MCP's structuredContent must be one). */
export function outputSchemaOf(read: OperationDocument): JsonObject | undefined {
  const success = read.successSchema;
  if (success === undefined) return undefined;
  const branches = [success, ...(Array.isArray(success.allOf) ? success.allOf.filter(isObject) : [])];
  const data = branches
    .map((branch) => (branch.properties as JsonObject | undefined)?.data)
    .filter((schema): schema is JsonObject => isObject(schema) && constrains(schema));
  const schema = data.length === 1 ? data[0] : data.length > 1 ? { type: "object", allOf: data } : undefined;
  return schema?.type === "object" ? schema : undefined;
}
