// Verdicts: met only when the whole interval clears the target, missed only when none of it
// reaches it, undecided otherwise — for "≥" targets (throughput) and "≤" targets (time, µs).
import { describe, expect, it } from "vitest";
import { type Estimate, halfWidthShare, judge, judged, type Target, undecidedHint } from "../src/index.ts";

const interval = (low: number, median: number, high: number): Estimate => ({
  low,
  median,
  high,
  min: low,
  max: high,
  samples: [low, median, high],
});

describe("judge, ≥ target", () => {
  const target: Target = { op: ">=", value: 0.97 };

  it("is met when the lower bound reaches the target", () => {
    expect(judge(target, interval(0.98, 1.0, 1.02))).toBe("met");
    expect(judge(target, interval(0.97, 0.99, 1.02))).toBe("met");
  });

  it("is missed when the upper bound does not reach it", () => {
    expect(judge(target, interval(0.9, 0.93, 0.96))).toBe("missed");
  });

  it("is undecided when the interval straddles it, even with the median above", () => {
    expect(judge(target, interval(0.96, 0.99, 1.01))).toBe("undecided");
    expect(judge(target, interval(0.95, 0.96, 0.97))).toBe("undecided");
  });
});

describe("judge, ≤ target", () => {
  const target: Target = { op: "<=", value: 5 };

  it("is met when the upper bound stays within the target", () => {
    expect(judge(target, interval(2, 3, 4.5))).toBe("met");
    expect(judge(target, interval(2, 3, 5))).toBe("met");
  });

  it("is missed when the lower bound is above it", () => {
    expect(judge(target, interval(5.5, 6, 7))).toBe("missed");
  });

  it("is undecided when the interval straddles it, even with the median below", () => {
    expect(judge(target, interval(4, 4.5, 6))).toBe("undecided");
  });

  it("judges negative overheads (faster than the floor) as within the target", () => {
    expect(judge(target, interval(-3, -1, 0.5))).toBe("met");
  });
});

describe("undecidedHint", () => {
  it("asks for more rounds, more when the median is closer to the target", () => {
    const target: Target = { op: ">=", value: 0.97 };
    const far = undecidedHint(target, interval(0.96, 0.99, 1.02), 30);
    const near = undecidedHint(target, interval(0.94, 0.975, 1.01), 30);
    const rounds = (hint: string) => Number(/--rounds (\d+)/.exec(hint)?.[1]);
    expect(rounds(far)).toBeGreaterThan(30);
    expect(rounds(near)).toBeGreaterThan(rounds(far));
  });

  it("says when more rounds may never decide it", () => {
    const hint = undecidedHint({ op: "<=", value: 5 }, interval(4, 5, 6), 30);
    expect(hint).toContain("--rounds 120");
    expect(hint).toContain("may never decide");
  });

  it("does not suggest an impractical number of rounds", () => {
    const hint = undecidedHint({ op: ">=", value: 1 }, interval(0.5, 1.0001, 1.5), 30);
    expect(hint).toContain("--rounds 1000");
    expect(hint).toContain("quieter machine");
  });
});

describe("judged", () => {
  it("adds a verdict to rows with a target, and a hint when undecided", () => {
    const row = judged({ value: interval(0.96, 0.99, 1.01), target: { op: ">=", value: 0.97 } as Target }, 30);
    expect(row.verdict).toBe("undecided");
    expect(row.hint).toMatch(/--rounds \d+/);
    const met = judged({ value: interval(0.98, 0.99, 1.01), target: { op: ">=", value: 0.97 } as Target }, 30);
    expect(met.verdict).toBe("met");
    expect(met.hint).toBeUndefined();
  });

  it("leaves rows without a target alone", () => {
    expect(judged({ value: interval(1, 2, 3) }, 30)).toEqual({ value: interval(1, 2, 3) });
  });
});

describe("halfWidthShare", () => {
  it("is the half-width as a share of the target", () => {
    expect(halfWidthShare({ op: ">=", value: 0.5 }, interval(0.49, 0.5, 0.51))).toBeCloseTo(0.02);
    expect(halfWidthShare({ op: "<=", value: 5 }, interval(1, 2, 3))).toBeCloseTo(0.2);
  });
});

describe("judge with one round", () => {
  it("leaves a timed value from a single round undecided: one draw has no interval", () => {
    const one: Estimate = { low: 2, median: 2, high: 2, min: 2, max: 2, samples: [2] };
    expect(judge({ op: "<=", value: 5 }, one)).toBe("undecided");
    expect(undecidedHint({ op: "<=", value: 5 }, one, 1)).toContain("--rounds 30");
  });

  it("decides a value measured once that rounds would not change (a size, a share of answers)", () => {
    const size: Estimate = { low: 0.4, median: 0.4, high: 0.4, min: 0.4, max: 0.4, samples: [0.4], exact: true };
    expect(judge({ op: "<=", value: 0.5 }, size)).toBe("met");
    expect(judge({ op: ">=", value: 0.5 }, size)).toBe("missed");
  });
});
