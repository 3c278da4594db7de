// The attempts of one call: each with its own timer (the clock starts when the attempt does, not the
// call) and the caller's signal, repeated while the retry policy allows. Shared by the resource
// methods and `raw`, so both retry, time out and abort alike.
import { onAbort } from "./abort-listeners.js";
import { retryAfterMs } from "./backoff.js";
import { noAnswerError } from "./error-mapping.js";
import { checkMaxRetries, checkTimeoutMs, type RequestOptions, type Settings } from "./options.js";
import { requestIdOf } from "./request-id.js";
import { isIdempotent, retriesAnswer, retriesFailure, retryDelay, sleep } from "./retry-policy.js";

type AttemptLog = typeof import("./attempt-log.js");

// A line is written by the chunk that builds it, loaded on the first line. The attempts wait for it,
// so lines keep their order and none is lost to a process that exits on the call's error. A line
// that cannot be written (the chunk did not load, the logger threw) never changes the call's outcome.
const logged = (write: (lines: AttemptLog) => void): Promise<void> =>
  import("./attempt-log.js").then(write).catch(() => {});

/**
 * Sends by `attempt` until an answer is usable or the policy gives up. Resolves with the last
 * answer, whatever its status (the caller decides what it means); rejects with why there was none.
 */
export async function withRetries<A extends { response: Response }>(
  settings: Settings,
  method: string,
  /** For messages: the path called. */
  path: string,
  { signal, timeoutMs = settings.timeoutMs, maxRetries = settings.maxRetries }: RequestOptions,
  attempt: (signal: AbortSignal | undefined) => Promise<A>,
  /** A create's key, for the warning that it was not retried. */
  idempotencyKey?: string,
): Promise<A> {
  const { log } = settings;
  const ms = checkTimeoutMs(timeoutMs);
  const retries = checkMaxRetries(maxRetries);
  const idempotent = isIdempotent(method) || settings.retryNonIdempotent;
  for (let n = 0; ; n++) {
    signal?.throwIfAborted(); // before the first attempt, and if it fired as a backoff ended
    // An AbortSignal makes Node's fetch noticeably slower, so fetch gets none when nothing can abort.
    const controller = ms || signal ? new AbortController() : undefined;
    const timer = ms ? setTimeout(() => controller?.abort(), ms) : undefined;
    const stopForwarding = onAbort(signal, (reason) => controller?.abort(reason));
    let answer: A | undefined;
    let failure: unknown;
    const started = log.level > 3 ? Date.now() : 0;
    try {
      answer = await attempt(controller?.signal);
    } catch (error) {
      const timedOut = controller?.signal.aborted && ms;
      failure = noAnswerError(error, `${method} ${path}`, signal, timedOut, settings);
    } finally {
      clearTimeout(timer);
      stopForwarding();
    }
    const response = answer?.response;
    if (log.level > 3) {
      const took = Date.now() - started; // before the log's chunk loads
      await logged((l) => l.logAttempt(log, method, path, response, failure, took, response && requestIdOf(response)));
    }
    const retriable = response
      ? !response.ok && retriesAnswer(response, idempotent)
      : retriesFailure(failure, idempotent);
    const delay = n < retries && retriable ? retryDelay(response?.headers, n) : undefined;
    if (delay === undefined) {
      // Not for a success, nor for the caller's own abort.
      if (log.level && !response?.ok && !signal?.aborted) {
        await logged((l) =>
          l.logLastAttempt(
            log,
            method,
            path,
            response,
            failure,
            n,
            retries,
            retriable,
            !idempotent && (response ? retriesAnswer(response, true) : retriesFailure(failure, true)),
            idempotencyKey,
          ),
        );
      }
      if (answer) return answer;
      throw failure;
    }
    if (log.level > 2)
      await logged((l) =>
        l.logRetry(
          log,
          method,
          path,
          response,
          failure,
          n + 1,
          retries,
          delay,
          !!response && retryAfterMs(response.headers) !== undefined,
        ),
      );
    await sleep(delay, signal);
  }
}
