// Batches are sized by time: every batch lasts at least its minimum on its clock, however fast
// the calls are, and overshoots by about one calibrated chunk at most.
import { describe, expect, it } from "vitest";
import { calibrateChunk, chunksPerBatch, timedBatch } from "../src/index.ts";

/** A clock that advances only when the fake contender makes calls, `msPerCall()` each. */
function fakeContender(msPerCall: () => number) {
  let now = 0;
  let calls = 0;
  return {
    clock: () => now,
    run: (n: number) => {
      for (let i = 0; i < n; i++) now += msPerCall();
      calls += n;
    },
    calls: () => calls,
  };
}

describe("calibrateChunk", () => {
  it("finds the calls that take a chunk's share of the batch minimum", async () => {
    const fake = fakeContender(() => 0.013);
    const chunk = await calibrateChunk(fake.run, fake.clock, 300);
    expect(chunk * 0.013).toBeGreaterThan((300 / chunksPerBatch) * 0.9);
    expect(chunk * 0.013).toBeLessThan((300 / chunksPerBatch) * 1.1);
  });

  it("works for slow calls too: a single call longer than a chunk gives a chunk of one", async () => {
    const fake = fakeContender(() => 200);
    expect(await calibrateChunk(fake.run, fake.clock, 300)).toBe(1);
  });

  it("refuses a batch minimum that is not positive", async () => {
    const fake = fakeContender(() => 1);
    await expect(calibrateChunk(fake.run, fake.clock, 0)).rejects.toThrow(/positive batch minimum/);
  });
});

describe("timedBatch", () => {
  it("lasts at least the minimum and overshoots by at most one chunk", async () => {
    const fake = fakeContender(() => 0.05);
    const chunk = await calibrateChunk(fake.run, fake.clock, 300);
    for (let i = 0; i < 5; i++) {
      const batch = await timedBatch(fake.run, fake.clock, 300, chunk);
      expect(batch.ms).toBeGreaterThanOrEqual(300);
      expect(batch.ms).toBeLessThanOrEqual(300 + chunk * 0.05 + 1e-9);
      expect(batch.calls % chunk).toBe(0);
    }
  });

  it("still lasts the minimum when calls become faster after calibration (more calls instead)", async () => {
    let msPerCall = 0.1;
    const fake = fakeContender(() => msPerCall);
    const chunk = await calibrateChunk(fake.run, fake.clock, 300);
    const before = await timedBatch(fake.run, fake.clock, 300, chunk);
    msPerCall = 0.02;
    const after = await timedBatch(fake.run, fake.clock, 300, chunk);
    expect(after.ms).toBeGreaterThanOrEqual(300);
    expect(after.calls).toBeGreaterThan(before.calls * 4);
  });

  it("waits for asynchronous calls", async () => {
    let now = 0;
    const run = async (n: number) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      now += n;
    };
    const batch = await timedBatch(run, () => now, 10, 3);
    expect(batch.calls).toBe(12);
    expect(batch.wallMs).toBeGreaterThan(0);
  });

  it("refuses a chunk of no calls", async () => {
    await expect(
      timedBatch(
        () => {},
        () => 0,
        10,
        0,
      ),
    ).rejects.toThrow(/at least one call per chunk/);
  });
});

describe("calibrateChunk on a cold contender", () => {
  it("is not fooled by slow first calls (JIT, new connections)", async () => {
    let made = 0;
    const fake = fakeContender(() => (made++ < 3 ? 40 : 0.01));
    const chunk = await calibrateChunk(fake.run, fake.clock, 300);
    expect(chunk * 0.01).toBeGreaterThan((300 / chunksPerBatch) * 0.9);
  });

  it("never goes below the fewest calls asked for (the requests kept in flight)", async () => {
    const fake = fakeContender(() => 100);
    expect(await calibrateChunk(fake.run, fake.clock, 300, { minCalls: 8 })).toBe(8);
  });
});

describe("timedBatch and the event loop", () => {
  it("returns to the event loop after each chunk, so work the calls deferred is counted in their batch", async () => {
    let pending = 0;
    let now = 0;
    const run = (n: number) => {
      now += n;
      pending++;
      setImmediate(() => pending--);
    };
    await timedBatch(run, () => now, 10, 2);
    expect(pending).toBe(0);
  });

  it("does the same while calibrating", async () => {
    let pending = 0;
    let now = 0;
    const run = (n: number) => {
      now += n * 0.5;
      pending++;
      setImmediate(() => pending--);
    };
    await calibrateChunk(run, () => now, 8);
    expect(pending).toBe(0);
  });
});
