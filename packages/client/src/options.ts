// Construction-time checks: fail at createEvalsClient(), saying what to do, not on the first call.
import { EvalsError } from "./errors.js";

// The spec's server (openapi.json `servers[0].url`); a test keeps the two equal.
export const DEFAULT_BASE_URL = "https://api.bland.ai";

/** The key given, else `BLAND_API_KEY` from the environment where there is one (Node, Bun, Deno). */
export function resolveApiKey(apiKey: string | undefined): string {
  const key = apiKey ?? globalThis.process?.env?.BLAND_API_KEY;
  if (!key?.trim()) throw new EvalsError("Missing API key: pass { apiKey } or set BLAND_API_KEY");
  return key;
}

/**
 * The base URL without its trailing slash. The key must not cross the network in clear text, so
 * plain http is refused unless the host is this machine or the caller insists (`allowInsecure`).
 * What URL parsing would quietly drop or move is refused too: whitespace, a query or a fragment
 * (requests would go to another path), and credentials (they belong in no URL, let alone a log).
 */
export function checkBaseUrl(baseUrl: string, allowInsecure = false): string {
  let why = "the key needs https, a loopback host or allowInsecure";
  try {
    const { protocol, hostname, username, password } = new URL(baseUrl);
    const loopback = /^(localhost|127(\.\d+){3}|\[::1\])$/.test(hostname);
    if (/[\s?#]/.test(baseUrl)) why = "whitespace, a query or a fragment would misroute requests";
    else if (username || password) why = "credentials do not belong in it (the key goes in apiKey)";
    else if (protocol === "https:" || (protocol === "http:" && (loopback || allowInsecure))) {
      return baseUrl.replace(/\/+$/, "");
    }
  } catch {} // not a URL: refused below
  // Shown without what could be a secret: user:pass@ and the query.
  const safe = baseUrl.replace(/[^/]*@/, "***@").replace(/([?#]).*/s, "$1***");
  throw new EvalsError(`Refused baseUrl "${safe}": ${why}`);
}

// The longest delay a timer holds (2^31 - 1 ms, about 24.8 days): Node and browsers fire a longer
// one at once, which would report a billed create that reached the server as timed out.
const MAX_TIMER_MS = 2_147_483_647;
// `maxRetries: Infinity` against a server answering 429 with Retry-After: 0 never ends.
const MAX_RETRIES = 100;

/** The attempt's timer in ms; 0 or undefined for none (0, Infinity, or longer than a timer holds). */
export function checkTimeoutMs(timeoutMs: unknown): number | undefined {
  if (typeof timeoutMs !== "number" || !(timeoutMs >= 0)) {
    throw new RangeError(`timeoutMs must be a number >= 0 (ms; 0 or Infinity: none), got ${shown(timeoutMs)}`);
  }
  return timeoutMs <= MAX_TIMER_MS ? timeoutMs : undefined;
}

export function checkMaxRetries(maxRetries: unknown): number {
  if (!(Number.isInteger(maxRetries) && (maxRetries as number) >= 0 && (maxRetries as number) <= MAX_RETRIES)) {
    throw new RangeError(`maxRetries must be an integer from 0 to ${MAX_RETRIES}, got ${shown(maxRetries)}`);
  }
  return maxRetries as number;
}

const shown = (value: unknown) => (typeof value === "string" ? `"${value}"` : String(value));
