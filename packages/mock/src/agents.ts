// GET /v1/evals/agents/{eval_agent_id}: a seeded agent and its current version, or 404.
import type { EvalAgentWithVersion } from "@evals-api/types";
import { validateGetEvalAgentPathParams } from "@evals-api/types/validators";
import { ErrorCode, MockError } from "./errors.js";
import type { MockState } from "./state.js";

export function getEvalAgent(state: MockState, pathParams: Record<string, string>): EvalAgentWithVersion {
  const issues = validateGetEvalAgentPathParams(pathParams);
  if (issues.length > 0) throw MockError.invalid(issues);
  const id = pathParams.eval_agent_id as string;
  const seeded = state.agents.get(id.toLowerCase()) ?? state.agents.get(id);
  if (seeded === undefined || seeded.agent.deleted_at !== null) {
    throw MockError.of(404, ErrorCode.evalAgentNotFound, `Eval agent not found: ${id}`);
  }
  return { agent: seeded.agent, current_version: seeded.current_version };
}
