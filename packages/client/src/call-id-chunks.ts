// A batch's call ids as chunks of at most `size` distinct ids, each id in the first chunk that
// meets it. Chunks are read one at a time, as they are sent: an iterable or async iterable only as
// fast as that, so a file read line by line never needs to fit in memory, and the ids it has seen
// are kept compact; an array by a scan that runs ahead in the background, so its totals are known
// once the scan is through (at once for an array of up to 65,536 ids).
import { CallIdSet } from "./call-id-set.js";
import { DistinctScan } from "./distinct-scan.js";

/** Call ids from an array, a Set, a generator, a stream… (a string is not a list of ids). */
export type CallIdSource = (Iterable<string> | AsyncIterable<string>) & object;

export interface CallIdChunk {
  index: number;
  callIds: string[];
}

export interface CallIdChunks {
  chunks: AsyncIterator<CallIdChunk>;
  /** The ids as given, when the source is an array: all of them can be checked before anything is sent. */
  array: readonly unknown[] | undefined;
  /** Distinct ids, once an array's scan is through. */
  readonly callsTotal: number | undefined;
  readonly chunksTotal: number | undefined;
  /** Ends the work left for later turns of the event loop (an array's scan). */
  stop(): void;
}

export function callIdChunks(source: CallIdSource, size: number): CallIdChunks {
  if (Array.isArray(source)) {
    const scan = new DistinctScan(source);
    return {
      chunks: scanned(scan, size),
      array: source,
      get callsTotal() {
        return scan.done ? scan.count : undefined;
      },
      get chunksTotal() {
        return scan.done ? Math.ceil(scan.count / size) : undefined;
      },
      stop: () => scan.stop(),
    };
  }
  return { chunks: streamed(source, size), array: undefined, callsTotal: undefined, chunksTotal: undefined, stop() {} };
}

async function* scanned(scan: DistinctScan, size: number): AsyncGenerator<CallIdChunk> {
  for (let index = 0; ; index++) {
    // The ids of this chunk and of the next: a full last chunk then finds that none follow, and
    // the totals are known by its report at the latest, whether or not the event loop turned.
    scan.until((index + 2) * size);
    scan.continueInBackground();
    const callIds = scan.range(index * size, (index + 1) * size);
    if (callIds.length === 0) return;
    yield { index, callIds };
  }
}

// Not a string: kept as is, so that the chunk's validation names it (`call_ids/7 must be string`).
const isNotString = (id: unknown) => typeof id !== "string";

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
