// The run's policy and limits, checked before any request is sent. The same checks serve the API
// (a RangeError naming `timeoutMs`) and the CLI (a usage error naming `--timeout-ms`).

/**
 * When the suite fails: on any `violation` (a vendor fact broken; the default), on any `warning`
 * too (an assumption of ours broken; `--strict`), or `never` (report only).
 */
export type FailOn = "violation" | "warning" | "never";

export const FAIL_ON: readonly FailOn[] = ["violation", "warning", "never"];

/** Node's timers hold at most 2^31-1 ms; a longer delay fires after about 1 ms instead. */
export const MAX_TIMER_MS = 2_147_483_647;

/** `failOn` as given, or a RangeError naming the option as the caller spelled it. */
export function failOnPolicy(value: unknown, name: string): FailOn {
  if (value === undefined) return "violation";
  if (FAIL_ON.includes(value as FailOn)) return value as FailOn;
  const choices = FAIL_ON.map((c) => JSON.stringify(c));
  throw new RangeError(
    `${name} must be ${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}, got ${JSON.stringify(value)}`,
  );
}

/**
 * A limit in ms: `fallback` when not given; undefined (no limit) for 0, Infinity or anything above
 * what a timer can hold; a RangeError naming the option for anything but a number ≥ 0.
 */
export function limitMs(value: unknown, name: string, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
    throw new RangeError(`${name} must be a number of milliseconds ≥ 0 (0 or Infinity: no limit), got ${shown}`);
  }
  return value === 0 || value > MAX_TIMER_MS ? undefined : Math.ceil(value);
}

/** The CLIs' --fail-on and --strict (the same as --fail-on warning); a RangeError when they disagree. */
export function failOnFlags(failOn: string | undefined, strict: boolean): FailOn {
  const chosen = failOnPolicy(failOn, "--fail-on");
  if (!strict) return chosen;
  if (failOn !== undefined && chosen !== "warning") {
    throw new RangeError(`--strict is --fail-on warning; it cannot be combined with --fail-on ${chosen}`);
  }
  return "warning";
}
