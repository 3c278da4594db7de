// The confidence interval of the median: reproducible from its samples and seed, honest about
// its coverage, and narrower with more rounds.
import { describe, expect, it } from "vitest";
import { defaultBootstrap, estimate, exact, pairedDifferences, pairedRatios, seededRandom } from "../src/index.ts";

/** Normal samples around `centre` (Box–Muller on the seeded generator). */
function normalSamples(random: () => number, n: number, centre: number, sd: number): number[] {
  return Array.from({ length: n }, () => {
    const u = 1 - random();
    const v = random();
    return centre + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

const quick = { ...defaultBootstrap, resamples: 1000 };

describe("estimate", () => {
  it("gives the median with an interval inside the range of the samples", () => {
    const e = estimate([0.9, 1.1, 1.0, 0.95, 1.05, 1.2, 0.8]);
    expect(e.median).toBe(1.0);
    expect(e.min).toBe(0.8);
    expect(e.max).toBe(1.2);
    expect(e.low).toBeLessThan(e.median);
    expect(e.high).toBeGreaterThan(e.median);
    expect(e.low).toBeGreaterThanOrEqual(e.min);
    expect(e.high).toBeLessThanOrEqual(e.max);
    expect(e.samples).toEqual([0.9, 1.1, 1.0, 0.95, 1.05, 1.2, 0.8]);
  });

  it("is reproducible: the same samples and seed give the same interval, another seed may not", () => {
    const samples = normalSamples(seededRandom(1), 30, 1, 0.1);
    expect(estimate(samples)).toEqual(estimate(samples));
    const other = estimate(samples, { ...defaultBootstrap, seed: 2 });
    expect(other.median).toBe(estimate(samples).median);
    expect(Math.abs(other.low - estimate(samples).low)).toBeLessThan(0.05);
  });

  it("covers the true median about 95% of the time", () => {
    const random = seededRandom(42);
    let covered = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const e = estimate(normalSamples(random, 31, 1, 0.1), { ...quick, seed: t });
      if (e.low <= 1 && 1 <= e.high) covered++;
    }
    // A percentile bootstrap of the median with 31 samples covers a little over or under 95%.
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.995);
  });

  it("narrows as rounds are added (about as 1/√rounds)", () => {
    const random = seededRandom(7);
    const width = (n: number) => {
      let total = 0;
      for (let t = 0; t < 40; t++) {
        const e = estimate(normalSamples(random, n, 1, 0.1), quick);
        total += e.high - e.low;
      }
      return total / 40;
    };
    const w30 = width(30);
    const w120 = width(120);
    expect(w120).toBeLessThan(w30 * 0.65);
    expect(w120).toBeGreaterThan(w30 * 0.35);
  });

  it("has no width when there is nothing to resample", () => {
    expect(estimate([3])).toMatchObject({ median: 3, low: 3, high: 3 });
    expect(estimate([2, 2, 2])).toMatchObject({ median: 2, low: 2, high: 2 });
    expect(exact(5)).toEqual({ median: 5, low: 5, high: 5, min: 5, max: 5, samples: [5], exact: true });
  });

  it("refuses non-finite samples and empty ones, saying what to check", () => {
    expect(() => estimate([1, Number.POSITIVE_INFINITY])).toThrow(/non-finite sample/);
    expect(() => estimate([])).toThrow(/at least one sample/);
  });
});

describe("paired values", () => {
  it("pairs each round's values", () => {
    expect(pairedRatios([2, 3], [1, 2])).toEqual([2, 1.5]);
    expect(pairedDifferences([5, 3], [1, 4])).toEqual([4, -1]);
  });

  it("refuses sides with different numbers of rounds", () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow(/one value per round/);
    expect(() => pairedDifferences([1], [1, 2])).toThrow(/one value per round/);
  });
});

describe("seededRandom", () => {
  it("repeats its sequence for a seed and stays in [0, 1)", () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});
