// Everything the mock remembers: the seeded agents and workbench versions, the runs it created,
// the idempotency keys it has seen, and a log of the requests it answered.
import type { EvalRun } from "@evals-api/types";
import type { OperationId } from "@evals-api/types/spec";
import { resolveSeed, type Seed, type SeedAgent, type SeedWorkbench } from "./seed.js";

/** One request as the mock saw it; `status` is 0 for a dropped connection. */
export interface RecordedRequest {
  method: string;
  path: string;
  operationId: OperationId | null;
  status: number;
  idempotencyKey: string | null;
  /** The fault injected into this request, if any. */
  fault: "latency" | "fail" | "rate-limit" | "drop" | null;
}

export interface StoredIdempotency {
  /** Canonical JSON of the request body the key was first used with. */
  body: string;
  runId: string;
}

/** How much the mock remembers, so a long load test cannot grow it without bound. */
export interface MockStateLimits {
  /** Runs kept; past it the oldest run is forgotten, with its idempotency key. Default 1,000. */
  maxRuns?: number;
  /** Entries kept in the request log; past it the oldest is dropped. Default 10,000. */
  maxLoggedRequests?: number;
}

const DEFAULT_MAX_RUNS = 1_000;
const DEFAULT_MAX_LOGGED_REQUESTS = 1_000;

function checkLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= 1))
    throw new RangeError(`${name} must be a whole number >= 1, got ${value}`);
  return value;
}

export class MockState {
  /** Seeded agents by agent id. Add to it to make more agents known. */
  readonly agents = new Map<string, SeedAgent>();
  /** Seeded workbench setup versions by version id. */
  readonly workbenches = new Map<string, SeedWorkbench>();
  /** Runs created so far by id, in creation order (the most recent `maxRuns`). */
  readonly runs = new Map<string, EvalRun>();
  /** Idempotency keys seen on successful creates. */
  readonly idempotency = new Map<string, StoredIdempotency>();
  /** Every request answered (or dropped), in order (the most recent `maxLoggedRequests`). */
  readonly requests: RecordedRequest[] = [];

  private readonly maxRuns: number;
  private readonly maxLoggedRequests: number;

  constructor(
    private readonly seedInput?: Seed,
    limits: MockStateLimits = {},
  ) {
    this.maxRuns = checkLimit("maxRuns", limits.maxRuns, DEFAULT_MAX_RUNS);
    this.maxLoggedRequests = checkLimit("maxLoggedRequests", limits.maxLoggedRequests, DEFAULT_MAX_LOGGED_REQUESTS);
    this.reset();
  }

  /** Stores a new run (and the idempotency key it was created with), forgetting the oldest past `maxRuns`. */
  addRun(run: EvalRun, idempotency?: { key: string; body: string }): void {
    this.runs.set(run.id, run);
    if (idempotency !== undefined) this.idempotency.set(idempotency.key, { body: idempotency.body, runId: run.id });
    if (this.runs.size <= this.maxRuns) return;
    const oldest = this.runs.keys().next().value as string;
    this.runs.delete(oldest);
    // Keys are stored in the order their runs were created, so the oldest run's key comes first.
    const first = this.idempotency.entries().next().value;
    if (first !== undefined && first[1].runId === oldest) this.idempotency.delete(first[0]);
  }

  /** Appends to the request log, dropping the oldest entry past `maxLoggedRequests`. */
  logRequest(record: RecordedRequest): void {
    this.requests.push(record);
    if (this.requests.length > this.maxLoggedRequests) this.requests.shift();
  }

  /** Back to the seed: forgets runs, idempotency keys and the request log. */
  reset(): void {
    this.agents.clear();
    this.workbenches.clear();
    this.runs.clear();
    this.idempotency.clear();
    this.requests.length = 0;
    this.seed(resolveSeed(this.seedInput));
  }

  /** Adds agents and workbench versions (validated against the spec; throws SeedError). */
  seed(seed: Seed): void {
    const { agents, workbenches } = resolveSeed({ ...seed, replace: true });
    for (const agent of agents) this.agents.set(agent.agent.id, agent);
    for (const workbench of workbenches) this.workbenches.set(workbench.workbench_setup_version_id, workbench);
  }
}
