// Test helper: every response the mock sends must be one the spec documents for the operation
// (status, JSON content type, body schema chosen through operationIndex).
import { operationIndex } from "@evals-api/types";
import * as validators from "@evals-api/types/validators";
import { expect } from "vitest";
import { createMockServer, type MockServer, type MockServerOptions } from "../src/index.js";

type OperationId = keyof typeof operationIndex;
type ValidatorFn = (value: unknown) => { path: string; message: string }[];

function operationFor(method: string, pathname: string): OperationId | null {
  for (const [id, op] of Object.entries(operationIndex)) {
    const pattern = new RegExp(`^${op.path.replace(/\{\w+\}/g, "[^/]+")}$`);
    if (op.method === method && pattern.test(pathname)) return id as OperationId;
  }
  return null;
}

/** The schema name the spec documents for `status` (exact code first, then its `5XX` range). */
export function schemaFor(operationId: OperationId | null, status: number): string | undefined {
  // Outside any operation (unknown path, wrong method) the mock still answers the error envelope.
  if (operationId === null) return status >= 400 ? "ErrorEnvelope" : undefined;
  const responses = operationIndex[operationId].responses as Record<string, string | null>;
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? undefined;
}

export async function expectConforming(method: string, url: string, response: Response): Promise<unknown> {
  const operationId = operationFor(method, new URL(url, "http://x").pathname);
  const schema = schemaFor(operationId, response.status);
  expect(schema, `status ${response.status} of ${operationId ?? url} is not documented`).toBeDefined();
  expect(response.headers.get("content-type")).toMatch(/^application\/json\b/);
  const body = await response.clone().json();
  const validate = (validators as unknown as Record<string, ValidatorFn>)[`validate${schema}`];
  expect(validate, `no generated validator for ${schema}`).toBeTypeOf("function");
  expect(validate?.(body), `${method} ${url} → ${response.status} breaks ${schema}`).toEqual([]);
  if (response.status === 429) expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  return body;
}

/** A mock whose `fetch` asserts that every response conforms to the spec. */
export function conformingMock(options?: MockServerOptions): MockServer {
  const mock = createMockServer(options);
  const raw = mock.fetch;
  mock.fetch = async (input, init) => {
    const request = new Request(input instanceof Request ? input : new URL(String(input), "http://mock.test"), init);
    const response = await raw(request.clone());
    await expectConforming(request.method, request.url, response);
    return response;
  };
  return mock;
}

export const KEY = "test-key";
export const JSON_HEADERS = { authorization: KEY, "content-type": "application/json" };

export async function post(mock: MockServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await mock.fetch("/v1/evals/runs", {
    method: "POST",
    headers: { ...JSON_HEADERS, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

export async function getAgent(mock: MockServer, id: string, headers: Record<string, string> = { authorization: KEY }) {
  const response = await mock.fetch(`/v1/evals/agents/${id}`, { headers });
  return { status: response.status, body: (await response.json()) as any };
}
