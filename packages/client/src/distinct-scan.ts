// The distinct ids of an array, each where it first came, found in slices: as many as the next
// chunk needs when it is read, and the rest a slice per turn of the event loop, while chunks are in
// flight. A million ids then cost a batch no wait before its first request, and once the scan has
// reached the end, the batch's totals are known.
//
// The array holds its ids already, so the set of those seen holds only their places in it: a hash
// table of indices into the array, an id compared with the one at that place. Nothing in it is an
// object for the garbage collector to trace or move (a Set of a million strings made the batch's
// collections several times longer). A long array's table starts small, for its first chunks:
// the one for all its ids (16 MiB for a million) costs ~65 ms here the first time its memory is
// written, page by page, and that is done a few pages per turn while the first requests are out.
import { inNextTurn } from "./next-turn.js";

// Ids per slice: about half a millisecond of work here, so that an answer that arrives during a slice
// waits at most that long to be read.
const SLICE = 2048;
// Ids hashed together before their probes.
const BLOCK = 64;
// Arrays up to this long are scanned when the scan is made: their totals are in the first report.
const FIRST_SCAN = 65_536;
// What the small table of a longer array has room for: its first few chunks.
const EARLY_IDS = 32_768;
// Pages of the full table written per turn: about a millisecond.
const PAGES_PER_TURN = 64;
const PAGE = 4096 / Uint32Array.BYTES_PER_ELEMENT;
// Scanned beyond what each chunk needs when it is read, so that the scan ends before the batch does
// even when no turn of the event loop comes between chunks (a server in the same process).
const AHEAD_PER_CHUNK = SLICE;

/**
 * Open addressing, linear probing, with room for `ids` at most half full. Each slot is two numbers
 * side by side, 1 + the place of an id (0: empty) and its hash, so that a probe reads one line of
 * memory, not two.
 */
function newTable(ids: number): Uint32Array {
  return new Uint32Array(2 * 2 ** Math.max(4, Math.ceil(Math.log2(2 * ids + 1))));
}

export class DistinctScan {
  /** How many distinct ids are known so far. */
  count = 0;
  /** Their places in the array, in order. */
  private readonly places: Uint32Array;
  private table: Uint32Array;
  /** A long array's table for all its ids, while its pages are written; then it is `table`. */
  private full: Uint32Array | undefined;
  private written = 0;
  private scanned = 0;
  private readonly blockHashes = new Uint32Array(BLOCK);
  private cancel: (() => void) | undefined;

  constructor(private readonly ids: readonly unknown[]) {
    this.places = new Uint32Array(ids.length);
    const short = ids.length <= FIRST_SCAN;
    this.table = newTable(short ? ids.length : EARLY_IDS);
    this.full = short ? undefined : newTable(ids.length);
    if (short) while (!this.done) this.slice();
  }

  get done(): boolean {
    return this.scanned === this.ids.length;
  }

  /** The distinct ids from the `from`th to before the `to`th (as far as known). */
  range(from: number, to: number): string[] {
    const end = Math.min(to, this.count);
    // Pushed, not preallocated: a packed array, which JSON.stringify and the validators read fastest.
    const out: string[] = [];
    for (let i = from; i < end; i++) out.push(this.ids[this.places[i] as number] as string);
    return out;
  }

  /** Scans until `count` distinct ids are known, and a little further; or to the end of the array. */
  until(count: number): void {
    while (this.count < count && !this.done) this.slice();
    const further = Math.min(this.ids.length, this.scanned + AHEAD_PER_CHUNK);
    while (this.scanned < further) this.slice();
  }

  /** Scans the rest a slice per turn of the event loop, until the end or `stop()`. */
  continueInBackground(): void {
    if (this.done || this.cancel) return;
    this.cancel = inNextTurn(() => {
      this.cancel = undefined;
      if (this.full) this.writePages(PAGES_PER_TURN);
      else this.slice();
      this.continueInBackground();
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private slice(): void {
    const end = Math.min(this.ids.length, this.scanned + SLICE);
    for (let from = this.scanned; from < end; from += BLOCK) {
      if (this.full && this.count + BLOCK > this.table.length / 4) this.writePages(Number.POSITIVE_INFINITY);
      this.scanBlock(from, Math.min(end, from + BLOCK));
    }
    this.scanned = end;
  }

  /** Writes up to `pages` more pages of the full table; once all are, moves the ids in and uses it. */
  private writePages(pages: number): void {
    const full = this.full as Uint32Array;
    const end = Math.min(full.length, this.written + pages * PAGE);
    for (let at = this.written; at < end; at += PAGE) full[at] = 0;
    this.written = end;
    if (end < full.length) return;
    const early = this.table;
    this.table = full;
    this.full = undefined;
    for (let at = 0; at < early.length; at += 2) {
      const entry = early[at] as number;
      if (entry) this.insert(entry, early[at + 1] as number);
    }
  }

  /**
   * The hashes of a block of ids first, then their probes: a probe is a read from a table too big
   * for the cache, and probes issued close together wait for memory together, not one by one.
   */
  private scanBlock(from: number, to: number): void {
    const { ids, blockHashes } = this;
    for (let place = from; place < to; place++) {
      const id = ids[place];
      blockHashes[place - from] = typeof id === "string" ? hashOfString(id) : 0;
    }
    for (let place = from; place < to; place++) {
      const id = ids[place];
      // Not a string: kept, each one, so that the batch's check names it (`call_ids/7 must be string`).
      if (typeof id !== "string" || this.isNew(id, place, blockHashes[place - from] as number)) {
        this.places[this.count++] = place;
      }
    }
  }

  private isNew(id: string, place: number, hash: number): boolean {
    const { table } = this;
    const mask = table.length - 2; // the length is a power of two: this keeps an even index in range
    let at = (hash << 1) & mask;
    for (let entry = table[at]; entry; entry = table[at]) {
      if (table[at + 1] === hash && this.ids[entry - 1] === id) return false;
      at = (at + 2) & mask;
    }
    table[at] = place + 1;
    table[at + 1] = hash;
    return true;
  }

  /** An entry known to be new (moved from the small table). */
  private insert(entry: number, hash: number): void {
    const { table } = this;
    const mask = table.length - 2;
    let at = (hash << 1) & mask;
    while (table[at]) at = (at + 2) & mask;
    table[at] = entry;
    table[at + 1] = hash;
  }
}

/** FNV-1a over the string's UTF-16 code units, then murmur3's finaliser, so that linear probing sees well-spread bits. */
function hashOfString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
