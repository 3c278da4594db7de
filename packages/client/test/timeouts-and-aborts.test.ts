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

  it.each([0, Number.POSITIVE_INFINITY])(
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
