import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createEvalsClient,
  EvalsApiError,
  EvalsError,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "@evals-api/client";
import { describe, expect, it } from "vitest";
import { agent, agentId, apiKey, createBody, envelope, json, ok, run, scriptedFetch } from "./support.js";

const client = (fetch: ReturnType<typeof scriptedFetch>["fetch"]) =>
  createEvalsClient({ apiKey, fetch, maxRetries: 0 });

async function failure(promise: Promise<unknown>): Promise<EvalsApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EvalsApiError);
  return error as EvalsApiError;
}

describe("successful responses are unwrapped", () => {
  it("runs.create resolves with the run, not the envelope", async () => {
    const { fetch, sent } = scriptedFetch(ok(run, 202));
    await expect(client(fetch).runs.create(createBody)).resolves.toEqual(run);
    expect(sent[0]?.method).toBe("POST");
    expect(JSON.parse(sent[0]?.body ?? "")).toEqual(createBody);
    expect(sent[0]?.headers.get("content-type")).toBe("application/json");
  });

  it("agents.get resolves with { agent, current_version } and encodes the id into the path", async () => {
    const { fetch, sent } = scriptedFetch(ok(agent, 200));
    await expect(client(fetch).agents.get(agentId)).resolves.toEqual(agent);
    expect(sent[0]?.method).toBe("GET");
    expect(sent[0]?.url.pathname).toBe(`/v1/evals/agents/${agentId}`);
  });

  it("a 2xx that is not the { data } envelope is an EvalsError naming the request, not a SyntaxError", async () => {
    const { fetch } = scriptedFetch(new Response("<html>captive portal</html>", { status: 200 }));
    const error = await client(fetch)
      .agents.get(agentId)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalsError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toContain(`GET /v1/evals/agents/${agentId}`);
  });
});

describe("every non-2xx status maps to its error class", () => {
  const cases: [number, new (...args: never[]) => EvalsApiError][] = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [402, PaymentRequiredError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [504, InternalServerError],
  ];
  it.each(cases)("HTTP %i → %o", async (status, ErrorClass) => {
    const { fetch } = scriptedFetch(envelope(status, [{ error: "SOME_CODE", message: `server says ${status}` }]));
    const error = await failure(client(fetch).runs.create(createBody));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(EvalsError);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`server says ${status}`);
  });

  it.each([408, 413, 415, 418])("HTTP %i without a class of its own is a plain EvalsApiError", async (status) => {
    const { fetch } = scriptedFetch(envelope(status, [{ message: "nope" }]));
    const error = await failure(client(fetch).runs.create(createBody));
    expect(error.constructor).toBe(EvalsApiError);
    expect(error.status).toBe(status);
  });

  it("carries the code, every error of the envelope, the headers, the request id and the request", async () => {
    const errors = [
      { error: "CALL_NOT_FOUND", message: "Call call_2 was not found" },
      { error: "AGENT_NOT_FOUND", message: "Eval agent was not found", extra: "kept" },
    ];
    const { fetch } = scriptedFetch(envelope(404, errors, { "x-request-id": "req_123" }));
    const error = await failure(client(fetch).runs.create(createBody));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe("CALL_NOT_FOUND");
    expect(error.message).toBe("Call call_2 was not found");
    expect(error.errors).toEqual(errors);
    expect(error.requestId).toBe("req_123");
    expect(error.headers.get("x-request-id")).toBe("req_123");
    expect(error.method).toBe("POST");
    expect(error.path).toBe("/v1/evals/runs");
  });

  it("an envelope error without a code leaves code undefined", async () => {
    const { fetch } = scriptedFetch(envelope(400, [{ message: "call_ids must not be empty" }]));
    const error = await failure(client(fetch).runs.create(createBody));
    expect(error.code).toBeUndefined();
    expect(error.message).toBe("call_ids must not be empty");
  });
});

describe("malformed error bodies still give the right class and a readable message", () => {
  it("an HTML 502 from a proxy is an InternalServerError, with the page as the body", async () => {
    const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    const { fetch } = scriptedFetch(new Response(html, { status: 502, headers: { "content-type": "text/html" } }));
    const error = await failure(client(fetch).agents.get(agentId));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error.message).toBe(`HTTP 502 from GET /v1/evals/agents/${agentId}, no error envelope: see error.body`);
    expect(error.body).toBe(html);
    expect(error.errors).toEqual([]);
    expect(error.code).toBeUndefined();
  });

  it.each([
    ["an empty body", ""],
    ["truncated JSON", '{"data":null,"errors":[{"mess'],
    ["JSON that is not an envelope", '{"detail":"Unauthorized"}'],
    ["errors that are not objects", '{"data":null,"errors":["oops", 42, null]}'],
    ["an error without a message", '{"data":null,"errors":[{"error":"X"}]}'],
    ["a JSON null", "null"],
  ])("%s", async (_, body) => {
    const { fetch } = scriptedFetch(new Response(body, { status: 401 }));
    const error = await failure(client(fetch).agents.get(agentId));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe(`HTTP 401 from GET /v1/evals/agents/${agentId}, no error envelope: see error.body`);
  });

  it("a JSON error body without the envelope is kept as parsed JSON", async () => {
    const { fetch } = scriptedFetch(json(403, { detail: "forbidden" }));
    const error = await failure(client(fetch).agents.get(agentId));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.body).toEqual({ detail: "forbidden" });
  });
});
