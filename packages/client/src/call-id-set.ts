// The call ids a streamed batch has seen, so that an id is scored once however often the source
// repeats it. Exact: an id counts as seen only when the very same bytes were added before (a hash
// only finds the candidates), so no distinct id is ever dropped. Compact: a JavaScript Set would
// keep every id as a string object (~60 B for a 36-character id, plus ~30 B of table) and a million
// of them in ~90 MB. Here an id is a tag byte and its bytes, in 1 MiB blocks: a lower-case UUID
// (what call ids usually are) packed into its 16 bytes, anything else as its UTF-8. With 8 B of
// bookkeeping and 8 B of hash table, a million UUIDs take ~33 MB. An id longer than 254 bytes (rare)
// goes to a plain Set.

const BLOCK_BITS = 20;
const BLOCK_BYTES = 1 << BLOCK_BITS;
const LONGEST = 254;
/** Tag of a packed UUID; any other tag is 1 + the byte length of an id kept as UTF-8. */
const UUID = 0;
const utf8 = new TextEncoder();

export class CallIdSet {
  /** Distinct ids added. */
  size = 0;
  /** Of those, the ids kept in the blocks: each has its index in `starts` and `hashes`. */
  private stored = 0;
  private readonly blocks: Uint8Array[] = [new Uint8Array(BLOCK_BYTES)];
  /** Where the next id goes: block index × BLOCK_BYTES + offset. */
  private end = 0;
  // Per id, by insertion order: where its tag byte is, and its hash.
  private starts = new Uint32Array(1024);
  private hashes = new Uint32Array(1024);
  /** Open addressing, linear probing: 1 + the id's index, 0 for an empty slot; at most half full. */
  private slots = new Uint32Array(2048);
  private readonly long = new Set<string>();

  /** Adds `id`; true when it was not in the set yet. */
  add(id: string): boolean {
    const length = id.length > LONGEST ? -1 : this.stage(id);
    if (length < 0) return this.addLong(id);
    const block = this.blocks[this.blocks.length - 1] as Uint8Array;
    const at = this.end & (BLOCK_BYTES - 1);
    const hash = hashOf(block, at, length);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot]; entry; entry = this.slots[slot]) {
      if (this.hashes[entry - 1] === hash && this.holds(entry - 1, block, at, length)) return false;
      slot = (slot + 1) & mask;
    }
    this.commit(length, hash, slot);
    return true;
  }

  private addLong(id: string): boolean {
    const before = this.long.size;
    if (this.long.add(id).size === before) return false;
    this.size++;
    return true;
  }

  /**
   * Writes the id's tag and bytes where the next id goes (in a new block when it may not fit), and
   * returns how many bytes that took; -1 when its UTF-8 is longer than LONGEST.
   */
  private stage(id: string): number {
    if ((this.end & (BLOCK_BYTES - 1)) + 1 + 3 * id.length > BLOCK_BYTES) this.newBlock();
    const block = this.blocks[this.blocks.length - 1] as Uint8Array;
    const at = this.end & (BLOCK_BYTES - 1);
    if (id.length === 36 && packUuid(id, block, at + 1)) {
      block[at] = UUID;
      return 17;
    }
    let i = 0;
    for (let code = id.charCodeAt(0); i < id.length && code < 0x80; code = id.charCodeAt(++i)) block[at + 1 + i] = code;
    let bytes = i;
    if (i < id.length) bytes = utf8.encodeInto(id, block.subarray(at + 1)).written;
    if (bytes > LONGEST) return -1;
    block[at] = bytes + 1;
    return bytes + 1;
  }

  private newBlock(): void {
    if (this.blocks.length === 2 ** (32 - BLOCK_BITS))
      throw new RangeError("createMany keeps at most 4 GiB of call ids: split the source into several batches");
    this.blocks.push(new Uint8Array(BLOCK_BYTES));
    this.end = (this.blocks.length - 1) * BLOCK_BYTES;
  }

  private holds(index: number, block: Uint8Array, at: number, length: number): boolean {
    const start = this.starts[index] as number;
    const stored = this.blocks[start >>> BLOCK_BITS] as Uint8Array;
    const from = start & (BLOCK_BYTES - 1);
    if (stored[from] !== block[at]) return false;
    for (let i = 1; i < length; i++) if (stored[from + i] !== block[at + i]) return false;
    return true;
  }

  private commit(length: number, hash: number, slot: number): void {
    this.size++;
    const index = this.stored++;
    if (index === this.hashes.length) {
      this.starts = grown(this.starts);
      this.hashes = grown(this.hashes);
    }
    this.starts[index] = this.end;
    this.hashes[index] = hash;
    this.end += length;
    this.slots[slot] = index + 1;
    if (this.stored * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.stored; index++) {
      let slot = (this.hashes[index] as number) & mask;
      while (slots[slot]) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}

function grown(old: Uint32Array): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(old.length * 2);
  next.set(old);
  return next;
}

/**
 * A lower-case UUID (8-4-4-4-12 hex digits) as its 16 bytes at `at`; false for anything else. Only
 * this one spelling is packed, so two distinct ids never pack alike: `A…` and `a…` are two ids, and
 * the upper-case one is kept as UTF-8.
 */
function packUuid(id: string, block: Uint8Array, at: number): boolean {
  let byte = 0;
  let out = at;
  for (let i = 0; i < 36; i++) {
    const code = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== 0x2d) return false;
      continue;
    }
    const nibble = code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x61 && code <= 0x66 ? code - 0x57 : -1;
    if (nibble < 0) return false;
    if (byte === 0) {
      block[out] = nibble << 4;
      byte = 1;
    } else {
      block[out] = (block[out] as number) | nibble;
      out++;
      byte = 0;
    }
  }
  return true;
}

/** FNV-1a over `length` bytes, then murmur3's finaliser, so that linear probing sees well-spread bits. */
export function hashOf(bytes: Uint8Array, at = 0, length = bytes.length): number {
  let h = 0x811c9dc5;
  for (let i = at; i < at + length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
