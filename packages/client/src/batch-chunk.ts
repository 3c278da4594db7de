// One chunk of a batch, from its journal record to its outcome: skipped when done, reported when
// in doubt, else journaled as started, sent with its own Idempotency-Key through the client's
// call (its retries unchanged), and journaled as done. What a failure means for billing is decided
// here: only an answer proves that no run was created.
import type { CreateEvalRunRequest, EvalRun } from "@evals-api/types";
import type { Journal } from "./batch-journal.js";
import type { CallThrough } from "./call.js";
import type { CallIdChunk } from "./call-id-chunks.js";
import { EvalsApiError, EvalsConnectionError, EvalsError, EvalsTimeoutError } from "./errors.js";
import type { RequestOptions } from "./options.js";
import { pauseAsked, type RateGate } from "./rate-gate.js";
import { retriesFailure } from "./retry-policy.js";

export interface ChunkContext {
  fields: Omit<CreateEvalRunRequest, "call_ids">;
  journal: Journal;
  gate: RateGate;
  callThrough: CallThrough;
  /** The chunk bodies were all checked before the batch started (an array's). */
  validated: boolean;
  resendInDoubt: boolean;
  requestOptions: RequestOptions;
  /** Each time a chunk's request goes out: the batch's cue to read the next chunk meanwhile. */
  onSent: () => void;
}

export type ChunkOutcome = { run: EvalRun } | { error: unknown; inDoubt: boolean };

// A chunk the server keeps answering "too many requests" goes back to the gate this many times
// (each time after the client's own retries), then is reported: it was provably not processed.
const RATE_LIMITED_ROUNDS = 10;

export async function settleChunk(context: ChunkContext, chunk: CallIdChunk, key: string): Promise<ChunkOutcome> {
  const { journal, resendInDoubt } = context;
  const entry = await journal.get(key);
  if (entry?.state === "done") return { run: entry.run };
  if (entry?.state === "started" && !resendInDoubt) return { error: inDoubtError(chunk.index, key), inDoubt: true };
  await journal.set(key, { state: "started", index: chunk.index, idempotencyKey: key });
  const outcome = await sendChunk(context, chunk, key);
  if ("run" in outcome) await journal.set(key, { state: "done", index: chunk.index, run: outcome.run });
  else if (!outcome.inDoubt) await journal.set(key, { state: "refused", index: chunk.index, idempotencyKey: key });
  return outcome;
}

async function sendChunk(context: ChunkContext, { callIds }: CallIdChunk, key: string): Promise<ChunkOutcome> {
  const { fields, gate, callThrough, validated, requestOptions, onSent } = context;
  const body = { ...fields, call_ids: callIds } as CreateEvalRunRequest;
  for (let round = 1; ; round++) {
    let sent = false;
    const call = callThrough(
      (send) =>
        gate.through(send, () => {
          sent = true;
          onSent();
        }),
      !validated,
    );
    try {
      return { run: await call("createEvalRun", { body, header: { "Idempotency-Key": key } }, requestOptions) };
    } catch (error) {
      if (!(isRateLimited(error) && round < RATE_LIMITED_ROUNDS)) return { error, inDoubt: sent && mayBeBilled(error) };
    }
  }
}

const isRateLimited = (error: unknown) => error instanceof EvalsApiError && pauseAsked(error) !== undefined;

/**
 * Whether a create that was sent and failed with `error` may still have created its run: when no
 * answer came (a timeout, a dropped connection, an abort) or the server failed (a 5xx that does not
 * say "come back later", a 2xx without the run). A 4xx, a redirect, or a connection that was never
 * made proves that it did not.
 */
function mayBeBilled(error: unknown): boolean {
  if (error instanceof EvalsApiError) {
    return (error.status >= 500 && !isRateLimited(error)) || (error.status >= 200 && error.status < 300);
  }
  if (error instanceof EvalsConnectionError || error instanceof EvalsTimeoutError) return !retriesFailure(error, false);
  return !(error instanceof EvalsError); // an abort, or anything unforeseen
}

function inDoubtError(index: number, key: string): EvalsError {
  return new EvalsError(
    `chunk ${index} was sent by an earlier run of this batch and never finished: its run may exist (and be billed). ` +
      `Pass resendInDoubt: true to send it again with its Idempotency-Key ${key} (only a server that honours the key will not create a second run)`,
  );
}
