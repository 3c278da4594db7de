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
 * its length in 4 bytes, so that no two different chunks give the same bytes. Written in place into
 * a buffer kept for the next chunk: a JSON text of a chunk's ids and then its UTF-8 copy were most
 * of the garbage a batch made. Anything not a string (a chunk the check refuses, never sent) goes
 * as its JSON.
 */
function chunkBytes(head: string[], callIds: readonly unknown[]): Uint8Array<ArrayBuffer> {
  const out = new ByteWriter(scratch);
  for (const text of head) out.write(text);
  for (let from = 0; from < callIds.length; from += IDS_PER_PIECE) {
    out.writeIds(callIds, from, Math.min(callIds.length, from + IDS_PER_PIECE));
  }
  scratch = out.bytes;
  return out.bytes.subarray(0, out.at);
}

// Ids encoded by one call of the native encoder: a piece of text small enough to stay young.
const IDS_PER_PIECE = 256;
// A length below 128 in 4 big-endian bytes is 0, 0, 0, n: as text, three NULs and the character n,
// whose UTF-8 is those same 4 bytes. So an ASCII id shorter than 128 can go, prefix and all, in
// one piece of text that the native encoder writes at once, instead of code by code.
const PREFIXES = Array.from({ length: 128 }, (_, n) => `\0\0\0${String.fromCharCode(n)}`);

class ByteWriter {
  at = 0;
  constructor(public bytes: Uint8Array<ArrayBuffer>) {}

  /** Ids `from` to before `to`: as one piece of text when each is a string shorter than 128, else one by one. */
  writeIds(callIds: readonly unknown[], from: number, to: number): void {
    let piece = "";
    for (let i = from; i < to; i++) {
      const id = callIds[i];
      if (typeof id !== "string" || id.length >= PREFIXES.length) {
        this.writeEach(callIds, from, to);
        return;
      }
      piece += (PREFIXES[id.length] as string) + id;
    }
    this.reserve(3 * piece.length);
    const { written } = utf8.encodeInto(piece, this.bytes.subarray(this.at));
    // More bytes than characters: an id is not ASCII, and its prefix (its length in characters) is
    // wrong. Those bytes are written over, one id at a time.
    if (written === piece.length) this.at += written;
    else this.writeEach(callIds, from, to);
  }

  write(text: string): void {
    this.reserve(4 + 3 * text.length);
    const { bytes, at } = this;
    let i = 0;
    for (let code = text.charCodeAt(0); i < text.length && code < 0x80; code = text.charCodeAt(++i)) {
      bytes[at + 4 + i] = code;
    }
    const length = i < text.length ? utf8.encodeInto(text, bytes.subarray(at + 4)).written : i;
    bytes[at] = length >>> 24;
    bytes[at + 1] = (length >>> 16) & 0xff;
    bytes[at + 2] = (length >>> 8) & 0xff;
    bytes[at + 3] = length & 0xff;
    this.at += 4 + length;
  }

  private writeEach(callIds: readonly unknown[], from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const id = callIds[i];
      this.write(typeof id === "string" ? id : String(JSON.stringify(id)));
    }
  }

  /** Room for `length` more bytes (a UTF-16 code unit is at most 3 bytes of UTF-8). */
  private reserve(length: number): void {
    if (this.at + length <= this.bytes.length) return;
    const grown = new Uint8Array(2 * this.bytes.length + length);
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
  }
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
