import { inspect } from "node:util";
import {
  AuthenticationError,
  BadRequestError,
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
  failing,
  hangingFetch,
  json,
  networkError,
  ok,
  reachable,
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
      "a 400 echoing the key as property names, in the envelope and beside it",
      () =>
        createEvalsClient({
          apiKey: canary,
          fetch: scriptedFetch(
            json(400, {
              data: null,
              errors: [{ error: "INVALID_KEY", message: "bad key", [canary]: "rejected" }],
              [canary]: { [`key ${canary} here`]: 1 },
            }),
          ).fetch,
        }).runs.create(createBody),
      BadRequestError,
    ],
    [
      "the same through middleware (openapi-fetch's route)",
      () =>
        createEvalsClient({
          apiKey: canary,
          middleware: [{ onResponse: () => undefined }],
          fetch: scriptedFetch(json(400, { errors: [{ message: "bad key", [canary]: true }], [canary]: [canary] }))
            .fetch,
        }).agents.get(agentId),
      BadRequestError,
    ],
    [
      "an invalid request",
      () => createEvalsClient({ apiKey: canary }).runs.create({ ...createBody, call_ids: [] }),
      EvalsValidationError,
    ],
  ];

  // Every path at every log level (the clients above take theirs from EVALS_LOG; console by default).
  const atEveryLevel = ["error", "warn", "info", "debug"].flatMap((level) =>
    paths.map(([name, call, ErrorClass]) => [`${name}, EVALS_LOG=${level}`, call, ErrorClass, level] as const),
  );

  it.each(atEveryLevel)("%s", async (_, call, ErrorClass, level) => {
    vi.stubEnv("EVALS_LOG", level);
    const error = await call().catch((e: unknown) => e);
    vi.unstubAllEnvs();
    expect(error).toBeInstanceOf(ErrorClass);
    for (const [how, text] of Object.entries(renderings(error))) {
      expect(text, `${how} leaks the key`).not.toContain(canary);
    }
    expect(JSON.stringify(consoleCalls.map((args) => args.map((a) => inspect(a))))).not.toContain(canary);
  });

  it("a refused connection", async () => {
    const baseUrl = await closedPort();
    const error = await createEvalsClient({ apiKey: canary, baseUrl, maxRetries: 0 })
      .runs.create(createBody)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalsConnectionError);
    for (const text of Object.values(renderings(error))) expect(text).not.toContain(canary);
    expect(JSON.stringify(consoleCalls.map((args) => args.map((a) => inspect(a))))).not.toContain(canary);
  });

  it.each(["error", "warn", "info", "debug"] as const)(
    "log lines at %s: the key redacted wherever it comes back (request id, path, Idempotency-Key)",
    async (logLevel) => {
      const lines: string[] = [];
      const write = (line: string) => void lines.push(line);
      const logger = { debug: write, info: write, warn: write, error: write };
      const echoing = () => failing(503, { "retry-after": "0", "x-request-id": `id-${canary}` });
      const { fetch } = scriptedFetch(echoing);
      const evals = createEvalsClient({
        apiKey: canary,
        fetch,
        logger,
        logLevel,
        validateRequests: false,
        maxRetries: 1,
      });
      await evals.agents.get(`agent-${canary}`).catch(() => {});
      await evals.runs.create(createBody, { idempotencyKey: canary, maxRetries: 0 }).catch(() => {});
      const failingCreate = createEvalsClient({
        apiKey: canary,
        fetch: scriptedFetch(failing(500)).fetch,
        logger,
        logLevel,
      });
      await failingCreate.runs.create(createBody, { idempotencyKey: `k-${canary}` }).catch(() => {});
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).not.toContain(canary);
      expect(lines.join("\n")).toContain("[redacted]");
    },
  );

  it("the echoed key is replaced, the rest of the server's words are kept", async () => {
    const error = (await createEvalsClient({ apiKey: canary, fetch: scriptedFetch(echo(401)).fetch })
      .agents.get(agentId)
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error.message).toBe("API key [redacted] is not valid");
    expect(error.headers.get("x-echo-authorization")).toBe("[redacted]");
    expect(error.requestId).toBe("req_1");
  });

  it("a key echoed as a property name is redacted there too; the code and message survive", async () => {
    const body = { data: null, errors: [{ error: "INVALID_KEY", message: `bad ${canary}`, [canary]: 1 }], [canary]: 2 };
    const error = (await createEvalsClient({ apiKey: canary, fetch: scriptedFetch(json(401, body)).fetch })
      .agents.get(agentId)
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error.body).toEqual({
      data: null,
      errors: [{ error: "INVALID_KEY", message: "bad [redacted]", "[redacted]": 1 }],
      "[redacted]": 2,
    });
    expect(error.errors).toEqual([{ error: "INVALID_KEY", message: "bad [redacted]", "[redacted]": 1 }]);
    expect(error).toMatchObject({ code: "INVALID_KEY", message: "bad [redacted]" });
    // A plain copy: nothing added, even hidden, and yours to change.
    expect(Object.getOwnPropertyNames(error.body)).toEqual(["data", "errors", "[redacted]"]);
    const copy = error.body as Record<string, unknown>;
    copy.data = "changed";
    expect(copy.data).toBe("changed");
  });

  it("a key short enough to occur inside names: header names and the error's fields keep their shape", async () => {
    // "e" is in every header name and envelope field here. Header names are never rewritten (a
    // rewritten name would not be a header name); the envelope is read before it is redacted.
    const answer = envelope(404, [{ error: "NOT_FOUND", message: "no agent here" }], { "x-request-id": "e-1" });
    const error = await createEvalsClient({ apiKey: "e", fetch: scriptedFetch(answer).fetch })
      .agents.get(agentId)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      code: "NOT_FOUND",
      message: "no ag[redacted]nt h[redacted]r[redacted]",
      requestId: "[redacted]-1",
      errors: [
        { "[redacted]rror": "NOT_FOUND", "m[redacted]ssag[redacted]": "no ag[redacted]nt h[redacted]r[redacted]" },
      ],
    });
    expect((error as NotFoundError).headers.get("content-type")).toBe("application/json");
    expect(Object.keys((error as NotFoundError).body as object)).toEqual(["data", "[redacted]rrors"]);
  });
});

describe("whatever the caller's fetch throws, the key cannot be reached from the error", () => {
  class ProxyError extends Error {
    constructor(readonly config: unknown) {
      super("proxy failed");
    }
  }
  const looped = Object.assign(new Error("loop"), { key: canary }) as Error & { self?: unknown };
  looped.self = looped;
  const thrown: [string, () => unknown][] = [
    ["in cause.cause", () => new TypeError("fetch failed", { cause: new Error("x", { cause: new Error(canary) }) })],
    ["in a property", () => Object.assign(new Error("boom"), { request: { headers: { authorization: canary } } })],
    ["in a non-enumerable property", () => Object.defineProperty(new Error("boom"), "auth", { value: canary })],
    ["in a getter", () => Object.defineProperty(new Error("boom"), "auth", { get: () => canary, enumerable: true })],
    ["in a property name", () => Object.assign(new Error("boom"), { [canary]: true })],
    ["in an AggregateError", () => new AggregateError([new Error("a"), new Error(`b ${canary}`)], "all failed")],
    ["in a custom class's field", () => new ProxyError({ apiKey: canary })],
    ["in a cycle", () => looped],
    ["in a thrown string", () => `connect refused, key ${canary}`],
    ["in a thrown plain object", () => ({ message: "nope", key: canary })],
    ["in a symbol-keyed property", () => Object.assign(new Error("boom"), { [Symbol("k")]: canary })],
    // A function whose very source holds the key.
    ["in a function's source", () => Object.assign(new Error("boom"), { retry: new Function(`return "${canary}"`) })],
    [
      "in a Proxy whose traps throw",
      () =>
        new Proxy(new Error(canary), {
          getPrototypeOf: () => {
            throw new Error(canary);
          },
          ownKeys: () => {
            throw new Error(canary);
          },
        }),
    ],
  ];

  it.each(thrown)("%s", async (_, make) => {
    const seenByMiddleware: unknown[] = [];
    const fetch = () => {
      throw make();
    };
    const plain = createEvalsClient({ apiKey: canary, maxRetries: 0, fetch });
    const hooked = createEvalsClient({
      apiKey: canary,
      maxRetries: 0,
      fetch,
      middleware: [{ onError: ({ error }) => void seenByMiddleware.push(error) }],
    });
    for (const evals of [plain, hooked]) {
      for (const call of [() => evals.agents.get(agentId), () => evals.runs.create(createBody)]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EvalsConnectionError);
        expect(reachable(error, canary)).toEqual([]);
        for (const [how, text] of Object.entries(renderings(error))) expect(text, how).not.toContain(canary);
      }
    }
    expect(seenByMiddleware).toHaveLength(2);
    expect(reachable(seenByMiddleware, canary)).toEqual([]);
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
  ])("a fetch that throws %s: still an EvalsConnectionError", async (_, thrown) => {
    const evals = createEvalsClient({ apiKey: canary, maxRetries: 0, fetch: () => Promise.reject(thrown) });
    const error = await evals.agents.get(agentId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalsConnectionError);
    expect((error as Error).message).toBe(
      `GET /v1/evals/agents/${agentId} could not reach https://api.bland.ai: ${thrown}`,
    );
  });

  it("the cause is still the thrown error's shape: its class, message and codes, redacted", async () => {
    const cause = new TypeError("fetch failed", {
      cause: Object.assign(new Error(`connect ECONNREFUSED via ${canary}`), { code: "ECONNREFUSED", errno: -111 }),
    });
    const evals = createEvalsClient({ apiKey: canary, maxRetries: 0, fetch: () => Promise.reject(cause) });
    const error = (await evals.agents.get(agentId).catch((e: unknown) => e)) as EvalsConnectionError;
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.cause).toMatchObject({
      message: "fetch failed",
      cause: { message: "connect ECONNREFUSED via [redacted]", code: "ECONNREFUSED", errno: -111 },
    });
    expect(error.message).toBe(
      `GET /v1/evals/agents/${agentId} could not reach https://api.bland.ai: connect ECONNREFUSED via [redacted]`,
    );
    // What was enumerable still is, and only that: JSON.stringify shows the codes, not the stack.
    expect(Object.keys((error.cause as Error).cause as object)).toEqual(["code", "errno"]);
    expect(JSON.stringify((error.cause as Error).cause)).toBe('{"code":"ECONNREFUSED","errno":-111}');
  });

  it("a cycle in what was thrown stays a cycle in the copy", async () => {
    const thrown = Object.assign(new Error(`loop ${canary}`), { self: undefined as unknown });
    thrown.self = thrown;
    const evals = createEvalsClient({ apiKey: canary, maxRetries: 0, fetch: () => Promise.reject(thrown) });
    const error = (await evals.agents.get(agentId).catch((e: unknown) => e)) as EvalsConnectionError;
    const copy = error.cause as typeof thrown;
    expect(copy).not.toBe(thrown);
    expect(copy.self).toBe(copy);
    expect(copy.message).toBe("loop [redacted]");
  });

  it("a DOMException (a custom fetch's own timeout) keeps its name and message", async () => {
    const thrown = new DOMException(`gave up, key ${canary}`, "TimeoutError");
    const evals = createEvalsClient({ apiKey: canary, maxRetries: 0, fetch: () => Promise.reject(thrown) });
    const error = (await evals.agents.get(agentId).catch((e: unknown) => e)) as EvalsConnectionError;
    expect(error.cause).toBeInstanceOf(DOMException);
    expect(error.cause).toMatchObject({ name: "TimeoutError", message: "gave up, key [redacted]" });
    expect(() => inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toThrow();
    expect(error.message).toContain("gave up, key [redacted]");
  });

  it("a never-sent failure whose text holds the key is still retried for a create", async () => {
    const refused = networkError("ECONNREFUSED");
    (refused.cause as Error).message += ` (key ${canary})`;
    const { fetch, sent } = scriptedFetch(refused, ok());
    vi.spyOn(Math, "random").mockReturnValue(0);
    await expect(createEvalsClient({ apiKey: canary, fetch }).runs.create(createBody)).resolves.toBeDefined();
    expect(sent).toHaveLength(2);
  });

  it("a response body that fails mid-read with the key in its error", async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"data":'));
        controller.error(Object.assign(new Error(`socket closed, key ${canary}`), { key: canary }));
      },
    });
    const evals = createEvalsClient({ apiKey: canary, maxRetries: 0, fetch: async () => new Response(body) });
    const error = await evals.agents.get(agentId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalsConnectionError);
    expect(reachable(error, canary)).toEqual([]);
  });

  it("onError middleware gets the thrown error redacted too", async () => {
    const seen: unknown[] = [];
    const evals = createEvalsClient({
      apiKey: canary,
      maxRetries: 0,
      middleware: [{ onError: ({ error }) => void seen.push(error) }],
      fetch: () => Promise.reject(new TypeError("fetch failed", { cause: new Error(`refused ${canary}`) })),
    });
    await expect(evals.agents.get(agentId)).rejects.toBeInstanceOf(EvalsConnectionError);
    await expect(
      evals.raw.GET("/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: agentId } } }),
    ).rejects.toBeDefined();
    expect(seen).toHaveLength(2);
    expect(reachable(seen, canary)).toEqual([]);
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

  it("no middleware hook sees the key, on any route, though the server gets it", async () => {
    const seen: string[] = [];
    const spy =
      (hook: string) =>
      ({ request }: { request: Request }) =>
        void seen.push(`${hook} ${request.method} ${request.headers.get("authorization")}`);
    const evals = createEvalsClient({
      apiKey: canary,
      baseUrl: api.url,
      middleware: [{ onRequest: spy("onRequest"), onResponse: spy("onResponse") }],
    });
    await evals.agents.get(agentId);
    await evals.runs.create(createBody);
    await evals.raw.GET("/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: agentId } } });
    await evals.raw.POST("/v1/evals/runs", { body: createBody });
    expect(seen).toEqual(
      ["GET", "POST", "GET", "POST"].flatMap((m) => [`onRequest ${m} null`, `onResponse ${m} null`]),
    );
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([canary, canary, canary, canary]);
  });

  it("onError sees neither the key in its request nor in the error", async () => {
    const seen: (string | null)[] = [];
    const errors: unknown[] = [];
    const evals = createEvalsClient({
      apiKey: canary,
      maxRetries: 0,
      middleware: [
        {
          onError: ({ request, error }) => {
            seen.push(request.headers.get("authorization"));
            errors.push(error);
          },
        },
      ],
      fetch: (input) => {
        const auth = (input as Request).headers.get("authorization");
        return Promise.reject(new TypeError("fetch failed", { cause: new Error(`proxy refused ${auth}`) }));
      },
    });
    await expect(evals.agents.get(agentId)).rejects.toBeInstanceOf(EvalsConnectionError);
    await expect(evals.runs.create(createBody)).rejects.toBeInstanceOf(EvalsConnectionError);
    await expect(evals.raw.POST("/v1/evals/runs", { body: createBody })).rejects.toBeDefined();
    expect(seen).toEqual([null, null, null]);
    expect(reachable(errors, canary)).toEqual([]);
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
    expect(() => createEvalsClient({ apiKey })).toThrowError(expect.objectContaining({ name: "EvalsError" }));
  });

  it.each([
    ["no process at all (a browser)", undefined],
    ["a process without env", {}],
  ])("without a key, %s: the same EvalsError, not a TypeError", (_, process) => {
    const real = globalThis.process;
    Object.defineProperty(globalThis, "process", { value: process, configurable: true, writable: true });
    let error: unknown;
    try {
      createEvalsClient();
    } catch (e) {
      error = e;
    } finally {
      Object.defineProperty(globalThis, "process", { value: real, configurable: true, writable: true });
    }
    expect(error).toBeInstanceOf(EvalsError);
    expect((error as Error).message).toBe("Missing API key: pass { apiKey } or set BLAND_API_KEY");
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
    "http://evil-localhost",
    "http://evil.127.0.0.1",
    "http://127.0.0.1.evil",
    "http://127.0.0.1x",
    "ftp://api.bland.ai",
    "not a url",
    "/v1",
  ])("refuses baseUrl %s", (baseUrl) => {
    expect(() => createEvalsClient({ apiKey: "k", baseUrl })).toThrowError(/Refused baseUrl .*allowInsecure/);
  });

  it.each([
    ["a query", "https://api.bland.ai/?x=1", "query"],
    ["an empty query", "https://api.bland.ai?", "query"],
    ["a fragment", "https://api.bland.ai/#top", "fragment"],
    ["a trailing space", "https://api.bland.ai ", "whitespace"],
    ["a leading space", " https://api.bland.ai", "whitespace"],
    ["a tab inside (which URL parsing would drop)", "https://api.\tbland.ai", "whitespace"],
    ["user:pass@", "https://user:s3cret-pass@api.bland.ai", "credentials"],
    ["a user name", "https://s3cret-user@api.bland.ai", "credentials"],
    ["user:pass@ on loopback http", "http://user:s3cret-pass@127.0.0.1:4010", "credentials"],
    ["a token in the query", "https://api.bland.ai/?token=s3cret-token", "query"],
    ["user:pass@ and no scheme", "user:s3cret-pass@api.bland.ai", "https"],
    ["a token after a line break in the query", "https://api.bland.ai/?a=1\ns3cret-token", "query"],
  ])("refuses a baseUrl with %s, saying why and printing no credentials", (_, baseUrl, why) => {
    const error = (() => {
      try {
        createEvalsClient({ apiKey: "k", baseUrl });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(EvalsError);
    expect(error?.message).toMatch(/^Refused baseUrl/);
    expect(error?.message).toContain(why);
    expect(error?.message).not.toContain("s3cret");
  });

  it.each([
    [
      "https://user:s3cret@api.bland.ai/v1",
      'Refused baseUrl "https://***@api.bland.ai/v1": credentials do not belong in it (the key goes in apiKey)',
    ],
    [
      "https://api.bland.ai/?token=s3cret",
      'Refused baseUrl "https://api.bland.ai/?***": whitespace, a query or a fragment would misroute requests',
    ],
    [
      "http://api.bland.ai/#s3cret",
      'Refused baseUrl "http://api.bland.ai/#***": whitespace, a query or a fragment would misroute requests',
    ],
    [
      "http://api.bland.ai",
      'Refused baseUrl "http://api.bland.ai": the key needs https, a loopback host or allowInsecure',
    ],
  ])("the message for %s shows what is safe to show", (baseUrl, message) => {
    expect(() => createEvalsClient({ apiKey: "k", baseUrl })).toThrowError(new EvalsError(message));
  });

  it("trailing slashes of baseUrl are dropped, its path kept", async () => {
    const { fetch, sent } = scriptedFetch(ok());
    await createEvalsClient({ apiKey: "k", fetch, baseUrl: "http://127.0.0.1:9/api//" }).runs.create(createBody);
    expect(sent[0]?.url.href).toBe("http://127.0.0.1:9/api/v1/evals/runs");
  });

  it.each([
    "https://api.bland.ai",
    "https://api.bland.ai/",
    "https://proxy.example/bland",
    "http://localhost:4010",
    "http://127.0.0.1:4010",
    "http://127.5.6.7",
    "http://127.10.200.30:4010",
    "http://[::1]:4010",
  ])("accepts baseUrl %s", (baseUrl) => {
    expect(() => createEvalsClient({ apiKey: "k", baseUrl })).not.toThrow();
  });

  it("allowInsecure: true accepts plain http elsewhere", () => {
    expect(() =>
      createEvalsClient({ apiKey: "k", baseUrl: "http://evals.internal", allowInsecure: true }),
    ).not.toThrow();
  });

  it.each(["ftp://localhost:4010", "ws://127.0.0.1:4010", "ftp://evals.internal"])(
    "no scheme but https and http, loopback or allowInsecure notwithstanding: %s",
    (baseUrl) => {
      expect(() => createEvalsClient({ apiKey: "k", baseUrl, allowInsecure: true })).toThrowError(/Refused baseUrl/);
    },
  );

  it("the error body is yours to change: an envelope's errors can be spliced, a field deleted", async () => {
    const { fetch } = scriptedFetch(envelope(404, [{ message: "a" }, { message: "b" }]));
    const error = (await createEvalsClient({ apiKey: "k", fetch })
      .agents.get(agentId)
      .catch((e: unknown) => e)) as NotFoundError;
    error.errors.pop();
    delete (error.body as { data?: unknown }).data;
    expect(error.errors).toEqual([{ message: "a" }]);
    expect(error.body).toEqual({ errors: [{ message: "a" }, { message: "b" }] });
  });
});
