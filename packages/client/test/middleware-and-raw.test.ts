import { createEvalsClient, InternalServerError, type Middleware, NotFoundError } from "@evals-api/client";
import { operationIndex } from "@evals-api/types";
import spec from "@evals-api/types/openapi.json" with { type: "json" };
import createClient from "openapi-fetch";
import { afterEach, describe, expect, it, vi } from "vitest";
import { agent, agentId, apiKey, createBody, envelope, ok, run, scriptedFetch } from "./support.js";

describe("openapi-fetch middleware runs for every call", () => {
  it("sees each request and response, with the request id, and the key stays out of its view", async () => {
    const seen: string[] = [];
    const logger: Middleware = {
      onRequest: ({ request, schemaPath }) => {
        seen.push(`${request.method} ${schemaPath} auth=${request.headers.get("authorization")}`);
      },
      onResponse: ({ response }) => {
        seen.push(`${response.status} ${response.headers.get("x-request-id")}`);
      },
    };
    const { fetch, sent } = scriptedFetch(
      ok(run, 202),
      envelope(404, [{ message: "no such agent" }], { "x-request-id": "req_9" }),
    );
    const evals = createEvalsClient({ apiKey, fetch, middleware: [logger] });
    await expect(evals.runs.create(createBody)).resolves.toEqual(run);
    await expect(evals.agents.get(agentId)).rejects.toMatchObject({ requestId: "req_9" });
    expect(seen).toEqual([
      "POST /v1/evals/runs auth=null",
      "202 null",
      "GET /v1/evals/agents/{eval_agent_id} auth=null",
      "404 req_9",
    ]);
    expect(sent.map((r) => r.headers.get("authorization"))).toEqual([apiKey, apiKey]);
    expect(sent[0]?.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("without middleware fetch gets a URL and a plain init (the hot path), with it openapi-fetch's Request", async () => {
    const calls: string[] = [];
    const fetch = async (input: string | Request, init?: RequestInit) => {
      const [method, url] =
        typeof input === "string" ? [`url ${init?.method}`, input] : [`Request ${input.method}`, input.url];
      calls.push(`${method} ${new URL(url).pathname}`);
      return ok(agent, 200);
    };
    await createEvalsClient({ apiKey, fetch }).agents.get(agentId);
    await createEvalsClient({ apiKey, fetch, middleware: [] }).agents.get(agentId);
    await createEvalsClient({ apiKey, fetch, middleware: [undefined as unknown as Middleware] }).agents.get(agentId);
    await createEvalsClient({
      apiKey,
      fetch,
      middleware: [undefined as unknown as Middleware, { onRequest() {} }],
    }).agents.get(agentId);
    const path = `/v1/evals/agents/${agentId}`;
    expect(calls).toEqual([`url GET ${path}`, `url GET ${path}`, `url GET ${path}`, `Request GET ${path}`]);
  });

  it.each([
    ["a UUID", agentId],
    ["slashes, a query and a fragment", "a/b?c=d#e"],
    ["percent signs, spaces and non-ASCII", "50% off é 日本"],
    ["dots inside a segment", "..a.."],
    ["braces like a template", "{eval_agent_id}"],
  ])("both routes call the same URL for an id with %s", async (_, id) => {
    const urls: string[] = [];
    const fetch = async (input: string | Request) => {
      urls.push(typeof input === "string" ? input : input.url);
      return ok(agent, 200);
    };
    await createEvalsClient({ apiKey, fetch }).agents.get(id);
    await createEvalsClient({ apiKey, fetch, middleware: [{ onRequest() {} }] }).agents.get(id);
    expect(urls[0]).toBe(urls[1]);
    expect(decodeURIComponent(new URL(urls[0] as string).pathname)).toBe(`/v1/evals/agents/${id}`);
  });

  it("raw.use() after construction applies to runs and agents too", async () => {
    const { fetch, sent } = scriptedFetch(ok(agent, 200));
    const evals = createEvalsClient({ apiKey, fetch });
    await evals.agents.get(agentId);
    evals.raw.use({
      onRequest: ({ request }) => {
        request.headers.set("x-trace", "t1");
      },
    });
    await evals.agents.get(agentId);
    expect(sent.map((r) => r.headers.get("x-trace"))).toEqual([null, "t1"]);
  });

  it("raw.eject() takes middleware off again; with none left, calls are back on the direct route", async () => {
    const calls: string[] = [];
    const fetch = async (input: string | Request) => {
      calls.push(typeof input === "string" ? "url" : "Request");
      return ok(agent, 200);
    };
    const hooks: Middleware = { onRequest() {} };
    const evals = createEvalsClient({ apiKey, fetch, middleware: [hooks] });
    await evals.agents.get(agentId);
    evals.raw.eject(hooks);
    await evals.agents.get(agentId);
    expect(calls).toEqual(["Request", "url"]);
  });

  it("raw.use() refuses what is not middleware, at once", () => {
    const evals = createEvalsClient({ apiKey });
    expect(() => evals.raw.use({} as Middleware)).toThrowError(
      new TypeError("Refused middleware: give an object with onRequest, onResponse or onError"),
    );
    expect(() => createEvalsClient({ apiKey, middleware: ["log" as unknown as Middleware] })).toThrowError(TypeError);
  });

  it("errors keep their classes through middleware: an HTML 502 is an InternalServerError", async () => {
    const { fetch } = scriptedFetch(new Response("<html>bad gateway</html>", { status: 502 }));
    const evals = createEvalsClient({ apiKey, fetch, maxRetries: 0, middleware: [{ onResponse: () => undefined }] });
    const error = await evals.agents.get(agentId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).body).toBe("<html>bad gateway</html>");
  });

  it("an onError middleware can answer for a failed fetch", async () => {
    const { fetch } = scriptedFetch(new TypeError("fetch failed"));
    const evals = createEvalsClient({
      apiKey,
      fetch,
      middleware: [{ onError: () => envelope(404, [{ message: "answered by middleware" }]) }],
    });
    await expect(evals.agents.get(agentId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("per-call headers reach the server on both routes", async () => {
    const { fetch, sent } = scriptedFetch(ok(agent, 200));
    const plain = createEvalsClient({ apiKey, fetch, headers: { "x-team": "evals" } });
    const hooked = createEvalsClient({
      apiKey,
      fetch,
      headers: { "x-team": "evals" },
      middleware: [{ onRequest() {} }],
    });
    await plain.agents.get(agentId, { headers: { "x-call": "1" } });
    await hooked.agents.get(agentId, { headers: { "x-call": "2" } });
    expect(sent.map((r) => [r.headers.get("x-team"), r.headers.get("x-call")])).toEqual([
      ["evals", "1"],
      ["evals", "2"],
    ]);
  });
});

describe("evals.raw is the typed openapi-fetch client", () => {
  it("returns openapi-fetch's { data, error, response }, with the key added", async () => {
    const { fetch, sent } = scriptedFetch(ok(agent, 200));
    const evals = createEvalsClient({ apiKey, fetch });
    const { data, response } = await evals.raw.GET("/v1/evals/agents/{eval_agent_id}", {
      params: { path: { eval_agent_id: agentId } },
    });
    expect(response.status).toBe(200);
    expect(data?.data).toEqual(agent);
    expect(sent[0]?.headers.get("authorization")).toBe(apiKey);
  });
});

describe("evals.raw has openapi-fetch's whole client", () => {
  it("every method of openapi-fetch's createClient(), HTTP methods included", () => {
    const openapiFetch = createClient({ baseUrl: "https://api.bland.ai" });
    const evals = createEvalsClient({ apiKey });
    expect(Object.keys(evals.raw).sort()).toEqual(Object.keys(openapiFetch).sort());
    for (const key of Object.keys(openapiFetch)) expect(typeof (evals.raw as never)[key], key).toBe("function");
  });
});

describe("the client follows the spec", () => {
  it("runs.create and agents.get call the spec's method and path for their operation", async () => {
    const { fetch, sent } = scriptedFetch(ok());
    const evals = createEvalsClient({ apiKey, fetch });
    await evals.runs.create(createBody);
    await evals.agents.get(agentId);
    const { createEvalRun, getEvalAgent } = operationIndex;
    expect([sent[0]?.method, sent[0]?.url.pathname]).toEqual([createEvalRun.method, createEvalRun.path]);
    expect([sent[1]?.method, sent[1]?.url.pathname]).toEqual([
      getEvalAgent.method,
      getEvalAgent.path.replace("{eval_agent_id}", agentId),
    ]);
  });

  it("the default baseUrl is the spec's server", async () => {
    const { fetch, sent } = scriptedFetch(ok());
    await createEvalsClient({ apiKey, fetch }).runs.create(createBody);
    expect(sent[0]?.url.origin).toBe(spec.servers[0]?.url);
  });
});

describe("idempotency keys without crypto.randomUUID (Node 18, insecure browser contexts)", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const webCrypto = globalThis.crypto;
  const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it.each([
    ["getRandomValues only", { getRandomValues: (a: Uint8Array<ArrayBuffer>) => webCrypto.getRandomValues(a) }],
    ["no Web Crypto at all", undefined],
  ])("%s: still a fresh v4 UUID per call", async (_, crypto) => {
    vi.stubGlobal("crypto", crypto);
    const { fetch, sent } = scriptedFetch(ok());
    const evals = createEvalsClient({ apiKey, fetch });
    for (let i = 0; i < 20; i++) await evals.runs.create(createBody);
    const keys = sent.map((r) => r.headers.get("idempotency-key") ?? "");
    for (const key of keys) expect(key).toMatch(uuidV4);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    [0, "00000000-0000-4000-8000-000000000000"],
    [0.999, "ffffffff-ffff-4fff-bfff-ffffffffffff"],
    [0.5, "88888888-8888-4888-a888-888888888888"],
  ])(
    "without Web Crypto, Math.random() = %s gives %s: random hex digits, the version and variant fixed",
    async (random, key) => {
      vi.stubGlobal("crypto", undefined);
      vi.spyOn(Math, "random").mockReturnValue(random);
      const { fetch, sent } = scriptedFetch(ok());
      await createEvalsClient({ apiKey, fetch }).runs.create(createBody);
      expect(sent[0]?.headers.get("idempotency-key")).toBe(key);
      vi.restoreAllMocks();
    },
  );
});
