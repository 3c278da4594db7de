// The server's resources: the OpenAPI document its tools come from, for an assistant to read the
// reference, and, against the in-process mock, the mock's request log, which shows what reached it.
import type { MockServer } from "@evals-api/mock";
import { ErrorCode, McpError, type ReadResourceResult, type Resource } from "@modelcontextprotocol/sdk/types.js";

export const OPENAPI_URI = "evals-api://openapi.json";
export const MOCK_REQUESTS_URI = "evals-api://mock/requests";

interface ServedResource {
  resource: Resource;
  read(): string;
}

export function resourcesOf(document: Record<string, unknown>, mock: MockServer | undefined): ServedResource[] {
  const info = (document.info ?? {}) as { title?: string; version?: string };
  const served: ServedResource[] = [
    {
      resource: {
        uri: OPENAPI_URI,
        name: "openapi.json",
        title: `${info.title ?? "API"} ${info.version ?? ""}: OpenAPI document`.replace(/\s+:/, ":"),
        description:
          "The OpenAPI 3.1 document every tool of this server is derived from: operations, schemas, bounds, examples, and which statements are the vendor's and which this spec assumes (x-provenance).",
        mimeType: "application/json",
      },
      read: () => JSON.stringify(document, null, 2),
    },
  ];
  if (mock !== undefined) {
    served.push({
      resource: {
        uri: MOCK_REQUESTS_URI,
        name: "mock-requests.json",
        title: "Requests the in-process mock received",
        description:
          "The mock's request log (method, path, operationId, status, Idempotency-Key), oldest first: what the tools actually sent.",
        mimeType: "application/json",
      },
      read: () => JSON.stringify(mock.state.requests, null, 2),
    });
  }
  return served;
}

export function readResource(served: readonly ServedResource[], uri: string): ReadResourceResult {
  const found = served.find((s) => s.resource.uri === uri);
  if (found === undefined) {
    const known = served.map((s) => s.resource.uri).join(", ");
    throw new McpError(ErrorCode.InvalidParams, `No resource ${uri}: this server has ${known}`);
  }
  return { contents: [{ uri, mimeType: found.resource.mimeType, text: found.read() }] };
}
