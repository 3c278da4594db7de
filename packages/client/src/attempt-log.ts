// The lines the attempts log, built only when their level is on (attempts.ts checks `log.level`
// first). A chunk of its own, loaded on the first line, as openapi-fetch and the validators are: a
// client that logs nothing (at the default "warn", one whose calls all succeed) never downloads it.
// It imports nothing but types: what it needs of the entry (the policy, the request id) is passed
// in, so that the entry imports no chunk shared with it.
import type { Log } from "./logger.js";

/** `GET /path 503`, or the name of the error an attempt failed with: how every line starts. */
const said = (method: string, path: string, response: Response | undefined, failure: unknown) =>
  `${method} ${path} ${response ? response.status : (failure as Error).name}`;

/** debug: one attempt, its status, duration and request id. */
export function logAttempt(
  log: Log,
  method: string,
  path: string,
  response: Response | undefined,
  failure: unknown,
  ms: number,
  id: string | null | undefined,
) {
  log(4, `${said(method, path, response, failure)} ${ms}ms${id ? ` id ${id}` : ""}`);
}

/** info: a retry, which one, its delay and where that came from. */
export function logRetry(
  log: Log,
  method: string,
  path: string,
  response: Response | undefined,
  failure: unknown,
  retry: number,
  retries: number,
  delay: number,
  /** The delay is the answer's Retry-After, not backoff. */
  asked: boolean,
) {
  const from = asked ? "Retry-After" : "backoff";
  log(3, `${said(method, path, response, failure)} retry ${retry}/${retries} in ${Math.round(delay)}ms (${from})`);
}

/**
 * The last attempt, when not a success. warn: a retry the policy wanted and did not make (`retry`
 * is how many were made), or a create not retried because it may have been processed (`key`, its
 * Idempotency-Key, resumes it). error: the call got no usable answer (no answer, or a 5xx).
 */
export function logLastAttempt(
  log: Log,
  method: string,
  path: string,
  response: Response | undefined,
  failure: unknown,
  retried: number,
  retries: number,
  retriable: boolean,
  /** Not retriable only because the request is not idempotent. */
  mayBeProcessed: boolean,
  key: string | undefined,
) {
  const line = said(method, path, response, failure);
  if (retriable) {
    // maxRetries 0: the caller asked for no retry, no news to warn of.
    if (retries)
      log(2, `${line} not retried: ${retried < retries ? "Retry-After > 60s" : `maxRetries ${retries} used`}`);
  } else if (mayBeProcessed) {
    log(2, `${line} not retried: may have been processed${key ? `; resume with Idempotency-Key ${key}` : ""}`);
  }
  if (!response || response.status > 499) log(1, `${line} failed`);
}
