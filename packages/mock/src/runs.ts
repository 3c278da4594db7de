// POST /v1/evals/runs: validate, resolve the agents, compute the counts and store a PENDING run.
import type { AgentAttachment, CreateEvalRunRequest, EvalRun } from "@evals-api/types";
import { requestDefaults } from "@evals-api/types/spec";
import { validateCreateEvalRunRequest } from "@evals-api/types/validators";
import { ErrorCode, MockError } from "./errors.js";
import type { MockState } from "./state.js";

export interface RunContext {
  orgId: string;
  /** false: the org has no billing record on file, so no run can start (402). */
  billing: boolean;
  newId: () => string;
  now: () => Date;
  idempotencyKey: string | null;
}

/** The result of a create: the run, and whether it was replayed for a repeated idempotency key. */
export interface CreatedRun {
  run: EvalRun;
  replayed: boolean;
}

// Key order must not make two equal bodies differ when comparing idempotent requests.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The agents a run scores with: the attached ones, else the pinned workbench version's roster. */
function resolveAgents(state: MockState, body: CreateEvalRunRequest): AgentAttachment[] {
  const problems: { error: string; message: string }[] = [];
  let roster: AgentAttachment[] | undefined;
  const versionId = body.workbench_setup_version_id;
  if (versionId !== undefined) {
    const workbench = state.workbenches.get(versionId);
    if (workbench === undefined || workbench.workbench_setup_id !== body.workbench_setup_id) {
      problems.push({
        error: ErrorCode.workbenchSetupVersionNotFound,
        message: `Workbench setup version not found: ${versionId} (of setup ${body.workbench_setup_id})`,
      });
    } else {
      roster = workbench.attached_agents;
    }
  }
  const attached = body.attached_agents ?? [];
  for (const attachment of attached) {
    const seeded = state.agents.get(attachment.eval_agent_id);
    if (seeded === undefined || seeded.agent.deleted_at !== null) {
      problems.push({
        error: ErrorCode.evalAgentNotFound,
        message: `Eval agent not found: ${attachment.eval_agent_id}`,
      });
      continue;
    }
    const versions = new Set([
      seeded.current_version.id,
      ...(seeded.agent.active_version_id ? [seeded.agent.active_version_id] : []),
      ...(seeded.version_ids ?? []),
    ]);
    if (!versions.has(attachment.eval_agent_version_id)) {
      problems.push({
        error: ErrorCode.evalAgentVersionNotFound,
        message: `Eval agent version not found: ${attachment.eval_agent_version_id} (of agent ${attachment.eval_agent_id})`,
      });
    }
  }
  if (problems.length > 0) {
    const unique = [...new Map(problems.map((p) => [p.message, p])).values()];
    throw new MockError(404, unique);
  }
  return attached.length > 0 ? attached : (roster ?? []);
}

/** Distinct agent versions: attaching the same version twice scores it once. */
export function countAgents(agents: readonly AgentAttachment[]): number {
  return new Set(agents.map((a) => `${a.eval_agent_id}/${a.eval_agent_version_id}`)).size;
}

const defaults = requestDefaults("createEvalRun") as Pick<EvalRun, "run_mode" | "triggered_by">;

export function createEvalRun(state: MockState, input: unknown, context: RunContext): CreatedRun {
  const issues = validateCreateEvalRunRequest(input);
  if (issues.length > 0) throw MockError.invalid(issues);
  const body = input as CreateEvalRunRequest;

  const fingerprint = context.idempotencyKey === null ? "" : canonicalJson(body);
  if (context.idempotencyKey !== null) {
    const seen = state.idempotency.get(context.idempotencyKey);
    if (seen !== undefined) {
      const run = state.runs.get(seen.runId);
      if (seen.body !== fingerprint) {
        throw MockError.of(
          409,
          ErrorCode.idempotencyKeyReused,
          "Idempotency-Key was already used with a different request body; send a new key for a new run",
        );
      }
      if (run !== undefined) return { run, replayed: true };
    }
  }

  if (!context.billing) {
    throw MockError.of(402, ErrorCode.billingRequired, "A valid billing record must be on file before a run can start");
  }
  const agents = resolveAgents(state, body);
  const callCount = new Set(body.call_ids).size;
  const agentCount = countAgents(agents);
  const run: EvalRun = {
    id: context.newId(),
    org_id: context.orgId,
    status: "PENDING",
    triggered_by: body.triggered_by ?? defaults.triggered_by,
    run_mode: body.run_mode ?? defaults.run_mode,
    submitted_call_ids: body.call_ids,
    submitted_attached_agents: body.attached_agents ?? [],
    workbench_setup_id: body.workbench_setup_id ?? null,
    workbench_setup_version_id: body.workbench_setup_version_id ?? null,
    resolved_call_count: callCount,
    resolved_agent_count: agentCount,
    resolved_atom_count: callCount * agentCount,
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
  state.addRun(run, context.idempotencyKey === null ? undefined : { key: context.idempotencyKey, body: fingerprint });
  return { run, replayed: false };
}
