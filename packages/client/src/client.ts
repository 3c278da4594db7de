// The client: its settings, the transport, the resource methods over one generic call, and `raw`.
// A request's path, top to bottom: call.ts (validate → attempts → unwrap), attempts.ts (timer,
// signal, retries), retry-policy.ts (whether, and how long to wait), transport.ts (the two routes
// to fetch, the key), error-mapping.ts (what a failure becomes); raw-client.ts for `raw`.
import type { paths } from "@evals-api/types";
import type { Client } from "openapi-fetch";
import { type CallThrough, call } from "./call.js";
import { type EvalsClientOptions, settingsOf } from "./options.js";
import { retryingClient } from "./raw-client.js";
import { type Resources, resources } from "./resources.js";
import { createTransport } from "./transport.js";

/**
 * `Paths` types `raw`: the shipped spec's `paths` by default, or those of a spec with more
 * operations (`createEvalsClient<paths>()` with its generated `paths`).
 */
export interface EvalsClient<Paths extends {} = paths> extends Resources {
  /**
   * openapi-fetch's client, typed by the spec: every operation, `{ data, error, response }`. It sends
   * the key, runs middleware, and retries and times out by the same policy as the methods above.
   */
  raw: Client<Paths>;
}

export function createEvalsClient<Paths extends {} = paths>(options: EvalsClientOptions = {}): EvalsClient<Paths> {
  const settings = settingsOf(options);
  const transport = createTransport<Paths>(settings, options.middleware);
  const callThrough: CallThrough = (wrap, validate) => {
    const send = wrap(transport.send);
    const callSettings = validate ? settings : { ...settings, validateRequests: false };
    return (id, input, callOptions) => call(callSettings, send, id, input, callOptions);
  };
  return {
    ...resources(settings, callThrough),
    raw: retryingClient(settings, transport),
  };
}
