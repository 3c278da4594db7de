// An operation the mock has no domain handler for is still served: with the first example of its
// success response, checked once against that response's schema, so that the mock never serves an
// answer the spec does not allow (as a mock that serves its examples unchecked would). The example
// answers for the path its parameters' examples make; another value of a path parameter is an
// unknown id (404, when the operation documents one), as a contract suite checks of a real server.
import type { RegisteredOperation } from "@evals-api/types/registry";
import { formatIssues } from "@evals-api/types/validators";
import type { Answer } from "./answers.js";
import { ErrorCode, MockError } from "./errors.js";
import type { ParameterValues } from "./parameters.js";

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

/**
 * Answers with the example for the path parameters' example values, and refuses any other value of
 * a path parameter with a 404 when the operation documents one (else every value gets the example).
 */
export function exampleHandler(operation: RegisteredOperation): (params: ParameterValues) => Answer {
  const answer = exampleAnswer(operation);
  const known = operation.parameters.filter((p) => p.in === "path" && p.example !== null);
  if (known.length === 0 || operation.response(404) === undefined) return () => answer;
  return (params) => {
    for (const { name, example } of known) {
      if (params[name] !== String(example)) {
        throw MockError.of(
          404,
          ErrorCode.notFound,
          `No ${name} ${JSON.stringify(params[name])}: ${operation.operationId} is served from its spec example, ` +
            `which is for ${name} ${JSON.stringify(String(example))}`,
        );
      }
    }
    return answer;
  };
}
