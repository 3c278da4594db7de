// The error envelope the mock answers with, and its machine codes. The vendor documents no error
// body and only one code (EVAL_AGENT_VERSION_NOT_FOUND); the others are our assumptions, the ones
// the spec's response examples use (a test keeps them in step), plus a few the examples do not
// cover (injected 503s, routing errors).
import type { ErrorEnvelope } from "@evals-api/types";
import { formatIssues, type RuleSource, type ValidationIssue } from "@evals-api/types/validators";

export const ErrorCode = {
  invalidRequest: "INVALID_REQUEST",
  evalAgentNotPublished: "EVAL_AGENT_NOT_PUBLISHED",
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

/** One entry of the error envelope. */
export interface ErrorEntry {
  error: string;
  message: string;
}

/** A problem to report as 400; one the mock finds itself (e.g. malformed JSON) names no rule source. */
export type RequestIssue = Omit<ValidationIssue, "source"> & { source?: RuleSource };

/** An error response the mock sends: a status and the envelope's entries. */
export class MockError {
  constructor(
    readonly status: number,
    readonly errors: ErrorEntry[],
    readonly headers: Record<string, string> = {},
  ) {}

  static of(status: number, error: ApiErrorCode, message: string, headers?: Record<string, string>): MockError {
    return new MockError(status, [{ error, message }], headers);
  }

  /** One `INVALID_REQUEST` entry per issue, each message naming its JSON path (and an assumed rule as such). */
  static invalid(issues: readonly RequestIssue[], prefix = ""): MockError {
    return new MockError(
      400,
      issues.map((issue) => ({
        error: ErrorCode.invalidRequest,
        message: formatIssues([{ ...issue, path: `${prefix}${issue.path}` }]),
      })),
    );
  }

  get envelope(): ErrorEnvelope {
    return { data: null, errors: this.errors };
  }
}

/**
 * Throws a 400 for the issues that break a rule the vendor states. An issue with a rule only the
 * spec assumes (such as `format: uuid` on the agent id in the GET path) never refuses a request,
 * since the vendor documents such a request as valid.
 */
export function refuseVendorIssues(issues: readonly ValidationIssue[]): void {
  if (issues.length === 0) return;
  const broken = issues.filter((issue) => issue.source === "vendor");
  if (broken.length > 0) throw MockError.invalid(broken);
}

/**
 * The code of an injected failure. Only statuses every operation documents can be injected
 * (see `createFaultPlan`), so only those are listed.
 */
export function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.invalidRequest;
    case 401:
      return ErrorCode.unauthorized;
    case 404:
      return ErrorCode.notFound;
    case 429:
      return ErrorCode.rateLimited;
    case 503:
      return ErrorCode.serviceUnavailable;
    default:
      return ErrorCode.internalError;
  }
}
