// POST /v1/evals/runs: resolve the agents of a checked request, compute the counts and store a
// PENDING run.
import type { AgentAttachment, CreateEvalRunRequest, EvalRun } from "@evals-api/types";
import { requestDefaults } from "@evals-api/types/spec";
import { type AttachmentProblem, countAtoms, type ResolvedAttachment, resolveAttachment } from "./attachments.js";
import { ErrorCode, MockError } from "./errors.js";
import type { SeedWorkbench } from "./seed.js";
import type { MockState } from "./state.js";

export interface RunContext {
  orgId: string;
  /** false: the org has no billing record on file, so no run can start (402). */
  billing: boolean;
  newId: () => string;
  now: () => Date;
  /** The `authorization` header: idempotency keys are scoped by it. */
  apiKey: string;
  idempotencyKey: string | null;
}

// Key order must not make two equal bodies differ when comparing idempotent requests.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((key) => [key, (v as Record<string, unknown>)[key]]),
        )
      : v,
  );
}

/** Where a run's agents come from: the attachments, else the pinned workbench version's roster. */
interface AgentSource {
  problems: AttachmentProblem[];
  agents: ResolvedAttachment[];
  /** The pinned workbench version as seeded, when it is known. */
  workbench?: SeedWorkbench;
}

function resolveInto(
  source: AgentSource,
  state: MockState,
  attachments: readonly AgentAttachment[],
  where?: string,
): void {
  for (let i = 0; i < attachments.length; i++) {
    const resolution = resolveAttachment(state, attachments[i] as AgentAttachment, `/attached_agents/${i}`, where);
    if ("problem" in resolution) source.problems.push(resolution.problem);
    else source.agents.push(resolution.resolved);
  }
}

function resolveAgents(state: MockState, body: CreateEvalRunRequest): AgentSource {
  const source: AgentSource = { problems: [], agents: [] };
  // The spec's pairing rule (already checked) gives the setup id whenever the version id is given.
  const { workbench_setup_id: setupId = "", workbench_setup_version_id: versionId } = body;
  const workbench = versionId === undefined ? undefined : state.findWorkbench(versionId);
  if (versionId !== undefined) {
    if (workbench === undefined || workbench.workbench_setup_id.toLowerCase() !== setupId.toLowerCase()) {
      source.problems.push({
        status: 404,
        error: ErrorCode.workbenchSetupVersionNotFound,
        message: `Workbench setup version not found: ${versionId} (of setup ${setupId})`,
      });
    } else {
      source.workbench = workbench;
    }
  }
  const attached = body.attached_agents ?? [];
  resolveInto(source, state, attached);
  if (attached.length === 0 && source.workbench !== undefined) {
    const where = ` (in the roster of workbench setup version ${source.workbench.workbench_setup_version_id})`;
    resolveInto(source, state, source.workbench.attached_agents, where);
  }
  return source;
}

// A missing agent, version or workbench version (404) is reported before an unpublished agent (400).
function refuseProblems(problems: readonly AttachmentProblem[]): void {
  if (problems.length === 0) return;
  const status = problems.some((p) => p.status === 404) ? 404 : 400;
  const entries = new Map(
    problems.filter((p) => p.status === status).map(({ error, message }) => [message, { error, message }]),
  );
  throw new MockError(status, [...entries.values()]);
}

type Defaults = Pick<EvalRun, "run_mode" | "triggered_by">;
// Read from the spec on the first create, not when the mock starts (a GET needs none of it).
let defaults: Defaults | undefined;
const requestDefaultsOf = () => (defaults ??= requestDefaults("createEvalRun") as Defaults);

/** A stored run the same API key created with this `Idempotency-Key`: the run to replay, or 409. */
function replayed(state: MockState, context: RunContext, fingerprint: string): EvalRun | undefined {
  if (context.idempotencyKey === null) return undefined;
  const seen = state.findIdempotency(context.apiKey, context.idempotencyKey);
  if (seen === undefined) return undefined;
  if (seen.body !== fingerprint) {
    throw MockError.of(
      409,
      ErrorCode.idempotencyKeyReused,
      "Idempotency-Key was already used with a different request body; send a new key for a new run",
    );
  }
  return state.runs.get(seen.runId);
}

/**
 * Creates a run, or returns the one this API key created with the same `Idempotency-Key` and body.
 * `body` has passed the input step: it breaks no rule the vendor states.
 */
export function createEvalRun(state: MockState, body: CreateEvalRunRequest, context: RunContext): EvalRun {
  const fingerprint = context.idempotencyKey === null ? "" : canonicalJson(body);
  const original = replayed(state, context, fingerprint);
  if (original !== undefined) return original;

  if (!context.billing) {
    throw MockError.of(402, ErrorCode.billingRequired, "A valid billing record must be on file before a run can start");
  }
  const { problems, agents, workbench } = resolveAgents(state, body);
  refuseProblems(problems);
  const count = countAtoms(body.call_ids, agents);
  const run: EvalRun = {
    id: context.newId(),
    org_id: context.orgId,
    status: "PENDING",
    triggered_by: body.triggered_by ?? requestDefaultsOf().triggered_by,
    run_mode: body.run_mode ?? requestDefaultsOf().run_mode,
    submitted_call_ids: body.call_ids,
    // As submitted: an omitted field stays omitted (the loosest echo the spec allows).
    submitted_attached_agents: body.attached_agents ?? [],
    workbench_setup_id: workbench?.workbench_setup_id ?? null,
    workbench_setup_version_id: workbench?.workbench_setup_version_id ?? null,
    resolved_call_count: count.calls,
    resolved_agent_count: count.agents,
    resolved_atom_count: count.atoms,
    completed_atom_count: 0,
    summary: null,
    billable_cost_usd: null,
    error_code: null,
    error_message: null,
    workflow_id: null,
    metadata: body.metadata ?? {},
    created_at: context.now().toISOString(),
    started_at: null,
    completed_at: null,
  };
  const idempotency =
    context.idempotencyKey === null
      ? undefined
      : { apiKey: context.apiKey, key: context.idempotencyKey, body: fingerprint };
  state.addRun(run, agents, idempotency);
  return run;
}
