// Timed batches sized by time, not by a count: a batch runs chunks of calls until its clock has
// passed the minimum, so every batch is at least that long whatever the machine's speed at the
// time. The chunk size is calibrated first, so that the clock is read only every few milliseconds
// (reading it costs about a microsecond) and a batch overshoots its minimum by at most one chunk.
import { performance } from "node:perf_hooks";

/** Milliseconds on some clock. */
export type Clock = () => number;

/** CPU time (user + system) of this process: what another process taking the core does not add to. */
export const cpuClock: Clock = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

/** Makes `calls` calls (or has them made, `concurrency` at a time) and resolves when all are done. */
export type RunCalls = (calls: number) => unknown;

export interface Batch {
  calls: number;
  /** Duration on the batch's clock. */
  ms: number;
  /** Wall-clock duration (the same as `ms` when the clock is the wall clock). */
  wallMs: number;
}

/** Chunks per batch aimed at by `calibrateChunk`: a batch overshoots its minimum by ≤ 1/this. */
export const chunksPerBatch = 8;

export interface CalibrationLimits {
  /** Fewest calls per chunk, e.g. the requests kept in flight (a smaller chunk would run fewer). */
  minCalls?: number;
  maxCalls?: number;
}

/**
 * Lets the event loop run: timers, I/O and the finalizers V8 schedules after a collection. A batch
 * of calls that only ever await promises (the stub fetch) never gets there on its own, and what it
 * defers — an AbortSignal's cleanup, say — would pile up (gigabytes over a full run) and then be
 * charged to whichever batch ran next. Real programs return to the event loop; so does a batch.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function measure(run: RunCalls, clock: Clock, calls: number): Promise<number> {
  const start = clock();
  await run(calls);
  await yieldToEventLoop();
  return clock() - start;
}

/** Runs that confirm a long-enough measurement; the fastest counts (cold and disturbed runs are slower). */
const confirmations = 3;

/**
 * Calls per chunk such that a chunk takes about `minMs / chunksPerBatch` on `clock`, found by
 * doubling. A run long enough to scale from is confirmed by a few more, and the fastest counts:
 * a contender's first calls pay for JIT compilation and new connections, and a chunk sized from
 * them alone would be far too small.
 */
export async function calibrateChunk(
  run: RunCalls,
  clock: Clock,
  minMs: number,
  { minCalls = 1, maxCalls = 2 ** 24 }: CalibrationLimits = {},
): Promise<number> {
  if (!(minMs > 0)) throw new Error(`calibrateChunk needs a positive batch minimum, got ${minMs} ms`);
  const chunkMs = minMs / chunksPerBatch;
  for (let calls = Math.max(1, minCalls); ; calls *= 2) {
    let ms = await measure(run, clock, calls);
    if (ms >= chunkMs / 2) {
      for (let i = 0; i < confirmations; i++) ms = Math.min(ms, await measure(run, clock, calls));
    }
    if (ms >= chunkMs / 2 || calls >= maxCalls) {
      const scaled = ms > 0 ? Math.round((calls * chunkMs) / ms) : calls;
      return Math.max(minCalls, 1, Math.min(maxCalls, scaled));
    }
  }
}

/**
 * Runs chunks of `chunk` calls until at least `minMs` have passed on `clock`, returning to the
 * event loop after each chunk so that the work the calls deferred is counted in their batch.
 */
export async function timedBatch(run: RunCalls, clock: Clock, minMs: number, chunk: number): Promise<Batch> {
  if (!(chunk >= 1)) throw new Error(`timedBatch needs at least one call per chunk, got ${chunk}`);
  const wallStart = performance.now();
  const start = clock();
  let calls = 0;
  let ms = 0;
  do {
    await run(chunk);
    await yieldToEventLoop();
    calls += chunk;
    ms = clock() - start;
  } while (ms < minMs);
  return { calls, ms, wallMs: performance.now() - wallStart };
}
