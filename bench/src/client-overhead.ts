// Benchmark 1: what a client adds per request. Every contender calls the same loopback node:http
// server (its own process, fixed bodies) — and, separately, an in-process stub fetch that answers
// at once, which isolates the client's own CPU time from the network stack's.
import type { CreateEvalRunRequest, paths } from "@evals-api/types";
import createClient from "openapi-fetch";
import { acceptedRunBody, createRunBounds, largestValidRun, seedAgentBody, seedAgentId } from "./fixtures.js";
import type { ServerProcess } from "./processes.js";
import type { Chart, Row, Section } from "./results.js";
import { formatCount, formatMs, formatRatio } from "./results.js";
import { collectGarbage, elapsedMs, meets, rotation, spread, type Target } from "./stats.js";

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

/**
 * Hand-written calls: fetch with hand-written headers and JSON.parse. With `timeoutMs`, each call
 * also gets its own timeout signal, as a careful hand-written call would.
 */
function handWritten(name: string, timeoutMs?: number): ClientContender {
  return {
    name,
    ours: false,
    create: (baseUrl, fetch) => {
      const send = async (url: string, init: RequestInit) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        if (timeoutMs !== undefined) {
          const controller = new AbortController();
          timer = setTimeout(() => controller.abort(), timeoutMs);
          init.signal = controller.signal;
        }
        try {
          const res = await fetch(url, init);
          const text = await res.text();
          if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
          return (JSON.parse(text) as { data: unknown }).data;
        } finally {
          clearTimeout(timer);
        }
      };
      return {
        getAgent: (id) =>
          send(`${baseUrl}/v1/evals/agents/${encodeURIComponent(id)}`, {
            headers: { authorization: apiKey, accept: "application/json" },
          }),
        createRun: (body) =>
          send(`${baseUrl}/v1/evals/runs`, {
            method: "POST",
            headers: { authorization: apiKey, accept: "application/json", "content-type": "application/json" },
            body: JSON.stringify(body),
          }),
      };
    },
  };
}

/** The baseline every ratio divides by. */
export const rawFetch: ClientContender = handWritten("raw fetch");

/**
 * Raw fetch plus a per-request timeout signal (what our client does on every attempt): shows how
 * much of a client's gap to raw fetch is the price of being able to time a request out.
 */
export const rawFetchWithTimeout: ClientContender = handWritten("raw fetch + per-request timeout signal", 60_000);

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

interface Batch {
  wallMs: number;
  /** CPU time (user + system) this process spent on the batch. */
  cpuMs: number;
}

/** Sends `requests` calls with `concurrency` in flight. */
async function drive(call: () => Promise<unknown>, requests: number, concurrency: number): Promise<Batch> {
  let sent = 0;
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, requests) }, async () => {
      while (sent < requests) {
        sent++;
        await call();
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { wallMs: elapsedMs(start), cpuMs: (used.user + used.system) / 1000 };
}

interface Throughput {
  /** Requests per CPU-second of this process, one sample per round. */
  cpu: Map<string, number[]>;
  /** Requests per wall-clock second, one sample per round. */
  wall: Map<string, number[]>;
  requests: number;
}

/** Throughput of each contender, one sample per round, contenders rotating. */
async function throughput(
  contenders: ClientContender[],
  scenario: Scenario,
  baseUrl: string,
  fetch: Fetch,
  options: ClientOverheadOptions,
): Promise<Throughput> {
  const calls = new Map(contenders.map((c) => [c.name, c.create(baseUrl, fetch)]));
  const cpu = new Map(contenders.map((c) => [c.name, [] as number[]]));
  const wall = new Map(contenders.map((c) => [c.name, [] as number[]]));
  const run = (c: ClientContender, n: number) =>
    drive(() => scenario.call(calls.get(c.name) as Calls), n, options.concurrency);
  // Warm up every contender (JIT, connection pool), then size the batches from raw fetch's rate.
  const warmup = Math.max(options.minRequests, 50);
  let rawMs = 0;
  for (const c of contenders) {
    const { cpuMs } = await run(c, warmup);
    if (c === rawFetch) rawMs = cpuMs;
  }
  const requests = Math.max(options.minRequests, Math.round((warmup * options.batchMs) / Math.max(rawMs, 0.001)));
  for (let round = 0; round < options.rounds; round++) {
    for (const c of rotation(contenders, round)) {
      collectGarbage();
      const batch = await run(c, requests);
      cpu.get(c.name)?.push((requests * 1000) / Math.max(batch.cpuMs, 0.001));
      wall.get(c.name)?.push((requests * 1000) / batch.wallMs);
    }
  }
  return { cpu, wall, requests };
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
  const contenders = [rawFetch, rawFetchWithTimeout, bareOpenapiFetch, ...options.extra];
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
      const { cpu, wall, requests } =
        transport === "loopback"
          ? await throughput(taking, scenario, server.baseUrl, globalThis.fetch, options)
          : await throughput(taking, scenario, "http://127.0.0.1:9", stubFetch, options);
      batchSizes.push(`${scenario.label}, ${transport}: ${requests}`);
      const raw = cpu.get(rawFetch.name) as number[];
      const rawWall = wall.get(rawFetch.name) as number[];
      const bars = [];
      for (const c of taking) {
        const own = cpu.get(c.name) as number[];
        const ownWall = wall.get(c.name) as number[];
        const ratio = spread(own.map((rps, i) => rps / (raw[i] as number)));
        const wallRatio = spread(ownWall.map((rps, i) => rps / (rawWall[i] as number)));
        bars.push({ label: c.name, value: ratio.median, min: ratio.min, max: ratio.max, ours: c.ours });
        if (c === rawFetch) continue;
        const target = transport === "loopback" ? scenario.target(c) : undefined;
        // Per round, so that both sides of each difference ran under the same load.
        const perCallUs = spread(own.map((rps, i) => 1e6 / rps - 1e6 / (raw[i] as number))).median;
        // Interference only ever slows a batch down, so the fastest batches are the least disturbed.
        const fastest = Math.max(...own) / Math.max(...raw);
        rows.push({
          subject: `${c.name} — ${scenario.label}${transport === "stub" ? ", stub fetch" : ""}`,
          peer: "raw fetch",
          ratioMeaning: "requests per CPU-second ÷ raw fetch's",
          ratio,
          ...(target ? { target, met: meets(target, ratio) } : {}),
          detail:
            `${formatCount(spread(own).median)} vs ${formatCount(spread(raw).median)} req per CPU-s ` +
            `(${perCallUs >= 0 ? "+" : ""}${formatMs(perCallUs / 1000)} CPU per call; fastest batches ` +
            `${formatRatio(fastest)}); wall clock ` +
            `${formatCount(spread(ownWall).median)} vs ${formatCount(spread(rawWall).median)} req/s, ratio ` +
            `${formatRatio(wallRatio.median)} (${formatRatio(wallRatio.min)} – ${formatRatio(wallRatio.max)})`,
        });
      }
      const target = transport === "loopback" ? scenarios[0]?.target({ ...rawFetch, ours: true }) : undefined;
      charts.push({
        file: `client-${scenario.id}-${transport}.svg`,
        title: `${scenario.label}, ${transport === "loopback" ? "loopback node:http server" : "stub fetch (no network)"}`,
        unit: "requests per CPU-second of the calling process, × raw fetch (higher is better)",
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
      "Request and reads its body, as any fetch does). Throughput is counted per CPU-second of the calling " +
      "process (`process.cpuUsage`, user + system): that is what a client's overhead costs, and unlike wall-clock " +
      "time it does not grow when other work on the machine takes the CPU away mid-batch. The wall-clock ratio is " +
      'given next to it. A "raw fetch + per-request timeout signal" peer shows what a hand-written ' +
      "call pays for being able to time out (an AbortController and a timer per request, as our client uses). " +
      "Before timing, every contender is checked to return the same `data`.",
    rows,
    charts,
    notes: [`Requests per batch — ${batchSizes.join("; ")}.`],
  };
}
