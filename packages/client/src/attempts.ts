// The attempts of one call: each with its own timer (the clock starts when the attempt does, not the
// call) and the caller's signal, repeated while the retry policy allows. Shared by the resource
// methods and `raw`, so both retry, time out and abort alike.
import { onAbort } from "./abort-listeners.js";
import { noAnswerError } from "./error-mapping.js";
import { checkMaxRetries, checkTimeoutMs, type RequestOptions, type Settings } from "./options.js";
import { isIdempotent, retriesAnswer, retriesFailure, retryDelay, sleep } from "./retry-policy.js";

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
): Promise<A> {
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
    const retry =
      n < retries &&
      (response ? !response.ok && retriesAnswer(response, idempotent) : retriesFailure(failure, idempotent));
    const delay = retry ? retryDelay(response?.headers, n) : undefined;
    if (delay === undefined) {
      if (answer) return answer;
      throw failure;
    }
    await sleep(delay, signal);
  }
}
