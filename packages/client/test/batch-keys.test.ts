// The pieces that make a batch's keys and de-duplication exact, tested on their own: the SHA-256
// used where a runtime has no Web Crypto must give Web Crypto's digest (or a batch resumed there
// would send other keys), and the compact set of seen ids must never take one id for another.
import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { chunkKey } from "../src/batch-keys.ts";
import { CallIdSet, hashOf } from "../src/call-id-set.ts";
import { DistinctScan } from "../src/distinct-scan.ts";
import { sha256, sha256Hex } from "../src/sha256.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("sha256 without Web Crypto", () => {
  it("equals node:crypto's digest at every padding boundary and past one block", () => {
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 70_000]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha256(bytes)), `length ${length}`).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });

  it("sha256Hex gives the same digest with Web Crypto and without it", async () => {
    const text = JSON.stringify(["batch", 3, ["call_é", "call_😀"]]);
    const withWebCrypto = await sha256Hex(text);
    const subtle = Object.getOwnPropertyDescriptor(globalThis.crypto, "subtle");
    Object.defineProperty(globalThis.crypto, "subtle", { value: undefined, configurable: true });
    try {
      expect(await sha256Hex(text)).toBe(withWebCrypto);
    } finally {
      if (subtle) Object.defineProperty(globalThis.crypto, "subtle", subtle);
      else Reflect.deleteProperty(globalThis.crypto, "subtle");
    }
    expect(withWebCrypto).toBe(createHash("sha256").update(text).digest("hex"));
  });
});

describe("CallIdSet", () => {
  it("keeps every distinct id of 300,000, even those whose 32-bit hashes collide", () => {
    const set = new CallIdSet();
    const byHash = new Map<number, string>();
    let collisions = 0;
    let refused = 0;
    const encoder = new TextEncoder();
    for (let i = 0; i < 300_000; i++) {
      const id = `call-${i.toString(36)}-${((i * 2654435761) >>> 0).toString(16)}`;
      if (!set.add(id)) refused++;
      // As the set hashes an id kept as UTF-8: its tag (1 + its length), then its bytes.
      const bytes = encoder.encode(id);
      const hash = hashOf(Uint8Array.of(bytes.length + 1, ...bytes));
      if (byHash.has(hash)) collisions++;
      byHash.set(hash, id);
    }
    expect(refused).toBe(0);
    // At 300,000 ids a 32-bit hash almost surely collides: the test means something only if it did.
    expect(collisions).toBeGreaterThan(0);
    expect(set.size).toBe(300_000);
    let added = 0;
    for (let i = 0; i < 300_000; i += 7)
      if (set.add(`call-${i.toString(36)}-${((i * 2654435761) >>> 0).toString(16)}`)) added++;
    expect(added).toBe(0);
    expect(set.size).toBe(300_000);
  });

  it("packs lower-case UUIDs, and keeps apart every other spelling of the same UUID", () => {
    const set = new CallIdSet();
    const uuid = "a1b2c3d4-0000-4000-8000-00000000000f";
    const others = [uuid.toUpperCase(), `${uuid.slice(0, 35)}F`, uuid.replaceAll("-", "_"), `{${uuid.slice(1, 35)}}`];
    for (const id of [uuid, ...others]) expect(set.add(id), id).toBe(true);
    for (const id of [uuid, ...others]) expect(set.add(id), id).toBe(false);
    let added = 0;
    for (let i = 0; i < 100_000; i++)
      if (set.add(`00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`)) added++;
    for (let i = 0; i < 100_000; i += 3)
      if (set.add(`00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`)) added++;
    expect(added).toBe(100_000);
    expect(set.size).toBe(100_005);
  });

  it("tells apart ids that differ only past ASCII, the empty id, and ids longer than a block", () => {
    const set = new CallIdSet();
    const long = "x".repeat((1 << 20) + 5);
    const ids = ["café", "cafe", "cafè", "", "😀", "\u0000", "é".repeat(200), "é".repeat(127), long, `${long}y`];
    for (const id of ids) expect(set.add(id), id.slice(0, 9)).toBe(true);
    for (const id of ids) expect(set.add(id), id.slice(0, 9)).toBe(false);
    expect(set.size).toBe(10);
  });

  it("keeps finding repeats after an id too long for the blocks took a place among the others", () => {
    // Such ids are kept apart; they once took an index in the table of those kept in blocks, which
    // then lost the id at the next index when it had to grow (its duplicates were kept twice).
    const set = new CallIdSet();
    const ids = Array.from({ length: 5000 }, (_, i) => (i === 1024 ? "y".repeat(300) : `id-${i}`));
    for (const id of ids) expect(set.add(id)).toBe(true);
    for (const id of ids) expect(set.add(id), id.slice(0, 9)).toBe(false);
    expect(set.size).toBe(5000);
  });
});

describe("chunk keys", () => {
  // The documented bytes a chunk's key digests: each text as its UTF-8 after its length in 4 bytes
  // (big-endian), the batch key and the index first. Resuming a batch with another release of the
  // client relies on it: a change here is a change of every key.
  const documented = (batchKey: string, index: number, ids: string[]) => {
    const hash = createHash("sha256");
    for (const id of [batchKey, String(index), ...ids]) {
      const text = typeof id === "string" ? id : JSON.stringify(id);
      const utf8 = Buffer.from(text, "utf8");
      const length = Buffer.alloc(4);
      length.writeUInt32BE(utf8.length);
      hash.update(length).update(utf8);
    }
    return `evals-batch-${index}-${hash.digest("hex")}`;
  };

  it("digests the batch key, the index and each id, lengths first, so no two chunks share bytes", async () => {
    const cases: [string, number, string[]][] = [
      ["batch", 0, ["ab", "c"]],
      ["batch", 0, ["a", "bc"]],
      ["batch", 12, ["café", "😀", ""]],
      ["b".repeat(70_000), 3, ["x".repeat(100_000)]],
      // Pieces of 256 ids encoded at once: all ASCII; one not ASCII among them; lengths either side
      // of 128 (the longest whose 4 length bytes are ASCII too); not strings (refused, never sent).
      ["batch", 4, Array.from({ length: 700 }, (_, i) => `call-${i}`)],
      ["batch", 5, Array.from({ length: 700 }, (_, i) => (i === 300 ? "café" : `call-${i}`))],
      ["batch", 6, ["a".repeat(127), "b".repeat(128), "c".repeat(255), "d".repeat(256), "\u007f", "\ud800"]],
      ["batch", 7, [1, null, "call-1"] as unknown as string[]],
    ];
    const keys = await Promise.all(cases.map(([key, index, ids]) => chunkKey(key, index, ids)));
    expect(keys).toEqual(cases.map(([key, index, ids]) => documented(key, index, ids)));
    expect(new Set(keys).size).toBe(cases.length);
  });

  it("keys derived at once, each while the others' digests run, equal keys derived one by one", async () => {
    const chunks = Array.from({ length: 40 }, (_, c) => Array.from({ length: 5000 }, (_, i) => `call-${c}-${i}`));
    const atOnce = await Promise.all(chunks.map((ids, index) => chunkKey("batch", index, ids)));
    const oneByOne = [];
    for (const [index, ids] of chunks.entries()) oneByOne.push(await chunkKey("batch", index, ids));
    expect(atOnce).toEqual(oneByOne);
    expect(atOnce[7]).toBe(documented("batch", 7, chunks[7] as string[]));
  });
});

describe("DistinctScan", () => {
  it("keeps each id where it first came, across slices, and every id that is not a string", () => {
    const ids: unknown[] = [];
    for (let i = 0; i < 200_000; i++) ids.push(i % 3 === 0 ? `call-${i % 70_000}` : `call-${i}`);
    ids.push(7, 7, null);
    const scan = new DistinctScan(ids);
    scan.until(Number.POSITIVE_INFINITY);
    const expected = [...new Set(ids.filter((id) => typeof id === "string")), 7, 7, null];
    expect(scan.done).toBe(true);
    expect(scan.count).toBe(expected.length);
    expect(scan.range(0, scan.count)).toEqual(expected);
    expect(scan.range(5, 8)).toEqual(expected.slice(5, 8));
  });

  it("finds the same repeats when a long array's table is made ready in later turns as when it is needed at once", async () => {
    // Repeats on both sides of the switch from the small first table to the full one.
    const ids = Array.from({ length: 150_000 }, (_, i) => `call-${i % 5 === 0 ? i % 40_000 : i}`);
    const expected = [...new Set(ids)];
    const inTurns = new DistinctScan(ids);
    inTurns.until(10_000);
    inTurns.continueInBackground();
    await vi.waitFor(() => expect(inTurns.done).toBe(true));
    const atOnce = new DistinctScan(ids);
    atOnce.until(Number.POSITIVE_INFINITY);
    for (const scan of [inTurns, atOnce]) {
      expect(scan.count).toBe(expected.length);
      expect(scan.range(0, scan.count)).toEqual(expected);
    }
  });

  it("scans what the first chunks need at once, and the rest only when asked or in later turns", async () => {
    const ids = Array.from({ length: 300_000 }, (_, i) => `call-${i}`);
    const scan = new DistinctScan(ids);
    expect(scan.done).toBe(false);
    expect(scan.count).toBeLessThan(ids.length);
    scan.continueInBackground();
    await vi.waitFor(() => expect(scan.done).toBe(true));
    expect(scan.count).toBe(ids.length);
    const stopped = new DistinctScan(ids);
    stopped.continueInBackground();
    stopped.stop();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped.done).toBe(false);
  });
});
