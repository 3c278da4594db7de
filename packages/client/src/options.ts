// The client's options, and the construction-time checks that turn them into its settings: fail at
// createEvalsClient(), saying what to do, not on the first call.
import type { Middleware } from "openapi-fetch";
import { EvalsError } from "./errors.js";
import { type Log, type Logger, type LogLevel, logOf } from "./logger.js";
import { type Redaction, redaction } from "./redaction.js";

export interface EvalsClientOptions {
  /** Your Bland API key. Defaults to the `BLAND_API_KEY` environment variable where there is one. */
  apiKey?: string;
  /**
   * Defaults to `https://api.bland.ai`. Plain http only for loopback hosts or with `allowInsecure`;
   * no query, fragment, whitespace or credentials.
   */
  baseUrl?: string;
  /**
   * Time allowed for one attempt, response body included, in ms. Default 60 000; 0, Infinity or
   * anything above 2,147,483,647 (what a timer can hold, ~24.8 days): none.
   */
  timeoutMs?: number;
  /** Retries after the first attempt, when the retry policy allows one: an integer from 0 to 100. Default 2. */
  maxRetries?: number;
  /**
   * A fetch to use instead of the global one, e.g. the mock server's in-process `mock.fetch`. It
   * should honour `init.signal` (or the Request's), or timeouts and aborts cannot cut a wait short.
   */
  fetch?: (input: string | Request, init?: RequestInit) => Promise<Response>;
  /** Headers sent with every request. The API key always wins over an `authorization` here. */
  headers?: HeadersInit;
  /**
   * Check request bodies and parameters against the rules the vendor states before sending (a rule
   * the spec only assumes never stops a request). Default true.
   */
  validateRequests?: boolean;
  /** Allow a plain-http `baseUrl` on a non-loopback host (the key then travels unencrypted). */
  allowInsecure?: boolean;
  /** Also retry create-run (and any raw POST or PATCH) after a timeout, a 5xx or a dropped connection (risks a second billed run). */
  retryNonIdempotent?: boolean;
  /**
   * What the client logs: "debug" each attempt, "info" each retry, "warn" (the default) what you
   * should know (retries given up, a create not retried), "error" a call that got no usable answer,
   * or "off". Defaults to the `EVALS_LOG` environment variable where there is a `process`.
   */
  logLevel?: LogLevel;
  /** Where log lines go (each one redacted): `console` by default, or any object with debug/info/warn/error. */
  logger?: Logger;
  /** openapi-fetch middleware (`onRequest`/`onResponse`/`onError`) for every call. No hook ever sees the key. */
  middleware?: Middleware[];
}

export interface RequestOptions {
  /** Abort the call: it rejects with the signal's reason (an `AbortError` unless you gave another). */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call (each attempt). */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: HeadersInit;
}

export interface CreateRunOptions extends RequestOptions {
  /**
   * The `Idempotency-Key` to send (default: a new UUID per call, the same for all its retries). With
   * validation on, one that breaks the spec's header schema is refused (the header is our extension).
   */
  idempotencyKey?: string;
}

/** The options once checked, with their defaults: what every request of one client reads. */
export interface Settings {
  apiKey: string;
  redact: Redaction;
  /** Without its trailing slash. */
  baseUrl: string;
  /** The only origin the key is sent to. */
  origin: string;
  fetch: NonNullable<EvalsClientOptions["fetch"]>;
  /** The client's headers, names lower-cased. */
  headers: Record<string, string>;
  /** As given (a call may override it); checked. */
  timeoutMs: number;
  maxRetries: number;
  validateRequests: boolean;
  retryNonIdempotent: boolean | undefined;
  log: Log;
}

export function settingsOf(options: EvalsClientOptions): Settings {
  const apiKey = resolveApiKey(options.apiKey);
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, options.allowInsecure);
  const { timeoutMs = 60_000, maxRetries = 2, validateRequests = true, retryNonIdempotent } = options;
  checkTimeoutMs(timeoutMs);
  checkMaxRetries(maxRetries);
  const redact = redaction(apiKey);
  return {
    apiKey,
    redact,
    baseUrl,
    origin: new URL(baseUrl).origin,
    fetch: options.fetch ?? fetch,
    headers: lowerCaseHeaders(options.headers),
    timeoutMs,
    maxRetries,
    validateRequests,
    retryNonIdempotent,
    log: logOf(options.logLevel, options.logger, redact),
  };
}

export function lowerCaseHeaders(init: HeadersInit | undefined): Record<string, string> {
  return init ? Object.fromEntries(new Headers(init)) : {};
}

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
