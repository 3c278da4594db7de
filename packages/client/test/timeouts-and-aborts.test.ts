import { getEventListeners } from "node:events";
import { createEvalsClient, EvalsTimeoutError } from "@evals-api/client";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  agent,
  agentId,
  apiKey,
  createBody,
  envelope,
  hangingFetch,
  ok,
  run,
  scriptedFetch,
  startServer,
} from "./support.js";

beforeAll(async () => {
  // Load the validators before the clock is faked (their first load is real I/O).
  await createEvalsClient({ apiKey, fetch: scriptedFetch(ok(agent, 200)).fetch }).agents.get(agentId);
});

describe("on a fake clock", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("times out after 60 s by default, with an EvalsTimeoutError naming the request", async () => {
    const hanging = hangingFetch();
    const outcome = createEvalsClient({ apiKey, fetch: hanging.fetch, maxRetries: 0 })
      .agents.get(agentId)
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(hanging.calls).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(EvalsTimeoutError);
    expect((error as Error).message).toBe(`GET /v1/evals/agents/${agentId} timed out after 60000 ms`);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("timeoutMs per client and per call", async () => {
    const hanging = hangingFetch();
    const evals = createEvalsClient({ apiKey, fetch: hanging.fetch, maxRetries: 0, timeoutMs: 5000 });
    const perClient = evals.agents.get(agentId).catch((e: unknown) => e);
    const perCall = evals.agents.get(agentId, { timeoutMs: 100 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(await perCall).toBeInstanceOf(EvalsTimeoutError);
    await vi.advanceTimersByTimeAsync(4900);
    expect(await perClient).toBeInstanceOf(EvalsTimeoutError);
  });

  it("the clock starts with each attempt, not with the client", async () => {
    const slow = (ms: number) => () =>
      new Promise<Response>((resolve) => setTimeout(() => resolve(ok(agent, 200)), ms));
    const { fetch } = scriptedFetch(slow(50_000));
    const evals = createEvalsClient({ apiKey, fetch });
    await vi.advanceTimersByTimeAsync(10 * 60_000); // the client sits idle for ten minutes
    const call = evals.agents.get(agentId);
    await vi.advanceTimersByTimeAsync(50_000);
    await expect(call).resolves.toEqual(agent);
  });

  it("each retry gets a full timeout of its own", async () => {
    const hangs = hangingFetch().fetch;
    const { fetch, sent } = scriptedFetch(
      (request) => hangs(request),
      () => new Promise<Response>((resolve) => setTimeout(() => resolve(ok(agent, 200)), 50_000)),
    );
    vi.spyOn(Math, "random").mockReturnValue(0);
    const call = createEvalsClient({ apiKey, fetch }).agents.get(agentId);
    await vi.runAllTimersAsync();
    await expect(call).resolves.toEqual(agent);
    expect(sent).toHaveLength(2);
    vi.restoreAllMocks();
  });

  it("timeoutMs: 2,147,483,647 (the largest timer there is) is still a timeout", async () => {
    const hanging = hangingFetch();
    const outcome = createEvalsClient({ apiKey, fetch: hanging.fetch, timeoutMs: 2_147_483_647, maxRetries: 0 })
      .agents.get(agentId)
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(2_147_483_647);
    expect(await outcome).toBeInstanceOf(EvalsTimeoutError);
  });

  it.each([0, Number.POSITIVE_INFINITY, 2_147_483_648, 3_000_000_000, Number.MAX_VALUE])(
    "timeoutMs: %s means no timeout, and no signal for fetch",
    async (timeoutMs) => {
      const signals: (AbortSignal | null | undefined)[] = [];
      const hanging = hangingFetch();
      const fetch = (input: string | Request, init?: RequestInit) => {
        signals.push(init?.signal);
        return hanging.fetch(input, init);
      };
      const evals = createEvalsClient({ apiKey, fetch, timeoutMs, maxRetries: 0 });
      const pending = evals.agents.get(agentId);
      await vi.advanceTimersByTimeAsync(24 * 3600_000);
      expect(vi.getTimerCount()).toBe(0);
      expect(signals).toEqual([undefined]);
      // A caller's signal still aborts it.
      const controller = new AbortController();
      const abortable = evals.agents.get(agentId, { signal: controller.signal }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(0);
      controller.abort();
      expect(await abortable).toMatchObject({ name: "AbortError" });
      void pending.catch(() => undefined);
    },
  );

  it.each([
    ["a success", () => ok(agent, 200)],
    ["an API error", () => envelope(404, [{ message: "not found" }])],
    ["a network error", () => Promise.reject(new TypeError("fetch failed"))],
  ])("after %s no timer is left behind", async (_, answer) => {
    const { fetch } = scriptedFetch(answer);
    await createEvalsClient({ apiKey, fetch, maxRetries: 0 })
      .agents.get(agentId)
      .catch(() => undefined);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("timeoutMs beyond what a timer can hold", () => {
  it.each([2_147_483_648, 3_000_000_000])(
    "%s is no timeout: a billed create answered after 30 ms resolves, with no TimeoutOverflowWarning",
    async (timeoutMs) => {
      const warnings: string[] = [];
      const onWarning = (w: Error) => void warnings.push(w.name);
      process.on("warning", onWarning);
      try {
        const later = () => new Promise<Response>((resolve) => setTimeout(() => resolve(ok()), 30));
        const { fetch, sent } = scriptedFetch(later);
        await expect(createEvalsClient({ apiKey, fetch, timeoutMs }).runs.create(createBody)).resolves.toEqual(run);
        await expect(createEvalsClient({ apiKey, fetch }).runs.create(createBody, { timeoutMs })).resolves.toEqual(run);
        expect(sent).toHaveLength(2);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings).toEqual([]);
      } finally {
        process.off("warning", onWarning);
      }
    },
  );
});

describe("nonsense timeoutMs and maxRetries are refused with a RangeError naming the option", () => {
  const refused: [string, unknown][] = [
    ["timeoutMs", -1],
    ["timeoutMs", Number.NEGATIVE_INFINITY],
    ["timeoutMs", Number.NaN],
    ["timeoutMs", "100"],
    ["timeoutMs", null],
    ["maxRetries", -1],
    ["maxRetries", 1.5],
    ["maxRetries", Number.NaN],
    ["maxRetries", Number.POSITIVE_INFINITY],
    ["maxRetries", 101],
    ["maxRetries", "2"],
    ["maxRetries", null],
  ];

  it.each(refused)("%s: %s", async (option, value) => {
    const message = new RegExp(
      `^${option} must be .*, got ${String(typeof value === "string" ? `"${value}"` : value)}$`,
    );
    expect(() => createEvalsClient({ apiKey, [option]: value })).toThrowError(RangeError);
    expect(() => createEvalsClient({ apiKey, [option]: value })).toThrowError(message);
    const { fetch, sent } = scriptedFetch(ok(agent, 200));
    const evals = createEvalsClient({ apiKey, fetch });
    for (const call of [
      () => evals.agents.get(agentId, { [option]: value }),
      () => evals.runs.create(createBody, { [option]: value }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(message);
    }
    expect(sent).toHaveLength(0);
  });

  it.each([
    ["timeoutMs", 0],
    ["timeoutMs", 1],
    ["timeoutMs", 2_147_483_648],
    ["timeoutMs", Number.POSITIVE_INFINITY],
    ["maxRetries", 0],
    ["maxRetries", 100],
    ["timeoutMs", undefined],
    ["maxRetries", undefined],
  ])("%s: %s is accepted", async (option, value) => {
    const { fetch, sent } = scriptedFetch(ok(agent, 200));
    const evals = createEvalsClient({ apiKey, fetch, [option]: value });
    await evals.agents.get(agentId, { [option]: value });
    expect(sent).toHaveLength(1);
  });

  it("maxRetries: 100 makes 101 attempts, no more", async () => {
    const { fetch, sent } = scriptedFetch(envelope(429, [{ message: "slow down" }], { "retry-after": "0" }));
    await createEvalsClient({ apiKey, fetch, maxRetries: 100 })
      .runs.create(createBody)
      .catch(() => undefined);
    expect(sent).toHaveLength(101);
  });
});

/** The promise's outcome, or "still pending" if it takes longer than `ms` (a hang fails fast). */
function within<T>(promise: Promise<T>, ms = 2000): Promise<T | "still pending"> {
  return Promise.race([
    promise,
    new Promise<"still pending">((resolve) => setTimeout(() => resolve("still pending"), ms)),
  ]);
}

describe("one signal shared by a batch of calls", () => {
  it("a signal reused after earlier calls finished still aborts the next one", async () => {
    const controller = new AbortController();
    const quick = createEvalsClient({ apiKey, fetch: scriptedFetch(ok(agent, 200)).fetch });
    await quick.agents.get(agentId, { signal: controller.signal });
    await quick.agents.get(agentId, { signal: controller.signal });
    const next = createEvalsClient({ apiKey, fetch: hangingFetch().fetch })
      .agents.get(agentId, { signal: controller.signal })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await within(next)).toMatchObject({ name: "AbortError" });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("twenty concurrent calls: one listener on the signal, no MaxListenersExceededWarning", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const later = () => new Promise<Response>((resolve) => setTimeout(() => resolve(ok(agent, 200)), 20));
      const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(later).fetch });
      const calls = Array.from({ length: 20 }, () => evals.agents.get(agentId, { signal: controller.signal }));
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
      await Promise.all(calls);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("aborting it rejects every call, those in flight and those waiting to retry", async () => {
    const controller = new AbortController();
    const hanging = hangingFetch();
    let calls = 0;
    const { fetch } = scriptedFetch((request) =>
      calls++ % 2 ? hanging.fetch(request) : envelope(503, [{ message: "later" }]),
    );
    const evals = createEvalsClient({ apiKey, fetch });
    const batch = Array.from({ length: 12 }, () =>
      evals.agents.get(agentId, { signal: controller.signal }).catch((e: unknown) => e),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const errors = await within(Promise.all(batch));
    expect(errors).not.toBe("still pending");
    expect((errors as unknown[]).map((e) => (e as Error).name)).toEqual(Array(12).fill("AbortError"));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});

describe("aborts by the caller", () => {
  it("reject with the standard AbortError and leave no timer or listener", async () => {
    vi.useFakeTimers();
    try {
      const hanging = hangingFetch();
      const controller = new AbortController();
      const outcome = createEvalsClient({ apiKey, fetch: hanging.fetch })
        .runs.create(createBody, { signal: controller.signal })
        .catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(10);
      controller.abort();
      const error = (await outcome) as DOMException;
      expect(error).toBeInstanceOf(DOMException);
      expect(error.name).toBe("AbortError");
      expect(vi.getTimerCount()).toBe(0);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      expect(hanging.calls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("an abort during a GET's attempt rejects at once: the GET is not retried", async () => {
    vi.useFakeTimers();
    try {
      const hanging = hangingFetch();
      const controller = new AbortController();
      let settled = false;
      const outcome = createEvalsClient({ apiKey, fetch: hanging.fetch })
        .agents.get(agentId, { signal: controller.signal })
        .catch((e: unknown) => e)
        .finally(() => {
          settled = true;
        });
      await vi.advanceTimersByTimeAsync(10);
      controller.abort();
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(true);
      expect(await outcome).toMatchObject({ name: "AbortError" });
      expect(vi.getTimerCount()).toBe(0);
      expect(hanging.calls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("reject with the signal's own reason when it has one", async () => {
    const controller = new AbortController();
    const reason = new Error("user navigated away");
    const call = createEvalsClient({ apiKey, fetch: hangingFetch().fetch }).agents.get(agentId, {
      signal: controller.signal,
    });
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });

  it("an already aborted signal sends nothing", async () => {
    const { fetch, sent } = scriptedFetch(ok());
    const call = createEvalsClient({ apiKey, fetch }).runs.create(createBody, { signal: AbortSignal.abort() });
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    expect(sent).toHaveLength(0);
  });

  it("a call that waited out a backoff, then succeeded, leaves no listener either", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.01); // a 5 ms backoff
    try {
      const controller = new AbortController();
      const { fetch, sent } = scriptedFetch(envelope(503, [{ message: "later" }]), ok(agent, 200));
      await createEvalsClient({ apiKey, fetch }).agents.get(agentId, { signal: controller.signal });
      expect(sent).toHaveLength(2);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("a finished call leaves no listener on the caller's signal", async () => {
    const controller = new AbortController();
    const { fetch } = scriptedFetch(ok(agent, 200));
    await createEvalsClient({ apiKey, fetch }).agents.get(agentId, { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});

describe("against a real server on 127.0.0.1, timeouts and aborts close the connection", () => {
  it("no answer at all: EvalsTimeoutError, then the socket is closed", async () => {
    const server = await startServer(() => {}); // never answers
    try {
      const evals = createEvalsClient({ apiKey, baseUrl: server.url, timeoutMs: 200, maxRetries: 0 });
      await expect(evals.agents.get(agentId)).rejects.toBeInstanceOf(EvalsTimeoutError);
      await server.allConnectionsClosed();
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("headers but a stalled body: the timeout covers the body too", async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data":'); // and nothing more
    });
    try {
      const evals = createEvalsClient({ apiKey, baseUrl: server.url, timeoutMs: 200, maxRetries: 0 });
      await expect(evals.agents.get(agentId)).rejects.toBeInstanceOf(EvalsTimeoutError);
      await server.allConnectionsClosed();
    } finally {
      await server.close();
    }
  });

  it("an abort by the caller closes the socket too", async () => {
    const server = await startServer(() => {});
    try {
      const controller = new AbortController();
      const evals = createEvalsClient({ apiKey, baseUrl: server.url });
      const call = evals.runs.create(createBody, { signal: controller.signal });
      await new Promise<void>((resolve) => {
        const wait = () => (server.requests.length > 0 ? resolve() : setTimeout(wait, 5));
        wait();
      });
      controller.abort();
      await expect(call).rejects.toMatchObject({ name: "AbortError" });
      await server.allConnectionsClosed();
    } finally {
      await server.close();
    }
  });
});
