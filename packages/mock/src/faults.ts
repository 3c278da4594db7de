// Fault injection for resilience tests. Every decision comes from a seeded PRNG, so the same seed
// and the same sequence of requests give the same faults, run after run.

export interface FaultOptions {
  /** Seed of the PRNG behind every fault decision. Default 1. */
  seed?: number;
  /** Delay before answering, in ms: a fixed number or a `[min, max]` range drawn per request. */
  latencyMs?: number | readonly [number, number];
  /** Share of requests (0..1) answered with `failStatus` instead of being processed. */
  failRate?: number;
  /** Status of injected failures; it must be documented by every operation. Default 503. */
  failStatus?: number;
  /** Share of requests (0..1) answered 429 with `Retry-After`. */
  rateLimitRate?: number;
  /** Seconds sent in `Retry-After` on injected 429s and 503s. Default 1. */
  retryAfterSeconds?: number;
  /** Share of requests (0..1) whose connection is dropped without any response. */
  dropRate?: number;
}

export type FaultKind = "drop" | "rate-limit" | "fail";

export interface FaultDecision {
  delayMs: number;
  kind: FaultKind | null;
}

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkRate(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (!(Number.isFinite(value) && value >= 0 && value <= 1)) {
    throw new RangeError(`faults.${name} must be a number from 0 to 1, got ${value}`);
  }
  return value;
}

const NO_FAULT: FaultDecision = Object.freeze({ delayMs: 0, kind: null });

export function createFaultPlan(options: FaultOptions = {}): () => FaultDecision {
  const drop = checkRate("dropRate", options.dropRate);
  const rateLimit = checkRate("rateLimitRate", options.rateLimitRate);
  const fail = checkRate("failRate", options.failRate);
  if (drop + rateLimit + fail > 1) {
    throw new RangeError("faults.dropRate + rateLimitRate + failRate must not exceed 1");
  }
  const [min, max] =
    typeof options.latencyMs === "number" ? [options.latencyMs, options.latencyMs] : (options.latencyMs ?? [0, 0]);
  if (!(min >= 0 && max >= min))
    throw new RangeError(`faults.latencyMs must be >= 0 (and min <= max), got ${options.latencyMs}`);
  // Without faults every decision is the same; skip the draws on the hot path.
  if (drop + rateLimit + fail === 0 && max === 0) return () => NO_FAULT;
  const random = seededRandom(options.seed ?? 1);
  return () => {
    // Always draw twice, so enabling latency does not shift which requests fail.
    const roll = random();
    const jitter = random();
    const delayMs = Math.round(min + (max - min) * jitter);
    let kind: FaultKind | null = null;
    if (roll < drop) kind = "drop";
    else if (roll < drop + rateLimit) kind = "rate-limit";
    else if (roll < drop + rateLimit + fail) kind = "fail";
    return { delayMs, kind };
  };
}
