// Benchmark: `runs.createMany`, the batch that scores any number of call ids as one run per chunk.
// Two measurements:
// - throughput: 1,000,000 ids in 200 chunks of 5000, createMany (its defaults: one chunk at a time,
//   in-memory journal) against what a user writes without it — a loop of `runs.create` over
//   5000-id slices — against a fresh mock per contender and round: our `evals-mock` in its own
//   process over loopback, calls per wall-clock second (the target), and the in-process mock, calls
//   per CPU-second of the bench process (context: the price of createMany's own work when nothing
//   can overlap it); each ratio paired per round;
// - memory: createMany over 1,000,000 streamed ids in a child process of its own
//   (bench/src/create-many-memory-child.ts), whose fetch answers a fixed run: the peak growth of its
//   resident memory over its baseline just before the batch, one child per round.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createEvalsClient } from "@evals-api/client";
import { createMockServer, type MockServer } from "@evals-api/mock";
import type { AgentAttachment, EvalRun } from "@evals-api/types";
import { cpuClock, yieldToEventLoop } from "./batches.js";
import { apiKey } from "./client-peers.js";
import { profileInProcess } from "./cpu-profile.js";
import { callIdAt, type MemoryChildReport } from "./create-many-memory-child.js";
import { fixedBodiesVariable } from "./fixed-bodies.js";
import { acceptedRunBody, createRunBounds, seedAgentBody } from "./fixtures.js";
import { type BootstrapSettings, estimate, pairedRatios } from "./intervals.js";
import { evalsMock } from "./mock-contender.js";
import { barFor, type Chart, formatCount, formatMs, type Row, type Section } from "./results.js";
import { sizes } from "./run.js";
import { collectAndSettle, rotation, spread } from "./stats.js";
import { judged, type Target } from "./targets.js";

export interface CreateManyBenchOptions {
  /** Rounds of the throughput measurement: each runs both contenders once. */
  rounds: number;
  /** Children of the memory measurement, one per round. */
  memoryRounds: number;
  /** Call ids per batch, and per chunk. */
  ids: number;
  chunkSize: number;
  /** Call ids the memory child streams through createMany (its default chunk size). */
  memoryIds: number;
  bootstrap: BootstrapSettings;
  /** With `--cpu-prof`: one profile of each contender's batch, in this process. */
  profile?: { dir: string };
}

/** The targets. */
export const createManyTargets = {
  /** createMany's calls per wall-clock second ÷ the hand-written loop's, against the mock over loopback. */
  throughput: { op: ">=", value: 0.95 } as Target,
  /** Peak resident memory growth of a 1,000,000-id streamed batch, in MiB. */
  peakGrowthMiB: { op: "<=", value: 96 } as Target,
};

/** createMany's default chunk size: the spec's maxItems of call_ids. */
const memoryChunkSize = createRunBounds.maxCallIds;

const MiB = 2 ** 20;

type Evals = ReturnType<typeof createEvalsClient>;

/** Every field of a batch but its ids: the seed agent with its published version pinned. */
function batchFields(): { attached_agents: AgentAttachment[] } {
  const { agent } = seedAgentBody.data as { agent: { id: string; active_version_id: string } };
  return { attached_agents: [{ eval_agent_id: agent.id, eval_agent_version_id: agent.active_version_id }] };
}

interface Contender {
  name: string;
  ours: boolean;
  /** Scores `ids` in chunks of `chunkSize`; resolves with the runs it got. */
  run(evals: Evals, ids: string[], chunkSize: number): Promise<EvalRun[]>;
}

const fields = batchFields();

/** What a user writes today: slices of the spec's maximum, each its own `runs.create`, one after another. */
const handWrittenLoop: Contender = {
  name: "hand-written loop of runs.create over slices",
  ours: false,
  run: async (evals, ids, chunkSize) => {
    const runs = [];
    for (let i = 0; i < ids.length; i += chunkSize) {
      runs.push(await evals.runs.create({ ...fields, call_ids: ids.slice(i, i + chunkSize) }));
    }
    return runs;
  },
};

/** createMany with its defaults (one chunk at a time, in-memory journal), so both send the same requests. */
const createManyContender: Contender = {
  name: "runs.createMany",
  ours: true,
  run: async (evals, ids, chunkSize) => {
    const result = await evals.runs.createMany({ ...fields, call_ids: ids }, { chunkSize });
    if (result.failed.length > 0 || !result.complete) {
      throw new Error(`createMany left ${result.failed.length} chunks failed (complete: ${result.complete})`);
    }
    return result.runs;
  },
};

const contenders = [handWrittenLoop, createManyContender];

/** A fresh mock that keeps every run of one batch, and logs each of its requests. */
function freshMock(chunks: number): MockServer {
  return createMockServer({ maxRuns: chunks, maxLoggedRequests: chunks + 1 });
}

/** Both contenders must have made the same requests and runs; checked after every timed batch. */
function checkBatch(c: Contender, mock: MockServer, answered: EvalRun[], ids: number, chunks: number): void {
  const runs = answered.length;
  const requests = mock.state.requests;
  const posts = requests.filter((r) => r.method === "POST" && r.status === 202).length;
  let calls = 0;
  for (const run of mock.state.runs.values()) calls += run.resolved_call_count;
  if (runs !== chunks || mock.state.runs.size !== chunks || posts !== chunks || requests.length !== chunks) {
    throw new Error(
      `${c.name}: expected ${chunks} POSTs answered 202 and ${chunks} runs, got ${posts} of ${requests.length} requests, ` +
        `${mock.state.runs.size} runs in the mock, ${runs} returned`,
    );
  }
  if (calls !== ids) throw new Error(`${c.name}: the mock's runs hold ${calls} calls, expected ${ids}`);
}

interface Timed {
  cpuMs: number;
  wallMs: number;
}

/** The same check over loopback, from what the client sent and was answered. */
function checkAnswers(c: Contender, runs: EvalRun[], requests: number, ids: number, chunks: number): void {
  const calls = runs.reduce((total, run) => total + run.resolved_call_count, 0);
  if (runs.length !== chunks || requests !== chunks || calls !== ids) {
    throw new Error(
      `${c.name}: expected ${chunks} requests and runs holding ${ids} calls, got ${requests} requests and ` +
        `${runs.length} runs holding ${calls}`,
    );
  }
}

/** One batch of one contender against a fresh in-process mock: CPU and wall time, the mock's setup not counted. */
async function timedBatch(c: Contender, ids: string[], chunkSize: number): Promise<Timed> {
  const chunks = Math.ceil(ids.length / chunkSize);
  await collectAndSettle();
  const mock = freshMock(chunks);
  const evals = createEvalsClient({ apiKey, fetch: mock.fetch });
  const wallStart = performance.now();
  const start = cpuClock();
  const runs = await c.run(evals, ids, chunkSize);
  await yieldToEventLoop();
  const cpuMs = cpuClock() - start;
  const wallMs = performance.now() - wallStart;
  checkBatch(c, mock, runs, ids.length, chunks);
  return { cpuMs, wallMs };
}

interface ThroughputSamples {
  cpuMs: number[];
  wallMs: number[];
}

/**
 * One batch of one contender against a fresh `evals-mock` process over loopback, as a user's batch
 * meets a server: the client's wall and CPU time, the server's start not counted.
 */
async function timedLoopbackBatch(c: Contender, ids: string[], chunkSize: number): Promise<Timed> {
  const chunks = Math.ceil(ids.length / chunkSize);
  const server = await evalsMock.start();
  try {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const evals = createEvalsClient({ apiKey, baseUrl: server.baseUrl, fetch: counting });
    await collectAndSettle();
    const wallStart = performance.now();
    const start = cpuClock();
    const runs = await c.run(evals, ids, chunkSize);
    const cpuMs = cpuClock() - start;
    const wallMs = performance.now() - wallStart;
    checkAnswers(c, runs, requests, ids.length, chunks);
    return { cpuMs, wallMs };
  } finally {
    await server.stop();
  }
}

type TimedBatch = (c: Contender, ids: string[], chunkSize: number) => Promise<Timed>;

async function measureThroughput(ids: string[], options: CreateManyBenchOptions, timed: TimedBatch) {
  // Untimed: each contender's code is loaded (createMany's module is, on its first call) and JIT'd
  // on a tenth of the batch before the first round.
  const warm = ids.slice(0, Math.max(2 * options.chunkSize, Math.floor(ids.length / 10)));
  for (const c of contenders) await timed(c, warm, options.chunkSize);
  const samples = new Map<Contender, ThroughputSamples>(contenders.map((c) => [c, { cpuMs: [], wallMs: [] }]));
  for (let round = 0; round < options.rounds; round++) {
    for (const c of rotation(contenders, round)) {
      const batch = await timed(c, ids, options.chunkSize);
      samples.get(c)?.cpuMs.push(batch.cpuMs);
      samples.get(c)?.wallMs.push(batch.wallMs);
    }
  }
  return samples;
}

const childScript = fileURLToPath(new URL("../dist/create-many-memory-child.js", import.meta.url));

/** Generous: a child takes a few seconds; this only catches a hang. */
const childTimeoutMs = 180_000;

/** One child: spawned with --expose-gc, its report read from its stdout. */
export function runMemoryChild(ids: number, chunkSize: number): Promise<MemoryChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--single-threaded-gc", childScript, String(ids), String(chunkSize)],
      {
        env: {
          ...process.env,
          [fixedBodiesVariable]: JSON.stringify({
            agent: JSON.stringify(seedAgentBody),
            accepted: JSON.stringify(acceptedRunBody),
          }),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), childTimeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`The createMany memory child exited with ${code ?? signal}:\n${stderr}`));
        return;
      }
      try {
        resolve(checkedReport(JSON.parse(stdout.trim().split("\n").at(-1) ?? ""), ids, chunkSize));
      } catch (error) {
        reject(new Error(`The createMany memory child printed no report (${String(error)}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

function checkedReport(report: MemoryChildReport, ids: number, chunkSize: number): MemoryChildReport {
  const chunks = Math.ceil(ids / chunkSize);
  if (report.posts !== chunks || report.runs !== chunks || report.failed !== 0 || report.callsSubmitted !== ids) {
    throw new Error(
      `expected ${chunks} POSTs and runs and ${ids} calls, got ${report.posts} POSTs, ${report.runs} runs, ` +
        `${report.failed} failed chunks, ${report.callsSubmitted} calls`,
    );
  }
  return report;
}

async function measureMemory(options: CreateManyBenchOptions): Promise<MemoryChildReport[]> {
  const reports: MemoryChildReport[] = [];
  for (let round = 0; round < options.memoryRounds; round++) {
    reports.push(await runMemoryChild(options.memoryIds, memoryChunkSize));
  }
  return reports;
}

/**
 * What call-id-set.ts's layout takes for `n` distinct ids of `storedBytes` each (a tag byte and the
 * id's bytes: 17 for a lower-case UUID, packed): 1 MiB blocks (an id never straddles two), two
 * Uint32Arrays of bookkeeping that double from 1024, and a table of Uint32 slots that doubles from
 * 2048 to stay at most half full.
 */
export function setLayoutBytes(n: number, storedBytes: number): number {
  const block = 2 ** 20;
  const blocks = Math.max(1, Math.ceil(n / Math.floor(block / storedBytes)));
  let entries = 1024;
  while (entries < n) entries *= 2;
  let slots = 2048;
  while (n * 2 > slots) slots *= 2;
  return blocks * block + 2 * entries * 4 + slots * 4;
}

/** A bench id (a lower-case UUID) as the set stores it: its tag byte and its 16 bytes. */
const storedUuidBytes = 17;

const mib = (bytes: number) => bytes / MiB;
const formatMiB = (value: number) => `${value.toFixed(1)} MiB`;

function throughputRows(
  loopback: Map<Contender, ThroughputSamples>,
  inProcess: Map<Contender, ThroughputSamples>,
  options: CreateManyBenchOptions,
) {
  const perSecond = (ms: number[]) => ms.map((m) => (options.ids * 1000) / m);
  const ratioOf = (samples: Map<Contender, ThroughputSamples>, clock: keyof ThroughputSamples) => {
    const of = (c: Contender) => (samples.get(c) as ThroughputSamples)[clock];
    return estimate(
      pairedRatios(perSecond(of(createManyContender)), perSecond(of(handWrittenLoop))),
      options.bootstrap,
    );
  };
  const detailOf = (samples: Map<Contender, ThroughputSamples>, clock: keyof ThroughputSamples, unit: string) => {
    const of = (c: Contender) => (samples.get(c) as ThroughputSamples)[clock];
    const rate = (c: Contender) => formatCount(spread(perSecond(of(c))).median);
    const ms = (c: Contender) => formatMs(spread(of(c)).median);
    return (
      `${rate(createManyContender)} vs ${rate(handWrittenLoop)} calls per ${unit} ` +
      `(${ms(createManyContender)} vs ${ms(handWrittenLoop)} per batch)`
    );
  };
  const wallRatio = ratioOf(loopback, "wallMs");
  const chunks = Math.ceil(options.ids / options.chunkSize);
  const subject = `${createManyContender.name} — ${formatCount(options.ids)} call ids, ${chunks} chunks of ${formatCount(options.chunkSize)}`;
  const peer = `${handWrittenLoop.name} of ${formatCount(options.chunkSize)} ids`;
  const rows: Row[] = [
    judged(
      {
        subject: `${subject}, evals-mock over loopback`,
        peer,
        meaning: "calls per wall-clock second ÷ the loop's",
        value: wallRatio,
        target: createManyTargets.throughput,
        detail: detailOf(loopback, "wallMs", "second"),
      },
      options.rounds,
    ),
    {
      subject: `${subject}, evals-mock over loopback`,
      peer,
      meaning: "client's calls per CPU-second ÷ the loop's (context)",
      value: ratioOf(loopback, "cpuMs"),
      detail: `${detailOf(loopback, "cpuMs", "CPU-second")}, the client's process only`,
    },
    {
      subject: `${subject}, in-process mock`,
      peer,
      meaning: "calls per CPU-second ÷ the loop's (context)",
      value: ratioOf(inProcess, "cpuMs"),
      detail: `${detailOf(inProcess, "cpuMs", "CPU-second")}, client and mock in one thread`,
    },
  ];
  const chart: Chart = {
    file: "create-many-throughput.svg",
    title: `Scoring ${formatCount(options.ids)} call ids as ${chunks} runs: createMany vs a loop of runs.create`,
    unit: "calls per wall-clock second against evals-mock over loopback, × the hand-written loop's (higher is better)",
    suffix: "×",
    bars: [{ label: "loop of runs.create", value: 1 }, barFor("runs.createMany", wallRatio, true)],
    target: {
      value: createManyTargets.throughput.value,
      label: `target ≥ ${createManyTargets.throughput.value}×`,
    },
  };
  return { rows, chart };
}

function memoryRows(reports: MemoryChildReport[], options: CreateManyBenchOptions) {
  const growth = estimate(
    reports.map((r) => mib(r.peakRss - r.baselineRss)),
    options.bootstrap,
  );
  const setBytes = estimate(
    reports.map((r) => mib(r.arrayBuffersAtEnd)),
    options.bootstrap,
  );
  const median = (xs: number[]) => spread(xs).median;
  const sampled = median(reports.map((r) => mib(r.sampledPeakRss - r.baselineRss)));
  const baseline = median(reports.map((r) => mib(r.baselineRss)));
  const heapUsed = median(reports.map((r) => mib(r.heapUsedAtEnd)));
  const sources = [...new Set(reports.map((r) => r.peakSource))].join(", ");
  const chunks = Math.ceil(options.memoryIds / memoryChunkSize);
  const subject = `${createManyContender.name} — ${formatCount(options.memoryIds)} distinct 36-character ids from an async iterable, ${chunks} chunks`;
  const layout = mib(setLayoutBytes(options.memoryIds, storedUuidBytes));
  const rows: Row[] = [
    judged(
      {
        subject,
        peer: "its own process just before the batch (after a warm-up batch and a collection)",
        meaning: "peak resident memory growth",
        unit: "MiB",
        value: growth,
        target: createManyTargets.peakGrowthMiB,
        detail:
          `baseline ${formatMiB(baseline)} RSS; peak from the ${sources}; sampled every ${reports[0]?.sampleMs} ms: ` +
          `${formatMiB(sampled)} growth; ${formatMs(median(reports.map((r) => r.wallMs)))} per batch; ${reports.length} children`,
      },
      options.memoryRounds,
    ),
    {
      subject: `${createManyContender.name} — its seen-id set, after the last chunk but one`,
      peer: "the same baseline",
      meaning: "ArrayBuffer memory held (context)",
      unit: "MiB",
      value: setBytes,
      detail: `${formatMiB(layout)} by call-id-set.ts's layout for ${formatCount(options.memoryIds)} ids; V8 heap used over the baseline at that point: ${formatMiB(heapUsed)}`,
    },
  ];
  const chart: Chart = {
    file: "create-many-memory.svg",
    title: `runs.createMany over ${formatCount(options.memoryIds)} streamed call ids: client memory`,
    unit: "MiB over the process's baseline (lower is better)",
    suffix: " MiB",
    bars: [barFor("peak resident memory growth", growth, true), barFor("seen-id set (ArrayBuffers)", setBytes, true)],
    target: {
      value: createManyTargets.peakGrowthMiB.value,
      label: `target ≤ ${createManyTargets.peakGrowthMiB.value} MiB`,
    },
  };
  return { rows, chart };
}

/** With `--cpu-prof`: one batch of each contender under V8's profiler, after the measurements. */
async function profileContenders(ids: string[], options: CreateManyBenchOptions & { profile: { dir: string } }) {
  const files: string[] = [];
  for (const c of contenders) {
    const chunks = Math.ceil(ids.length / options.chunkSize);
    await collectAndSettle();
    const mock = freshMock(chunks);
    const evals = createEvalsClient({ apiKey, fetch: mock.fetch });
    const file = join(options.profile.dir, `create-many-${c.ours ? "create-many" : "loop"}.cpuprofile`);
    let runs: EvalRun[] = [];
    await profileInProcess(file, async () => {
      runs = await c.run(evals, ids, options.chunkSize);
    });
    checkBatch(c, mock, runs, ids.length, chunks);
    files.push(file);
  }
  return files;
}

export async function runCreateManyBenchmark(
  options: CreateManyBenchOptions,
): Promise<{ section: Section; profiles: string[] }> {
  const ids = Array.from({ length: options.ids }, (_, i) => callIdAt(i));
  const started = performance.now();
  const loopback = await measureThroughput(ids, options, timedLoopbackBatch);
  const inProcess = await measureThroughput(ids, options, timedBatch);
  const throughputSeconds = (performance.now() - started) / 1000;
  const reports = await measureMemory(options);
  const profiles = options.profile ? await profileContenders(ids, { ...options, profile: options.profile }) : [];
  const throughput = throughputRows(loopback, inProcess, options);
  const memory = memoryRows(reports, options);
  const chunks = Math.ceil(options.ids / options.chunkSize);
  // The warm-up scores a tenth of the ids once per contender: about a fifth of a round.
  const roundSeconds = throughputSeconds / (options.rounds + 0.2);
  const batchMs = spread(contenders.flatMap((c) => loopback.get(c)?.wallMs ?? [])).median;
  return {
    section: {
      id: "create-many",
      title: "Batches: runs.createMany",
      method:
        `Throughput: each of ${options.rounds} rounds scores the same ${formatCount(options.ids)} call ids (36-character ` +
        `UUID-shaped, distinct, built once) with the seed agent's published version pinned, as ${chunks} runs of ` +
        `${formatCount(options.chunkSize)}, twice: with \`runs.createMany\` (its defaults: one chunk at a time, the ` +
        "in-memory journal) and with the loop a user writes without it (`runs.create` over consecutive slices, " +
        "awaited one after another), in an order that alternates from round to round. The target is judged against " +
        "a server: each batch gets a fresh `evals-mock` (the package's CLI, in its own process on 127.0.0.1, started " +
        "before the clock starts), so no batch is answered from another's idempotency keys, and the clock is the " +
        "wall clock of the batch, what a user waits. Then the same rounds again against a fresh in-process mock " +
        `per batch (\`createMockServer({ maxRuns: ${chunks} })\`, \`mock.fetch\`), timed by the CPU time of the bench ` +
        "process, where the client, the mock and the digests all run: context, the price of createMany's own work " +
        "when nothing can overlap it. A collection comes before each batch; every ratio is paired per round. " +
        `Memory: ${options.memoryRounds} child processes (\`node --expose-gc --single-threaded-gc\`), ` +
        `one per round, each streaming ${formatCount(options.memoryIds)} distinct 36-character ids from an async generator through ` +
        "`runs.createMany` (default chunk size) with a `fetch` that answers every POST with one fixed 202 run; the " +
        "value is the peak of the child's resident memory during the batch over its resident memory just before it.",
      rows: [...throughput.rows, ...memory.rows],
      charts: [throughput.chart, memory.chart],
      notes: [
        "Wall clock against a server in its own process, because that is where createMany's design shows: it does " +
          "its own work (de-duplicating the ids, deriving each chunk's Idempotency-Key as a SHA-256 over the chunk's " +
          "ids, reading the next chunk) in the turn of the event loop after a request goes out, while the server " +
          "works, and scans an array for repeats in the background; the loop's client sits idle then. In one thread " +
          "with the mock nothing overlaps, so the in-process CPU ratio is that work's full price. The loopback CPU " +
          "ratio counts the client's process alone (`process.cpuUsage`, Web Crypto's digests on libuv's threads " +
          "included).",
        "Both contenders send the same requests: one POST per chunk, answered 202, checked after every timed batch " +
          `(${chunks} requests and nothing else — the pinned version means createMany reads no agent — and ${chunks} ` +
          `runs whose calls add up to ${formatCount(options.ids)}: counted by a fetch wrapper and from the runs ` +
          "answered over loopback, in the mock's own state in process). Both validate the bodies (the client's " +
          "default): `runs.create` as it sends each; createMany every id of the array, in slices of a chunk, before " +
          "the first POST, then sends the chunks unchecked. What createMany does on top is its price in the ratio: " +
          "it de-duplicates the ids (the loop would send a repeated id twice), derives each chunk's key " +
          "(`runs.create` sends a random UUID), and journals each chunk twice.",
        "The batches here are sized by the issue's count of ids, not by time (a batch took " +
          `${formatMs(batchMs)} over loopback here, the median over both contenders). This run: ${options.rounds} ` +
          `throughput rounds of each kind (about ${roundSeconds.toFixed(0)} s per pair) and ${options.memoryRounds} memory children. ` +
          "Without `--rounds` this benchmark takes its own defaults (`sizes.full.createMany` in bench/src/run.ts: " +
          `${sizes.full.createMany.rounds} and ${sizes.full.createMany.memoryRounds}), fewer than the other ` +
          `benchmarks' ${sizes.full.rounds} rounds, because a round scores every id four times and ${sizes.full.rounds} ` +
          "of them would take several minutes; `--rounds N` sets both.",
        "The memory peak is the kernel's high-water mark of the child's resident memory (VmHWM in " +
          "/proc/self/status), reset to the current value at the baseline (`echo 5 > /proc/self/clear_refs`): " +
          "exact, where samples of `process.memoryUsage.rss()` — taken every few ms by a timer on the batch's own " +
          "event loop, so only when the batch yields — could miss a spike. The sampled peak is given beside it as a " +
          "cross-check (`process.resourceUsage().maxRSS` would be the same mark, but without the reset it would " +
          "still hold the child's startup peak). The baseline comes after a warm-up batch of other ids, so that " +
          "loading createMany's module and the validators counts as the process's, not the batch's; the fetch " +
          "reads each request body, as a real fetch does, and answers a run that echoes none of the ids, so no " +
          "server's memory is in it.",
        "The seen-id set's memory is the child's ArrayBuffer memory (`process.memoryUsage().arrayBuffers`) over the " +
          "baseline after the last chunk but one (createMany reads one ahead, so the set holds every id by then) and a collection, while the set is still alive: the set " +
          "keeps its ids' bytes and its tables in typed arrays, so nearly all of it is there.",
      ],
    },
    profiles,
  };
}
