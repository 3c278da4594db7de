// The keys that make a batch repeatable: a batch key for the batch, and from it one deterministic
// `Idempotency-Key` per chunk, so that the same batch sent again sends the same keys, and a server
// that honours them answers the runs it already created instead of billing new ones.
import { sha256Hex } from "./sha256.js";

/**
 * The default batch key: a digest of every field of the batch but `call_ids` (a stream is read
 * once, for the chunks), in a canonical form, so that the order of keys in an object does not
 * change it.
 */
export function defaultBatchKey(fields: object): Promise<string> {
  return sha256Hex(canonicalJson(fields));
}

/**
 * The `Idempotency-Key` of chunk `index`: its position and its ids under the batch key. Any change
 * to the chunk's ids, or to their order, is another chunk and gets another key.
 */
export async function chunkKey(batchKey: string, index: number, callIds: readonly unknown[]): Promise<string> {
  return `evals-batch-${index}-${await sha256Hex(JSON.stringify([batchKey, index, callIds]))}`;
}

// JSON with every object's keys sorted; `undefined` members dropped, as JSON.stringify does.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, member: unknown) =>
    member && typeof member === "object" && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : member,
  );
}
