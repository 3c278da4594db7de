import { inspect } from "node:util";
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
import { agent, agentId, apiKey, createBody, envelope, json, ok, run, scriptedFetch, startServer } from "./support.js";

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

  it.each([200, 201, 202])("runs.create accepts any 2xx with a { data } envelope: %i", async (status) => {
    const { fetch } = scriptedFetch(ok(run, status));
    await expect(client(fetch).runs.create(createBody)).resolves.toEqual(run);
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

describe("a 2xx without data is an error, never a resolved null", () => {
  it.each([
    ["data: null", '{"data":null,"errors":null}', undefined],
    ["no errors key either", '{"data":null}', undefined],
    ["an error envelope", '{"data":null,"errors":[{"error":"QUOTA","message":"quota exceeded"}]}', "quota exceeded"],
    ["data that is not an object", '{"data":42,"errors":null}', undefined],
    ["data that is a string", '{"data":"PENDING","errors":null}', undefined],
  ])("%s", async (_, body, serverMessage) => {
    for (const status of [200, 202]) {
      const { fetch, sent } = scriptedFetch(new Response(body, { status, headers: { "x-request-id": "req_7" } }));
      for (const call of [() => client(fetch).runs.create(createBody), () => client(fetch).agents.get(agentId)]) {
        const error = await failure(call());
        expect(error.status).toBe(status);
        expect(error.requestId).toBe("req_7");
        expect(error.body).toEqual(JSON.parse(body));
        expect(error.message).toBe(
          serverMessage ?? `HTTP ${status} from ${error.method} ${error.path}, no data: see error.body`,
        );
      }
      expect(sent).toHaveLength(2); // and neither was retried
    }
  });

  it("through middleware too", async () => {
    const { fetch } = scriptedFetch(json(200, { data: null, errors: null }));
    const evals = createEvalsClient({ apiKey, fetch, middleware: [{ onResponse: () => undefined }] });
    await failure(evals.agents.get(agentId));
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
    expect(error.name).toBe("EvalsApiError");
    expect(error.status).toBe(status);
  });

  it("a 300 (which fetch does not follow) to a GET is an EvalsApiError, like any status without a class", async () => {
    const { fetch } = scriptedFetch(new Response("choose", { status: 300 }));
    const error = await failure(client(fetch).agents.get(agentId));
    expect(error.status).toBe(300);
    expect(error.message).toBe(`HTTP 300 from GET /v1/evals/agents/${agentId}, no error envelope: see error.body`);
  });

  it("the error classes can be built by hand (in your own tests), from what an answer carries", () => {
    const headers = new Headers({ "x-request-id": "req_h" });
    const body = { data: null, errors: [{ error: "EVAL_AGENT_NOT_FOUND", message: "no such agent" }] };
    const error = new NotFoundError({ status: 404, body, headers, method: "GET", path: "/v1/evals/agents/x" });
    expect(error).toMatchObject({
      name: "NotFoundError",
      message: "no such agent",
      code: "EVAL_AGENT_NOT_FOUND",
      errors: body.errors,
      body,
      requestId: "req_h",
      status: 404,
      method: "GET",
      path: "/v1/evals/agents/x",
    });
    expect(EvalsApiError.from({ status: 429, body: "", headers, method: "POST", path: "/p" })).toBeInstanceOf(
      RateLimitError,
    );
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

  it("the request id comes from x-request-id, else request-id", async () => {
    const answers = [
      envelope(500, [{ message: "a" }], { "request-id": "req_plain" }),
      envelope(500, [{ message: "b" }], { "request-id": "req_plain", "x-request-id": "req_x" }),
      envelope(500, [{ message: "c" }]),
    ];
    const ids = [];
    for (const answer of answers)
      ids.push((await failure(client(scriptedFetch(answer).fetch).runs.create(createBody))).requestId);
    expect(ids).toEqual(["req_plain", "req_x", undefined]);
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
    // Both routes: a plain fetch, and openapi-fetch's (middleware), which parses error bodies itself.
    for (const middleware of [[], [{ onResponse: () => undefined }]]) {
      const { fetch } = scriptedFetch(new Response(body, { status: 401 }));
      const error = await failure(createEvalsClient({ apiKey, fetch, middleware }).agents.get(agentId));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.message).toBe(`HTTP 401 from GET /v1/evals/agents/${agentId}, no error envelope: see error.body`);
      expect(error.errors).toEqual([]);
      expect(error.code).toBeUndefined();
    }
  });

  it("a JSON error body without the envelope is kept as parsed JSON", async () => {
    const { fetch } = scriptedFetch(json(403, { detail: "forbidden" }));
    const error = await failure(client(fetch).agents.get(agentId));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.body).toEqual({ detail: "forbidden" });
  });
});

describe("any error body keeps its status", () => {
  // n arrays, one inside the other, around a string: the innermost array sits at depth n - 1.
  const nested = (n: number) => `${"[".repeat(n)}"leaf"${"]".repeat(n)}`;
  const innermost = (body: unknown) => {
    let value = body;
    while (Array.isArray(value)) value = value[0];
    return value;
  };

  it("a body is kept to a depth of 100; what lies deeper reads [redacted]", async () => {
    const kept = await failure(
      client(scriptedFetch(new Response(nested(101), { status: 400 })).fetch).agents.get(agentId),
    );
    expect(innermost(kept.body)).toBe("leaf");
    const cut = await failure(
      client(scriptedFetch(new Response(nested(102), { status: 400 })).fetch).agents.get(agentId),
    );
    expect(innermost(cut.body)).toBe("[redacted]");
  });

  it.each([3_000, 100_000])("a body nested %i levels deep is still a 400, and a GET is not retried", async (depth) => {
    const text = `{"errors":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    for (const middleware of [[], [{ onResponse: () => undefined }]]) {
      const { fetch, sent } = scriptedFetch(new Response(text, { status: 400 }));
      const evals = createEvalsClient({ apiKey, fetch, middleware });
      const error = await failure(evals.agents.get(agentId));
      expect(error).toBeInstanceOf(BadRequestError);
      expect(error.status).toBe(400);
      expect(sent).toHaveLength(1);
      expect(() => JSON.stringify(error)).not.toThrow();
      expect(() => inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toThrow();
    }
  });
});

describe("a redirect answering the billed create is not followed", () => {
  // Following it would turn the POST into a GET (301/302/303) and resolve with another
  // operation's data, or send the billed request a second time (307/308).
  it.each([301, 302, 303, 307, 308])("%i: an EvalsApiError saying why, and one POST sent", async (status) => {
    const server = await startServer((req, res) => {
      if (req.method === "POST") {
        res.writeHead(status, { location: `/v1/evals/agents/${agentId}` });
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: agent, errors: null }));
    });
    try {
      for (const middleware of [[], [{ onRequest() {} }]]) {
        const evals = createEvalsClient({ apiKey, baseUrl: server.url, middleware });
        const error = await failure(evals.runs.create(createBody));
        expect(error.status).toBe(status);
        expect(error.headers.get("location")).toBe(`/v1/evals/agents/${agentId}`);
        expect(error.message).toBe(
          "POST /v1/evals/runs was redirected, not followed: that would send the billed request again or as a GET " +
            "(check baseUrl)",
        );
      }
      expect(server.requests.map((r) => r.method)).toEqual(["POST", "POST"]);
    } finally {
      await server.close();
    }
  });

  it("a fetch that follows it anyway: the create still rejects", async () => {
    const server = await startServer((req, res) => {
      res.writeHead(req.method === "POST" ? 302 : 200, { location: "/elsewhere", "content-type": "application/json" });
      res.end(JSON.stringify({ data: agent, errors: null }));
    });
    try {
      const following = (input: string | Request, init?: RequestInit) => fetch(input, { ...init, redirect: "follow" });
      const evals = createEvalsClient({ apiKey, baseUrl: server.url, fetch: following });
      const error = await failure(evals.runs.create(createBody));
      expect(error.message).toContain("redirected, not followed");
    } finally {
      await server.close();
    }
  });
});
