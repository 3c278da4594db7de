// The retry policy: whether a failed attempt is tried again, after how long, and the wait itself.
import { onAbort } from "./abort-listeners.js";
import { backoffDelay, retryAfterMs } from "./backoff.js";
import { EvalsApiError, EvalsConnectionError, EvalsTimeoutError } from "./errors.js";

// Worth repeating an idempotent request after: the request may be fine, the server was not.
const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504];
// Connection failures that prove the request never reached a server (safe to repeat a create).
const NEVER_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"];
// A server asking for a longer wait gets its error back (with retryAfterMs) instead of a stalled call.
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The retry policy: whether to try again, and after how long (undefined: give up). A request that is
 * not idempotent (create-run bills) is repeated only when it provably was not processed: the
 * connection was never made, a 429, or a 503 that says when to come back.
 */
export function retryDelay(error: unknown, idempotent: boolean | undefined, attempt: number): number | undefined {
  let asked: number | undefined;
  let retry: boolean | undefined;
  if (error instanceof EvalsApiError) {
    asked = retryAfterMs(error.headers);
    retry =
      error.status === 429 ||
      (error.status === 503 && asked !== undefined) ||
      (idempotent && RETRYABLE_STATUSES.includes(error.status));
  } else if (error instanceof EvalsConnectionError || error instanceof EvalsTimeoutError) {
    // A timeout has no cause: it may have been processed.
    retry = idempotent || neverSent(error.cause);
  }
  if (!retry) return undefined;
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
