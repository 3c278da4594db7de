// What the mock answers, whichever transport carries it: a status, a JSON body (the spec's
// envelope) and the headers every answer has. The Hono app turns it into a fetch `Response`; the
// node:http listener writes it to the socket as it is.

import type { Registry } from "@evals-api/types/registry";
import { declaredResponseHeaders } from "./declared-headers.js";
import { ErrorCode, MockError } from "./errors.js";

export interface Answer {
  status: number;
  /** The JSON body: `{ data, errors: null }` or the error envelope. */
  body: unknown;
  /** Headers besides the ones every answer has (e.g. `Retry-After`). */
  headers?: Record<string, string>;
}

export function success(status: number, data: unknown): Answer {
  return { status, body: { data, errors: null } };
}

export function errorAnswer(error: MockError): Answer {
  return { status: error.status, body: error.envelope, headers: error.headers };
}

/** A failure inside the mock (a bug, not a client's mistake): 500 in the envelope. */
export function failureAnswer(error: unknown): Answer {
  const message = error instanceof Error ? error.message : String(error);
  return errorAnswer(MockError.of(500, ErrorCode.internalError, `The mock failed: ${message}`));
}

/**
 * The headers of every answer: its content type and, with CORS on, what lets a web page read it.
 * Fixed, so they are built once instead of by a middleware on every request.
 */
export function answerHeaders(cors: boolean, registry: Registry): Record<string, string> {
  return {
    "content-type": "application/json",
    ...(cors && {
      "access-control-allow-origin": "*",
      "access-control-expose-headers": declaredResponseHeaders(registry).join(","),
    }),
  };
}

/** The headers of one answer: the fixed ones and its own. */
export function headersOf(answer: Answer, fixed: Record<string, string>): Record<string, string> {
  return answer.headers === undefined ? fixed : { ...fixed, ...answer.headers };
}
