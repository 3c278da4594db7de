// The retry policy, on a fake clock: what is retried, how often, after how long, and with which key.
import {
  createEvalsClient,
  EvalsConnectionError,
  EvalsTimeoutError,
  InternalServerError,
  RateLimitError,
} from "@evals-api/client";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  agent,
  agentId,
  apiKey,
  closedPort,
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

beforeAll(async () => {
  // The first validated call loads the validators (real I/O, not on the fake clock): do it up front.
  await createEvalsClient({ apiKey, fetch: scriptedFetch(ok(agent, 200)).fetch }).agents.get(agentId);
});
useFakeClock();

describe("GET (idempotent) is retried on transient failures", () => {
  it.each([408, 429, 500, 502, 503, 504])("HTTP %i: retried up to maxRetries, then the error", async (status) => {
    const { fetch, sent } = scriptedFetch(failing(status));
    const evals = createEvalsClient({ apiKey, fetch, maxRetries: 3 });
    const { error } = await settle(evals.agents.get(agentId));
    expect((error as { status: number }).status).toBe(status);
    expect(sent).toHaveLength(4);
  });

  it("succeeds when a retry does", async () => {
    const { fetch, sent } = scriptedFetch(failing(503), failing(500), ok(agent, 200));
    const { value } = await settle(createEvalsClient({ apiKey, fetch }).agents.get(agentId));
    expect(value).toEqual(agent);
    expect(sent).toHaveLength(3);
  });

  it.each([400, 401, 402, 403, 404, 409, 422])("HTTP %i is not retried", async (status) => {
    const { fetch, sent } = scriptedFetch(failing(status));
    await settle(createEvalsClient({ apiKey, fetch, maxRetries: 5 }).agents.get(agentId));
    expect(sent).toHaveLength(1);
  });

  it("a dropped connection and a timeout are retried", async () => {
    const { fetch, sent } = scriptedFetch(networkError("ECONNRESET"), ok(agent, 200));
    expect((await settle(createEvalsClient({ apiKey, fetch }).agents.get(agentId))).value).toEqual(agent);
    expect(sent).toHaveLength(2);

    const hanging = hangingFetch();
    const evals = createEvalsClient({ apiKey, fetch: hanging.fetch, timeoutMs: 1000, maxRetries: 2 });
    const { error } = await settle(evals.agents.get(agentId));
    expect(error).toBeInstanceOf(EvalsTimeoutError);
    expect(hanging.calls).toBe(3);
  });

  it("maxRetries is per client and per call; 0 means a single attempt", async () => {
    const { fetch, sent } = scriptedFetch(failing(503));
    const evals = createEvalsClient({ apiKey, fetch, maxRetries: 0 });
    await settle(evals.agents.get(agentId));
    expect(sent).toHaveLength(1);
    await settle(evals.agents.get(agentId, { maxRetries: 1 }));
    expect(sent).toHaveLength(3);
  });

  it("defaults to 2 retries", async () => {
    const { fetch, sent } = scriptedFetch(failing(500));
    await settle(createEvalsClient({ apiKey, fetch }).agents.get(agentId));
    expect(sent).toHaveLength(3);
  });
});

describe("POST /v1/evals/runs (billed) is retried only when provably not processed", () => {
  it.each([
    [429, {}],
    [503, { "retry-after": "1" }],
  ])("HTTP %i %o is retried", async (status, headers) => {
    const { fetch, sent } = scriptedFetch(failing(status, headers), ok());
    const { value } = await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect(value).toEqual(run);
    expect(sent).toHaveLength(2);
  });

  it.each([408, 500, 502, 503, 504])("HTTP %i (no Retry-After) is not retried: the run may exist", async (status) => {
    const { fetch, sent } = scriptedFetch(failing(status), ok());
    const { error } = await settle(createEvalsClient({ apiKey, fetch, maxRetries: 5 }).runs.create(createBody));
    expect((error as { status: number }).status).toBe(status);
    expect(sent).toHaveLength(1);
  });

  it.each([500, 502, 504])(
    "HTTP %i is not retried even with a Retry-After: only a 503 says it was not taken",
    async (status) => {
      const { fetch, sent } = scriptedFetch(failing(status, { "retry-after": "1" }), ok());
      const { error } = await settle(createEvalsClient({ apiKey, fetch, maxRetries: 5 }).runs.create(createBody));
      expect((error as { status: number }).status).toBe(status);
      expect(sent).toHaveLength(1);
    },
  );

  it("a timeout is not retried", async () => {
    const hanging = hangingFetch();
    const evals = createEvalsClient({ apiKey, fetch: hanging.fetch, timeoutMs: 1000 });
    const { error } = await settle(evals.runs.create(createBody));
    expect(error).toBeInstanceOf(EvalsTimeoutError);
    expect(hanging.calls).toBe(1);
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"])(
    "%s (never reached a server) is retried",
    async (code) => {
      const { fetch, sent } = scriptedFetch(networkError(code), ok());
      const { value } = await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
      expect(value).toBeDefined();
      expect(sent).toHaveLength(2);
    },
  );

  it("a refused connection on every address (happy eyeballs) is retried", async () => {
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(
        new AggregateError([networkError("ECONNREFUSED").cause, networkError("ECONNREFUSED").cause]),
        {
          code: undefined,
        },
      ),
    });
    const { fetch, sent } = scriptedFetch(refused, ok());
    await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect(sent).toHaveLength(2);
  });

  it("a never-sent code in undici's nesting (cause of cause) is trusted; buried deeper, it is not", async () => {
    // fetch failed → its cause → that one's cause → … ; the code sits at the given depth.
    const nested = (depth: number) => {
      let error: Error = Object.assign(new Error("connect failed"), { code: "ECONNREFUSED" });
      for (let i = 0; i < depth; i++) error = new Error(`layer ${i}`, { cause: error });
      return error;
    };
    for (const [depth, attempts] of [
      [3, 2],
      [4, 1],
    ] as const) {
      const { fetch, sent } = scriptedFetch(nested(depth), ok());
      await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
      expect(sent, `code at depth ${depth}`).toHaveLength(attempts);
    }
  });

  it("an error that is its own cause is not trusted, and does not hang the retry decision", async () => {
    const looped = new TypeError("fetch failed") as TypeError & { cause?: unknown };
    looped.cause = looped;
    const { fetch, sent } = scriptedFetch(looped, ok());
    const { error } = await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect(error).toBeInstanceOf(EvalsConnectionError);
    expect(sent).toHaveLength(1);
  });

  it("happy eyeballs where one address was refused and another reset: not retried", async () => {
    const mixed = new TypeError("fetch failed", {
      cause: new AggregateError([networkError("ECONNREFUSED").cause, networkError("ECONNRESET").cause]),
    });
    const { fetch, sent } = scriptedFetch(mixed, ok());
    await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect(sent).toHaveLength(1);
  });

  it("a failure with no cause at all is not trusted", async () => {
    const { fetch, sent } = scriptedFetch(new TypeError("fetch failed"), ok());
    await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect(sent).toHaveLength(1);
  });

  it.each(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE"])("%s (may have been processed) is not retried", async (code) => {
    const { fetch, sent } = scriptedFetch(networkError(code), ok());
    const { error } = await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect(error).toBeInstanceOf(EvalsConnectionError);
    expect(sent).toHaveLength(1);
  });

  it("retryNonIdempotent: true retries a create like a GET", async () => {
    const { fetch, sent } = scriptedFetch(failing(500), networkError("ECONNRESET"), ok());
    const evals = createEvalsClient({ apiKey, fetch, retryNonIdempotent: true });
    expect((await settle(evals.runs.create(createBody))).value).toBeDefined();
    expect(sent).toHaveLength(3);
  });
});

describe("one Idempotency-Key per logical create, the same on every retry", () => {
  it("sends a UUID and repeats it on retries", async () => {
    const { fetch, sent } = scriptedFetch(failing(429), failing(429), ok());
    await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    const keys = sent.map((r) => r.headers.get("idempotency-key"));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(1);
  });

  it("a new call gets a new key; the caller's idempotencyKey wins", async () => {
    const { fetch, sent } = scriptedFetch(ok());
    const evals = createEvalsClient({ apiKey, fetch });
    await settle(evals.runs.create(createBody));
    await settle(evals.runs.create(createBody));
    await settle(evals.runs.create(createBody, { idempotencyKey: "order-42" }));
    const [a, b, c] = sent.map((r) => r.headers.get("idempotency-key"));
    expect(a).not.toBe(b);
    expect(c).toBe("order-42");
  });

  it("GET sends none", async () => {
    const { fetch, sent } = scriptedFetch(ok(agent, 200));
    await settle(createEvalsClient({ apiKey, fetch }).agents.get(agentId));
    expect(sent[0]?.headers.has("idempotency-key")).toBe(false);
  });
});

describe("delays: exponential backoff with full jitter, or what the server asks for", () => {
  const gaps = (sent: { at: number }[]) => sent.slice(1).map((r, i) => r.at - (sent[i]?.at ?? 0));

  it("random × min(8 s, 0.5 s × 2^n)", async () => {
    const { fetch, sent } = scriptedFetch(failing(503));
    await settle(createEvalsClient({ apiKey, fetch, maxRetries: 6 }).agents.get(agentId));
    // Math.random() is 0.5: half of 0.5, 1, 2, 4, 8, 8 (capped) seconds.
    expect(gaps(sent)).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });

  it("full jitter spans 0 up to the cap", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const first = scriptedFetch(failing(503));
    await settle(createEvalsClient({ apiKey, fetch: first.fetch }).agents.get(agentId));
    expect(gaps(first.sent)).toEqual([0, 0]);
    vi.spyOn(Math, "random").mockReturnValue(0.998);
    const second = scriptedFetch(failing(503));
    await settle(createEvalsClient({ apiKey, fetch: second.fetch }).agents.get(agentId));
    expect(gaps(second.sent)).toEqual([499, 998]);
  });

  it.each([
    ["Retry-After in seconds", { "retry-after": "3" }, 3000],
    ["Retry-After in fractional seconds", { "retry-after": "1.5" }, 1500],
    ["Retry-After as an HTTP date", { "retry-after": "Wed, 27 May 2026 10:00:07 GMT" }, 7000],
    ["retry-after-ms, which wins over Retry-After", { "retry-after-ms": "1234", "retry-after": "9" }, 1234],
    ["Retry-After: 0", { "retry-after": "0" }, 0],
    ["Retry-After: 0.0 (zero, though not a date either)", { "retry-after": "0.0" }, 0],
    ["retry-after-ms: 0", { "retry-after-ms": "0" }, 0],
    ["retry-after-ms: 0, which wins over Retry-After", { "retry-after-ms": "0", "retry-after": "9" }, 0],
    ["Retry-After when retry-after-ms is unreadable", { "retry-after-ms": "soon", "retry-after": "2" }, 2000],
    ["Retry-After when retry-after-ms is negative", { "retry-after-ms": "-5", "retry-after": "2" }, 2000],
    ["an HTTP date in the past", { "retry-after": "Wed, 27 May 2026 09:00:00 GMT" }, 0],
    ["an HTTP date at the epoch (long past)", { "retry-after": "Thu, 01 Jan 1970 00:00:00 GMT" }, 0],
    ["exactly a minute, the longest wait sat out", { "retry-after": "60" }, 60_000],
    ["retry-after-ms: 60000", { "retry-after-ms": "60000" }, 60_000],
  ])("honours %s", async (_, headers, expected) => {
    const { fetch, sent } = scriptedFetch(failing(429, headers), ok());
    await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect(gaps(sent)).toEqual([expected]);
  });

  it.each([
    ["unreadable", { "retry-after": "soon" }],
    ["a negative number", { "retry-after": "-1" }],
    ["blank", { "retry-after": " " }],
    ["retry-after-ms unreadable and no Retry-After", { "retry-after-ms": "soon" }],
  ])("falls back to backoff when Retry-After is %s", async (_, headers) => {
    const { fetch, sent } = scriptedFetch(failing(429, headers), ok());
    await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect(gaps(sent)).toEqual([250]);
  });

  it("RateLimitError carries the parsed wait", async () => {
    const { fetch } = scriptedFetch(failing(429, { "retry-after": "2" }));
    const { error } = await settle(createEvalsClient({ apiKey, fetch, maxRetries: 0 }).runs.create(createBody));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
  });

  it("a wait longer than a minute is not sat out: the error comes back at once with retryAfterMs", async () => {
    const { fetch, sent } = scriptedFetch(failing(429, { "retry-after": "3600" }), ok());
    const { error } = await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(sent).toHaveLength(1);
  });

  it.each([
    ["Retry-After", { "retry-after": "60.001" }],
    ["retry-after-ms", { "retry-after-ms": "60001" }],
  ])("a millisecond over a minute (%s) is not sat out either", async (_, headers) => {
    const { fetch, sent } = scriptedFetch(failing(429, headers), ok());
    const { error } = await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(sent).toHaveLength(1);
  });

  it("a 503 whose Retry-After is too long is not retried either", async () => {
    const { fetch, sent } = scriptedFetch(failing(503, { "retry-after": "600" }), ok());
    const { error } = await settle(createEvalsClient({ apiKey, fetch }).runs.create(createBody));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(sent).toHaveLength(1);
  });
});

describe("aborting during the backoff", () => {
  it("rejects with the AbortError at once and leaves no timer", async () => {
    const { fetch, sent } = scriptedFetch(failing(503));
    const controller = new AbortController();
    const call = createEvalsClient({ apiKey, fetch }).agents.get(agentId, { signal: controller.signal });
    const outcome = call.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(1); // the backoff
    controller.abort();
    const error = await outcome;
    expect((error as Error).name).toBe("AbortError");
    expect(vi.getTimerCount()).toBe(0);
    expect(sent).toHaveLength(1);
  });
});

describe("a real refused connection", () => {
  it("is retried for a create, and ends as an EvalsConnectionError naming the cause", async () => {
    vi.useRealTimers();
    vi.spyOn(Math, "random").mockReturnValue(0); // no waiting between attempts
    const baseUrl = await closedPort();
    let attempts = 0;
    const evals = createEvalsClient({
      apiKey,
      baseUrl,
      fetch: (input, init) => {
        attempts++;
        return fetch(input, init);
      },
    });
    const error = await evals.runs.create(createBody).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalsConnectionError);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).toContain("POST /v1/evals/runs");
    expect(attempts).toBe(3);
  });
});
