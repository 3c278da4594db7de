// The client-memory measurement of `runs.createMany`, run as its own process (`node --expose-gc
// dist/create-many-memory-child.js <ids> <chunkSize>`, started by bench/src/create-many.ts) so that
// nothing of the bench process, and nothing of a server, is in its resident memory. Its ids come
// from an async generator (36-character UUID-shaped strings from a counter: never an array), and
// its fetch answers every POST with one fixed 202 run (handed over in the environment, as the floor
// servers' bodies are), which echoes none of the batch's ids. It prints one JSON line: its resident
// memory just before the batch, and the peak during it.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createEvalsClient } from "@evals-api/client";
import { fixedBodiesFromEnvironment } from "./fixed-bodies.js";

/** What the child prints, in bytes unless said. */
export interface MemoryChildReport {
  ids: number;
  chunkSize: number;
  /** POSTs the fetch answered: one per chunk. */
  posts: number;
  runs: number;
  failed: number;
  /** Distinct ids createMany reported as submitted (its last progress report). */
  callsSubmitted: number;
  /** Resident memory after a warm-up batch and two collections, just before the batch. */
  baselineRss: number;
  /** The kernel's peak resident memory over the batch (VmHWM, reset to the baseline just before it). */
  peakRss: number;
  /** How `peakRss` was read: the reset high-water mark, or (where /proc/self/clear_refs refuses) the samples. */
  peakSource: "kernel high-water mark" | "samples";
  /** The largest of `process.memoryUsage.rss()` sampled every `sampleMs` during the batch. */
  sampledPeakRss: number;
  sampleMs: number;
  samples: number;
  /** ArrayBuffer memory and V8 heap used over the baseline after the last chunk, after a collection. */
  arrayBuffersAtEnd: number;
  heapUsedAtEnd: number;
  wallMs: number;
}

/**
 * The `i`-th call id: UUID-shaped, exactly 36 characters for any i below 16^12, distinct for
 * distinct i. The throughput benchmark uses the same shape, so bodies match real traffic.
 */
export function callIdAt(i: number, prefix = "a1b2c3d4"): string {
  return `${prefix}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

async function* lazyCallIds(count: number, prefix?: string): AsyncGenerator<string> {
  for (let i = 0; i < count; i++) yield callIdAt(i, prefix);
}

const sampleMs = 2;

function vmKiB(field: "VmHWM" | "VmRSS"): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync("/proc/self/status", "utf8"));
  if (match === null) throw new Error(`/proc/self/status has no ${field}`);
  return Number(match[1]);
}

/**
 * Resets the kernel's peak resident memory of this process to its current value (Linux ≥ 4.0:
 * `echo 5 > /proc/self/clear_refs`), so that VmHWM afterwards is the peak since now: exact, where
 * sampling could miss a spike between two samples. False where the kernel refuses.
 */
function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    // Reset means the peak is now the current value; a few pages of slack for what moved meanwhile.
    return vmKiB("VmHWM") <= vmKiB("VmRSS") + 256;
  } catch {
    return false;
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

export async function measureCreateManyMemory(ids: number, chunkSize: number): Promise<MemoryChildReport> {
  if (gc === undefined) throw new Error("run the memory child with node --expose-gc");
  const bodies = fixedBodiesFromEnvironment();
  const accepted = bodies.accepted;
  let posts = 0;
  // What a real fetch does with a request (builds it and reads its body) and a fixed answer.
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    if (request.body !== null) await request.arrayBuffer();
    const post = request.method === "POST";
    if (post) posts++;
    return new Response(post ? accepted : bodies.agent, {
      status: post ? 202 : 200,
      headers: { "content-type": "application/json" },
    });
  };
  const evals = createEvalsClient({ apiKey: "bench-api-key", fetch });
  const attached_agents = [seedAttachment(bodies.agent)];
  // A warm-up batch of other ids: createMany's module (loaded on first call), the validators and
  // the JIT'd code belong to the baseline, not to the batch.
  await evals.runs.createMany({ call_ids: lazyCallIds(2 * chunkSize, "0badc0de"), attached_agents }, { chunkSize });
  posts = 0;
  await settle();

  const baselineRss = process.memoryUsage.rss();
  const { arrayBuffers: baselineArrayBuffers, heapUsed: baselineHeapUsed } = process.memoryUsage();
  const kernelPeak = resetPeak();
  let sampledPeakRss = process.memoryUsage.rss();
  let samples = 0;
  const sampler = setInterval(() => {
    samples++;
    sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage.rss());
  }, sampleMs);
  const expectedChunks = Math.ceil(ids / chunkSize);
  let callsSubmitted = 0;
  let atEnd = { arrayBuffers: 0, heapUsed: 0 };
  const start = performance.now();
  const result = await evals.runs.createMany(
    { call_ids: lazyCallIds(ids), attached_agents },
    {
      chunkSize,
      onProgress: (progress) => {
        callsSubmitted = progress.callsSubmitted;
        // After the last chunk but one: createMany reads one chunk ahead, so the source (and its
        // seen-id set, holding every id by then) ends when the last chunk is taken, not sent.
        if (progress.chunksDone === Math.max(1, expectedChunks - 1)) {
          sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage.rss());
          gc?.();
          const usage = process.memoryUsage();
          atEnd = {
            arrayBuffers: usage.arrayBuffers - baselineArrayBuffers,
            heapUsed: usage.heapUsed - baselineHeapUsed,
          };
        }
      },
    },
  );
  const wallMs = performance.now() - start;
  clearInterval(sampler);
  sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage.rss());
  const peakRss = kernelPeak ? vmKiB("VmHWM") * 1024 : sampledPeakRss;
  return {
    ids,
    chunkSize,
    posts,
    runs: result.runs.length,
    failed: result.failed.length,
    callsSubmitted,
    baselineRss,
    peakRss,
    peakSource: kernelPeak ? "kernel high-water mark" : "samples",
    sampledPeakRss,
    sampleMs,
    samples,
    arrayBuffersAtEnd: atEnd.arrayBuffers,
    heapUsedAtEnd: atEnd.heapUsed,
    wallMs,
  };
}

/** The seed agent with its published version pinned, so that the batch reads no agent. */
function seedAttachment(agentBody: string): { eval_agent_id: string; eval_agent_version_id: string } {
  const { agent } = (JSON.parse(agentBody) as { data: { agent: { id: string; active_version_id: string } } }).data;
  return { eval_agent_id: agent.id, eval_agent_version_id: agent.active_version_id };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [ids, chunkSize] = process.argv.slice(2, 4).map(Number);
  if (!(Number.isInteger(ids) && Number.isInteger(chunkSize))) {
    console.error("usage: node --expose-gc create-many-memory-child.js <ids> <chunkSize>");
    process.exit(2);
  }
  const report = await measureCreateManyMemory(ids as number, chunkSize as number);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
