// One hierarchy: everything the client throws on purpose is an EvalsError, except an abort by the
// caller's own signal, which surfaces as the platform's AbortError (the signal's reason).
import type { ApiError } from "@evals-api/types";
import type { ValidationIssue } from "@evals-api/types/request-validators";
import { retryAfterMs } from "./backoff.js";

export class EvalsError extends Error {
  // Leaf classes narrow `name` to their own literal, so each is a distinct type (and a discriminant).
  override name: string = "EvalsError";
}

/** What the client knows about a non-2xx answer, before picking the class for its status. */
export interface ApiErrorInit {
  status: number;
  /** The parsed JSON body, or its text when it was not JSON. */
  body: unknown;
  headers: Headers;
  method: string;
  path: string;
  /** The message, when it is not the server's (a redirect the client would not follow). */
  message?: string;
}

/**
 * An answer the client cannot use: a non-2xx status, a 2xx without an object under `data`, or a
 * redirect answering a create. Subclasses name the common statuses.
 */
export class EvalsApiError extends EvalsError {
  override name: string = "EvalsApiError";
  declare readonly status: number;
  /** The envelope's `errors[0].error` code (e.g. `CALL_NOT_FOUND`), when the server sent one. */
  declare readonly code: string | undefined;
  /** Every error of the envelope, as the server sent them (empty when the body was not an envelope). */
  declare readonly errors: ApiError[];
  /** The body as received: the parsed JSON, or the text when it was not JSON (a proxy's HTML page). */
  declare readonly body: unknown;
  declare readonly headers: Headers;
  /** The server's request id (`x-request-id` or `request-id`), to quote when asking for support. */
  declare readonly requestId: string | undefined;
  declare readonly method: string;
  /** The request's path (no origin, no query), e.g. `/v1/evals/runs`. */
  declare readonly path: string;

  /**
   * `redact` is applied to everything taken from the body (the client's replaces its key), after the
   * envelope is read: a key that happens to occur in a field's name cannot hide the server's code
   * and message.
   */
  constructor(init: ApiErrorInit, redact: <T>(value: T) => T = (value) => value) {
    const { status, body, headers, message, ...request } = init;
    const list = (body as { errors?: unknown } | null)?.errors;
    const errors = Array.isArray(list) ? list.filter((e): e is ApiError => typeof e?.message === "string") : [];
    super(
      message ??
        (redact(errors[0]?.message) ||
          `HTTP ${status} from ${request.method} ${request.path}, ${status < 300 ? "no data" : "no error envelope"}: see error.body`),
    );
    const requestId = headers.get("x-request-id") ?? headers.get("request-id") ?? undefined;
    const code = redact(errors[0]?.error);
    Object.assign(this, { status, body: redact(body), headers, ...request, code, errors: redact(errors), requestId });
  }

  /** The error class for a status: `NotFoundError` for 404, `InternalServerError` for any 5xx, … */
  static from(init: ApiErrorInit, redact?: <T>(value: T) => T): EvalsApiError {
    const ErrorClass = byStatus[init.status] ?? (init.status >= 500 ? InternalServerError : EvalsApiError);
    return new ErrorClass(init, redact);
  }
}

export class BadRequestError extends EvalsApiError {
  override name = "BadRequestError" as const;
}
export class AuthenticationError extends EvalsApiError {
  override name = "AuthenticationError" as const;
}
export class PaymentRequiredError extends EvalsApiError {
  override name = "PaymentRequiredError" as const;
}
export class PermissionDeniedError extends EvalsApiError {
  override name = "PermissionDeniedError" as const;
}
export class NotFoundError extends EvalsApiError {
  override name = "NotFoundError" as const;
}
export class ConflictError extends EvalsApiError {
  override name = "ConflictError" as const;
}
export class UnprocessableEntityError extends EvalsApiError {
  override name = "UnprocessableEntityError" as const;
}
export class RateLimitError extends EvalsApiError {
  override name = "RateLimitError" as const;
  /** How long the server asked to wait (`retry-after-ms` or `Retry-After`), in ms; undefined if it did not say. */
  readonly retryAfterMs = retryAfterMs(this.headers);
}
export class InternalServerError extends EvalsApiError {
  override name = "InternalServerError" as const;
}

const byStatus: Record<number, typeof EvalsApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The request never got an answer: DNS failure, refused or reset connection, TLS error… */
export class EvalsConnectionError extends EvalsError {
  override name = "EvalsConnectionError" as const;
}

/** One attempt took longer than `timeoutMs` (the clock restarts for every retry). */
export class EvalsTimeoutError extends EvalsError {
  override name = "EvalsTimeoutError" as const;
}

/** The request breaks the spec; thrown before anything is sent. `issues` names every problem. */
export class EvalsValidationError extends EvalsError {
  override name = "EvalsValidationError" as const;
  constructor(
    message: string,
    readonly issues: ValidationIssue[],
  ) {
    super(message);
  }
}
