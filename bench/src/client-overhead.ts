// Benchmark 1: what a client adds per request. Every contender calls the same loopback node:http
// server (its own process, fixed bodies) — and, separately, an in-process stub fetch that answers
// at once, which isolates the client's own CPU time from the network stack's.
import type { CreateEvalRunRequest, paths } from "@evals-api/types";
import createClient from "openapi-fetch";
import { acceptedRunBody, createRunBounds, largestValidRun, seedAgentBody, seedAgentId } from "./fixtures.js";
import type { ServerProcess } from "./processes.js";
import type { Chart, Row, Section } from "./results.js";
import { formatCount, formatMs } from "./results.js";
import { elapsedMs, meets, rotation, spread, type Target } from "./stats.js";

export type Fetch = typeof globalThis.fetch;

/** One way of making the two calls; `null` when it cannot (the operation is not measured). */
export interface ClientContender {
  name: string;
  ours: boolean;
  /** Builds the calls against `baseUrl` using `fetch`. */
  create(baseUrl: string, fetch: Fetch): Calls;
}

export interface Calls {
  getAgent(id: string): Promise<unknown>;
  createRun(body: CreateEvalRunRequest): Promise<unknown>;
}

export interface ClientOverheadOptions {
  rounds: number;
  /**
   * How long raw fetch's batch should take in one round; every contender then sends that many
   * requests. Short batches, many rounds: contenders run close together in time, so a change in
   * the machine's load hits both sides of a ratio alike.
   */
  batchMs: number;
  /** Fewest requests per batch (the smoke mode's whole run). */
  minRequests: number;
  /** Requests in flight at once: enough to keep the client's process busy. */
  concurrency: number;
  /** Contenders beyond raw fetch and bare openapi-fetch (our client, once built). */
  extra: ClientContender[];
}

export const apiKey = "bench-api-key";

/** The baseline: fetch with hand-written headers and JSON.parse, nothing else. */
export const rawFetch: ClientContender = {
  name: "raw fetch",
  ours: false,
  create: (baseUrl, fetch) => {
    const json = async (res: Response) => {
      const text = await res.text();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
      return (JSON.parse(text) as { data: unknown }).data;
    };
    return {
      getAgent: async (id) =>
        json(
          await fetch(`${baseUrl}/v1/evals/agents/${encodeURIComponent(id)}`, {
            headers: { authorization: apiKey, accept: "application/json" },
          }),
        ),
      createRun: async (body) =>
        json(
          await fetch(`${baseUrl}/v1/evals/runs`, {
            method: "POST",
            headers: { authorization: apiKey, accept: "application/json", "content-type": "application/json" },
            body: JSON.stringify(body),
          }),
        ),
    };
  },
};

/** What a user of the generic tool gets: `createClient<paths>` from openapi-fetch, unwrapped. */
export const bareOpenapiFetch: ClientContender = {
  name: "bare openapi-fetch",
  ours: false,
  create: (baseUrl, fetch) => {
    const client = createClient<paths>({ baseUrl, fetch, headers: { authorization: apiKey } });
    const unwrap = <T>(result: { data?: { data?: T }; error?: unknown; response: Response }): T => {
      if (result.error !== undefined || result.data === undefined) throw new Error(`HTTP ${result.response.status}`);
      return result.data.data as T;
    };
    return {
      getAgent: async (id) =>
        unwrap(await client.GET("/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: id } } })),
      createRun: async (body) => unwrap(await client.POST("/v1/evals/runs", { body })),
    };
  },
};

const stubBodies = { GET: JSON.stringify(seedAgentBody), POST: JSON.stringify(acceptedRunBody) };

/**
 * A fetch that answers at once from memory, the way the fixed-body server would. It still does
 * what every real fetch does with its arguments — build a Request and read its body — so a
 * client that builds the Request itself is not charged for work raw fetch would do anyway.
 */
export const stubFetch: Fetch = async (input, init) => {
  const request = input instanceof Request && init === undefined ? input : new Request(input, init);
  if (request.body !== null) await request.arrayBuffer();
  const post = request.method === "POST";
  return new Response(post ? stubBodies.POST : stubBodies.GET, {
    status: post ? 202 : 200,
    headers: { "content-type": "application/json" },
  });
};

interface Scenario {
  id: string;
  label: string;
  call: (calls: Calls) => Promise<unknown>;
  /** Contenders that take part (validation on/off only matters with a body). */
  includes: (c: ClientContender) => boolean;
  target: (c: ClientContender) => Target | undefined;
}

/** Sends `requests` calls with `concurrency` in flight; returns elapsed milliseconds. */
async function drive(call: () => Promise<unknown>, requests: number, concurrency: number): Promise<number> {
  let sent = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, requests) }, async () => {
      while (sent < requests) {
        sent++;
        await call();
      }
    }),
  );
  return elapsedMs(start);
}

// Garbage left by one contender (a 5000-id body is ~250 KB per call) must not be collected on the
// next one's time: when the CLI runs node with --expose-gc, collect before every batch.
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Requests per second of each contender, one sample per round, contenders rotating. */
async function throughput(
  contenders: ClientContender[],
  scenario: Scenario,
  baseUrl: string,
  fetch: Fetch,
  options: ClientOverheadOptions,
): Promise<{ samples: Map<string, number[]>; requests: number }> {
  const calls = new Map(contenders.map((c) => [c.name, c.create(baseUrl, fetch)]));
  const samples = new Map(contenders.map((c) => [c.name, [] as number[]]));
  const run = (c: ClientContender, n: number) =>
    drive(() => scenario.call(calls.get(c.name) as Calls), n, options.concurrency);
  // Warm up every contender (JIT, connection pool), then size the batches from raw fetch's rate.
  const warmup = Math.max(options.minRequests, 50);
  let rawMs = 0;
  for (const c of contenders) {
    const ms = await run(c, warmup);
    if (c === rawFetch) rawMs = ms;
  }
  const requests = Math.max(options.minRequests, Math.round((warmup * options.batchMs) / Math.max(rawMs, 0.001)));
  for (let round = 0; round < options.rounds; round++) {
    for (const c of rotation(contenders, round)) {
      collectGarbage();
      const ms = await run(c, requests);
      samples.get(c.name)?.push((requests * 1000) / ms);
    }
  }
  return { samples, requests };
}

/** Every contender must return the same `data` the server sent before it is timed. */
async function checkAgreement(
  contenders: ClientContender[],
  baseUrl: string,
  fetch: Fetch,
  body: CreateEvalRunRequest,
) {
  for (const c of contenders) {
    const calls = c.create(baseUrl, fetch);
    const agent = (await calls.getAgent(seedAgentId)) as { agent?: { id?: string } };
    if (agent?.agent?.id !== seedAgentId) throw new Error(`${c.name}: agents.get did not return the seed agent`);
    const run = (await calls.createRun(body)) as { id?: string };
    if (run?.id !== (acceptedRunBody as { data: { id: string } }).data.id) {
      throw new Error(`${c.name}: runs.create did not return the 202 run`);
    }
  }
}

export async function runClientOverheadBenchmark(
  server: ServerProcess,
  options: ClientOverheadOptions,
): Promise<Section> {
  const body = largestValidRun();
  const contenders = [rawFetch, bareOpenapiFetch, ...options.extra];
  await checkAgreement(contenders, server.baseUrl, globalThis.fetch, body);
  const validationOff: Target = { op: ">=", value: 0.95 };
  const validationOn: Target = { op: ">=", value: 0.9 };
  const scenarios: Scenario[] = [
    {
      id: "get-agent",
      label: "agents.get (seed agent)",
      call: (c) => c.getAgent(seedAgentId),
      includes: (c) => !c.name.includes("validation on"),
      target: (c) => (c.ours ? validationOff : undefined),
    },
    {
      id: "create-run",
      label: `runs.create (${createRunBounds.maxCallIds} call ids, ${createRunBounds.maxAgents} agents)`,
      call: (c) => c.createRun(body),
      includes: () => true,
      target: (c) => (c.ours ? (c.name.includes("validation on") ? validationOn : validationOff) : undefined),
    },
  ];
  const rows: Row[] = [];
  const charts: Chart[] = [];
  const batchSizes: string[] = [];
  for (const transport of ["loopback", "stub"] as const) {
    for (const scenario of scenarios) {
      const taking = contenders.filter(scenario.includes);
      const { samples, requests } =
        transport === "loopback"
          ? await throughput(taking, scenario, server.baseUrl, globalThis.fetch, options)
          : await throughput(taking, scenario, "http://127.0.0.1:9", stubFetch, options);
      batchSizes.push(`${scenario.label}, ${transport}: ${requests}`);
      const raw = samples.get(rawFetch.name) as number[];
      const bars = [];
      for (const c of taking) {
        const own = samples.get(c.name) as number[];
        const ratio = spread(own.map((rps, i) => rps / (raw[i] as number)));
        bars.push({ label: c.name, value: ratio.median, min: ratio.min, max: ratio.max, ours: c.ours });
        if (c === rawFetch) continue;
        const target = transport === "loopback" ? scenario.target(c) : undefined;
        const perCallUs = (1000 / spread(own).median - 1000 / spread(raw).median) * 1000;
        rows.push({
          subject: `${c.name} — ${scenario.label}${transport === "stub" ? ", stub fetch" : ""}`,
          peer: "raw fetch",
          ratioMeaning: "throughput ÷ raw fetch's",
          ratio,
          ...(target ? { target, met: meets(target, ratio) } : {}),
          detail:
            `${formatCount(spread(own).median)} vs ${formatCount(spread(raw).median)} req/s` +
            (transport === "stub" ? `; ${perCallUs >= 0 ? "+" : ""}${formatMs(perCallUs / 1000)} per call` : ""),
        });
      }
      const target = transport === "loopback" ? scenarios[0]?.target({ ...rawFetch, ours: true }) : undefined;
      charts.push({
        file: `client-${scenario.id}-${transport}.svg`,
        title: `${scenario.label}, ${transport === "loopback" ? "loopback node:http server" : "stub fetch (no network)"}`,
        unit: "throughput, × raw fetch (higher is better)",
        suffix: "×",
        bars,
        ...(target ? { target: { value: target.value, label: `target ≥ ${target.value}× (validation off)` } } : {}),
      });
    }
  }
  return {
    id: "client-overhead",
    title: "Client overhead per request",
    method:
      "Each contender calls a bare `node:http` server in its own process on 127.0.0.1 that answers with fixed " +
      "bodies (the spec's seed agent; its 202 run), " +
      `${options.concurrency} requests in flight. A round gives every contender one batch of the same size (sized so ` +
      `raw fetch's batch takes about ${options.batchMs} ms), in an order that rotates from round to round, with a ` +
      `garbage collection before each batch; every ratio is against raw fetch in the same round, over ${options.rounds} ` +
      "rounds. The stub-fetch runs replace the network with a fetch that answers from memory (it still builds the " +
      "Request and reads its body, as any fetch does), so the difference is the client's own CPU time per call. " +
      "Before timing, every contender is checked to return the same `data`.",
    rows,
    charts,
    notes: [`Requests per batch — ${batchSizes.join("; ")}.`],
  };
}
