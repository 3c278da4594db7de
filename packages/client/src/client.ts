// The client and its one request path, top to bottom:
//   validate (lazy-loaded generated validators) → send one attempt (auth, Idempotency-Key, its own
//   timeout) → on failure the retry policy decides → a non-2xx becomes an error class → unwrap `data`.
import type { CreateEvalRunRequest, EvalAgentWithVersion, EvalRun, operations, paths } from "@evals-api/types";
import type { ValidationIssue } from "@evals-api/types/request-validators";
import type { Client, Middleware } from "openapi-fetch";
import * as openapiFetch from "openapi-fetch";
import { backoffDelay, retryAfterMs } from "./backoff.js";
import { EvalsApiError, EvalsConnectionError, EvalsError, EvalsTimeoutError, EvalsValidationError } from "./errors.js";
import { newIdempotencyKey } from "./idempotency-key.js";
import { checkBaseUrl, DEFAULT_BASE_URL, resolveApiKey } from "./options.js";

export interface EvalsClientOptions {
  /** Your Bland API key. Defaults to the `BLAND_API_KEY` environment variable where there is one. */
  apiKey?: string;
  /** Defaults to `https://api.bland.ai`. Plain http only for loopback hosts or with `allowInsecure`. */
  baseUrl?: string;
  /** Time allowed for one attempt, response body included, in ms. Default 60 000; 0 or Infinity: none. */
  timeoutMs?: number;
  /** Retries after the first attempt, when the retry policy allows one. Default 2. */
  maxRetries?: number;
  /**
   * A fetch to use instead of the global one, e.g. the mock server's in-process `mock.fetch`. It
   * should honour `init.signal` (or the Request's), or timeouts and aborts cannot cut a wait short.
   */
  fetch?: (input: string | Request, init?: RequestInit) => Promise<Response>;
  /** Headers sent with every request. The API key always wins over an `authorization` here. */
  headers?: HeadersInit;
  /** Check request bodies and parameters against the spec before sending. Default true. */
  validateRequests?: boolean;
  /** Allow a plain-http `baseUrl` on a non-loopback host (the key then travels unencrypted). */
  allowInsecure?: boolean;
  /** Also retry create-run after a timeout, a 5xx or a dropped connection (risks a second billed run). */
  retryNonIdempotent?: boolean;
  /** openapi-fetch middleware (`onRequest`/`onResponse`/`onError`) for every call. It never sees the key. */
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
  /** The `Idempotency-Key` to send (default: a new UUID per call, the same for all its retries). */
  idempotencyKey?: string;
}

export interface EvalsClient {
  runs: {
    /** Start an eval run (billed). Resolves with the created run, in `PENDING`. */
    create(body: CreateEvalRunRequest, options?: CreateRunOptions): Promise<EvalRun>;
  };
  agents: {
    /** An eval agent and its current draft version. */
    get(evalAgentId: string, options?: RequestOptions): Promise<EvalAgentWithVersion>;
  };
  /** The underlying openapi-fetch client, typed by the spec; it sends the key and runs middleware too. */
  raw: Client<paths>;
}

// The two operations as the spec names them. Typed against `paths`, so a path or method the spec
// does not have fails to compile; a test checks them against the spec's operationIndex. (Importing
// that table would add its per-status schema map to every bundle.)
type Operation = {
  [P in keyof paths]: {
    [M in Method]: [NonNullable<paths[P][M]>] extends [never] ? never : { path: P; method: Uppercase<M> };
  }[Method];
}[keyof paths];
type Method = "get" | "post" | "put" | "patch" | "delete";
const createEvalRun = { method: "POST", path: "/v1/evals/runs" } as const satisfies Operation;
const getEvalAgent = { method: "GET", path: "/v1/evals/agents/{eval_agent_id}" } as const satisfies Operation;
// The spec's header parameter, lower-cased: renaming it there breaks the build here.
type IdempotencyKeyHeader = Lowercase<keyof NonNullable<operations["createEvalRun"]["parameters"]["header"]>>;
interface Outgoing {
  op: Operation;
  /** The path with its parameters filled in, e.g. `/v1/evals/agents/1234…`. */
  path: string;
  params?: Record<string, string>;
  /** The JSON body, serialised once for all attempts. */
  body?: string;
  /** The operation's own headers, which win over the call's. */
  headers?: Record<string, string>;
  /** The request's issues according to the generated validators. */
  check(validators: Validation): ValidationIssue[];
}

// Worth repeating an idempotent request after: the request may be fine, the server was not.
const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504];
// Connection failures that prove the request never reached a server (safe to repeat a create).
const NEVER_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"];
// A server asking for a longer wait gets its error back (with retryAfterMs) instead of a stalled call.
const MAX_RETRY_AFTER_MS = 60_000;

// openapi-fetch has only a default export. Our CJS build requires it with Node's rules, where the
// default is the whole `exports` object (whose own `default` is the function).
const createClient =
  (openapiFetch.default as { default?: typeof openapiFetch.default }).default ?? openapiFetch.default;

// Imported on the first validated call, so that the bundle of a client created with
// `validateRequests: false` carries no validator.
type Validation = typeof import("@evals-api/types/request-validators");
let validation: Validation | undefined;

export function createEvalsClient(options: EvalsClientOptions = {}): EvalsClient {
  const apiKey = resolveApiKey(options.apiKey);
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, options.allowInsecure);
  const origin = new URL(baseUrl).origin;
  const { timeoutMs = 60_000, maxRetries = 2, validateRequests = true, retryNonIdempotent } = options;
  const baseHeaders = lowerCaseHeaders(options.headers);

  const fetchImpl = options.fetch ?? fetch;
  // Middleware runs before this fetch, so it never sees the key; and a request sent elsewhere
  // (a per-call baseUrl, a middleware's new Request) goes without it.
  const raw = createClient<paths>({
    baseUrl,
    headers: baseHeaders,
    fetch: (request) => {
      if (request.url.startsWith(`${origin}/`)) request.headers.set("authorization", apiKey);
      return fetchImpl(request);
    },
  });
  // Calls take a direct route to fetch until middleware is registered (however it is), which needs
  // openapi-fetch's Request and hooks.
  let viaMiddleware = false;
  const { use } = raw;
  raw.use = (...middleware) => {
    use(...middleware);
    viaMiddleware ||= middleware.some(Boolean);
  };
  raw.use(...(options.middleware ?? []));

  /**
   * Send with retries; resolves with the response's unwrapped `data`. Each attempt has its own
   * timer: the clock starts when the attempt does, not the call.
   */
  async function request<T>(
    { op, path, params, body, headers: ownHeaders, check }: Outgoing,
    { signal, timeoutMs: ms = timeoutMs, maxRetries: retries = maxRetries, headers: callHeaders }: RequestOptions,
  ): Promise<T> {
    if (validateRequests) {
      validation ??= await import("@evals-api/types/request-validators");
      const issues = check(validation);
      if (issues.length > 0) {
        throw new EvalsValidationError(
          `${op.method} ${path} not sent, the request breaks the spec:\n${validation.formatIssues(issues)}`,
          issues,
        );
      }
    }
    const headers = { ...lowerCaseHeaders(callHeaders), ...ownHeaders };
    const idempotent = op.method === "GET" || retryNonIdempotent;
    // An AbortSignal makes Node's fetch noticeably slower, so there is none when nothing can abort.
    const timed = ms > 0 && ms < Infinity;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted(); // before the first attempt, and if it fired as a backoff ended
      const controller = timed || signal ? new AbortController() : undefined;
      const timer = timed ? setTimeout(() => controller?.abort(), ms) : undefined;
      const forwardAbort = () => controller?.abort(signal?.reason);
      signal?.addEventListener("abort", forwardAbort);
      let failure: unknown;
      try {
        let response: Response;
        let error: unknown;
        if (viaMiddleware) {
          ({ response, error } = await (raw.request as LooseRequest)(op.method, op.path, {
            params: { path: params },
            body,
            bodySerializer: String, // already JSON
            headers,
            signal: controller?.signal,
            parseAs: "stream",
          }));
        } else {
          // The hot path: one fetch with a plain init, as a hand-written call would do.
          response = await fetchImpl(baseUrl + path, {
            method: op.method,
            body,
            headers: { ...baseHeaders, ...headers, authorization: apiKey },
            signal: controller?.signal,
          });
          // As openapi-fetch does: the parsed JSON error body, else its text (a proxy's HTML 502).
          if (!response.ok) {
            const text = await response.text();
            error = parseJson(text) ?? text;
          }
        }
        if (response.ok) {
          const data = (parseJson(await response.text()) as { data?: unknown } | undefined)?.data;
          if (data !== undefined) return data as T;
          failure = new EvalsError(`${op.method} ${path}: ${response.status} response is not a JSON { data } envelope`);
        } else {
          failure = EvalsApiError.from({
            status: response.status,
            body: redact(error),
            headers: new Headers(redact(Object.fromEntries(response.headers))),
            method: op.method,
            path,
          });
        }
      } catch (error) {
        // Aborted by the caller, else by the timer, else the connection failed. A caller's fetch
        // could have put the key in its error: then the cause stays out.
        const { cause = error } = error as Error;
        failure = signal?.aborted
          ? signal.reason
          : controller?.signal.aborted
            ? new EvalsTimeoutError(`${op.method} ${path} timed out after ${ms} ms`)
            : new EvalsConnectionError(
                `${op.method} ${path} could not reach ${origin}: ${redact(String((cause as Error)?.message ?? cause))}`,
                [error, cause].some((e) => `${(e as Error)?.message}${(e as Error)?.stack}`.includes(apiKey))
                  ? {}
                  : { cause: error },
              );
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", forwardAbort);
      }
      const delay = attempt < retries ? retryDelay(failure, idempotent, attempt) : undefined;
      if (delay === undefined) throw failure;
      await sleep(delay, signal);
    }
  }

  // The key must never show in an error, even when a server or a proxy echoes it back. A JSON round
  // trip reaches every string however deep (a string itself included); names are left alone, so a
  // short key cannot break a header name or an envelope's field.
  const redact = <T>(value: T): T =>
    value === undefined
      ? value
      : JSON.parse(JSON.stringify(value), (_, v) => (typeof v === "string" ? v.replaceAll(apiKey, "[redacted]") : v));

  return {
    runs: {
      async create(body, callOptions = {}) {
        const op = createEvalRun;
        const key = callOptions.idempotencyKey ?? newIdempotencyKey();
        const headers: Record<IdempotencyKeyHeader | "content-type", string> = {
          "content-type": "application/json",
          "idempotency-key": key,
        };
        const check = (v: Validation) => [
          ...v.validateCreateEvalRunRequest(body),
          ...v.validateCreateEvalRunHeaderParams({ "Idempotency-Key": key }),
        ];
        return request({ op, path: op.path, body: JSON.stringify(body), headers, check }, callOptions);
      },
    },
    agents: {
      async get(evalAgentId, callOptions = {}) {
        const op = getEvalAgent;
        const params: operations["getEvalAgent"]["parameters"]["path"] = { eval_agent_id: evalAgentId };
        // openapi-fetch's own serializer (already in the bundle), so both routes build the same URL.
        const path = openapiFetch.defaultPathSerializer(op.path, params);
        const check = (v: Validation) => v.validateGetEvalAgentPathParams(params);
        return request({ op, path, params, check }, callOptions);
      },
    },
    raw,
  };
}

/**
 * The retry policy: whether to try again, and after how long (undefined: give up). A request that is
 * not idempotent (create-run bills) is repeated only when it provably was not processed: the
 * connection was never made, a 429, or a 503 that says when to come back.
 */
function retryDelay(error: unknown, idempotent: boolean | undefined, attempt: number): number | undefined {
  let asked: number | undefined;
  let retry: boolean | undefined;
  if (error instanceof EvalsApiError) {
    asked = retryAfterMs(error.headers);
    retry =
      error.status === 429 ||
      (error.status === 503 && asked !== undefined) ||
      (idempotent && RETRYABLE_STATUSES.includes(error.status));
  } else if (error instanceof EvalsConnectionError || error instanceof EvalsTimeoutError) {
    // A timeout has no cause: it may have been processed.
    retry = idempotent || neverSent(error.cause);
  }
  if (!retry) return undefined;
  if (asked === undefined) return backoffDelay(attempt);
  return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
}

// undici reports "fetch failed" with the reason in `cause`: a refused connection or a failed DNS
// lookup in its `code`; with happy eyeballs, in the `code` of every address it tried.
function neverSent(error: unknown, depth = 0): boolean {
  const e = error as { code?: string; errors?: unknown[]; cause?: unknown } | undefined;
  return (
    !!e &&
    depth < 4 &&
    (NEVER_SENT.includes(e.code ?? "") ||
      (e.errors?.length ? e.errors : [e.cause]).every((inner) => neverSent(inner, depth + 1)))
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function lowerCaseHeaders(init: HeadersInit | undefined): Record<string, string> {
  return init ? Object.fromEntries(new Headers(init)) : {};
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort);
  });
}

// openapi-fetch types each call by its literal path and method; this shared path passes them as data.
type LooseRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ response: Response; error?: unknown }>;
