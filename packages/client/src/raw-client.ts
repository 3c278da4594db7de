// `evals.raw`: openapi-fetch's client for any path of the spec, whose calls go through the same
// attempts as the resource methods: the client's timeout on each, retries by the same policy. It
// keeps openapi-fetch's `{ data, error, response }`: an HTTP error resolves; only a call that got
// no answer rejects (EvalsTimeoutError, EvalsConnectionError, or the caller's abort reason).
import type { Client, Middleware } from "openapi-fetch";
import { withRetries } from "./attempts.js";
import type { Settings } from "./options.js";
import type { Transport } from "./transport.js";

// The methods of openapi-fetch's Client, each a `request` with its method. openapi-fetch itself
// loads on the first call, so its client is not here yet to list them.
const HTTP_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

type Init = Record<string, unknown> & { signal?: AbortSignal; middleware?: Middleware[] };
type LooseClient = Record<string, unknown> & {
  request(method: string, url: string, init?: Init): Promise<{ response: Response }>;
};

export function retryingClient<Paths extends {}>(settings: Settings, transport: Transport<Paths>): Client<Paths> {
  const { middleware, use, eject } = transport;
  const raw: LooseClient = {
    request: (method, url, init = {}) =>
      withRetries(settings, method.toUpperCase(), url, init, async (signal) => {
        const client = (await transport.client()) as unknown as LooseClient;
        signal?.throwIfAborted(); // while openapi-fetch loaded
        // The client's middleware first, then the call's, as openapi-fetch orders its own.
        return client.request(method, url, {
          ...init,
          signal,
          middleware: [...middleware, ...(init.middleware ?? [])],
        });
      }),
    use,
    eject,
  };
  for (const method of HTTP_METHODS) raw[method] = (url: string, init?: Init) => raw.request(method, url, init);
  return raw as unknown as Client<Paths>;
}
