// The client and its one request path, top to bottom:
//   validate (lazy-loaded generated validators) → send one attempt (auth, Idempotency-Key, its own
//   timeout) → on failure the retry policy decides → a non-2xx becomes an error class → unwrap `data`.
import type { CreateEvalRunRequest, EvalAgentWithVersion, EvalRun, operations, paths } from "@evals-api/types";
import type { ValidationIssue } from "@evals-api/types/request-validators";
import type { Client, Middleware } from "openapi-fetch";
import * as openapiFetch from "openapi-fetch";
import { onAbort } from "./abort-listeners.js";
import { EvalsApiError, EvalsConnectionError, EvalsTimeoutError, EvalsValidationError } from "./errors.js";
import { newIdempotencyKey } from "./idempotency-key.js";
import { checkBaseUrl, checkMaxRetries, checkTimeoutMs, DEFAULT_BASE_URL, resolveApiKey } from "./options.js";
import { type Redaction, redaction } from "./redaction.js";
import { retryDelay, sleep } from "./retry-policy.js";

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
  /** Also retry create-run after a timeout, a 5xx or a dropped connection (risks a second billed run). */
  retryNonIdempotent?: boolean;
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

export interface EvalsClient {
  runs: {
    /** Start an eval run (billed). Resolves with the created run, in `PENDING`. A redirect is an error, never followed. */
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
  const redact = redaction(apiKey);
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, options.allowInsecure);
  const origin = new URL(baseUrl).origin;
  const { timeoutMs = 60_000, maxRetries = 2, validateRequests = true, retryNonIdempotent } = options;
  checkTimeoutMs(timeoutMs);
  checkMaxRetries(maxRetries);
  const baseHeaders = lowerCaseHeaders(options.headers);

  const fetchImpl = options.fetch ?? fetch;
  // The key goes on a copy of the Request, made after onRequest has run: openapi-fetch hands its own
  // Request to onResponse and onError too, so no hook ever sees the key. A request sent elsewhere
  // (a per-call baseUrl, a middleware's new Request) goes without it.
  const raw = createClient<paths>({
    baseUrl,
    headers: baseHeaders,
    fetch: async (request) => {
      if (!request.url.startsWith(`${origin}/`)) return fetchImpl(request);
      const keyed = request.clone();
      keyed.headers.set("authorization", apiKey);
      try {
        return await fetchImpl(keyed);
      } catch (error) {
        throw redact(error); // onError middleware gets it first: it must not carry the key there either
      }
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
    { op, path, params, body: json, headers: ownHeaders, check }: Outgoing,
    {
      signal,
      timeoutMs: givenMs = timeoutMs,
      maxRetries: givenRetries = maxRetries,
      headers: callHeaders,
    }: RequestOptions,
  ): Promise<T> {
    const ms = checkTimeoutMs(givenMs);
    const retries = checkMaxRetries(givenRetries);
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
    // A create is never followed elsewhere: a 301/302/303 would turn it into a GET (and resolve with
    // that GET's data), a 307/308 would send the billed request again.
    const redirect = op.method === "GET" ? undefined : "manual";
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted(); // before the first attempt, and if it fired as a backoff ended
      const controller = new AbortController();
      // An AbortSignal makes Node's fetch noticeably slower, so fetch gets none when nothing can abort.
      const abortable = ms || signal ? controller.signal : undefined;
      const timer = ms ? setTimeout(() => controller.abort(), ms) : undefined;
      const stopForwarding = onAbort(signal, (reason) => controller.abort(reason));
      let failure: unknown;
      try {
        let response: Response;
        let body: unknown;
        if (viaMiddleware) {
          ({ response, error: body } = await (raw.request as LooseRequest)(op.method, op.path, {
            params: { path: params },
            body: json,
            bodySerializer: String, // already JSON
            headers,
            signal: abortable,
            redirect,
            parseAs: "stream",
          }));
        } else {
          // The hot path: one fetch with a plain init, as a hand-written call would do.
          response = await fetchImpl(baseUrl + path, {
            method: op.method,
            body: json,
            headers: { ...baseHeaders, ...headers, authorization: apiKey },
            signal: abortable,
            redirect,
          });
        }
        // As openapi-fetch does for an error: the parsed JSON, else the text (a proxy's HTML 502).
        if (body === undefined) {
          const text = await response.text();
          body = parseJson(text) ?? text;
        }
        // Both operations document an object under `data`: a 2xx without one (`"data": null`, an
        // error envelope, a captive portal's page) is an error, never a resolved null.
        const data = response.ok ? (body as { data?: unknown }).data : undefined; // body: never null here
        // A 3xx, or a browser's opaque redirect (status 0); a fetch of the caller's may follow anyway.
        const redirected = redirect && (response.redirected || (!response.ok && response.status < 400));
        if (!redirected && data && typeof data === "object") return data as T;
        failure = answerError(op, path, response, body, redirected, redact);
      } catch (error) {
        // Aborted by the caller, else by the timer, else the connection failed.
        failure = signal?.aborted
          ? signal.reason
          : controller.signal.aborted
            ? new EvalsTimeoutError(`${op.method} ${path} timed out after ${ms} ms`)
            : connectionError(`${op.method} ${path} could not reach ${origin}`, redact(error));
      } finally {
        clearTimeout(timer);
        stopForwarding();
      }
      const delay = attempt < retries ? retryDelay(failure, idempotent, attempt) : undefined;
      if (delay === undefined) throw failure;
      await sleep(delay, signal);
    }
  }

  return {
    runs: {
      async create(body, callOptions = {}) {
        const op = createEvalRun;
        const key = callOptions.idempotencyKey ?? newIdempotencyKey();
        const headers: Record<IdempotencyKeyHeader | "content-type", string> = {
          "content-type": "application/json",
          "idempotency-key": key,
        };
        // The header is our extension, so all of its rules are assumptions; the caller's own key is
        // still checked against them: refusing it refuses no request the vendor documents.
        const check = (v: Validation) => [
          ...vendorStated(v.validateCreateEvalRunRequest(body)),
          ...v.validateCreateEvalRunHeaderParams({ "Idempotency-Key": key }),
        ];
        return request({ op, path: op.path, body: JSON.stringify(body), headers, check }, callOptions);
      },
    },
    agents: {
      async get(evalAgentId, callOptions = {}) {
        const op = getEvalAgent;
        const params: operations["getEvalAgent"]["parameters"]["path"] = { eval_agent_id: evalAgentId };
        checkPathParameters(op, params);
        // openapi-fetch's own serializer (already in the bundle), so both routes build the same URL.
        const path = openapiFetch.defaultPathSerializer(op.path, params);
        const check = (v: Validation) => vendorStated(v.validateGetEvalAgentPathParams(params));
        return request({ op, path, params, check }, callOptions);
      },
    },
    raw,
  };
}

/** The error an unusable answer stands for, with the key redacted from all the server sent. */
function answerError(
  { method }: Operation,
  path: string,
  { status, headers }: Response,
  body: unknown,
  redirected: unknown,
  redact: Redaction,
): EvalsApiError {
  const message = redirected
    ? `${method} ${path} was redirected, not followed: that would send the billed request again or as a GET (check baseUrl)`
    : undefined;
  // Header names are left as they came: a rewritten name would be no header name.
  const shown = new Headers([...headers].map(([name, value]) => [name, redact.text(value)]));
  return EvalsApiError.from({ status, body, headers: shown, method, path, message }, redact);
}

// URL parsing resolves "." and ".." however they are encoded, and "" empties the segment: such a
// value would call another path than the operation's, so it is refused, validation on or off.
function checkPathParameters(op: Operation, params: Record<string, unknown>): void {
  for (const name in params) {
    const value = params[name];
    if (typeof value !== "string" || /^\.{0,2}$/.test(value)) {
      const message = 'must be a string, not "", "." or ".." (that would call another path)';
      throw new EvalsValidationError(`${op.method} ${op.path} not sent: ${name} ${message}`, [
        { path: `/${name}`, message, source: "vendor" },
      ]);
    }
  }
}

// The cause is a redacted copy of what was thrown: a caller's fetch can put the key anywhere in it.
// undici says "fetch failed" and gives the reason in `cause`, so that is the one the message quotes.
function connectionError(failed: string, cause: unknown): EvalsConnectionError {
  const reason = (cause as Error | undefined)?.cause ?? cause;
  return new EvalsConnectionError(`${failed}: ${(reason as Error | undefined)?.message ?? reason}`, { cause });
}

// Only a rule the vendor states may stop a request: one the spec assumes (`format: uuid` on the
// path id, say) could be wrong about the real API, so a request that breaks only such a rule is sent.
function vendorStated(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.filter((issue) => issue.source === "vendor");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {} // not JSON: undefined
}

function lowerCaseHeaders(init: HeadersInit | undefined): Record<string, string> {
  return init ? Object.fromEntries(new Headers(init)) : {};
}

// openapi-fetch types each call by its literal path and method; this shared path passes them as data.
type LooseRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ response: Response; error?: unknown }>;
