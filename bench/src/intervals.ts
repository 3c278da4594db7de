// A 95% confidence interval for the median of per-round values, by bootstrap over rounds: the
// rounds are resampled with replacement and the median of each resample is taken; the interval
// is the middle 95% of those medians. The resampling draws from a seeded generator, so the same
// samples always give the same interval and a report can be checked against its latest.json.
import { spread } from "./stats.js";

/** A summarised measurement: the median over rounds, its confidence interval, and the samples. */
export interface Estimate {
  median: number;
  /** Lower bound of the confidence interval of the median. */
  low: number;
  /** Upper bound of the confidence interval of the median. */
  high: number;
  min: number;
  max: number;
  /** One value per round, in round order: everything the summary above was computed from. */
  samples: number[];
  /** A value measured once that rounds would not change (a size, a count): its interval is itself. */
  exact?: true;
}

export interface BootstrapSettings {
  /** Resamples drawn; more makes the bounds steadier, not narrower. */
  resamples: number;
  /** Coverage of the interval, e.g. 0.95. */
  confidence: number;
  /** Seed of the resampling generator. */
  seed: number;
}

export const defaultBootstrap: BootstrapSettings = { resamples: 4000, confidence: 0.95, seed: 0x5eed_b13 };

/** mulberry32: a small, fast 32-bit generator; uniform floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function medianOfSorted(sorted: Float64Array | readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The median of `samples` with its bootstrap confidence interval. */
export function estimate(samples: readonly number[], settings: BootstrapSettings = defaultBootstrap): Estimate {
  const { min, median, max } = spread(samples);
  for (const value of samples) {
    if (!Number.isFinite(value))
      throw new Error(`estimate() got a non-finite sample (${value}); check the batch that produced it`);
  }
  if (samples.length === 1 || min === max)
    return { median, low: median, high: median, min, max, samples: [...samples] };
  const random = seededRandom(settings.seed);
  const n = samples.length;
  const resample = new Float64Array(n);
  const medians = new Float64Array(settings.resamples);
  for (let b = 0; b < settings.resamples; b++) {
    for (let i = 0; i < n; i++) resample[i] = samples[Math.floor(random() * n)] as number;
    resample.sort();
    medians[b] = medianOfSorted(resample);
  }
  medians.sort();
  const tail = (1 - settings.confidence) / 2;
  const at = (q: number) =>
    medians[Math.min(medians.length - 1, Math.max(0, Math.round(q * (medians.length - 1))))] as number;
  return { median, low: at(tail), high: at(1 - tail), min, max, samples: [...samples] };
}

/** A value measured once (a size, a peak): its interval is the value itself. */
export function exact(value: number): Estimate {
  return { median: value, low: value, high: value, min: value, max: value, samples: [value], exact: true };
}

/** Per-round quotients `numerator[i] / denominator[i]`: both sides of each ran in the same round. */
export function pairedRatios(numerator: readonly number[], denominator: readonly number[]): number[] {
  if (numerator.length !== denominator.length) {
    throw new Error(
      `pairedRatios() needs one value per round on both sides, got ${numerator.length} and ${denominator.length}`,
    );
  }
  return numerator.map((n, i) => n / (denominator[i] as number));
}

/** Per-round differences `a[i] - b[i]`. */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) {
    throw new Error(`pairedDifferences() needs one value per round on both sides, got ${a.length} and ${b.length}`);
  }
  return a.map((x, i) => x - (b[i] as number));
}
