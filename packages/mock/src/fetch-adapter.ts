// The in-process adapter: `mock.fetch`, a fetch-compatible function that hands a Request to the
// Hono app, with no socket. It honours the request's abort signal, and turns an injected drop into
// the TypeError a real fetch rejects with.
import type { Hono } from "hono";
import type { Bindings } from "./hono-app.js";

/** The base URL of a relative URL given to `mock.fetch`. */
const IN_PROCESS_ORIGIN = "http://evals-mock.local";

export type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** `mock.fetch` over the Hono app, which `honoApp` loads on first use. */
export function createFetchAdapter(honoApp: () => Promise<Hono<{ Bindings: Bindings }>>): FetchFunction {
  return async (input, init) => {
    const request = new Request(input instanceof Request ? input : new URL(String(input), IN_PROCESS_ORIGIN), init);
    const signal = request.signal;
    signal.throwIfAborted();
    const env: Bindings = {};
    const pending = honoApp().then((hono) => hono.fetch(request, env));
    const response = await new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort);
      pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
    if (env.dropped) {
      throw new TypeError("fetch failed", { cause: new Error("evals-mock dropped the connection (injected fault)") });
    }
    return response;
  };
}
