// `evals.raw`: openapi-fetch's client for any path of the spec, whose calls go through the same
// attempts as the resource methods: the client's timeout on each, retries by the same policy. It
// keeps openapi-fetch's `{ data, error, response }`: an HTTP error resolves; only a call that got
// no answer rejects (EvalsTimeoutError, EvalsConnectionError, or the caller's abort reason).
import type { Client } from "openapi-fetch";
import { withRetries } from "./attempts.js";
import type { Settings } from "./options.js";

type Init = Record<string, unknown> & { signal?: AbortSignal };
type LooseClient = Record<string, unknown> & {
  request(method: string, url: string, init?: Init): Promise<{ response: Response }>;
};

export function retryingClient<Paths extends {}>(settings: Settings, client: Client<Paths>): Client<Paths> {
  const core = client as unknown as LooseClient;
  const raw: LooseClient = {
    ...core,
    request: (method, url, init = {}) =>
      withRetries(settings, method.toUpperCase(), url, init, (signal) =>
        core.request(method, url, { ...init, signal }),
      ),
  };
  // openapi-fetch's HTTP methods are its upper-case keys, each a `request` with its method.
  for (const key in core)
    if (key === key.toUpperCase()) raw[key] = (url: string, init?: Init) => raw.request(key, url, init);
  return raw as unknown as Client<Paths>;
}
