// The resource methods: one line each over the generic call, named by the domain. `createMany`
// loads its module on its first call, so a client that never makes one carries none of it.
import type { CreateEvalRunRequest, EvalAgentWithVersion, EvalRun } from "@evals-api/types";
import type { CreateManyOptions, CreateManyRequest, CreateManyResult } from "./batch-options.js";
import type { CallThrough } from "./call.js";
import { newIdempotencyKey } from "./idempotency-key.js";
import type { CreateRunOptions, RequestOptions, Settings } from "./options.js";

export interface Resources {
  runs: {
    /** Start an eval run (billed). Resolves with the created run, in `PENDING`. A redirect is an error, never followed. */
    create(body: CreateEvalRunRequest, options?: CreateRunOptions): Promise<EvalRun>;
    /**
     * Score any number of calls: one run (billed) per chunk of at most the spec's maximum of ids,
     * each with a deterministic Idempotency-Key and recorded in `options.journal`, so that a batch
     * resumed after a crash skips what is done and re-bills nothing it knows of.
     */
    createMany(batch: CreateManyRequest, options?: CreateManyOptions): Promise<CreateManyResult>;
  };
  agents: {
    /** An eval agent and its current draft version. */
    get(evalAgentId: string, options?: RequestOptions): Promise<EvalAgentWithVersion>;
  };
}

export function resources(settings: Settings, callThrough: CallThrough): Resources {
  const call = callThrough((send) => send, true);
  return {
    runs: {
      // One key per logical create, the same for all its retries.
      create: (body, options = {}) =>
        call(
          "createEvalRun",
          { body, header: { "Idempotency-Key": options.idempotencyKey ?? newIdempotencyKey() } },
          options,
        ),
      createMany: async (batch, options) =>
        (await import("./create-many.js")).createMany(settings, callThrough, batch, options),
    },
    agents: {
      get: (eval_agent_id, options) => call("getEvalAgent", { path: { eval_agent_id } }, options),
    },
  };
}
