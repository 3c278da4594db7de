// The in-page mock behind every "Try it (mock)" panel: @evals-api/mock's in-process `fetch`, with
// its own switches as toggles. The mock takes its faults and billing when it is created, so each
// switch is a mock of its own, made on first use with the mock's options: a request goes to the
// 429 or 503 one once when that switch is armed (the switch then turns itself off, so the
// client's retry reaches the plain mock), and to the billing-off one while billing is off.
import { createMockServer } from "@evals-api/mock";

/**
 * @typedef {import("@evals-api/types/registry").Registry} Registry
 * @typedef {"rateLimitOnce" | "unavailableOnce" | "billingOff"} SwitchName
 * @typedef {{ method: string, path: string, status: number, answeredBy: string }} MockRequest
 */

/** Seconds of `Retry-After` on the injected 429 and 503: the client waits that long, then retries. */
export const RETRY_AFTER_SECONDS = 1;

/** What each switch does, as its toggle says it, and the mock options that do it. */
export const SWITCHES = /** @type {const} */ ({
  rateLimitOnce: {
    label: `Next request: 429 Too Many Requests (Retry-After: ${RETRY_AFTER_SECONDS})`,
    options: { faults: { rateLimitRate: 1, retryAfterSeconds: RETRY_AFTER_SECONDS } },
    once: true,
    short: "429",
  },
  unavailableOnce: {
    label: `Next request: 503 Service Unavailable (Retry-After: ${RETRY_AFTER_SECONDS})`,
    options: { faults: { failRate: 1, failStatus: 503, retryAfterSeconds: RETRY_AFTER_SECONDS } },
    once: true,
    short: "503",
  },
  billingOff: {
    label: "Billing off: billed operations answer 402 until switched back",
    options: { billing: false },
    once: false,
    short: "billing-off",
  },
});

/**
 * The page's mock: one `fetch` for every panel, the switches, and the log of every request it
 * answered (so a panel can show the client's retries, and that a refused request sent nothing).
 * @param {Registry} registry
 */
export function createPageMock(registry) {
  const plain = createMockServer({ registry });
  /** @type {Map<SwitchName, import("@evals-api/mock").MockServer>} */
  const switched = new Map();
  /** @type {Record<SwitchName, boolean>} */
  const on = { rateLimitOnce: false, unavailableOnce: false, billingOff: false };
  /** @type {MockRequest[]} */
  const requests = [];
  /** @type {Set<() => void>} */
  const listeners = new Set();
  const changed = () => {
    for (const listener of listeners) listener();
  };

  /** @param {SwitchName} name */
  const mockOf = (name) => {
    let mock = switched.get(name);
    if (mock === undefined) {
      mock = createMockServer({ registry, ...SWITCHES[name].options });
      switched.set(name, mock);
    }
    return mock;
  };

  /** The switch that answers the next request, if any: a one-shot fault first, then billing. */
  const answeringSwitch = () =>
    /** @type {SwitchName[]} */ (["rateLimitOnce", "unavailableOnce", "billingOff"]).find((name) => on[name]);

  /** @type {(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>} */
  const fetch = async (input, init) => {
    const request = new Request(input, init);
    const name = answeringSwitch();
    if (name !== undefined && SWITCHES[name].once) on[name] = false;
    const response = await (name === undefined ? plain : mockOf(name)).fetch(request);
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      answeredBy: name === undefined ? "mock" : SWITCHES[name].short,
    });
    changed();
    return response;
  };

  return {
    fetch,
    /** Every request the mock answered, in order. */
    requests: /** @type {readonly MockRequest[]} */ (requests),
    /** @param {SwitchName} name */
    isOn: (name) => on[name],
    /** @param {SwitchName} name @param {boolean} value */
    set(name, value) {
      on[name] = value;
      changed();
    },
    /** Calls `listener` after every request and switch change; returns the unsubscribe. */
    /** @param {() => void} listener */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** @typedef {ReturnType<typeof createPageMock>} PageMock */
