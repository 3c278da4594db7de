// What a create-run would score, from its arguments alone (a dry run sends nothing, so it reads no
// agent): the mock's own count, distinct calls × distinct agent versions. An attachment without a
// version counts as its agent's published version; a pinned workbench version's roster is not
// known until the run is created.
import { countAtoms } from "@evals-api/mock";
import type { CreateEvalRunRequest } from "@evals-api/types";

export interface RunEstimate {
  calls: number;
  /** null when a workbench version's roster supplies the agents: unknown before the run exists. */
  agents: number | null;
  atoms: number | null;
  note: string | undefined;
}

const PUBLISHED = "(published)";

export function estimateRun(body: Record<string, unknown>): RunEstimate | undefined {
  const {
    call_ids: callIds,
    attached_agents: attached,
    workbench_setup_version_id: workbench,
  } = body as Partial<CreateEvalRunRequest>;
  if (!Array.isArray(callIds)) return undefined;
  const ids = callIds.filter((id): id is string => typeof id === "string");
  if (!Array.isArray(attached) || attached.length === 0) {
    const count = countAtoms(ids, []);
    const note =
      workbench === undefined
        ? "no agents are given"
        : `the agents come from the roster of workbench setup version ${workbench}, which only the API knows: the run reports them once created`;
    return {
      calls: count.calls,
      agents: workbench === undefined ? 0 : null,
      atoms: workbench === undefined ? 0 : null,
      note,
    };
  }
  // UUIDs compare without case, as the API resolves them.
  const versions = attached.map((a) => ({
    eval_agent_id: String(a?.eval_agent_id).toLowerCase(),
    eval_agent_version_id: a?.eval_agent_version_id?.toLowerCase() ?? PUBLISHED,
  }));
  const count = countAtoms(ids, versions);
  const unpinned = versions.some((v) => v.eval_agent_version_id === PUBLISHED);
  const note = unpinned
    ? "an attachment without eval_agent_version_id counts as its agent's published version"
    : undefined;
  return { ...count, note };
}
