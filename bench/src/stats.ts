// Small pieces every benchmark uses: the spread of a sample, the rotating order of contenders,
// elapsed time and an optional forced garbage collection.

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

export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Garbage left by one contender (a 5000-id body is ~250 KB per call) must not be collected on the
 * next one's time: when node runs with --expose-gc (as `pnpm bench` does), collect before a batch.
 */
export const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * A collection, then two turns of the event loop for the finalizers it schedules (an AbortSignal's
 * cleanup, for one), so that one contender's leftovers run before the next contender's batch
 * starts its clock rather than inside it.
 */
export async function collectAndSettle(): Promise<void> {
  collectGarbage();
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
}
