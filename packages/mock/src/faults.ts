// Fault injection for resilience tests. Every decision comes from a seeded PRNG, so the same seed
// and the same sequence of requests give the same faults, run after run.
import type { RegisteredOperation } from "@evals-api/types/registry";

export interface FaultOptions {
  /** Seed of the PRNG behind every fault decision, a whole number. Default 1. */
  seed?: number;
  /**
   * Delay before answering, in ms (0 to 2,147,483,647, the longest a Node timer waits): a fixed
   * number or a `[min, max]` range drawn per request.
   */
  latencyMs?: number | readonly [number, number];
  /** Share of requests (0..1) answered with `failStatus` instead of being processed. */
  failRate?: number;
  /** Status of injected failures; it must be documented by every operation. Default 503. */
  failStatus?: number;
  /** Share of requests (0..1) answered 429 with `Retry-After`. */
  rateLimitRate?: number;
  /** Seconds sent in `Retry-After` on injected 429s and 503s, a whole number. Default 1. */
  retryAfterSeconds?: number;
  /** Share of requests (0..1) whose connection is dropped without any response. */
  dropRate?: number;
}

export type FaultKind = "drop" | "rate-limit" | "fail";

export interface FaultDecision {
  delayMs: number;
  kind: FaultKind | null;
}

/** The checked fault options, and the decision for each request. */
export interface FaultPlan {
  /** The fault of the next request (draws from the PRNG). */
  next(): FaultDecision;
  /** Status of injected failures. */
  failStatus: number;
  /** `Retry-After` of injected 429s and 503s. */
  retryAfter: string;
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

// Node clamps a longer timer to 1 ms (with a warning), so a longer latency would not delay at all.
const LONGEST_DELAY_MS = 2_147_483_647;

const shown = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? `[${value.join(", ")}]` : String(value);

function checkRate(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (!(Number.isFinite(value) && value >= 0 && value <= 1)) {
    throw new RangeError(`faults.${name} must be a number from 0 to 1, got ${shown(value)}`);
  }
  return value;
}

function checkWholeNumber(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`faults.${name} must be a whole number >= 0, got ${shown(value)}`);
  }
  return value;
}

const isDelay = (ms: unknown): ms is number => typeof ms === "number" && ms >= 0 && ms <= LONGEST_DELAY_MS;

function latencyRange(latency: FaultOptions["latencyMs"]): readonly [number, number] {
  if (latency === undefined) return [0, 0];
  const range: unknown = typeof latency === "number" ? [latency, latency] : latency;
  if (!(Array.isArray(range) && range.length === 2 && isDelay(range[0]) && isDelay(range[1]) && range[0] <= range[1])) {
    throw new RangeError(
      `faults.latencyMs must be a number of ms from 0 to ${LONGEST_DELAY_MS}, or a [min, max] range of them ` +
        `with min <= max, got ${shown(latency)}`,
    );
  }
  return range as [number, number];
}

// An injected failure must still be a response the spec documents, whichever operation it hits.
function checkFailStatus(status: number | undefined, operations: readonly RegisteredOperation[]): number {
  if (status === undefined) return 503;
  const undocumented = operations
    .filter((operation) => operation.response(status) === undefined)
    .map((operation) => operation.operationId);
  if (!(Number.isInteger(status) && status >= 400 && status <= 599) || undocumented.length > 0) {
    throw new RangeError(
      `faults.failStatus ${shown(status)} is not documented by ${undocumented.join(", ") || "the spec"}; ` +
        "pick a status every operation documents, such as 500, 503 or 429",
    );
  }
  return status;
}

const NO_FAULT: FaultDecision = Object.freeze({ delayMs: 0, kind: null });

/**
 * Checks the fault options (a RangeError names the first bad one) and plans the faults of
 * `operations` (an injected failure must be a status each of them documents).
 */
export function createFaultPlan(operations: readonly RegisteredOperation[], options: FaultOptions = {}): FaultPlan {
  const drop = checkRate("dropRate", options.dropRate);
  const rateLimit = checkRate("rateLimitRate", options.rateLimitRate);
  const fail = checkRate("failRate", options.failRate);
  if (drop + rateLimit + fail > 1) {
    throw new RangeError(
      `faults.dropRate + faults.rateLimitRate + faults.failRate must not exceed 1, got ${drop + rateLimit + fail}`,
    );
  }
  const [min, max] = latencyRange(options.latencyMs);
  const failStatus = checkFailStatus(options.failStatus, operations);
  const retryAfter = String(checkWholeNumber("retryAfterSeconds", options.retryAfterSeconds, 1));
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`faults.seed must be a whole number, got ${shown(seed)}`);
  const random = seededRandom(seed);
  // Without faults every decision is the same; skip the draws on the hot path.
  if (drop + rateLimit + fail === 0 && max === 0) return { next: () => NO_FAULT, failStatus, retryAfter };
  const next = (): FaultDecision => {
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
  return { next, failStatus, retryAfter };
}
