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

export class MockState {
  /** Seeded agents by agent id. Add to it to make more agents known. */
  readonly agents = new Map<string, SeedAgent>();
  /** Seeded workbench setup versions by version id. */
  readonly workbenches = new Map<string, SeedWorkbench>();
  /** Runs created so far by id, in creation order. */
  readonly runs = new Map<string, EvalRun>();
  /** Idempotency keys seen on successful creates. */
  readonly idempotency = new Map<string, StoredIdempotency>();
  /** Every request answered (or dropped), in order. */
  readonly requests: RecordedRequest[] = [];

  constructor(private readonly seedInput?: Seed) {
    this.reset();
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
