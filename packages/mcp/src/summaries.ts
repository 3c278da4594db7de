// The short text that comes with a result, for assistants that read text rather than
// structuredContent. An operation without a summary of its own gets a generic line.
import type { EvalAgentWithVersion, EvalRun } from "@evals-api/types";

type Summary = (data: Record<string, unknown>) => string;

const summaries: Record<string, Summary> = {
  createEvalRun(data) {
    const run = data as unknown as EvalRun;
    const n = (count: number, what: string) => `${count} ${what}${count === 1 ? "" : "s"}`;
    return (
      `Created eval run ${run.id} (${run.status}): ${n(run.resolved_call_count, "call")} × ${n(run.resolved_agent_count, "agent")} = ` +
      `${n(run.resolved_atom_count, "atom")}, scored asynchronously.`
    );
  },
  getEvalAgent(data) {
    const { agent, current_version: draft } = data as unknown as EvalAgentWithVersion;
    const published =
      agent.active_version_id === null
        ? "never published (attach it with an eval_agent_version_id)"
        : `published version ${agent.active_version_id}`;
    return `Eval agent "${agent.name}" (key ${agent.key}, id ${agent.id}): draft v${draft.version_number} (${draft.modality}, ${draft.levels.length === 0 ? "pass/fail" : `${draft.levels.length} levels`}), ${published}.`;
  },
};

export function summaryOf(operationId: string, title: string, status: number, data: Record<string, unknown>): string {
  const summary = summaries[operationId];
  if (summary !== undefined) {
    try {
      return summary(data);
    } catch {} // a server's answer shaped otherwise: the generic line still holds
  }
  return `${title}: HTTP ${status}; the result is in structuredContent (and as JSON below).`;
}
