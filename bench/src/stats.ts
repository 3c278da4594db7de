// Ratios, not absolute times: this machine is shared and noisy, so every number we publish is
// one contender divided by its peer, measured in the same round, summarised over all rounds.

/** min / median / max of a sample. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new Error("spread() needs at least one sample; run at least one round");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number };
}

/**
 * The order contenders run in for round `round`: rotated each round so that no contender always
 * runs first (cold caches) or last (a neighbour's build warming the CPU).
 */
export function rotation<T>(contenders: readonly T[], round: number): T[] {
  const shift = round % contenders.length;
  return [...contenders.slice(shift), ...contenders.slice(0, shift)];
}

/** A goal a ratio must reach; kept as the issue states it, never lowered to fit a result. */
export interface Target {
  /** `>=`: the ratio must be at least `value`; `<=`: at most. */
  op: ">=" | "<=";
  value: number;
  /** Set when the target is an absolute quantity (e.g. "ms") rather than a ratio. */
  unit?: string;
}

/** Judged on the median: one noisy round neither makes nor breaks a target. */
export function meets(target: Target, ratio: Spread): boolean {
  return target.op === ">=" ? ratio.median >= target.value : ratio.median <= target.value;
}

export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Garbage left by one contender (a 5000-id body is ~250 KB per call) must not be collected on the
 * next one's time: when node runs with --expose-gc (as `pnpm bench` does), collect before a batch.
 */
export const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {});
