// `evals.raw` retries, times out and aborts by the same policy as the resource methods, keeps
// openapi-fetch's { data, error, response } (an HTTP error resolves), and serves any operation of
// the spec it is typed by: here the test fixture's third operation, which no client code names.
import { createEvalsClient, EvalsConnectionError, EvalsTimeoutError, type Middleware } from "@evals-api/client";
import { registry as fixture, type paths } from "@evals-api/fixture-third-operation";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  agent,
  agentId,
  apiKey,
  createBody,
  failing,
  hangingFetch,
  networkError,
  ok,
  run,
  scriptedFetch,
  settle,
  useFakeClock,
} from "./support.js";

// The run id of the fixture's example request.
const runId = String(fixture.get("getEvalRun").parameters.find((p) => p.name === "run_id")?.example);
const runPath = "/v1/evals/runs/{run_id}";

beforeAll(async () => {
  // The first raw call loads openapi-fetch (real I/O, not on the fake clock): do it up front.
  await createEvalsClient({ apiKey, fetch: scriptedFetch(ok(agent, 200)).fetch }).raw.GET(
    "/v1/evals/agents/{eval_agent_id}",
    { params: { path: { eval_agent_id: agentId } } },
  );
});
useFakeClock();

describe("raw GET retries like agents.get", () => {
  it("a new operation of the spec (the fixture's GET run): 503, then 200, resolves { data }", async () => {
    const { fetch, sent } = scriptedFetch(failing(503), ok(run, 200));
    const evals = createEvalsClient<paths>({ apiKey, fetch });
    const { value } = await settle(evals.raw.GET(runPath, { params: { path: { run_id: runId } } }));
    expect(value?.data?.data).toEqual(run);
    expect(value?.error).toBeUndefined();
    expect(value?.response.status).toBe(200);
    expect(sent.map((r) => [r.method, r.url.pathname])).toEqual([
      ["GET", `/v1/evals/runs/${runId}`],
      ["GET", `/v1/evals/runs/${runId}`],
    ]);
    expect(sent.map((r) => r.headers.get("authorization"))).toEqual([apiKey, apiKey]);
  });

  it.each([408, 429, 500, 502, 503, 504])(
    "HTTP %i: retried up to maxRetries, then resolves { error }",
    async (status) => {
      const { fetch, sent } = scriptedFetch(failing(status));
      const evals = createEvalsClient({ apiKey, fetch, maxRetries: 3 });
      const { value } = await settle(
        evals.raw.GET("/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: agentId } } }),
      );
      expect(sent).toHaveLength(4);
      expect(value?.response.status).toBe(status);
      expect(value?.error).toMatchObject({ errors: [{ message: `status ${status}` }] });
    },
  );

  it.each([400, 401, 404, 409])(
    "HTTP %i is not retried, and resolves (raw never throws for an HTTP error)",
    async (status) => {
      const { fetch, sent } = scriptedFetch(failing(status));
      const evals = createEvalsClient({ apiKey, fetch });
      const { value, error } = await settle(
        evals.raw.GET("/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: agentId } } }),
      );
      expect(error).toBeUndefined();
      expect(value?.response.status).toBe(status);
      expect(sent).toHaveLength(1);
    },
  );

  it("honours Retry-After before the retry, as the methods do", async () => {
    const { fetch, sent } = scriptedFetch(failing(429, { "retry-after": "3" }), ok(agent, 200));
    const evals = createEvalsClient({ apiKey, fetch });
    const { value } = await settle(
      evals.raw.GET("/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: agentId } } }),
    );
    expect(value?.data?.data).toEqual(agent);
    expect((sent[1]?.at ?? 0) - (sent[0]?.at ?? 0)).toBe(3000);
  });

  it("backs off with full jitter between attempts", async () => {
    const { fetch, sent } = scriptedFetch(failing(500), failing(500), ok(agent, 200));
    const evals = createEvalsClient({ apiKey, fetch });
    await settle(evals.raw.GET("/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: agentId } } }));
    const at = sent.map((r) => r.at);
    expect([(at[1] ?? 0) - (at[0] ?? 0), (at[2] ?? 0) - (at[1] ?? 0)]).toEqual([250, 500]); // 0.5 × 500, 0.5 × 1000
  });

  it("a dropped connection is retried; if every attempt fails, an EvalsConnectionError", async () => {
    const { fetch, sent } = scriptedFetch(networkError("ECONNRESET"));
    const evals = createEvalsClient({ apiKey, fetch, maxRetries: 2 });
    const { error } = await settle(
      evals.raw.GET("/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: agentId } } }),
    );
    expect(error).toBeInstanceOf(EvalsConnectionError);
    expect((error as Error).message).toContain("connect ECONNRESET");
    expect(sent).toHaveLength(3);
  });

  it("raw.request with a lower-case method is the same call", async () => {
    const { fetch, sent } = scriptedFetch(failing(503), ok(agent, 200));
    const evals = createEvalsClient({ apiKey, fetch });
    const { value } = await settle(
      evals.raw.request("get", "/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: agentId } } }),
    );
    expect(value?.data?.data).toEqual(agent);
    expect(sent.map((r) => r.method)).toEqual(["GET", "GET"]);
  });
});

describe("raw POST to the billed create is retried only when provably not processed", () => {
  it.each([500, 502, 503, 504])("HTTP %i without Retry-After: one attempt, resolves { error }", async (status) => {
    const { fetch, sent } = scriptedFetch(failing(status), ok(run, 202));
    const evals = createEvalsClient({ apiKey, fetch });
    const { value } = await settle(evals.raw.POST("/v1/evals/runs", { body: createBody }));
    expect(sent).toHaveLength(1);
    expect(value?.response.status).toBe(status);
  });

  it("a timeout is not retried either: the run may exist", async () => {
    const hung = hangingFetch();
    const evals = createEvalsClient({ apiKey, fetch: hung.fetch, timeoutMs: 1000 });
    const { error } = await settle(evals.raw.POST("/v1/evals/runs", { body: createBody }));
    expect(error).toBeInstanceOf(EvalsTimeoutError);
    expect(hung.calls).toBe(1);
  });

  it("a 429, a 503 with Retry-After and a refused connection are retried", async () => {
    for (const first of [failing(429), failing(503, { "retry-after": "1" }), networkError("ECONNREFUSED")]) {
      const { fetch, sent } = scriptedFetch(first, ok(run, 202));
      const evals = createEvalsClient({ apiKey, fetch });
      const { value } = await settle(evals.raw.POST("/v1/evals/runs", { body: createBody }));
      expect(value?.data?.data).toEqual(run);
      expect(sent.map((r) => JSON.parse(r.body))).toEqual([createBody, createBody]);
    }
  });

  it("retryNonIdempotent: true retries it like a GET", async () => {
    const { fetch, sent } = scriptedFetch(failing(500), ok(run, 202));
    const evals = createEvalsClient({ apiKey, fetch, retryNonIdempotent: true });
    const { value } = await settle(evals.raw.POST("/v1/evals/runs", { body: createBody }));
    expect(value?.response.status).toBe(202);
    expect(sent).toHaveLength(2);
  });
});

describe("raw timeouts and aborts", () => {
  it("each attempt has the client's timeout: a hung GET rejects with an EvalsTimeoutError after its retries", async () => {
    const hung = hangingFetch();
    const evals = createEvalsClient({ apiKey, fetch: hung.fetch, timeoutMs: 1000, maxRetries: 1 });
    const started = Date.now();
    const { error } = await settle(
      evals.raw.GET("/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: agentId } } }),
    );
    expect(error).toBeInstanceOf(EvalsTimeoutError);
    expect((error as Error).message).toBe("GET /v1/evals/agents/{eval_agent_id} timed out after 1000 ms");
    expect(hung.calls).toBe(2);
    expect(Date.now() - started).toBe(1000 + 250 + 1000); // two attempts and the backoff between them
  });

  it("the caller's signal aborts it with the signal's reason, and it is not retried", async () => {
    const hung = hangingFetch();
    const evals = createEvalsClient({ apiKey, fetch: hung.fetch });
    const controller = new AbortController();
    const call = settle(
      evals.raw.GET("/v1/evals/agents/{eval_agent_id}", {
        params: { path: { eval_agent_id: agentId } },
        signal: controller.signal,
      }),
    );
    await vi.advanceTimersByTimeAsync(10); // the request is in flight
    expect(hung.calls).toBe(1);
    controller.abort();
    const { error } = await call;
    expect((error as Error).name).toBe("AbortError");
    expect(hung.calls).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("raw with middleware", () => {
  it("every attempt runs the hooks, which never see the key, while the server gets it each time", async () => {
    const seen: string[] = [];
    const logger: Middleware = {
      onRequest: ({ request }) => void seen.push(`${request.method} auth=${request.headers.get("authorization")}`),
      onResponse: ({ response }) => void seen.push(`${response.status}`),
    };
    const { fetch, sent } = scriptedFetch(failing(503), ok(run, 200));
    const evals = createEvalsClient<paths>({ apiKey, fetch, middleware: [logger] });
    const { value } = await settle(evals.raw.GET(runPath, { params: { path: { run_id: runId } } }));
    expect(value?.data?.data).toEqual(run);
    expect(seen).toEqual(["GET auth=null", "503", "GET auth=null", "200"]);
    expect(sent.map((r) => r.headers.get("authorization"))).toEqual([apiKey, apiKey]);
  });
});
