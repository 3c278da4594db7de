// runs.createMany against the in-process mock, which honours Idempotency-Key per chunk: chunking
// and de-duplication, deterministic keys, the journal and resuming, failures and what they mean
// for billing, flow control, version pinning, aborts, and bad input refused before anything is sent.

import { createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  type CreateManyProgress,
  createEvalsClient,
  createMemoryJournal,
  EvalsConnectionError,
  EvalsValidationError,
  type Journal,
  type JournalEntry,
  NotFoundError,
} from "@evals-api/client";
import { createMockServer, type MockServer } from "@evals-api/mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiKey, hangingFetch, json, networkError } from "./support.js";

const AGENT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"; // the mock's seed agent
const PUBLISHED = "c3d4e5f6-a7b8-9012-cdef-123456789012"; // its active_version_id
const attached_agents = [{ eval_agent_id: AGENT, eval_agent_version_id: PUBLISHED }];
const ids = (n: number, prefix = "call") => Array.from({ length: n }, (_, i) => `${prefix}_${i}`);

type Fetch = (input: string | Request, init?: RequestInit) => Promise<Response>;

/** The mock's fetch with a fault for some POSTs: `fault(n)` for the n-th POST (1-based) answers instead, or throws. */
function withFault(fetch: Fetch, fault: (n: number) => Response | Error | undefined): Fetch {
  let posts = 0;
  return async (input, init) => {
    const method = init?.method ?? (input as Request).method;
    const injected = method === "POST" ? fault(++posts) : undefined;
    if (injected instanceof Error) throw injected;
    return injected ?? fetch(input, init);
  };
}

const postsTo = (mock: MockServer) => mock.state.requests.filter((r) => r.method === "POST");
const created = (mock: MockServer) => mock.state.runs.size;

function setup(fetch?: (mock: MockServer) => Fetch, options: { maxRetries?: number } = {}) {
  const mock = createMockServer();
  const evals = createEvalsClient({ apiKey, fetch: fetch ? fetch(mock) : mock.fetch, maxRetries: options.maxRetries });
  return { mock, evals };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("chunks from the spec's maxItems, de-duplicated across the batch", () => {
  it("12,001 ids become 3 runs of 5,000, 5,000 and 2,001 calls, in chunk order", async () => {
    const { mock, evals } = setup();
    const result = await evals.runs.createMany({ call_ids: ids(12_001), attached_agents });
    expect(result.runs.map((run) => run.resolved_call_count)).toEqual([5000, 5000, 2001]);
    expect(result.runs.map((run) => run.submitted_call_ids[0])).toEqual(["call_0", "call_5000", "call_10000"]);
    expect(result.failed).toEqual([]);
    expect(result.complete).toBe(true);
    expect(postsTo(mock)).toHaveLength(3);
  });

  it("an id repeated in a later chunk is scored once, in the first chunk that met it", async () => {
    const { evals } = setup();
    const call_ids = ["a", "b", "c", "a", "d", "b", "e", "c", "f", "a"];
    const result = await evals.runs.createMany({ call_ids, attached_agents }, { chunkSize: 3 });
    expect(result.runs.map((run) => run.submitted_call_ids)).toEqual([
      ["a", "b", "c"],
      ["d", "e", "f"],
    ]);
  });

  it("reads an async iterable lazily: the next chunk while one is in flight, and no further", async () => {
    let read = 0;
    async function* source() {
      for (let i = 0; i < 10; i++) {
        read++;
        yield `call_${i}`;
      }
    }
    const posted: number[] = [];
    const onProgress = () => void posted.push(read);
    // A server that takes its time: each chunk is read while the one before it is in flight.
    const slow = setup((mock) => async (input, init) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return mock.fetch(input, init);
    });
    await slow.evals.runs.createMany({ call_ids: source(), attached_agents }, { chunkSize: 2, onProgress });
    expect(posted).toEqual([4, 6, 8, 10, 10]);
    // One that answers at once: never more than one chunk read beyond those done.
    read = 0;
    posted.length = 0;
    await setup().evals.runs.createMany({ call_ids: source(), attached_agents }, { chunkSize: 2, onProgress });
    expect(posted).toHaveLength(5);
    for (const [done, readWhenDone] of posted.entries()) {
      expect(readWhenDone).toBeLessThanOrEqual(Math.min(10, (done + 2) * 2));
    }
  });

  it("reads a file line by line through readline, though the interface starts emitting at once", async () => {
    const { evals } = setup();
    const file = join(mkdtempSync(join(tmpdir(), "evals-batch-")), "calls.txt");
    writeFileSync(file, ids(12_001).join("\n"));
    const call_ids = createInterface({ input: createReadStream(file) });
    const result = await evals.runs.createMany({ call_ids, attached_agents });
    expect(result.runs.map((run) => run.resolved_call_count)).toEqual([5000, 5000, 2001]);
  });

  it("a chunkSize above the spec's maxItems, or not a whole number, is refused before anything is sent", async () => {
    const { mock, evals } = setup();
    const batch = { call_ids: ["c"], attached_agents };
    await expect(evals.runs.createMany(batch, { chunkSize: 5001 })).rejects.toThrow(
      new RangeError("chunkSize must be an integer from 1 to 5000 (the spec's maxItems of call_ids), got 5001"),
    );
    await expect(evals.runs.createMany(batch, { chunkSize: 0 })).rejects.toThrow(RangeError);
    await expect(evals.runs.createMany(batch, { concurrency: 1.5 })).rejects.toThrow(/concurrency must be an integer/);
    await expect(evals.runs.createMany(batch, { journal: {} as Journal })).rejects.toThrow(/journal must have get/);
    expect(mock.state.requests).toHaveLength(0);
  });
});

describe("bad input is refused before anything is sent", () => {
  it("a field that breaks the spec names it; no agent is read, no run created", async () => {
    const { mock, evals } = setup();
    const error = await evals.runs
      .createMany({ call_ids: ids(12_001), attached_agents: [{ eval_agent_id: AGENT }], run_mode: "video" as "audio" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalsValidationError);
    expect((error as EvalsValidationError).issues.map((issue) => issue.path)).toContain("/run_mode");
    expect(mock.state.requests).toHaveLength(0);
  });

  it("a bad id in the last chunk of an array stops the batch before its first chunk, named by its place", async () => {
    const { mock, evals } = setup();
    const call_ids = [...ids(10_000), "call_0", 42 as unknown as string];
    const error = await evals.runs.createMany({ call_ids, attached_agents }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalsValidationError);
    expect((error as EvalsValidationError).issues.map((issue) => issue.path)).toEqual(["/call_ids/10001"]);
    expect((error as EvalsValidationError).message).toMatch(/call_ids\/10001/);
    expect(mock.state.requests).toHaveLength(0);
  });

  it("a stream is closed when the batch is refused, and when it ends early", async () => {
    const { evals } = setup();
    let closed = 0;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield `call_${i}`;
      } finally {
        closed++;
      }
    }
    const refused = evals.runs.createMany({ call_ids: source(), attached_agents, run_mode: "video" as "audio" });
    await expect(refused).rejects.toBeInstanceOf(EvalsValidationError);
    const controller = new AbortController();
    const stopped = await evals.runs.createMany(
      { call_ids: source(), attached_agents },
      {
        chunkSize: 2,
        signal: controller.signal,
        onProgress: ({ chunksDone }) => chunksDone === 2 && controller.abort(),
      },
    );
    expect(stopped.runs).toHaveLength(2);
    expect(stopped.complete).toBe(false);
    expect(closed).toBe(2);
  });

  it("no ids at all, or call_ids that is not a list, is the spec's rule for call_ids", async () => {
    const { mock, evals } = setup();
    const empty = await evals.runs.createMany({ call_ids: [], attached_agents }).catch((e: unknown) => e);
    expect((empty as EvalsValidationError).issues[0]?.path).toBe("/call_ids");
    const streamedEmpty = await evals.runs
      .createMany({ call_ids: (async function* () {})(), attached_agents })
      .catch((e: unknown) => e);
    expect(streamedEmpty).toBeInstanceOf(EvalsValidationError);
    const notAList = await evals.runs
      .createMany({ call_ids: "call_1" as unknown as string[], attached_agents })
      .catch((e: unknown) => e);
    expect((notAList as EvalsValidationError).message).toMatch(
      /call_ids must be an array, an iterable or an async iterable/,
    );
    expect(mock.state.requests).toHaveLength(0);
  });
});

describe("deterministic keys: the same batch again bills nothing new", () => {
  it("a second run of the same batch, with no journal, is answered the original runs", async () => {
    const { mock, evals } = setup();
    const batch = { call_ids: ids(12_001), attached_agents, metadata: { job: "q3-backfill" } };
    const first = await evals.runs.createMany(batch);
    const again = await evals.runs.createMany({ ...batch, call_ids: ids(12_001) });
    expect(created(mock)).toBe(3);
    expect(again.runs.map((run) => run.id)).toEqual(first.runs.map((run) => run.id));
    expect(again.batchKey).toBe(first.batchKey);
  });

  it("each chunk's Idempotency-Key derives from the batch key, its index and its ids", async () => {
    const { mock, evals } = setup();
    const batch = { call_ids: ids(10), attached_agents };
    await evals.runs.createMany(batch, { chunkSize: 5 });
    await evals.runs.createMany({ ...batch, metadata: { job: "other" } }, { chunkSize: 5 });
    await evals.runs.createMany(batch, { chunkSize: 5, batchKey: "mine" });
    const keys = postsTo(mock).map((r) => r.idempotencyKey as string);
    expect(new Set(keys).size).toBe(6);
    for (const key of keys) expect(key).toMatch(/^evals-batch-[01]-[0-9a-f]{64}$/);
    expect(created(mock)).toBe(6);
  });

  it("the default batch key does not depend on the order of an object's keys", async () => {
    const { evals } = setup();
    const a = await evals.runs.createMany({ call_ids: ["c"], attached_agents, metadata: { a: "1", b: "2" } });
    const b = await evals.runs.createMany({ metadata: { b: "2", a: "1" }, attached_agents, call_ids: ["c"] });
    expect(b.batchKey).toBe(a.batchKey);
    expect(b.runs[0]?.id).toBe(a.runs[0]?.id);
  });
});

describe("the journal: resume without re-billing", () => {
  it("a connection that fails mid-batch, then a resume, creates exactly the missing run", async () => {
    let healthy = false;
    const { mock, evals } = setup(
      (m) => withFault(m.fetch, (n) => (!healthy && n === 2 ? networkError("ECONNREFUSED") : undefined)),
      {
        maxRetries: 0,
      },
    );
    const journal = createMemoryJournal();
    const batch = { call_ids: ids(12_001), attached_agents };
    const first = await evals.runs.createMany(batch, { journal });
    expect(first.runs).toHaveLength(2);
    expect(first.failed).toMatchObject([{ index: 1, inDoubt: false, callIds: ids(12_001).slice(5000, 10_000) }]);
    expect(first.failed[0]?.error).toBeInstanceOf(EvalsConnectionError);
    const postsBefore = postsTo(mock).length;
    healthy = true;
    const resumed = await evals.runs.createMany(batch, { journal });
    expect(postsTo(mock).length - postsBefore).toBe(1);
    expect(created(mock)).toBe(3);
    expect(resumed.runs.map((run) => run.submitted_call_ids[0])).toEqual(["call_0", "call_5000", "call_10000"]);
    expect(resumed.failed).toEqual([]);
  });

  it("a done chunk is skipped with no request at all, and its run comes from the journal", async () => {
    const { mock, evals } = setup();
    const journal = createMemoryJournal();
    const batch = { call_ids: ids(7), attached_agents };
    const first = await evals.runs.createMany(batch, { journal, chunkSize: 3 });
    const count = mock.state.requests.length;
    const resumed = await evals.runs.createMany(batch, { journal, chunkSize: 3 });
    expect(mock.state.requests.length).toBe(count);
    expect(resumed.runs).toEqual(first.runs);
  });

  it("a chunk the server may have created (a 500) is in doubt: not re-sent unless asked, then with its key", async () => {
    let broken = true;
    const { mock, evals } = setup((m) =>
      withFault(m.fetch, (n) => {
        if (!(broken && n === 2)) return undefined;
        // The server failed after reading the request: whether it created the run is unknown.
        return json(500, { data: null, errors: [{ error: "INTERNAL", message: "oops" }] });
      }),
    );
    const journal = createMemoryJournal();
    const batch = { call_ids: ids(9), attached_agents };
    const first = await evals.runs.createMany(batch, { journal, chunkSize: 3 });
    expect(first.failed).toMatchObject([{ index: 1, inDoubt: true }]);
    broken = false;
    const postsBefore = postsTo(mock).length;
    const resumed = await evals.runs.createMany(batch, { journal, chunkSize: 3 });
    expect(postsTo(mock).length).toBe(postsBefore);
    expect(resumed.failed).toMatchObject([
      { index: 1, inDoubt: true, idempotencyKey: first.failed[0]?.idempotencyKey },
    ]);
    expect(String(resumed.failed[0]?.error)).toMatch(/resendInDoubt: true/);
    const resent = await evals.runs.createMany(batch, { journal, chunkSize: 3, resendInDoubt: true });
    expect(
      postsTo(mock)
        .slice(postsBefore)
        .map((r) => r.idempotencyKey),
    ).toEqual([first.failed[0]?.idempotencyKey]);
    expect(resent.runs).toHaveLength(3);
    expect(resent.failed).toEqual([]);
  });

  it("writes started before each POST and done, with the full run, after it", async () => {
    const { mock, evals } = setup();
    const log: string[] = [];
    const entries = new Map<string, JournalEntry>();
    const journal: Journal = {
      get: async (key) => entries.get(key),
      set: async (key, entry) => {
        log.push(`${entry.state} after ${postsTo(mock).length} POSTs`);
        entries.set(key, entry);
      },
    };
    const result = await evals.runs.createMany({ call_ids: ids(4), attached_agents }, { journal, chunkSize: 2 });
    expect(log).toEqual(["started after 0 POSTs", "done after 1 POSTs", "started after 1 POSTs", "done after 2 POSTs"]);
    const done = [...entries.values()].filter((entry) => entry.state === "done");
    expect(done.map((entry) => entry.state === "done" && entry.run)).toEqual(result.runs);
  });
});

describe("failures: stopOnError", () => {
  const refusedSecond = (m: MockServer) =>
    withFault(m.fetch, (n) =>
      n === 2 ? json(404, { data: null, errors: [{ error: "CALL_NOT_FOUND", message: "no" }] }) : undefined,
    );

  it("by default a failed chunk is recorded and the batch goes on", async () => {
    const { evals } = setup(refusedSecond);
    const result = await evals.runs.createMany({ call_ids: ids(8), attached_agents }, { chunkSize: 2 });
    expect(result.runs.map((run) => run.submitted_call_ids[0])).toEqual(["call_0", "call_4", "call_6"]);
    expect(result.failed).toMatchObject([{ index: 1, callIds: ["call_2", "call_3"], inDoubt: false }]);
    expect(result.failed[0]?.error).toBeInstanceOf(NotFoundError);
    expect(result.complete).toBe(true);
  });

  it("with stopOnError, no chunk starts after the first failure", async () => {
    const { mock, evals } = setup(refusedSecond);
    const result = await evals.runs.createMany(
      { call_ids: ids(8), attached_agents },
      { chunkSize: 2, stopOnError: true },
    );
    expect(result.runs).toHaveLength(1);
    expect(result.failed.map((chunk) => chunk.index)).toEqual([1]);
    expect(result.complete).toBe(false);
    expect(postsTo(mock)).toHaveLength(1); // the refused POST never reached the mock
  });
});

describe("flow control", () => {
  it("a 429 to one chunk holds back every chunk until the pause it asked for has passed", async () => {
    const sentAt: number[] = [];
    const { evals } = setup((m) =>
      withFault(m.fetch, (n) => {
        sentAt.push(Date.now());
        return n === 1
          ? json(429, { data: null, errors: [{ message: "slow down" }] }, { "retry-after-ms": "300" })
          : undefined;
      }),
    );
    const started = Date.now();
    const result = await evals.runs.createMany({ call_ids: ids(6), attached_agents }, { chunkSize: 2, concurrency: 2 });
    expect(result.runs).toHaveLength(3);
    expect(sentAt).toHaveLength(4);
    // The first two chunks went out together; the third chunk, and the first one's retry, waited.
    expect(sentAt.slice(2).every((at) => at - started >= 290)).toBe(true);
  });

  it("a 429 storm longer than the client's retries loses no chunk, and bills each once", async () => {
    const { mock, evals } = setup(
      (m) =>
        withFault(m.fetch, (n) =>
          n <= 7 ? json(429, { data: null, errors: [{ message: "busy" }] }, { "retry-after-ms": "5" }) : undefined,
        ),
      { maxRetries: 1 },
    );
    const result = await evals.runs.createMany({ call_ids: ids(6), attached_agents }, { chunkSize: 2, concurrency: 2 });
    expect(result.failed).toEqual([]);
    expect(result.runs.map((run) => run.submitted_call_ids)).toEqual([
      ids(6).slice(0, 2),
      ids(6).slice(2, 4),
      ids(6).slice(4),
    ]);
    expect(created(mock)).toBe(3);
  });

  it("a 503 with Retry-After slows the batch like a 429, and the chunk is not in doubt", async () => {
    const sentAt: number[] = [];
    const { evals } = setup(
      (m) =>
        withFault(m.fetch, (n) => {
          sentAt.push(Date.now());
          return n <= 2
            ? json(503, { data: null, errors: [{ message: "later" }] }, { "retry-after-ms": "200" })
            : undefined;
        }),
      { maxRetries: 0 },
    );
    const result = await evals.runs.createMany({ call_ids: ids(4), attached_agents }, { chunkSize: 2 });
    expect(result.failed).toEqual([]);
    expect(result.runs).toHaveLength(2);
    expect((sentAt[2] as number) - (sentAt[1] as number)).toBeGreaterThanOrEqual(190);
  });
});

/** The seed agent gets a new published version (its seed record is replaced, never changed: it is shared). */
function publish(mock: MockServer, version: string): void {
  const seeded = mock.state.agents.get(AGENT);
  if (!seeded) throw new Error(`the mock's seed has no agent ${AGENT}`);
  // The version it replaces stays one a run may pin, as a published version does.
  const version_ids = [...(seeded.version_ids ?? []), seeded.agent.active_version_id ?? "", version];
  mock.state.agents.set(AGENT, { ...seeded, agent: { ...seeded.agent, active_version_id: version }, version_ids });
}

describe("one agent version for the whole batch", () => {
  it("a version-less attachment is pinned to the agent's active version, read once, for every chunk", async () => {
    const { mock, evals } = setup();
    const republished = "d4e5f6a7-b8c9-0123-def0-234567890123";
    const result = await evals.runs.createMany(
      { call_ids: ids(6), attached_agents: [{ eval_agent_id: AGENT }] },
      {
        chunkSize: 2,
        // A new version is published after the first chunk: the rest must not use it.
        onProgress: ({ chunksDone }) => {
          if (chunksDone === 1) publish(mock, republished);
        },
      },
    );
    expect(result.runs.map((run) => run.submitted_attached_agents[0]?.eval_agent_version_id)).toEqual([
      PUBLISHED,
      PUBLISHED,
      PUBLISHED,
    ]);
    expect(mock.state.requests.filter((r) => r.method === "GET")).toHaveLength(1);
  });

  it("the pins are journaled: a resume after a new version was published keeps the batch's version", async () => {
    const { mock, evals } = setup();
    const journal = createMemoryJournal();
    const batch = { call_ids: ids(4), attached_agents: [{ eval_agent_id: AGENT }] };
    const first = await evals.runs.createMany({ ...batch, call_ids: ids(2) }, { journal, chunkSize: 2 });
    publish(mock, "d4e5f6a7-b8c9-0123-def0-234567890123");
    const resumed = await evals.runs.createMany(batch, { journal, chunkSize: 2 });
    expect(first.runs[0]?.submitted_attached_agents[0]?.eval_agent_version_id).toBe(PUBLISHED);
    expect(resumed.runs.map((run) => run.submitted_attached_agents[0]?.eval_agent_version_id)).toEqual([
      PUBLISHED,
      PUBLISHED,
    ]);
  });

  it("an agent that does not exist fails the batch before any run is created", async () => {
    const { mock, evals } = setup();
    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(
      evals.runs.createMany({ call_ids: ids(3), attached_agents: [{ eval_agent_id: missing }] }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(postsTo(mock)).toHaveLength(0);
  });
});

describe("progress", () => {
  it("after every chunk; totals only for an array", async () => {
    const { evals } = setup();
    const seen: CreateManyProgress[] = [];
    const onProgress = (p: CreateManyProgress) => void seen.push(p);
    await evals.runs.createMany({ call_ids: [...ids(5), "call_0"], attached_agents }, { chunkSize: 2, onProgress });
    expect(seen).toEqual([
      { chunksDone: 1, chunksTotal: 3, callsSubmitted: 2, callsTotal: 5, runs: 1, failed: 0 },
      { chunksDone: 2, chunksTotal: 3, callsSubmitted: 4, callsTotal: 5, runs: 2, failed: 0 },
      { chunksDone: 3, chunksTotal: 3, callsSubmitted: 5, callsTotal: 5, runs: 3, failed: 0 },
    ]);
    seen.length = 0;
    await evals.runs.createMany({ call_ids: new Set(ids(3)), attached_agents }, { chunkSize: 2, onProgress });
    expect(seen.at(-1)).toEqual({ chunksDone: 2, callsSubmitted: 3, runs: 2, failed: 0 });
  });

  it("a big array's totals come once its scan, in the background while chunks are sent, is through", async () => {
    const { evals } = setup();
    const seen: CreateManyProgress[] = [];
    const call_ids = [...ids(100_000), ...ids(50_000)]; // the second half repeats the first
    await evals.runs.createMany({ call_ids, attached_agents }, { onProgress: (p) => void seen.push(p) });
    expect(seen).toHaveLength(20);
    const known = seen.filter((p) => p.callsTotal !== undefined);
    expect(known.length).toBeGreaterThan(0);
    expect(seen.at(-1)?.callsTotal).toBe(100_000);
    expect(known.every((p) => p.callsTotal === 100_000 && p.chunksTotal === 20)).toBe(true);
    // Once known, known in every later report.
    expect(seen.slice(seen.indexOf(known[0] as CreateManyProgress))).toEqual(known);
    expect(seen.at(-1)).toMatchObject({ chunksDone: 20, callsSubmitted: 100_000, runs: 20 });
  });
});

describe("abort", () => {
  it("stops starting chunks, aborts the one in flight (in doubt), and leaves no timer behind", async () => {
    vi.useFakeTimers();
    const hung = hangingFetch();
    const evals = createEvalsClient({ apiKey, fetch: hung.fetch });
    const controller = new AbortController();
    const batch = evals.runs.createMany(
      { call_ids: ids(10), attached_agents },
      { chunkSize: 2, signal: controller.signal },
    );
    await vi.waitFor(() => expect(hung.calls).toBe(1));
    controller.abort();
    const result = await batch;
    expect(hung.calls).toBe(1);
    expect(result.runs).toEqual([]);
    expect(result.failed).toMatchObject([{ index: 0, inDoubt: true }]);
    expect(result.complete).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an abort while the batch waits out a 429 ends the wait at once, nothing in doubt", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const { evals } = setup(
      (m) =>
        withFault(m.fetch, (n) => {
          if (n === 1) setTimeout(() => controller.abort(), 100);
          return json(429, { data: null, errors: [{ message: "busy" }] }, { "retry-after-ms": "30000" });
        }),
      { maxRetries: 0 },
    );
    const batch = evals.runs.createMany(
      { call_ids: ids(4), attached_agents },
      { chunkSize: 2, signal: controller.signal },
    );
    await vi.waitFor(() => expect(controller.signal.aborted).toBe(true));
    const result = await batch;
    expect(result.failed.map((chunk) => chunk.inDoubt)).toEqual([false]);
    expect(result.complete).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
