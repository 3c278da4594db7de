// How long to wait before a retry: what the server asked for, else exponential backoff with full
// jitter (a random delay between 0 and min(cap, base × 2^attempt)), so that clients that failed
// together do not all come back together.
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/**
 * The wait the server asked for, in ms: `retry-after-ms`, else `Retry-After` as seconds or as an
 * HTTP date. Undefined when neither is present and readable.
 */
export function retryAfterMs(headers: Headers): number | undefined {
  const ms = headers.get("retry-after-ms");
  const value = headers.get("retry-after") ?? "";
  // `+` reads a plain number and gives NaN for anything else (an HTTP date); "" is ruled out first.
  if (ms && +ms >= 0) return +ms;
  if (value && +value >= 0) return +value * 1000;
  // An HTTP date, else nothing (NaN): a number is never one, though Date.parse reads "-1" as a year.
  const date = Date.parse(value);
  return date >= 0 && Number.isNaN(+value) ? Math.max(0, date - Date.now()) : undefined;
}

/** Full-jitter backoff for the retry numbered `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number): number {
  return Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
}
