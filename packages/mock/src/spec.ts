// What the mock reads from the bundled OpenAPI document beyond what `@evals-api/types/spec` gives:
// its route list and every header a browser may send or read (for CORS).
import { operationIndex } from "@evals-api/types";
import { headerParameters, type OperationId, openapiDocument, responseHeaders } from "@evals-api/types/spec";

export const operationIds = Object.keys(operationIndex) as OperationId[];

/** Every request header the spec declares: API-key schemes in a header, and header parameters. */
export function declaredRequestHeaders(): string[] {
  const components = (openapiDocument.components ?? {}) as {
    securitySchemes?: Record<string, Record<string, unknown>>;
  };
  const schemes = Object.values(components.securitySchemes ?? {})
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
