// What `runs.createMany` takes and gives, and the checks of its options, made before anything is
// read or sent: a nonsensical option is a programming error, a RangeError or TypeError naming it.
import type { CreateEvalRunRequest, EvalRun } from "@evals-api/types";
import type { Journal } from "./batch-journal.js";
import type { CallIdSource } from "./call-id-chunks.js";
import type { RequestOptions } from "./options.js";

/**
 * A create-run body whose `call_ids` may be any number of ids, from an array, an iterable or an
 * async iterable. Its cross-field rules are those of `runs.create`.
 */
export type CreateManyRequest = CreateEvalRunRequest extends infer Body
  ? Body extends unknown
    ? Omit<Body, "call_ids"> & { call_ids: CallIdSource }
    : never
  : never;

export interface CreateManyProgress {
  /** Chunks with an outcome, a run or a failure (resumed ones included). */
  chunksDone: number;
  /** Known when `call_ids` is an array. */
  chunksTotal?: number;
  /** Distinct ids in the chunks that got a run. */
  callsSubmitted: number;
  /** Distinct ids of the batch, known when `call_ids` is an array. */
  callsTotal?: number;
  /** Chunks that got a run. */
  runs: number;
  /** Chunks that did not. */
  failed: number;
}

export interface CreateManyOptions extends RequestOptions {
  /**
   * Ids per run, at most the spec's `maxItems` of `call_ids` (its default). Changing it changes
   * every chunk, and so every `Idempotency-Key`: resume a batch with the size it started with.
   */
  chunkSize?: number;
  /** Chunks in flight at once, 1 to 64. Default 1. */
  concurrency?: number;
  /** Stops starting chunks, and aborts those in flight (they are then in doubt). */
  signal?: AbortSignal;
  /** Called after every chunk. */
  onProgress?: (progress: CreateManyProgress) => void;
  /** Where the batch records its chunks (default: in memory, for this call only). */
  journal?: Journal;
  /**
   * The key every chunk's `Idempotency-Key` derives from. Default: a digest of every field of the
   * batch but `call_ids`, so the same batch sent again gets the same keys.
   */
  batchKey?: string;
  /** Stop starting chunks after the first failure (those in flight finish). Default false: record it and go on. */
  stopOnError?: boolean;
  /**
   * Send again, with its original `Idempotency-Key`, a chunk an earlier run of the batch started and
   * never finished. Default false: it is reported in `failed` with `inDoubt: true`.
   */
  resendInDoubt?: boolean;
}

/** A chunk that did not get a run. */
export interface FailedChunk {
  index: number;
  callIds: string[];
  idempotencyKey: string;
  /** Why: the client's error for the chunk's last attempt (an `EvalsError`, or the signal's reason). */
  error: unknown;
  /**
   * The server may have created (and billed) its run: the request was sent and no answer said
   * otherwise. Send it again only with its `idempotencyKey`, and only to a server that honours it.
   */
  inDoubt: boolean;
}

export interface CreateManyResult {
  /** One run per chunk that got one, in chunk order (resumed chunks' from the journal). */
  runs: EvalRun[];
  /** The chunks that did not, in chunk order. */
  failed: FailedChunk[];
  /** The batch key the chunks' keys derive from: pass it again to resume the batch. */
  batchKey: string;
  /** Every chunk of the batch has a run or is in `failed`: false when the signal or `stopOnError` stopped it early. */
  complete: boolean;
}

/** The options once checked, with their defaults. */
export interface BatchSettings {
  chunkSize: number;
  concurrency: number;
  stopOnError: boolean;
  resendInDoubt: boolean;
}

const MAX_CONCURRENCY = 64;

export function batchSettings(options: CreateManyOptions, maxChunkSize: number): BatchSettings {
  const { chunkSize = maxChunkSize, concurrency = 1, stopOnError = false, resendInDoubt = false } = options;
  integerIn("chunkSize", chunkSize, maxChunkSize, "the spec's maxItems of call_ids");
  integerIn("concurrency", concurrency, MAX_CONCURRENCY);
  for (const [name, value] of Object.entries({ stopOnError, resendInDoubt })) {
    if (typeof value !== "boolean") throw new TypeError(`${name} must be a boolean, got ${typeof value}`);
  }
  const { journal, onProgress, batchKey } = options;
  if (journal !== undefined && !(typeof journal?.get === "function" && typeof journal.set === "function")) {
    throw new TypeError("journal must have get(key) and set(key, entry) methods (see createFileJournal)");
  }
  if (onProgress !== undefined && typeof onProgress !== "function")
    throw new TypeError("onProgress must be a function");
  if (batchKey !== undefined && !(typeof batchKey === "string" && batchKey.length > 0)) {
    throw new TypeError("batchKey must be a non-empty string");
  }
  return { chunkSize, concurrency, stopOnError, resendInDoubt };
}

function integerIn(name: string, value: unknown, max: number, why?: string): void {
  if (!(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max)) {
    const shown = typeof value === "string" ? `"${value}"` : String(value);
    throw new RangeError(`${name} must be an integer from 1 to ${max}${why ? ` (${why})` : ""}, got ${shown}`);
  }
}
