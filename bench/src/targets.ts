// Verdicts that only speak when the data can: a target is met when the whole confidence interval
// of the median is on its good side, missed when the whole interval is on its bad side, and
// undecided when the interval straddles it — more rounds narrow the interval until it decides.
import type { Estimate } from "./intervals.js";

/** A goal a measurement must reach; kept as the issue states it, never lowered to fit a result. */
export interface Target {
  /** `>=`: the value must be at least `value` (throughput); `<=`: at most (time, overhead). */
  op: ">=" | "<=";
  value: number;
}

export type Verdict = "met" | "missed" | "undecided";

/** Rounds below which a timed value has no interval to judge by (a single round is one draw). */
const fewestRounds = 2;

export function judge(target: Target, measured: Estimate): Verdict {
  if (measured.samples.length < fewestRounds && !measured.exact) return "undecided";
  if (target.op === ">=") {
    if (measured.low >= target.value) return "met";
    if (measured.high < target.value) return "missed";
  } else {
    if (measured.high <= target.value) return "met";
    if (measured.low > target.value) return "missed";
  }
  return "undecided";
}

/** Half the interval's width as a share of the target: how finely this run could tell. */
export function halfWidthShare(target: Target, measured: Estimate): number {
  return (measured.high - measured.low) / 2 / Math.abs(target.value);
}

// Far enough that a full run with this many rounds would take hours: say so instead.
const mostRoundsWorthSuggesting = 1000;

/**
 * What to do about an undecided verdict. An interval's width shrinks about as 1/√rounds, so the
 * rounds needed for the interval to clear the target grow with (half-width ÷ distance)².
 */
export function undecidedHint(target: Target, measured: Estimate, rounds: number): string {
  if (measured.samples.length < fewestRounds && !measured.exact) {
    return "one round gives no interval; re-run with more rounds (`--rounds 30`)";
  }
  const halfWidth = (measured.high - measured.low) / 2;
  const distance = Math.abs(measured.median - target.value);
  if (distance === 0 || halfWidth === 0) {
    return `the median sits on the target, so more rounds may never decide it; re-run with more rounds (\`--rounds ${rounds * 4}\`) or look at the method`;
  }
  const needed = Math.ceil(rounds * (halfWidth / distance) ** 2 * 1.5);
  if (needed > mostRoundsWorthSuggesting) {
    return `the median is within ${formatShare(distance / Math.abs(target.value))} of the target; about ${needed} rounds would be needed to decide it — re-run on a quieter machine, or with more rounds (\`--rounds ${mostRoundsWorthSuggesting}\`)`;
  }
  return `re-run with more rounds (\`--rounds ${Math.max(needed, rounds + 10)}\`) to decide it`;
}

export function formatShare(share: number): string {
  const percent = share * 100;
  return `${percent < 10 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}

/** Adds the verdict (and, when undecided, the hint) to a row that has a target and a value. */
export function judged<R extends { value?: Estimate; target?: Target }>(
  row: R,
  rounds: number,
): R & { verdict?: Verdict; hint?: string } {
  if (row.target === undefined || row.value === undefined) return row;
  const verdict = judge(row.target, row.value);
  return {
    ...row,
    verdict,
    ...(verdict === "undecided" ? { hint: undecidedHint(row.target, row.value, rounds) } : {}),
  };
}
