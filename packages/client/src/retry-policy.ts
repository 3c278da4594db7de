// The retry policy, as small predicates: which methods are idempotent, whether an answer or a
// failure is worth another attempt, how long to wait before it, and the wait itself. One policy
// for the resource methods and for `raw`.
import { onAbort } from "./abort-listeners.js";
import { backoffDelay, retryAfterMs } from "./backoff.js";
import { EvalsConnectionError, EvalsTimeoutError } from "./errors.js";

// Worth repeating an idempotent request after: the request may be fine, the server was not.
const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504];
// Connection failures that prove the request never reached a server (safe to repeat a create).
const NEVER_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"];
// A server asking for a longer wait gets its error back (with retryAfterMs) instead of a stalled call.
const MAX_RETRY_AFTER_MS = 60_000;

/** HTTP's idempotent methods (RFC 9110): all but POST and PATCH. Only these follow redirects, too. */
export function isIdempotent(method: string): boolean {
  return method !== "POST" && method !== "PATCH";
}

/**
 * Whether an answer is worth another attempt. A request that is not idempotent (create-run bills)
 * is repeated only when the server provably did not process it: a 429, or a 503 that says when to
 * come back.
 */
export function retriesAnswer({ status, headers }: Response, idempotent: boolean | undefined): boolean {
  return (
    status === 429 ||
    (status === 503 && retryAfterMs(headers) !== undefined) ||
    (!!idempotent && RETRYABLE_STATUSES.includes(status))
  );
}

/**
 * Whether a request that got no answer is worth another attempt: an idempotent one always; another
 * only when the connection was never made. A timeout has no cause: it may have been processed.
 */
export function retriesFailure(error: unknown, idempotent: boolean | undefined): boolean {
  return (
    (error instanceof EvalsConnectionError || error instanceof EvalsTimeoutError) &&
    (!!idempotent || neverSent(error.cause))
  );
}

/**
 * How long to wait before the retry numbered `attempt` (0 for the first): what the answer's
 * headers ask for, else backoff; undefined (give up) when the server asks for more than a minute.
 */
export function retryDelay(headers: Headers | undefined, attempt: number): number | undefined {
  const asked = headers && retryAfterMs(headers);
  if (asked === undefined) return backoffDelay(attempt);
  return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
}

// undici reports "fetch failed" with the reason in `cause`: a refused connection or a failed DNS
// lookup in its `code`; with happy eyeballs, in the `code` of every address it tried.
function neverSent(error: unknown, depth = 0): boolean {
  const e = error as { code?: string; errors?: unknown[]; cause?: unknown } | undefined;
  return (
    !!e &&
    depth < 4 &&
    (NEVER_SENT.includes(e.code as string) ||
      (e.errors?.length ? e.errors : [e.cause]).every((inner) => neverSent(inner, depth + 1)))
  );
}

/** Waits `ms`; rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const stopWaiting = onAbort(signal, (reason) => {
      clearTimeout(timer);
      stopWaiting();
      reject(reason);
    });
    const timer = setTimeout(() => {
      stopWaiting();
      resolve();
    }, ms);
  });
}
