// GET /v1/evals/agents/{eval_agent_id}: a seeded agent and its current version, or 404.
import type { EvalAgentWithVersion } from "@evals-api/types";
import { ErrorCode, MockError } from "./errors.js";
import type { MockState } from "./state.js";

export function getEvalAgent(state: MockState, id: string): EvalAgentWithVersion {
  // The vendor's one rule for the id is that it is a string, which a path segment always is; its
  // `format: uuid` is assumed, so a malformed id is just an id no agent has: 404 like any other.
  const seeded = state.findAgent(id);
  if (seeded === undefined || seeded.agent.deleted_at !== null) {
    throw MockError.of(404, ErrorCode.evalAgentNotFound, `Eval agent not found: ${id}`);
  }
  return { agent: seeded.agent, current_version: seeded.current_version };
}
