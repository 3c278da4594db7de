// The error envelope the mock answers with, and its machine codes. The vendor does not publish its
// codes; these are the ones the spec's response examples use (a test keeps them in step), plus a
// few the examples do not cover (unknown agent versions and workbench versions, routing errors).
import type { ErrorEnvelope } from "@evals-api/types";
import { formatIssues, type ValidationIssue } from "@evals-api/types/validators";

export const ErrorCode = {
  invalidRequest: "INVALID_REQUEST",
  unauthorized: "UNAUTHORIZED",
  billingRequired: "BILLING_REQUIRED",
  callNotFound: "CALL_NOT_FOUND",
  evalAgentNotFound: "EVAL_AGENT_NOT_FOUND",
  evalAgentVersionNotFound: "EVAL_AGENT_VERSION_NOT_FOUND",
  workbenchSetupVersionNotFound: "WORKBENCH_SETUP_VERSION_NOT_FOUND",
  idempotencyKeyReused: "IDEMPOTENCY_KEY_REUSED",
  payloadTooLarge: "PAYLOAD_TOO_LARGE",
  unsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
  rateLimited: "RATE_LIMITED",
  internalError: "INTERNAL_ERROR",
  serviceUnavailable: "SERVICE_UNAVAILABLE",
  notFound: "NOT_FOUND",
  methodNotAllowed: "METHOD_NOT_ALLOWED",
} as const;

export type ApiErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error response the mock sends: a status and the envelope's entries. */
export class MockError {
  constructor(
    readonly status: number,
    readonly errors: { error: string; message: string }[],
    readonly headers: Record<string, string> = {},
  ) {}

  static of(status: number, error: ApiErrorCode, message: string, headers?: Record<string, string>): MockError {
    return new MockError(status, [{ error, message }], headers);
  }

  /** One `INVALID_REQUEST` entry per issue, each message naming its JSON path. */
  static invalid(issues: readonly ValidationIssue[], prefix = ""): MockError {
    return new MockError(
      400,
      issues.map((issue) => ({
        error: ErrorCode.invalidRequest,
        message: formatIssues([{ path: `${prefix}${issue.path}`, message: issue.message }]),
      })),
    );
  }

  get envelope(): ErrorEnvelope {
    return { data: null, errors: this.errors };
  }
}

/** A default code for a status the mock is asked to fail with (fault injection). */
export function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.invalidRequest;
    case 401:
      return ErrorCode.unauthorized;
    case 402:
      return ErrorCode.billingRequired;
    case 404:
      return ErrorCode.notFound;
    case 409:
      return ErrorCode.idempotencyKeyReused;
    case 413:
      return ErrorCode.payloadTooLarge;
    case 415:
      return ErrorCode.unsupportedMediaType;
    case 429:
      return ErrorCode.rateLimited;
    case 503:
      return ErrorCode.serviceUnavailable;
    default:
      return ErrorCode.internalError;
  }
}
