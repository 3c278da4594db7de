// The header parameters the spec declares for an operation (Idempotency-Key on create-run), read
// from a request and checked with the operation's generated validator.
import { operationIndex } from "@evals-api/types";
import * as requestValidators from "@evals-api/types/request-validators";
import { headerParameters, type OperationId } from "@evals-api/types/spec";
import type { ValidationIssue } from "@evals-api/types/validators";
import { MockError } from "./errors.js";

type HeaderValidator = (headers: Record<string, string>) => ValidationIssue[];

/** Header parameters by lower-case name; `null` when the request does not send one. */
export type HeaderParams = Record<string, string | null>;

/** Reads the checked header parameters of a request, given its (case-insensitive) header lookup. */
export type HeaderParamsReader = (header: (name: string) => string | undefined) => HeaderParams;

// The generated validator of an operation's header parameters (bounds, required), by its schema's name.
function headerValidator(operationId: OperationId): HeaderValidator {
  const name = `validate${operationIndex[operationId].headerParamsSchema}`;
  const validate = (requestValidators as unknown as Record<string, HeaderValidator | undefined>)[name];
  if (validate === undefined) throw new Error(`@evals-api/types has no ${name}; rebuild @evals-api/types`);
  return validate;
}

/**
 * The reader of an operation's header parameters. The declarations and the validator are looked
 * up once, not on every request.
 */
export function headerParamsReader(operationId: OperationId): HeaderParamsReader {
  const names = headerParameters(operationId).map((p) => p.name);
  if (names.length === 0) return () => ({});
  const validate = headerValidator(operationId);
  const check = (given: Record<string, string>, issues: readonly ValidationIssue[]): HeaderParams => {
    if (issues.length > 0) throw MockError.invalid(issues, "/headers");
    const params: HeaderParams = {};
    for (const name of names) params[name.toLowerCase()] = given[name] ?? null;
    return params;
  };
  // Most requests send none of them, and the validator's verdict on none never changes.
  let issuesOfNone: readonly ValidationIssue[] | undefined;
  return (header) => {
    // The validator wants the spec's spelling of each name; the lookup is case-insensitive.
    const given: Record<string, string> = {};
    let count = 0;
    for (const name of names) {
      const value = header(name);
      if (value === undefined) continue;
      given[name] = value;
      count += 1;
    }
    // Every rule is enforced, the assumed ones too: every header parameter the spec declares is our
    // own extension (Idempotency-Key; a test checks that they all are), whose bounds are ours.
    if (count > 0) return check(given, validate(given));
    issuesOfNone ??= validate({});
    return check(given, issuesOfNone);
  };
}
