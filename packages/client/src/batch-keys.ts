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
  return `evals-batch-${index}-${await sha256Hex(chunkBytes([batchKey, String(index)], callIds))}`;
}

/**
 * What a chunk's key digests: each text (the batch key, the index, every id) as its UTF-8 after
 * its length in 4 bytes, so that no two different chunks give the same bytes. Written in place, an
 * ASCII id code by code: a JSON text of a chunk's ids and then its UTF-8 copy were most of the garbage
 * a batch made. Anything not a string (a chunk the check refuses, never sent) goes as its JSON.
 */
function chunkBytes(head: string[], callIds: readonly unknown[]): Uint8Array<ArrayBuffer> {
  let bytes = scratch;
  let at = 0;
  const write = (text: string) => {
    if (at + 4 + 3 * text.length > bytes.length) {
      const grown = new Uint8Array(2 * bytes.length + 4 + 3 * text.length);
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    let i = 0;
    for (let code = text.charCodeAt(0); i < text.length && code < 0x80; code = text.charCodeAt(++i)) {
      bytes[at + 4 + i] = code;
    }
    const length = i < text.length ? utf8.encodeInto(text, bytes.subarray(at + 4)).written : i;
    bytes[at] = length >>> 24;
    bytes[at + 1] = (length >>> 16) & 0xff;
    bytes[at + 2] = (length >>> 8) & 0xff;
    bytes[at + 3] = length & 0xff;
    at += 4 + length;
  };
  for (const text of head) write(text);
  for (const id of callIds) write(typeof id === "string" ? id : String(JSON.stringify(id)));
  scratch = bytes;
  return bytes.subarray(0, at);
}

const utf8 = new TextEncoder();
// Written again for every chunk: a digest copies its input when it is called (Web Crypto does, by
// its spec; the fallback is synchronous), so the next chunk can reuse the bytes, and a batch makes
// no 200 KB buffer per chunk for the collector.
let scratch = new Uint8Array(1 << 16);

// JSON with every object's keys sorted; `undefined` members dropped, as JSON.stringify does.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, member: unknown) =>
    member && typeof member === "object" && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : member,
  );
}
