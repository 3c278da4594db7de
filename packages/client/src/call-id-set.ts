// The call ids a batch has seen, so that an id is scored once however often the source repeats
// it. Exact: an id is reported as seen only when the very same bytes were added before (a hash
// only finds the candidates), so no distinct id is ever dropped. Compact: a JavaScript Set would
// keep every id as a string object (~60 B for a 36-character id, plus ~30 B of table) and hold a
// million of them in ~90 MB; here each id is its UTF-8 bytes in 1 MiB blocks, plus 12 B of
// bookkeeping and 8 B of hash table: ~56 MB for the same million.

const BLOCK_BYTES = 1 << 20;
const utf8 = new TextEncoder();

export class CallIdSet {
  /** Distinct ids added. */
  size = 0;
  private readonly blocks: Uint8Array[] = [new Uint8Array(BLOCK_BYTES)];
  /** Bytes used of the last block. */
  private used = 0;
  // Per id, by insertion order: its block, its offset in it, its byte length, its hash.
  private block = new Uint32Array(1024);
  private offset = new Uint32Array(1024);
  private length = new Uint32Array(1024);
  private hashes = new Uint32Array(1024);
  /** Open addressing, linear probing: 1 + the id's index, 0 for an empty slot; at most half full. */
  private slots = new Uint32Array(2048);

  /** Adds `id`; true when it was not in the set yet. */
  add(id: string): boolean {
    const bytes = this.stage(id);
    const hash = hashOf(bytes);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot]; entry; entry = this.slots[slot]) {
      if (this.hashes[entry - 1] === hash && this.holds(entry - 1, bytes)) return false;
      slot = (slot + 1) & mask;
    }
    this.commit(bytes, hash, slot);
    return true;
  }

  /** The id's UTF-8, written past the end of the last block (a new one when it does not fit). */
  private stage(id: string): Uint8Array {
    let tail = this.blocks[this.blocks.length - 1] as Uint8Array;
    // A call id is ASCII almost always: one byte per character, written directly.
    if (id.length <= BLOCK_BYTES - this.used) {
      let i = 0;
      for (let code = id.charCodeAt(0); i < id.length && code < 0x80; code = id.charCodeAt(++i)) {
        tail[this.used + i] = code;
      }
      if (i === id.length) return tail.subarray(this.used, this.used + i);
    }
    const encoded = utf8.encode(id);
    if (encoded.length > BLOCK_BYTES - this.used) {
      tail = new Uint8Array(Math.max(BLOCK_BYTES, encoded.length));
      this.blocks.push(tail);
      this.used = 0;
    }
    tail.set(encoded, this.used);
    return tail.subarray(this.used, this.used + encoded.length);
  }

  private holds(index: number, bytes: Uint8Array): boolean {
    const length = this.length[index] as number;
    if (length !== bytes.length) return false;
    const stored = this.blocks[this.block[index] as number] as Uint8Array;
    const start = this.offset[index] as number;
    for (let i = 0; i < length; i++) if (stored[start + i] !== bytes[i]) return false;
    return true;
  }

  private commit(bytes: Uint8Array, hash: number, slot: number): void {
    const index = this.size++;
    if (index === this.hashes.length) this.growEntries();
    this.block[index] = this.blocks.length - 1;
    this.offset[index] = this.used;
    this.length[index] = bytes.length;
    this.hashes[index] = hash;
    this.used += bytes.length;
    this.slots[slot] = index + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
  }

  private growEntries(): void {
    const grown = (old: Uint32Array) => {
      const next = new Uint32Array(old.length * 2);
      next.set(old);
      return next;
    };
    this.block = grown(this.block);
    this.offset = grown(this.offset);
    this.length = grown(this.length);
    this.hashes = grown(this.hashes);
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.size; index++) {
      let slot = (this.hashes[index] as number) & mask;
      while (slots[slot]) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}

/** FNV-1a over the bytes, then murmur3's finaliser, so that linear probing sees well-spread bits. */
export function hashOf(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
