// An operation the mock has no domain handler for is still served: with the first example of its
// success response, checked once against that response's schema, so that the mock never serves an
// answer the spec does not allow (as a mock that serves its examples unchecked would).
import type { RegisteredOperation } from "@evals-api/types/registry";
import { formatIssues } from "@evals-api/types/validators";
import type { Answer } from "./answers.js";

/** The example answer of an operation; throws, naming the operation, when the spec gives none it can serve. */
export function exampleAnswer(operation: RegisteredOperation): Answer {
  const { operationId, successStatus } = operation;
  const response = operation.response(successStatus);
  const fix = "add a JSON example to it in the spec, or a domain handler to @evals-api/mock";
  if (response === undefined) {
    throw new Error(`${operationId} documents no response for its success status ${successStatus}: ${fix}`);
  }
  const [name, example] = Object.entries(response.examples)[0] ?? [];
  if (name === undefined) {
    throw new Error(`${operationId} has no example of its ${response.statusKey} response to answer with: ${fix}`);
  }
  const issues = response.validate?.(example) ?? [];
  if (issues.length > 0) {
    throw new Error(
      `the example "${name}" of ${operationId}'s ${response.statusKey} response does not match its schema, ` +
        `so the mock will not serve it: ${formatIssues(issues)}`,
    );
  }
  return { status: successStatus, body: example };
}
