// `runs.createMany`: any number of calls scored as one run per chunk of at most the spec's maxItems
// of `call_ids`. Loaded on its first call, so that a client that never makes one carries none of it.
// Its steps, in order: check the options; chunk and de-duplicate the ids; check the body once,
// before anything is sent (an array's ids all of them); derive the batch key; pin agent versions;
// settle the chunks, `concurrency` at a time, slowed together by the rate gate, each as
// batch-chunk.ts says. Its own work is done while requests are in flight: the next chunk is read
// and hashed in the turn of the event loop after a request goes out, and an array is scanned for
// duplicates in the background.
import { requestBodyBounds } from "@evals-api/types";
import { type ChunkContext, type ChunkOutcome, settleChunk } from "./batch-chunk.js";
import { createMemoryJournal } from "./batch-journal.js";
import { chunkKey, defaultBatchKey } from "./batch-keys.js";
import {
  type BatchSettings,
  batchSettings,
  type CreateManyOptions,
  type CreateManyProgress,
  type CreateManyRequest,
  type CreateManyResult,
  type FailedChunk,
} from "./batch-options.js";
import type { CallThrough } from "./call.js";
import { type CallIdChunk, type CallIdChunks, callIdChunks, isCallIdSource } from "./call-id-chunks.js";
import { EvalsValidationError } from "./errors.js";
import { inNextTurn } from "./next-turn.js";
import { operationRoutes } from "./operations.js";
import type { Settings } from "./options.js";
import { createRateGate } from "./rate-gate.js";
import { refusal, requestIssues } from "./request-validation.js";
import { pinnedAttachments } from "./version-pins.js";

export async function createMany(
  settings: Settings,
  callThrough: CallThrough,
  batch: CreateManyRequest,
  options: CreateManyOptions = {},
): Promise<CreateManyResult> {
  const { chunkSize, concurrency, stopOnError, resendInDoubt } = batchSettings(options, MAX_CALL_IDS);
  const { call_ids, ...fields } = checkedBatch(batch);
  const source = callIdChunks(call_ids, chunkSize);
  try {
    return await inBatch(settings, callThrough, source, fields, {
      ...options,
      chunkSize,
      concurrency,
      stopOnError,
      resendInDoubt,
    });
  } finally {
    // Done, stopped or failed: a stream is closed (a file's descriptor, a readline interface), and
    // an array's scan ends.
    source.stop();
    await source.chunks.return?.();
  }
}

async function inBatch(
  settings: Settings,
  callThrough: CallThrough,
  source: CallIdChunks,
  fields: Omit<CreateManyRequest, "call_ids">,
  options: CreateManyOptions & BatchSettings,
): Promise<CreateManyResult> {
  const { concurrency, stopOnError, resendInDoubt, signal, journal = createMemoryJournal(), onProgress } = options;
  const { timeoutMs, maxRetries, headers } = options;
  const requestOptions = { signal, timeoutMs, maxRetries, headers };
  const first = await source.chunks.next();
  if (settings.validateRequests) {
    await checkIds(fields, source.array ?? (first.done ? [] : first.value.callIds), options.chunkSize);
  }
  const batchKey = options.batchKey ?? (await defaultBatchKey(fields));
  const getAgent = (eval_agent_id: string) =>
    callThrough((send) => send, true)("getEvalAgent", { path: { eval_agent_id } }, requestOptions);
  const attached_agents = await pinnedAttachments(fields.attached_agents, { journal, batchKey, getAgent });
  const ahead = readAhead(source.chunks, first, (chunk) => chunkKey(batchKey, chunk.index, chunk.callIds));
  const context: ChunkContext = {
    fields: attached_agents ? { ...fields, attached_agents } : fields,
    journal,
    gate: createRateGate(),
    callThrough,
    validated: settings.validateRequests && source.array !== undefined,
    resendInDoubt,
    requestOptions,
    onSent: () => ahead.prefetch(),
  };
  const tally = createTally(source, onProgress);
  const stop = () => signal?.aborted === true || (stopOnError && tally.failed.length > 0);
  const settle = async ({ chunk, key: keyDerived }: Prepared) => {
    const key = await keyDerived;
    tally.record(chunk, key, await settleChunk(context, chunk, key));
  };
  try {
    const exhausted = await inParallel(concurrency, ahead.take, settle, stop);
    return { ...tally.result(), batchKey, complete: exhausted };
  } finally {
    ahead.stop();
  }
}

// The spec's bound on one run's calls: the size of a chunk, at most.
const MAX_CALL_IDS = requestBodyBounds.createEvalRun.call_ids.maxItems;
const [METHOD, PATH] = operationRoutes.createEvalRun;

function checkedBatch(batch: CreateManyRequest): CreateManyRequest {
  if (isCallIdSource((batch as { call_ids?: unknown } | null)?.call_ids)) return batch;
  const message = "must be an array, an iterable or an async iterable of call ids";
  throw new EvalsValidationError(`${METHOD} ${PATH} not sent: call_ids ${message}`, [
    { path: "/call_ids", message, source: "vendor" },
  ]);
}

/**
 * Every field but `call_ids` is checked, with the first chunk, before anything is sent; so is every
 * id of an array, which is in memory already, and a bad one is named by its place in the array. An
 * array longer than a chunk breaks the spec's bounds on one run's `call_ids`, which chunking keeps:
 * that one rule is not the batch's. A stream's later chunks are checked as each is sent.
 */
async function checkIds(fields: object, ids: readonly unknown[], size: number): Promise<void> {
  const body = { ...fields, call_ids: ids };
  const found = await requestIssues("createEvalRun", { body: body as never });
  const issues = ids.length > size ? found.filter((issue) => issue.path !== "/call_ids") : found;
  if (issues.length > 0) throw await refusal(METHOD, PATH, issues);
}

/** A chunk as a worker takes it: read, and its key being derived. */
interface Prepared {
  chunk: CallIdChunk;
  key: Promise<string>;
}

/**
 * The chunks with their keys, each read and hashed ahead of the worker that takes it: after a
 * request goes out (`prefetch`), in the next turn of the event loop, so that this work overlaps
 * the request in flight instead of delaying it; or when a worker takes a chunk none is ready for.
 * At most one chunk is read ahead of those taken.
 */
function readAhead(
  chunks: AsyncIterator<CallIdChunk>,
  first: IteratorResult<CallIdChunk>,
  keyOf: (chunk: CallIdChunk) => Promise<string>,
) {
  const prepared = (result: IteratorResult<CallIdChunk>): IteratorResult<Prepared> => {
    if (result.done) return result;
    const key = keyOf(result.value);
    key.catch(() => {}); // whoever takes the chunk awaits it; a chunk never taken must not reject unseen
    return { done: false, value: { chunk: result.value, key } };
  };
  const read = () => {
    const next = chunks.next().then(prepared);
    next.catch(() => {}); // as above: a read that fails is the failure of whoever takes it
    return next;
  };
  let ahead: Promise<IteratorResult<Prepared>> | undefined = Promise.resolve(prepared(first));
  let cancel: (() => void) | undefined;
  return {
    take: (): Promise<IteratorResult<Prepared>> => {
      const taken = ahead ?? read();
      ahead = undefined;
      return taken;
    },
    prefetch: () => {
      cancel ??= inNextTurn(() => {
        cancel = undefined;
        ahead ??= read();
      });
    },
    stop: () => cancel?.(),
  };
}

/**
 * Settles the chunks `concurrency` at a time, each worker taking the next chunk when it is free,
 * so that a stream is read only as fast as chunks are sent (one chunk ahead). Resolves with whether
 * the source ran out (rather than `stop` stopping it); a failure of the source, the journal or
 * `onProgress` rejects, once the chunks in flight are settled.
 */
async function inParallel(
  concurrency: number,
  take: () => Promise<IteratorResult<Prepared>>,
  settle: (prepared: Prepared) => Promise<void>,
  stop: () => boolean,
): Promise<boolean> {
  let exhausted = false;
  let broken = false;
  const halted = () => exhausted || broken || stop();
  const worker = async () => {
    while (!halted()) {
      const next = await take();
      if (next.done) exhausted = true;
      // Stopped while the source was read: that chunk stays unsent.
      else if (!(broken || stop())) await settle(next.value);
    }
  };
  const guarded = () =>
    worker().catch((error: unknown) => {
      broken = true;
      throw error;
    });
  const outcomes = await Promise.allSettled(Array.from({ length: concurrency }, guarded));
  const failure = outcomes.find((outcome) => outcome.status === "rejected");
  if (failure) throw failure.reason;
  return exhausted;
}

/** The batch's outcomes so far, in chunk order, and its progress reports. */
function createTally(
  source: { callsTotal: number | undefined; chunksTotal: number | undefined },
  onProgress: ((progress: CreateManyProgress) => void) | undefined,
) {
  const runs: CreateManyResult["runs"] = [];
  const failed: FailedChunk[] = [];
  let callsSubmitted = 0;
  let chunksDone = 0;
  return {
    failed,
    record(chunk: CallIdChunk, idempotencyKey: string, outcome: ChunkOutcome) {
      if ("run" in outcome) {
        runs[chunk.index] = outcome.run;
        callsSubmitted += chunk.callIds.length;
      } else failed.push({ index: chunk.index, callIds: chunk.callIds, idempotencyKey, ...outcome });
      chunksDone++;
      const { chunksTotal, callsTotal } = source;
      onProgress?.({
        chunksDone,
        chunksTotal,
        callsSubmitted,
        callsTotal,
        runs: chunksDone - failed.length,
        failed: failed.length,
      });
    },
    result: () => ({ runs: runs.filter(Boolean), failed: failed.sort((a, b) => a.index - b.index) }),
  };
}
