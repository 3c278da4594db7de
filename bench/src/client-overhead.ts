// Benchmark 1: what a client adds per request, against the floor for any client that can time a
// request out (raw fetch + a per-request timeout signal). Two measurements:
// - loopback: every contender calls the same bare node:http server (its own process, fixed
//   bodies); requests per CPU-second of the calling process, each contender's batch ≥ minBatchMs;
// - stub: an in-process fetch that answers at once, so the network stack drops out and what is
//   left is the client's own CPU µs per call above the floor's, ≥ stubMsPerContender per round.
import { performance } from "node:perf_hooks";
import type { CreateEvalRunRequest } from "@evals-api/types";
import { type Batch, calibrateChunk, cpuClock, timedBatch, yieldToEventLoop } from "./batches.js";
import {
  bareOpenapiFetch,
  type Calls,
  type ClientContender,
  type Fetch,
  rawFetch,
  stubFetch,
  timeoutFloor,
} from "./client-peers.js";
import { profileInProcess, profileSlug } from "./cpu-profile.js";
import { acceptedRunBody, createRunBounds, exampleRun, largestValidRun, seedAgentId } from "./fixtures.js";
import { type BootstrapSettings, type Estimate, estimate, pairedDifferences, pairedRatios } from "./intervals.js";
import type { ServerProcess } from "./processes.js";
import { barFor, type Chart, formatCount, formatMs, formatRatio, type Row, type Section } from "./results.js";
import { collectAndSettle, rotation, spread } from "./stats.js";
import { judged, type Target } from "./targets.js";

export interface ClientOverheadOptions {
  rounds: number;
  /** Shortest loopback batch, in CPU ms of this process. */
  minBatchMs: number;
  /**
   * CPU ms that each contender a target is judged on (the floor, ours, before) runs for in one
   * round, in slices of at least minBatchMs, over loopback and with the stub.
   */
  loopbackMsPerContender: number;
  stubMsPerContender: number;
  /** Requests in flight at once: enough to keep the client's process busy. */
  concurrency: number;
  bootstrap: BootstrapSettings;
  /** Our client (validation off and on), and optionally its build from an earlier commit. */
  ours: ClientContender[];
  /** With `--cpu-prof`: where to write one profile per contender and scenario, and for how long. */
  profile?: { dir: string; ms: number };
}

/** The targets, against the floor. */
export const clientTargets = {
  validationOff: { op: ">=", value: 0.97 } as Target,
  validationOn: { op: ">=", value: 0.93 } as Target,
  overheadUs: { op: "<=", value: 5 } as Target,
};

interface Scenario {
  id: "get-agent" | "create-run";
  label: string;
  call: (calls: Calls) => Promise<unknown>;
  /** Validation on/off only matters with a body: contenders that validate take part in POST only. */
  withValidation: boolean;
}

/**
 * Each operation over loopback, and with the stub. The stub's create sends the spec's example body:
 * the targets there are a client's fixed cost per call, in µs, and against the largest body (about
 * 2.4 ms of the floor's own CPU per call, which varies by ± several % here) no run could resolve
 * a few µs. What a client spends per byte of a big body is judged over loopback, on the largest.
 */
function scenarios(largest: CreateEvalRunRequest): { loopback: Scenario; stub: Scenario }[] {
  const getAgent: Scenario = {
    id: "get-agent",
    label: "agents.get (seed agent)",
    call: (c) => c.getAgent(seedAgentId),
    withValidation: false,
  };
  const createRun = (label: string, body: CreateEvalRunRequest): Scenario => ({
    id: "create-run",
    label: `runs.create (${label})`,
    call: (c) => c.createRun(body),
    withValidation: true,
  });
  return [
    { loopback: getAgent, stub: getAgent },
    {
      loopback: createRun(`${createRunBounds.maxCallIds} call ids, ${createRunBounds.maxAgents} agents`, largest),
      stub: createRun("the spec's example body", exampleRun()),
    },
  ];
}

/** Sends `requests` calls with `concurrency` in flight. */
async function drive(call: () => Promise<unknown>, requests: number, concurrency: number): Promise<void> {
  let sent = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, requests) }, async () => {
      while (sent < requests) {
        sent++;
        await call();
      }
    }),
  );
}

/** Per-round measurements of one contender: CPU ms per call, and wall-clock requests per second. */
interface Samples {
  cpuMsPerCall: number[];
  wallRps: number[];
  shortestBatchMs: number;
}

type Runner = (requests: number) => Promise<void>;

function runners(
  contenders: ClientContender[],
  scenario: Scenario,
  baseUrl: string,
  fetch: Fetch,
  concurrency: number,
) {
  return new Map<ClientContender, Runner>(
    contenders.map((c) => {
      const calls = c.create(baseUrl, fetch);
      return [c, (n) => drive(() => scenario.call(calls), n, concurrency)];
    }),
  );
}

async function calibrate(
  run: Map<ClientContender, Runner>,
  minMs: number,
  concurrency: number,
): Promise<Map<ClientContender, number>> {
  const chunks = new Map<ClientContender, number>();
  for (const [c, r] of run) chunks.set(c, await calibrateChunk(r, cpuClock, minMs, { minCalls: concurrency }));
  return chunks;
}

function emptySamples(contenders: ClientContender[]): Map<ClientContender, Samples> {
  return new Map(contenders.map((c) => [c, { cpuMsPerCall: [], wallRps: [], shortestBatchMs: Infinity }]));
}

function record(samples: Samples, batches: Batch[]): void {
  const calls = batches.reduce((n, b) => n + b.calls, 0);
  const ms = batches.reduce((n, b) => n + b.ms, 0);
  const wallMs = batches.reduce((n, b) => n + b.wallMs, 0);
  samples.cpuMsPerCall.push(ms / calls);
  samples.wallRps.push((calls * 1000) / wallMs);
  samples.shortestBatchMs = Math.min(samples.shortestBatchMs, ...batches.map((b) => b.ms));
}

/**
 * How long each contender runs per round. Whatever a target is judged on — the floor, our client,
 * and its build from an earlier commit — runs `msPerContender`; a peer shown only for context gets
 * one slice, so that the rounds' time goes to the comparisons that decide.
 */
interface RoundPlan {
  msPerContender: number;
  sliceMs: number;
}

function decides(c: ClientContender): boolean {
  return c.role !== "peer";
}

/**
 * Each round, contenders take turns in slices of at least `sliceMs` (CPU) until each has had its
 * share: interleaving finely keeps a change of load from landing on one side of a comparison only.
 * A contender's value for the round pools its slices. A collection comes before every slice.
 */
async function slicedRounds(
  contenders: ClientContender[],
  scenario: Scenario,
  transport: { baseUrl: string; fetch: Fetch },
  plan: RoundPlan,
  options: ClientOverheadOptions,
): Promise<Map<ClientContender, Samples>> {
  const run = runners(contenders, scenario, transport.baseUrl, transport.fetch, options.concurrency);
  const chunks = await calibrate(run, plan.sliceMs, options.concurrency);
  const samples = emptySamples(contenders);
  const slices = Math.max(1, Math.floor(plan.msPerContender / plan.sliceMs));
  const sliceMs = plan.msPerContender / slices;
  for (let round = 0; round < options.rounds; round++) {
    const batches = new Map<ClientContender, Batch[]>(contenders.map((c) => [c, []]));
    for (let slice = 0; slice < slices; slice++) {
      // A context peer takes its one slice at a different point of each round.
      const turn = contenders.filter((c) => decides(c) || slice === round % slices);
      for (const c of rotation(turn, round + slice)) {
        await collectAndSettle();
        const batch = await timedBatch(run.get(c) as Runner, cpuClock, sliceMs, chunks.get(c) as number);
        batches.get(c)?.push(batch);
      }
    }
    for (const c of contenders) record(samples.get(c) as Samples, batches.get(c) as Batch[]);
  }
  return samples;
}

/** Calls per turn with the stub: a few ms of CPU, so that turns alternate hundreds of times a round. */
const stubCallsPerTurn = 64;
/** Untimed calls per contender after a round's collection, so that its code is optimised again. */
const stubWarmUpCalls = 2048;

/**
 * The stub's rounds: the contenders alternate every `stubCallsPerTurn` calls, in an order that
 * rotates, until each has run for `msPerContender` of CPU; no collection is forced between turns.
 * A µs per call is a few % of the stub's own cost (a Request and a Response, each with a stream),
 * so what decides is that both sides see the same heap: the young generation fills during
 * everyone's turns alike, and a scavenge lands on a contender in proportion to what it allocates.
 * A full collection before every slice (as over loopback) was the largest error here: it throws
 * away optimised code that refers to what it frees (V8's --trace-deopt: "weak objects"), and a
 * slice after one ran at two to three times the steady cost per call, more for more code. One
 * comes at the start of each round, followed by untimed calls of every contender.
 */
async function interleavedRounds(
  contenders: ClientContender[],
  scenario: Scenario,
  transport: { baseUrl: string; fetch: Fetch },
  msPerContender: number,
  options: ClientOverheadOptions,
): Promise<Map<ClientContender, Samples>> {
  const run = runners(contenders, scenario, transport.baseUrl, transport.fetch, options.concurrency);
  const samples = emptySamples(contenders);
  for (let round = 0; round < options.rounds; round++) {
    await collectAndSettle();
    for (const c of contenders) await (run.get(c) as Runner)(stubWarmUpCalls);
    const totals = new Map<ClientContender, Batch>(contenders.map((c) => [c, { calls: 0, ms: 0, wallMs: 0 }]));
    const short = () => contenders.filter((c) => (totals.get(c) as Batch).ms < msPerContender);
    for (let turn = 0; short().length > 0; turn++) {
      for (const c of rotation(contenders, round + turn)) {
        const total = totals.get(c) as Batch;
        const wallStart = performance.now();
        const start = cpuClock();
        await (run.get(c) as Runner)(stubCallsPerTurn);
        await yieldToEventLoop();
        total.ms += cpuClock() - start;
        total.wallMs += performance.now() - wallStart;
        total.calls += stubCallsPerTurn;
      }
    }
    for (const c of contenders) record(samples.get(c) as Samples, [totals.get(c) as Batch]);
  }
  return samples;
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

function targetFor(c: ClientContender): Target | undefined {
  if (c.role !== "ours") return undefined;
  return c.validates ? clientTargets.validationOn : clientTargets.validationOff;
}

/** The contender of the same kind and validation setting with another role (ours ↔ before). */
function counterpart(contenders: ClientContender[], c: ClientContender, role: ClientContender["role"]) {
  return contenders.find((o) => o.role === role && o.validates === c.validates);
}

const rps = (cpuMsPerCall: number[]) => cpuMsPerCall.map((ms) => 1000 / ms);

function loopbackRows(
  scenario: Scenario,
  contenders: ClientContender[],
  samples: Map<ClientContender, Samples>,
  options: ClientOverheadOptions,
): { rows: Row[]; chart: Chart } {
  const of = (c: ClientContender) => samples.get(c) as Samples;
  const floor = of(timeoutFloor);
  const throughputRatio = (a: ClientContender, b: ClientContender) =>
    estimate(pairedRatios(rps(of(a).cpuMsPerCall), rps(of(b).cpuMsPerCall)), options.bootstrap);
  const wallRatio = (a: ClientContender, b: ClientContender) =>
    estimate(pairedRatios(of(a).wallRps, of(b).wallRps), options.bootstrap);
  const median = (xs: number[]) => spread(xs).median;
  const rows: Row[] = [];
  for (const c of contenders) {
    if (c === timeoutFloor) continue;
    const own = of(c);
    const wall = wallRatio(c, timeoutFloor);
    rows.push(
      judged(
        {
          subject: `${c.name} — ${scenario.label}`,
          peer: timeoutFloor.name,
          meaning: "requests per CPU-second ÷ the floor's",
          value: throughputRatio(c, timeoutFloor),
          ...(targetFor(c) ? { target: targetFor(c) } : {}),
          detail:
            `${formatCount(median(rps(own.cpuMsPerCall)))} vs ${formatCount(median(rps(floor.cpuMsPerCall)))} req per CPU-s ` +
            `(${formatMs(median(own.cpuMsPerCall))} vs ${formatMs(median(floor.cpuMsPerCall))} CPU per call); wall clock ` +
            `${formatCount(median(own.wallRps))} vs ${formatCount(median(floor.wallRps))} req/s, ratio ${formatRatio(wall.median)} ` +
            `(95% CI ${formatRatio(wall.low)} – ${formatRatio(wall.high)})`,
        },
        options.rounds,
      ),
    );
  }
  // Peer ratios beside the floor targets: our client against what a user would otherwise use.
  for (const c of contenders.filter((o) => o.role === "ours")) {
    for (const peer of [rawFetch, bareOpenapiFetch]) {
      rows.push({
        subject: `${c.name} — ${scenario.label}`,
        peer: peer.name,
        meaning: `requests per CPU-second ÷ ${peer.name}'s`,
        value: throughputRatio(c, peer),
        detail: `${formatCount(median(rps(of(c).cpuMsPerCall)))} vs ${formatCount(median(rps(of(peer).cpuMsPerCall)))} req per CPU-s`,
      });
    }
    const before = counterpart(contenders, c, "before");
    if (before !== undefined) {
      rows.push({
        subject: `${c.name} — ${scenario.label}`,
        peer: before.name,
        meaning: "requests per CPU-second, after ÷ before",
        value: throughputRatio(c, before),
        detail: `${formatCount(median(rps(of(c).cpuMsPerCall)))} vs ${formatCount(median(rps(of(before).cpuMsPerCall)))} req per CPU-s`,
      });
    }
  }
  const chart: Chart = {
    file: `client-${scenario.id}-loopback.svg`,
    title: `${scenario.label}, loopback node:http server`,
    unit: "requests per CPU-second of the calling process, × the floor: raw fetch + timeout signal (higher is better)",
    suffix: "×",
    bars: contenders.map((c) =>
      barFor(
        c === timeoutFloor ? "floor: raw fetch + timeout" : c.name,
        throughputRatio(c, timeoutFloor),
        c.role === "ours",
      ),
    ),
    target: {
      value: clientTargets.validationOff.value,
      label: `target ≥ ${clientTargets.validationOff.value}× (validation off)`,
    },
  };
  return { rows, chart };
}

function stubRows(
  scenario: Scenario,
  contenders: ClientContender[],
  samples: Map<ClientContender, Samples>,
  options: ClientOverheadOptions,
): { rows: Row[]; bars: Chart["bars"] } {
  const of = (c: ClientContender) => samples.get(c) as Samples;
  const usPerCall = (c: ClientContender) => of(c).cpuMsPerCall.map((ms) => ms * 1000);
  const floorUs = usPerCall(timeoutFloor);
  const rows: Row[] = [];
  const bars: Chart["bars"] = [];
  for (const c of contenders) {
    if (c === timeoutFloor) continue;
    const above: Estimate = estimate(pairedDifferences(usPerCall(c), floorUs), options.bootstrap);
    const target = c.role === "ours" ? clientTargets.overheadUs : undefined;
    rows.push(
      judged(
        {
          subject: `${c.name} — ${scenario.label}, stub fetch`,
          peer: timeoutFloor.name,
          meaning: "CPU µs per call above the floor's",
          value: above,
          unit: "µs",
          ...(target ? { target } : {}),
          detail: `${formatMs(spread(usPerCall(c)).median / 1000)} vs ${formatMs(spread(floorUs).median / 1000)} CPU per call`,
        },
        options.rounds,
      ),
    );
    bars.push(barFor(`${c.name.replace(/, validation off$/, "")} — ${scenario.id}`, above, c.role === "ours"));
    const before = c.role === "ours" ? counterpart(contenders, c, "before") : undefined;
    if (before !== undefined) {
      rows.push({
        subject: `${c.name} — ${scenario.label}, stub fetch`,
        peer: before.name,
        meaning: "CPU µs per call, after − before",
        value: estimate(pairedDifferences(usPerCall(c), usPerCall(before)), options.bootstrap),
        unit: "µs",
        detail: `${formatMs(spread(usPerCall(c)).median / 1000)} vs ${formatMs(spread(usPerCall(before)).median / 1000)} CPU per call`,
      });
    }
  }
  return { rows, bars };
}

/** With `--cpu-prof`: one profile per scenario, transport and contender that is ours or the floor. */
async function profiles(
  contenders: ClientContender[],
  scenario: Scenario,
  server: ServerProcess,
  options: ClientOverheadOptions,
): Promise<string[]> {
  const profile = options.profile;
  if (profile === undefined) return [];
  const written: string[] = [];
  for (const transport of ["stub", "loopback"] as const) {
    const [baseUrl, fetch] =
      transport === "stub" ? ["http://127.0.0.1:9", stubFetch] : [server.baseUrl, globalThis.fetch];
    const profiled = contenders.filter((c) => c.role !== "peer");
    const run = runners(profiled, scenario, baseUrl, fetch, options.concurrency);
    const chunks = await calibrate(run, options.minBatchMs, options.concurrency);
    for (const c of profiled) {
      const file = `${profile.dir}/client-${scenario.id}-${transport}-${profileSlug(c.name)}.cpuprofile`;
      await collectAndSettle();
      await profileInProcess(file, () =>
        timedBatch(run.get(c) as Runner, cpuClock, profile.ms, chunks.get(c) as number),
      );
      written.push(file);
    }
  }
  return written;
}

export interface ClientOverheadResult {
  section: Section;
  /** .cpuprofile files written with `--cpu-prof`. */
  profiles: string[];
}

export async function runClientOverheadBenchmark(
  server: ServerProcess,
  options: ClientOverheadOptions,
): Promise<ClientOverheadResult> {
  const body = largestValidRun();
  const everyone = [timeoutFloor, rawFetch, bareOpenapiFetch, ...options.ours];
  await checkAgreement(everyone, server.baseUrl, globalThis.fetch, body);
  await checkAgreement(everyone, "http://127.0.0.1:9", stubFetch, body);
  const rows: Row[] = [];
  const charts: Chart[] = [];
  const stubBars: Chart["bars"] = [];
  const notes: string[] = [];
  const written: string[] = [];
  for (const { loopback: scenario, stub: stubScenario } of scenarios(body)) {
    const taking = everyone.filter((c) => scenario.withValidation || !c.validates);
    const loopback = await slicedRounds(
      taking,
      scenario,
      { baseUrl: server.baseUrl, fetch: globalThis.fetch },
      { msPerContender: options.loopbackMsPerContender, sliceMs: options.minBatchMs },
      options,
    );
    const fromLoopback = loopbackRows(scenario, taking, loopback, options);
    rows.push(...fromLoopback.rows);
    charts.push(fromLoopback.chart);
    // The stub measures the overhead targets only: the floor and our client with validation off.
    const stubbed = everyone.filter(
      (c) => c.role === "floor" || ((c.role === "ours" || c.role === "before") && !c.validates),
    );
    const stub = await interleavedRounds(
      stubbed,
      stubScenario,
      { baseUrl: "http://127.0.0.1:9", fetch: stubFetch },
      options.stubMsPerContender,
      options,
    );
    const fromStub = stubRows(stubScenario, stubbed, stub, options);
    rows.push(...fromStub.rows);
    stubBars.push(...fromStub.bars);
    const shortest = (m: Map<ClientContender, Samples>) => Math.min(...[...m.values()].map((s) => s.shortestBatchMs));
    notes.push(
      `${scenario.label}: shortest timed batch ${formatMs(shortest(loopback))} CPU over loopback, ` +
        `${formatMs(shortest(stub))} CPU per contender and round with the stub (${stubScenario.label}).`,
    );
    written.push(...(await profiles(taking, scenario, server, options)));
  }
  charts.push({
    file: "client-overhead-stub.svg",
    title: "CPU µs per call above the floor (raw fetch + timeout signal), stub fetch, validation off",
    unit: "CPU µs per call of the calling process, minus the floor's (lower is better)",
    suffix: " µs",
    bars: stubBars,
    target: { value: clientTargets.overheadUs.value, label: `target ≤ ${clientTargets.overheadUs.value} µs` },
  });
  return {
    section: {
      id: "client-overhead",
      title: "Client overhead per request",
      method:
        "The floor is raw `fetch` plus a per-request timeout signal (an AbortController and a timer per request, as " +
        "our client uses on every attempt by default): the least any client that can time a request out must do. " +
        "Over loopback, each contender calls a bare `node:http` server in its own process on 127.0.0.1 that answers " +
        `with fixed bodies (the spec's seed agent; its 202 run), ${options.concurrency} requests in flight. Each round, ` +
        `the contenders take turns in slices of at least ${options.minBatchMs} ms of this process's CPU time (sized by ` +
        "time: a slice runs calibrated chunks of calls until it has used that much), in an order that rotates from " +
        `slice to slice, until the floor and our client have each run for ${options.loopbackMsPerContender} ms; the ` +
        "peers shown for context (raw fetch, bare openapi-fetch) get one slice per round, so the round's time goes to " +
        "the comparisons that decide a target. A garbage collection (and two turns of the event loop for the " +
        "finalizers it schedules) comes before each slice, and a return to the event loop after every chunk; " +
        `${options.rounds} rounds. Throughput is counted per ` +
        "CPU-second of the calling process (`process.cpuUsage`, user + system): that is what a client's overhead " +
        "costs, and unlike wall-clock time it does not grow when other work takes the CPU away mid-batch; the " +
        "wall-clock ratio is given beside it. With the stub fetch (it answers from memory, but still builds the " +
        "Request and reads its body, as any fetch does) the network stack drops out: each round starts with a " +
        `collection and ${stubWarmUpCalls} untimed calls of each contender (a full collection discards optimised ` +
        "code that refers to what it frees, so the calls after one would time the compiler); then the floor and our " +
        `client with validation off alternate every ${stubCallsPerTurn} calls, with no collection forced between ` +
        `turns (both see the same heap, and a scavenge lands on each in proportion to what it allocates), until each ` +
        `has run for ${options.stubMsPerContender} ms of CPU, and the row gives our CPU µs per call minus the ` +
        "floor's in the same round. The stub's create sends the spec's example body: its target is a fixed cost per call in µs, which the " +
        `${createRunBounds.maxCallIds}-id body (milliseconds of the floor's own CPU per call, varying by several % on ` +
        "this machine) would bury; what a client spends per byte of a big body is judged over loopback on the " +
        `${createRunBounds.maxCallIds} ids. ` +
        "Before timing, every contender is checked to return the same `data`.",
      rows,
      charts,
      notes,
    },
    profiles: written,
  };
}
