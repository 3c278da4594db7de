import { inspect } from "node:util";
import {
  AuthenticationError,
  createEvalsClient,
  EvalsConnectionError,
  EvalsError,
  EvalsTimeoutError,
  EvalsValidationError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from "@evals-api/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  agentId,
  closedPort,
  createBody,
  envelope,
  hangingFetch,
  ok,
  scriptedFetch,
  startServer,
  type TestServer,
} from "./support.js";

const canary = "sk-canary-7f3a9c1e5b";

/** Every way an error gets shown or shipped: none may contain the key. */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    stack: String(e.stack),
    toString: String(e),
    json: JSON.stringify(e),
    inspect: inspect(e, { depth: Number.POSITIVE_INFINITY }),
    inspectHidden: inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    cause: inspect(e.cause, { depth: Number.POSITIVE_INFINITY }),
  };
}

describe("the canary key never leaks into an error or a log line", () => {
  const consoleCalls: unknown[][] = [];
  beforeEach(() => {
    consoleCalls.length = 0;
    for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleCalls.push(args);
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // A server or proxy that echoes the key back everywhere it can.
  const echo = (status: number) => () =>
    envelope(
      status,
      [
        { error: "INVALID_KEY", message: `API key ${canary} is not valid` },
        { message: `second error mentions "${canary}" too` },
      ],
      { "x-echo-authorization": canary, "x-request-id": "req_1" },
    );

  const paths: [string, () => Promise<unknown>, new (...args: never[]) => Error][] = [
    [
      "401 echoing the key in the envelope and a header",
      () => createEvalsClient({ apiKey: canary, fetch: scriptedFetch(echo(401)).fetch }).agents.get(agentId),
      AuthenticationError,
    ],
    [
      "404",
      () => createEvalsClient({ apiKey: canary, fetch: scriptedFetch(echo(404)).fetch }).runs.create(createBody),
      NotFoundError,
    ],
    [
      "429 after retries",
      () =>
        createEvalsClient({ apiKey: canary, fetch: scriptedFetch(echo(429)).fetch, maxRetries: 0 }).runs.create(
          createBody,
        ),
      RateLimitError,
    ],
    [
      "an HTML 502 quoting the key",
      () =>
        createEvalsClient({
          apiKey: canary,
          maxRetries: 0,
          fetch: scriptedFetch(new Response(`<pre>authorization: ${canary}</pre>`, { status: 502 })).fetch,
        }).agents.get(agentId),
      InternalServerError,
    ],
    [
      "a 2xx that is not an envelope",
      () =>
        createEvalsClient({
          apiKey: canary,
          fetch: scriptedFetch(new Response(canary, { status: 200 })).fetch,
        }).agents.get(agentId),
      EvalsError,
    ],
    [
      "a timeout",
      () =>
        createEvalsClient({ apiKey: canary, fetch: hangingFetch().fetch, timeoutMs: 20, maxRetries: 0 }).agents.get(
          agentId,
        ),
      EvalsTimeoutError,
    ],
    [
      "a fetch that throws an error quoting the request's headers",
      () =>
        createEvalsClient({
          apiKey: canary,
          maxRetries: 0,
          fetch: (input, init) => {
            const auth = new Headers(init?.headers ?? (input as Request).headers).get("authorization");
            throw new TypeError("fetch failed", { cause: new Error(`proxy refused ${auth}`) });
          },
        }).agents.get(agentId),
      EvalsConnectionError,
    ],
    [
      "an invalid request",
      () => createEvalsClient({ apiKey: canary }).runs.create({ ...createBody, call_ids: [] }),
      EvalsValidationError,
    ],
  ];

  it.each(paths)("%s", async (_, call, ErrorClass) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    for (const [how, text] of Object.entries(renderings(error))) {
      expect(text, `${how} leaks the key`).not.toContain(canary);
    }
    expect(JSON.stringify(consoleCalls.map((args) => args.map((a) => inspect(a))))).not.toContain(canary);
    expect(consoleCalls).toEqual([]);
  });

  it("a refused connection", async () => {
    const baseUrl = await closedPort();
    const error = await createEvalsClient({ apiKey: canary, baseUrl, maxRetries: 0 })
      .runs.create(createBody)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalsConnectionError);
    for (const text of Object.values(renderings(error))) expect(text).not.toContain(canary);
    expect(consoleCalls).toEqual([]);
  });

  it("the echoed key is replaced, the rest of the server's words are kept", async () => {
    const error = (await createEvalsClient({ apiKey: canary, fetch: scriptedFetch(echo(401)).fetch })
      .agents.get(agentId)
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error.message).toBe("API key [redacted] is not valid");
    expect(error.headers.get("x-echo-authorization")).toBe("[redacted]");
    expect(error.requestId).toBe("req_1");
  });

  it("a key short enough to occur inside names redacts only values: the error keeps its shape", async () => {
    // "e" is in every header name and envelope field here; only the strings it occurs in change.
    const answer = envelope(404, [{ error: "NOT_FOUND", message: "no agent here" }], { "x-request-id": "e-1" });
    const error = await createEvalsClient({ apiKey: "e", fetch: scriptedFetch(answer).fetch })
      .agents.get(agentId)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      code: "NOT_FOUND",
      message: "no ag[redacted]nt h[redacted]r[redacted]",
      requestId: "[redacted]-1",
      errors: [{ error: "NOT_FOUND", message: "no ag[redacted]nt h[redacted]r[redacted]" }],
    });
    expect((error as NotFoundError).headers.get("content-type")).toBe("application/json");
  });
});

describe("the key goes only in the authorization header, only to the configured origin", () => {
  let api: TestServer;
  let elsewhere: TestServer;
  beforeEach(async () => {
    elsewhere = await startServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: { elsewhere: true }, errors: null }));
    });
    api = await startServer((req, res) => {
      if (req.url?.startsWith("/redirect")) {
        res.writeHead(307, { location: `${elsewhere.url}/v1/evals/agents/${agentId}` });
        res.end();
        return;
      }
      res.writeHead(req.method === "POST" ? 202 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: { ok: true }, errors: null }));
    });
  });
  afterEach(async () => {
    await api.close();
    await elsewhere.close();
  });

  it("is sent raw in authorization, once, and nowhere else in the request", async () => {
    const evals = createEvalsClient({ apiKey: canary, baseUrl: api.url, headers: { Authorization: "not-the-key" } });
    await evals.runs.create(createBody, { headers: { AUTHORIZATION: "nor-this" } });
    await evals.agents.get(agentId);
    for (const req of api.requests) {
      expect(req.headers.authorization).toBe(canary);
      const { authorization, ...others } = req.headers;
      expect(JSON.stringify(others) + req.url).not.toContain(canary);
    }
  });

  it("raw calls get the key too, but not when sent to another origin", async () => {
    const evals = createEvalsClient({ apiKey: canary, baseUrl: api.url });
    const here = await evals.raw.GET("/v1/evals/agents/{eval_agent_id}", {
      params: { path: { eval_agent_id: agentId } },
    });
    expect(here.response.status).toBe(200);
    expect(api.requests[0]?.headers.authorization).toBe(canary);
    await evals.raw.GET("/v1/evals/agents/{eval_agent_id}", {
      params: { path: { eval_agent_id: agentId } },
      baseUrl: elsewhere.url,
    });
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("a redirect to another origin does not carry the key", async () => {
    const evals = createEvalsClient({ apiKey: canary, baseUrl: `${api.url}/redirect` });
    await expect(evals.agents.get(agentId)).resolves.toEqual({ elsewhere: true });
    expect(api.requests[0]?.headers.authorization).toBe(canary);
    expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("middleware never sees the key, though the server gets it", async () => {
    const seen: (string | null)[] = [];
    const evals = createEvalsClient({
      apiKey: canary,
      baseUrl: api.url,
      middleware: [{ onRequest: ({ request }) => void seen.push(request.headers.get("authorization")) }],
    });
    await evals.agents.get(agentId);
    await evals.runs.create(createBody);
    expect(seen).toEqual([null, null]);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([canary, canary]);
  });
});

describe("construction checks", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["blank", "   "],
  ])("a %s API key is refused at construction, saying what to do", (_, apiKey) => {
    vi.stubEnv("BLAND_API_KEY", undefined);
    expect(() => createEvalsClient({ apiKey })).toThrowError(
      new EvalsError("Missing API key: pass { apiKey } or set BLAND_API_KEY"),
    );
  });

  it("reads BLAND_API_KEY when no key is passed; a passed key wins", async () => {
    vi.stubEnv("BLAND_API_KEY", "from-env");
    const fromEnv = scriptedFetch(ok());
    await createEvalsClient({ fetch: fromEnv.fetch }).runs.create(createBody);
    expect(fromEnv.sent[0]?.headers.get("authorization")).toBe("from-env");
    const passed = scriptedFetch(ok());
    await createEvalsClient({ apiKey: "passed", fetch: passed.fetch }).runs.create(createBody);
    expect(passed.sent[0]?.headers.get("authorization")).toBe("passed");
  });

  it.each([
    "http://api.bland.ai",
    "http://10.0.0.7:4010",
    "http://localhost.evil.example",
    "ftp://api.bland.ai",
    "not a url",
    "/v1",
  ])("refuses baseUrl %s", (baseUrl) => {
    expect(() => createEvalsClient({ apiKey: "k", baseUrl })).toThrowError(/Refused baseUrl .*allowInsecure/);
  });

  it.each([
    "https://api.bland.ai",
    "https://api.bland.ai/",
    "http://localhost:4010",
    "http://127.0.0.1:4010",
    "http://127.5.6.7",
    "http://[::1]:4010",
  ])("accepts baseUrl %s", (baseUrl) => {
    expect(() => createEvalsClient({ apiKey: "k", baseUrl })).not.toThrow();
  });

  it("allowInsecure: true accepts plain http elsewhere", () => {
    expect(() =>
      createEvalsClient({ apiKey: "k", baseUrl: "http://evals.internal", allowInsecure: true }),
    ).not.toThrow();
  });
});
