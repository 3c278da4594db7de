// Everything the mock remembers: the seeded agents and workbench versions, the runs it created
// (with the agent versions each scores with), the idempotency keys it has seen, and a log of the
// requests it answered.
import type { EvalRun } from "@evals-api/types";
import type { ResolvedAttachment } from "./attachments.js";
import { resolveSeed, type Seed, type SeedAgent, type SeedWorkbench } from "./seed.js";

/** One request as the mock saw it; `status` is 0 for a dropped connection. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The registry's operationId of the operation the request called. */
  operationId: string | null;
  status: number;
  idempotencyKey: string | null;
  /** The latency injected before answering, in ms (0 when none). */
  latencyMs: number;
  /** The fault injected into this request, if any (`latency` when it was only delayed). */
  fault: "latency" | "fail" | "rate-limit" | "drop" | null;
}

/** An `Idempotency-Key` seen on a successful create, within the API key that sent it. */
export interface StoredIdempotency {
  /** The `authorization` header of the create: a key replays only for the same API key. */
  apiKey: string;
  /** The `Idempotency-Key` header. */
  key: string;
  /** Canonical JSON of the request body the key was first used with. */
  body: string;
  runId: string;
}

/** How much the mock remembers, so a long load test cannot grow it without bound. */
export interface MockStateLimits {
  /** Runs kept; past it the oldest run is forgotten, with its idempotency key. Default 1,000. */
  maxRuns?: number;
  /** Entries kept in the request log; past it the oldest is dropped. Default 1,000. */
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

// Two tenants may send the same Idempotency-Key: each pair is its own entry.
const scopeOf = (apiKey: string, key: string) => JSON.stringify([apiKey, key]);

// UUIDs compare case-insensitively; the maps keep each id as it was seeded.
function findById<T>(map: ReadonlyMap<string, T>, id: string): T | undefined {
  const exact = map.get(id);
  if (exact !== undefined) return exact;
  const wanted = id.toLowerCase();
  for (const [key, value] of map) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export class MockState {
  /** Seeded agents by agent id. Add to it to make more agents known. */
  readonly agents = new Map<string, SeedAgent>();
  /** Seeded workbench setup versions by version id. */
  readonly workbenches = new Map<string, SeedWorkbench>();
  /** Runs created so far by id, in creation order (the most recent `maxRuns`). */
  readonly runs = new Map<string, EvalRun>();
  /**
   * The agent versions each run scores with, by run id: every attachment (or roster entry of the
   * pinned workbench version) with its version, weight and target level keys filled in, ids as
   * seeded. Forgotten with the run.
   */
  readonly resolvedAgents = new Map<string, ResolvedAttachment[]>();
  /** Idempotency keys seen on successful creates, one entry per API key and `Idempotency-Key`. */
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

  /** The seeded agent with this id, compared case-insensitively. */
  findAgent(id: string): SeedAgent | undefined {
    return findById(this.agents, id);
  }

  /** The seeded workbench setup version with this id, compared case-insensitively. */
  findWorkbench(versionId: string): SeedWorkbench | undefined {
    return findById(this.workbenches, versionId);
  }

  /** The create an API key sent with this `Idempotency-Key`, if the mock still remembers it. */
  findIdempotency(apiKey: string, key: string): StoredIdempotency | undefined {
    return this.idempotency.get(scopeOf(apiKey, key));
  }

  /**
   * Stores a new run, the agent versions it scores with and the idempotency key it was created
   * with, forgetting the oldest run past `maxRuns`.
   */
  addRun(run: EvalRun, agents: ResolvedAttachment[], idempotency?: Omit<StoredIdempotency, "runId">): void {
    this.runs.set(run.id, run);
    this.resolvedAgents.set(run.id, agents);
    if (idempotency !== undefined) {
      this.idempotency.set(scopeOf(idempotency.apiKey, idempotency.key), { ...idempotency, runId: run.id });
    }
    if (this.runs.size <= this.maxRuns) return;
    const oldest = this.runs.keys().next().value as string;
    this.runs.delete(oldest);
    this.resolvedAgents.delete(oldest);
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
    this.resolvedAgents.clear();
    this.idempotency.clear();
    this.requests.length = 0;
    this.add(resolveSeed(this.seedInput));
  }

  /** Adds agents and workbench versions (validated against the spec; throws SeedError). */
  seed(seed: Seed): void {
    this.add(resolveSeed({ ...seed, replace: true }));
  }

  // resolveSeed has validated what the caller gave; the default seed, the spec's own examples, is
  // checked by the test suite, not on every start.
  private add({ agents, workbenches }: ReturnType<typeof resolveSeed>): void {
    for (const agent of agents) this.agents.set(agent.agent.id, agent);
    for (const workbench of workbenches) this.workbenches.set(workbench.workbench_setup_version_id, workbench);
  }
}
