// The createMany benchmark's pieces: its ids, and the memory child's report, whose seen-id set
// figure must be what call-id-set.ts's layout says a set of that many ids takes.
import { describe, expect, it } from "vitest";
import { runMemoryChild, setLayoutBytes } from "../src/create-many.ts";
import { callIdAt } from "../src/create-many-memory-child.ts";

describe("callIdAt", () => {
  it("gives distinct, UUID-shaped ids of exactly 36 characters", () => {
    const ids = [0, 1, 15, 16, 999_999, 1_000_000, 16 ** 12 - 1].map((i) => callIdAt(i));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(callIdAt(7, "0badc0de")).not.toBe(callIdAt(7));
  });
});

describe("setLayoutBytes", () => {
  it("adds 1 MiB blocks, two Uint32Arrays of bookkeeping and a table at most half full", () => {
    // 61,680 packed UUIDs (17 bytes) fit a 1 MiB block; 1,000,000 need 17 blocks, 2^20 entries, 2^21 slots.
    expect(setLayoutBytes(1_000_000, 17)).toBe(17 * 2 ** 20 + 8 * 2 ** 20 + 4 * 2 ** 21);
    expect(setLayoutBytes(10, 17)).toBe(2 ** 20 + 8 * 1024 + 4 * 2048);
  });
});

describe("the memory child (built: dist/create-many-memory-child.js)", () => {
  it("streams every id once, one POST per chunk, and reports a peak at or above its baseline", async () => {
    const report = await runMemoryChild(30_000, 5000);
    expect(report).toMatchObject({ ids: 30_000, posts: 6, runs: 6, failed: 0, callsSubmitted: 30_000 });
    expect(report.peakRss).toBeGreaterThanOrEqual(report.baselineRss);
    expect(report.sampledPeakRss).toBeGreaterThanOrEqual(report.baselineRss);
    // The set lives in typed arrays: the ArrayBuffer growth after the last chunk is its layout.
    expect(Math.abs(report.arrayBuffersAtEnd - setLayoutBytes(30_000, 17))).toBeLessThan(2 ** 18);
  });
});
