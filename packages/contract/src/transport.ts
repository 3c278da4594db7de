// Sending the suite's requests and reading their bodies under two limits: a per-request timeout
// (from the send to the end of the body) and the whole run's deadline. Both also hold a fetch that
// ignores its signal, and a body that stalls after the headers: each wait is raced against them.
import { describeError } from "./findings.js";

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Thrown when the run's deadline passed before or while a check ran: it is reported as not run. */
export class DeadlineReached extends Error {
  override name = "DeadlineReached";
  constructor() {
    super("the run's deadline (deadlineMs, --deadline-ms) passed");
  }
}

// Settles with `promise`, or rejects with the signal's reason as soon as it aborts.
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined); // a late rejection after the abort is nobody's to handle
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

interface Limits {
  /** Aborts on the request's timeout or the run's deadline, whichever comes first. */
  signal: AbortSignal;
  /** The request's own timeout; undefined when there is none. */
  timeout: AbortSignal | undefined;
}

export class Transport {
  readonly #limits = new WeakMap<Response, Limits>();

  constructor(
    private readonly fetchFn: Fetch,
    /** Per request, in ms; undefined for none. */
    private readonly timeoutMs: number | undefined,
    private readonly deadline: AbortSignal,
  ) {}

  /** Sends one request; rejects with DeadlineReached, or an Error saying why no answer came. */
  async send(url: string, init: RequestInit): Promise<Response> {
    if (this.deadline.aborted) throw new DeadlineReached();
    const timeout = this.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.timeoutMs);
    const limits = { timeout, signal: timeout ? AbortSignal.any([timeout, this.deadline]) : this.deadline };
    try {
      const response = await untilAborted(this.fetchFn(url, { ...init, signal: limits.signal }), limits.signal);
      this.#limits.set(response, limits);
      return response;
    } catch (error) {
      throw this.explain(error, timeout, "request failed", "no response");
    }
  }

  /** Reads a body sent by `send`; rejects with DeadlineReached, or an Error saying why it could not. */
  async read(response: Response): Promise<string> {
    const limits = this.#limits.get(response) ?? { signal: this.deadline, timeout: undefined };
    try {
      return await untilAborted(response.text(), limits.signal);
    } catch (error) {
      response.body?.cancel().catch(() => undefined); // let the connection go
      throw this.explain(error, limits.timeout, "response body could not be read", "the body was not complete");
    }
  }

  private explain(error: unknown, timeout: AbortSignal | undefined, failed: string, late: string): Error {
    if (this.deadline.aborted) return new DeadlineReached();
    if (timeout?.aborted) return new Error(`${failed}: ${late} within ${this.timeoutMs} ms (timeoutMs, --timeout-ms)`);
    return new Error(`${failed}: ${describeError(error)}`);
  }
}
