// What a failed call becomes. An answer the client cannot use: the EvalsApiError class for its
// status. No answer: the caller's abort reason, an EvalsTimeoutError or an EvalsConnectionError.
// Whatever comes from outside is redacted first.
import { EvalsApiError, EvalsConnectionError, EvalsTimeoutError } from "./errors.js";
import type { Settings } from "./options.js";
import type { Redaction } from "./redaction.js";

/** The error an unusable answer stands for, with the key redacted from all the server sent. */
export function answerError(
  method: string,
  path: string,
  { status, headers }: Response,
  body: unknown,
  redirected: unknown,
  redact: Redaction,
): EvalsApiError {
  const message = redirected
    ? `${method} ${path} was redirected, not followed: that would send the billed request again or as a GET (check baseUrl)`
    : undefined;
  // Header names are left as they came: a rewritten name would be no header name.
  const shown = new Headers([...headers].map(([name, value]) => [name, redact.text(value)]));
  return EvalsApiError.from({ status, body, headers: shown, method, path, message }, redact);
}

/**
 * Why an attempt of `request` (`GET /path`) got no answer: aborted by the caller (its signal's
 * reason), else by the attempt's timer (`timedOut`: its ms), else the connection failed. The cause
 * is a redacted copy of what was thrown: a caller's fetch can put the key anywhere in it.
 */
export function noAnswerError(
  error: unknown,
  request: string,
  signal: AbortSignal | undefined,
  timedOut: number | false | undefined,
  { origin, redact }: Settings,
): unknown {
  if (signal?.aborted) return signal.reason;
  if (timedOut) return new EvalsTimeoutError(`${request} timed out after ${timedOut} ms`);
  const cause = redact(error);
  // undici says "fetch failed" and gives the reason in `cause`, so that is the one the message quotes.
  const reason = (cause as Error | undefined)?.cause ?? cause;
  return new EvalsConnectionError(
    `${request} could not reach ${origin}: ${(reason as Error | undefined)?.message ?? reason}`,
    {
      cause,
    },
  );
}
