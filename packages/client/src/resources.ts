// The resource methods: one line each over the generic call, named by the domain.
import type { CreateEvalRunRequest, EvalAgentWithVersion, EvalRun } from "@evals-api/types";
import type { Call } from "./call.js";
import { newIdempotencyKey } from "./idempotency-key.js";
import type { CreateRunOptions, RequestOptions } from "./options.js";

export interface Resources {
  runs: {
    /** Start an eval run (billed). Resolves with the created run, in `PENDING`. A redirect is an error, never followed. */
    create(body: CreateEvalRunRequest, options?: CreateRunOptions): Promise<EvalRun>;
  };
  agents: {
    /** An eval agent and its current draft version. */
    get(evalAgentId: string, options?: RequestOptions): Promise<EvalAgentWithVersion>;
  };
}

export function resources(call: Call): Resources {
  return {
    runs: {
      // One key per logical create, the same for all its retries.
      create: (body, options = {}) =>
        call(
          "createEvalRun",
          { body, header: { "Idempotency-Key": options.idempotencyKey ?? newIdempotencyKey() } },
          options,
        ),
    },
    agents: {
      get: (eval_agent_id, options) => call("getEvalAgent", { path: { eval_agent_id } }, options),
    },
  };
}
