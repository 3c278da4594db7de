// A batch's call ids as chunks of at most `size` distinct ids, each id in the first chunk that
// meets it. An array is read whole up front (it is in memory already), so its totals are known; an
// iterable or async iterable is read one chunk at a time, only as fast as chunks are sent, so a
// file read line by line never needs to fit in memory, and the ids it has seen are kept compact.
import { CallIdSet } from "./call-id-set.js";

/** Call ids from an array, a Set, a generator, a stream… (a string is not a list of ids). */
export type CallIdSource = (Iterable<string> | AsyncIterable<string>) & object;

export interface CallIdChunk {
  index: number;
  callIds: string[];
}

export interface CallIdChunks {
  chunks: AsyncIterator<CallIdChunk>;
  /** Every chunk, when the source is an array. */
  known: CallIdChunk[] | undefined;
  /** Distinct ids, when the source is an array. */
  callsTotal: number | undefined;
  chunksTotal: number | undefined;
}

export function callIdChunks(source: CallIdSource, size: number): CallIdChunks {
  if (Array.isArray(source)) {
    // The array holds its strings already: a Set of them costs little memory, and is fastest. It
    // keeps each id where it first came, and with no repeat the array itself is the distinct list.
    const seen = new Set<string>(source);
    const distinct = seen.size === source.length ? source : [...seen];
    const known = Array.from({ length: Math.ceil(distinct.length / size) }, (_, index) => ({
      index,
      callIds: distinct.slice(index * size, (index + 1) * size),
    }));
    return { chunks: listed(known), known, callsTotal: distinct.length, chunksTotal: known.length };
  }
  return { chunks: streamed(source, size), known: undefined, callsTotal: undefined, chunksTotal: undefined };
}

// Not a string: kept as is, so that the chunk's validation names it (`call_ids/7 must be string`).
const isNotString = (id: unknown) => typeof id !== "string";

async function* listed(chunks: CallIdChunk[]): AsyncGenerator<CallIdChunk> {
  yield* chunks;
}

async function* streamed(source: CallIdSource, size: number): AsyncGenerator<CallIdChunk> {
  const seen = new CallIdSet();
  let callIds: string[] = [];
  let index = 0;
  for await (const id of source) {
    if (!isNotString(id) && !seen.add(id)) continue;
    callIds.push(id);
    if (callIds.length === size) {
      yield { index: index++, callIds };
      callIds = [];
    }
  }
  if (callIds.length > 0) yield { index, callIds };
}

/** Whether `value` can be a batch's `call_ids`. */
export function isCallIdSource(value: unknown): value is CallIdSource {
  const source = value as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null;
  return (
    typeof source === "object" &&
    source !== null &&
    (typeof source[Symbol.iterator] === "function" || typeof source[Symbol.asyncIterator] === "function")
  );
}
