// The distinct ids of an array, each where it first came, found in slices: as many as the next
// chunk needs when it is read, and the rest a slice per turn of the event loop, while chunks are in
// flight. A million ids then cost a batch no wait before its first request, and once the scan has
// reached the end, the batch's totals are known.
//
// The array holds its ids already, so the set of those seen holds only their places in it: a hash
// table of indices into the array, sized once for its length, an id compared with the one at that
// place. Nothing in it is an object for the garbage collector to trace or move (a Set of a million
// strings made the batch's collections several times longer).
import { inNextTurn } from "./next-turn.js";

// Ids per slice: about half a millisecond of work here, so that an answer that arrives during a slice
// waits at most that long to be read.
const SLICE = 2048;
// Scanned before the first chunk is read: totals from the first report for arrays up to this size.
const FIRST_SCAN = 65_536;
// Scanned beyond what each chunk needs when it is read, so that the scan ends before the batch does
// even when no turn of the event loop comes between chunks (a server in the same process).
const AHEAD_PER_CHUNK = SLICE;

export class DistinctScan {
  /** How many distinct ids are known so far. */
  count = 0;
  /** Their places in the array, in order. */
  private readonly places: Uint32Array;
  /** Open addressing, linear probing: 1 + the place of an id, 0 for an empty slot; at most half full. */
  private readonly slots: Uint32Array;
  private readonly hashes: Uint32Array;
  private scanned = 0;
  private cancel: (() => void) | undefined;

  constructor(private readonly ids: readonly unknown[]) {
    this.places = new Uint32Array(ids.length);
    const size = 2 ** Math.max(4, Math.ceil(Math.log2(2 * ids.length + 1)));
    this.slots = new Uint32Array(size);
    this.hashes = new Uint32Array(size);
    const first = Math.min(ids.length, FIRST_SCAN);
    while (this.scanned < first) this.slice();
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
      this.slice();
      this.continueInBackground();
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private slice(): void {
    const end = Math.min(this.ids.length, this.scanned + SLICE);
    for (let place = this.scanned; place < end; place++) {
      const id = this.ids[place];
      // Not a string: kept, each one, so that the batch's check names it (`call_ids/7 must be string`).
      if (typeof id !== "string" || this.isNew(id, place)) this.places[this.count++] = place;
    }
    this.scanned = end;
  }

  private isNew(id: string, place: number): boolean {
    const hash = hashOfString(id);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot]; entry; entry = this.slots[slot]) {
      if (this.hashes[slot] === hash && this.ids[entry - 1] === id) return false;
      slot = (slot + 1) & mask;
    }
    this.slots[slot] = place + 1;
    this.hashes[slot] = hash;
    return true;
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
