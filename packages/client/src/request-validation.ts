// Request validation, before anything is sent: an operation's input against its generated
// validators (by reference, from the spec's operationRequestValidators table), and the one check
// made with validation on or off, that a path parameter cannot change the path called.
import type { ValidationIssue } from "@evals-api/types/request-validators";
import { EvalsValidationError } from "./errors.js";
import type { CallInput, RoutedOperation } from "./operations.js";

// Imported on the first validated call, so that the bundle of a client created with
// `validateRequests: false` carries no validator.
type Validation = typeof import("@evals-api/types/request-validators");
let validation: Validation | undefined;

/**
 * Refuses a request that breaks a rule the vendor states. A rule the spec only assumes (`format:
 * uuid` on the path id, say) could be wrong about the real API, so a request that breaks only such
 * a rule is sent; except in the headers the client adds itself (the Idempotency-Key, our
 * extension), where refusing one refuses no request the vendor documents.
 */
export async function checkRequest(
  id: RoutedOperation,
  input: CallInput<RoutedOperation>,
  method: string,
  path: string,
): Promise<void> {
  const issues = await requestIssues(id, input);
  if (issues.length > 0) throw await refusal(method, path, issues);
}

/** What checkRequest refuses a request for: the issues it breaks that are the vendor's rules (or ours, in headers). */
export async function requestIssues(
  id: RoutedOperation,
  { path: params, header, body }: CallInput<RoutedOperation>,
): Promise<ValidationIssue[]> {
  validation ??= await import("@evals-api/types/request-validators");
  const validators = validation.operationRequestValidators[id];
  return [
    ...vendorStated(validators.requestBody?.(body)),
    ...vendorStated(validators.pathParams?.(params ?? {})),
    ...(validators.headerParams?.(header ?? {}) ?? []),
  ];
}

/** The error that refuses a request for `issues`: nothing was sent. */
export async function refusal(method: string, path: string, issues: ValidationIssue[]): Promise<EvalsValidationError> {
  validation ??= await import("@evals-api/types/request-validators");
  return new EvalsValidationError(
    `${method} ${path} not sent, the request breaks the spec:\n${validation.formatIssues(issues)}`,
    issues,
  );
}

function vendorStated(issues: ValidationIssue[] = []): ValidationIssue[] {
  return issues.filter((issue) => issue.source === "vendor");
}

// URL parsing resolves "." and ".." however they are encoded, and "" empties the segment: such a
// value would call another path than the operation's, so it is refused, validation on or off.
export function checkPathParameters(method: string, template: string, params: Record<string, unknown>): void {
  for (const name in params) {
    const value = params[name];
    if (typeof value !== "string" || /^\.{0,2}$/.test(value)) {
      const message = 'must be a string, not "", "." or ".." (that would call another path)';
      throw new EvalsValidationError(`${method} ${template} not sent: ${name} ${message}`, [
        { path: `/${name}`, message, source: "vendor" },
      ]);
    }
  }
}
