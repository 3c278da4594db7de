// The resource methods: one line each over the generic call, named by the domain. `createMany`
// loads its module on its first call, so a client that never makes one carries none of it.
import type { CreateEvalRunRequest, EvalAgentWithVersion, EvalRun } from "@evals-api/types";
import type { CreateManyOptions, CreateManyRequest, CreateManyResult } from "./batch-options.js";
import type { CallThrough } from "./call.js";
import type { EvalsPromise } from "./evals-promise.js";
import { idempotencyKeys } from "./idempotency-key.js";
import type { CreateRunOptions, RequestOptions, Settings } from "./options.js";

export interface Resources {
  runs: {
    /**
     * Start an eval run (billed). Resolves with the created run, in `PENDING`. A redirect is an error,
     * never followed. `.withResponse()` adds the response and request id; `.asResponse()` gives the raw response.
     */
    create(body: CreateEvalRunRequest, options?: CreateRunOptions): EvalsPromise<EvalRun>;
    /**
     * Score any number of calls: one run (billed) per chunk of at most the spec's maximum of ids,
     * each with a deterministic Idempotency-Key and recorded in `options.journal`, so that a batch
     * resumed after a crash skips what is done and re-bills nothing it knows of.
     */
    createMany(batch: CreateManyRequest, options?: CreateManyOptions): Promise<CreateManyResult>;
  };
  agents: {
    /** An eval agent and its current draft version. */
    get(evalAgentId: string, options?: RequestOptions): EvalsPromise<EvalAgentWithVersion>;
  };
}

/**
 * An async source's iterator, taken before anything is awaited: a readline interface emits lines
 * as soon as the event loop turns and drops those no iterator is waiting for, so one taken after
 * createMany's module has loaded would wait forever for lines already gone.
 */
function iterationStarted(ids: CreateManyRequest["call_ids"]): CreateManyRequest["call_ids"] {
  const iterate = (ids as Partial<AsyncIterable<string>> | null | undefined)?.[Symbol.asyncIterator];
  if (Array.isArray(ids) || typeof iterate !== "function") return ids;
  const iterator = iterate.call(ids);
  return { [Symbol.asyncIterator]: () => iterator };
}

export function resources(settings: Settings, callThrough: CallThrough): Resources {
  const call = callThrough((send) => send, true);
  const newIdempotencyKey = idempotencyKeys();
  return {
    runs: {
      // One key per logical create, the same for all its retries.
      create: (body, options = {}) =>
        call(
          "createEvalRun",
          { body, header: { "Idempotency-Key": options.idempotencyKey ?? newIdempotencyKey() } },
          options,
        ),
      createMany: (batch, options) => {
        const reading = { ...batch, call_ids: iterationStarted(batch.call_ids) } as CreateManyRequest;
        return import("./create-many.js").then((m) => m.createMany(settings, callThrough, reading, options));
      },
    },
    agents: {
      get: (eval_agent_id, options) => call("getEvalAgent", { path: { eval_agent_id } }, options),
    },
  };
}
