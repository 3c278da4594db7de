// What went wrong, said so that the reader knows what to do: a refused key names where it came
// from, a 402 says a billing record is needed, a 404 names the agent, and a create that got no
// answer says that its run may exist, with the Idempotency-Key to look for.
import {
  AuthenticationError,
  EvalsApiError,
  EvalsConnectionError,
  EvalsError,
  EvalsTimeoutError,
  NotFoundError,
  PaymentRequiredError,
} from "@evals-api/client";

export interface FailureContext {
  keySource: string;
  target: string;
  /** The agents the request named, to say which one a 404 is about. */
  agentIds?: readonly string[];
}

export function describeFailure(error: unknown, context: FailureContext): string {
  const said = error instanceof EvalsApiError ? apiProblem(error, context) : otherProblem(error, context);
  const requestId = error instanceof EvalsApiError && error.requestId ? ` (request id ${error.requestId})` : "";
  return `${said}${requestId}`;
}

function apiProblem(error: EvalsApiError, { keySource, agentIds = [] }: FailureContext): string {
  const status = `${error.status}${error.code ? ` ${error.code}` : ""}`;
  if (error instanceof AuthenticationError) {
    return `the API key was refused (${status}): it came from ${keySource}. Check that it is a current key of your Bland org`;
  }
  if (error instanceof PaymentRequiredError) {
    return `a billing record is needed (${status}): add one to your Bland org before creating runs. ${error.message}`;
  }
  if (error instanceof NotFoundError)
    return `not found (${status}): ${notFoundAgent(error, agentIds)}. ${error.message}`;
  return `the API answered ${status}: ${error.message}`;
}

// A 404 of GET /v1/evals/agents/{id} names its agent in the path; one of create-run names it in
// its message when the server says which, and otherwise the request had only one agent to name.
function notFoundAgent(error: NotFoundError, agentIds: readonly string[]): string {
  const fromPath = /\/agents\/([^/]+)$/.exec(error.path)?.[1];
  if (fromPath) return `eval agent ${decodeURIComponent(fromPath)} does not exist for this key`;
  const named = agentIds.filter((id) => error.message.includes(id));
  const agents = named.length > 0 ? named : agentIds;
  if (agents.length === 0) return "the workbench version (--workbench) does not exist for this key";
  return `check the eval agent${agents.length > 1 ? "s" : ""} ${agents.join(", ")} (--agent) and their versions`;
}

function otherProblem(error: unknown, { target }: FailureContext): string {
  if (error instanceof EvalsTimeoutError) return `timed out waiting for ${target}: ${error.message}`;
  if (error instanceof EvalsConnectionError) return `could not reach ${target}: ${error.message}`;
  if (error instanceof EvalsError) return error.message;
  if ((error as Error)?.name === "AbortError") return "interrupted before the server answered";
  return error instanceof Error ? error.message : String(error);
}

/** A failure as the JSON output carries it: the message, and what the server said, when it answered. */
export function failureJson(error: unknown, context: FailureContext) {
  const answered = error instanceof EvalsApiError;
  return {
    message: describeFailure(error, context),
    status: answered ? error.status : null,
    code: answered ? (error.code ?? null) : null,
    requestId: answered ? (error.requestId ?? null) : null,
  };
}
