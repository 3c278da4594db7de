// The spec's operations as the mock answers them, whichever transport carried the request (the
// Hono app's fetch, or node:http directly): injected faults first, then the API key, Evals being
// enabled, the header parameters, and the operation itself. Every request is logged.
import { type GetEvalAgentResponse, operationIndex } from "@evals-api/types";
import { type OperationId, responseExamples } from "@evals-api/types/spec";
import { getEvalAgent } from "./agents.js";
import { type Answer, errorAnswer, success } from "./answers.js";
import { codeForStatus, ErrorCode, MockError } from "./errors.js";
import type { FaultKind, FaultPlan } from "./faults.js";
import { type HeaderParams, type HeaderParamsReader, headerParamsReader } from "./header-params.js";
import { createEvalRun } from "./runs.js";
import type { MockState, RecordedRequest } from "./state.js";

/** A request as an operation reads it, from whichever transport carried it. */
export interface OperationRequest {
  method: string;
  path: string;
  /** A header's value by case-insensitive name; a repeated header's values joined with ", ". */
  header(name: string): string | undefined;
  /** A path parameter, e.g. `eval_agent_id`. */
  param(name: string): string | undefined;
  /** The body as JSON; throws or rejects with the MockError of a body the mock refuses (415, 413, 400). */
  json(): Promise<unknown>;
  /** Ends the connection without answering (an injected drop). */
  drop(): void;
}

export interface OperationSettings {
  state: MockState;
  faults: FaultPlan;
  /** Read on every request, as given to createMockServer. */
  options: { apiKey?: string; billing?: boolean; evalsEnabled?: boolean };
  orgId: string;
  newId: () => string;
  now: () => Date;
}

/** Answers one operation; `null` when the connection was dropped instead. */
export type AnswerOperation = (operationId: OperationId, request: OperationRequest) => Promise<Answer | null>;

/** What every handler is given besides the request: the caller's API key and checked headers. */
type Caller = { apiKey: string; headerParams: HeaderParams };
/** A handler answers at once, or once it has read the body. */
type Handler = (request: OperationRequest, caller: Caller) => Answer | Promise<Answer>;

/** The org of the spec's Get Eval Agent example: the default `org_id` of created runs. */
export function exampleOrgId(): string {
  const example = Object.values(responseExamples("getEvalAgent", "200"))[0] as GetEvalAgentResponse | undefined;
  return example?.data.agent.org_id ?? crypto.randomUUID();
}

export function createOperations(settings: OperationSettings): AnswerOperation {
  const { state, faults, options } = settings;
  // Each operation's reader is made on its first request: a GET's first answer needs no other's.
  const readers: Partial<Record<OperationId, HeaderParamsReader>> = {};
  const readHeaderParams = (operationId: OperationId) => (readers[operationId] ??= headerParamsReader(operationId));

  const handlers: Record<OperationId, Handler> = {
    createEvalRun: (request, { apiKey, headerParams }) =>
      request.json().then((body) => {
        const run = createEvalRun(state, body, {
          orgId: settings.orgId,
          billing: options.billing !== false,
          newId: settings.newId,
          now: settings.now,
          apiKey,
          idempotencyKey: headerParams["idempotency-key"] ?? null,
        });
        return success(operationIndex.createEvalRun.successStatus, run);
      }),
    getEvalAgent: (request) =>
      success(operationIndex.getEvalAgent.successStatus, getEvalAgent(state, request.param("eval_agent_id") as string)),
  };

  // Throws (or rejects with) the MockError of every refusal; `settle` turns it into the envelope.
  // Not async: a GET is answered without waiting on a promise of each step.
  function answer(
    operationId: OperationId,
    request: OperationRequest,
    fault: FaultKind | null,
    record: RecordedRequest,
  ): Answer | Promise<Answer> | null {
    if (fault === "drop") {
      record.fault = "drop";
      request.drop();
      return null;
    }
    if (fault === "rate-limit") {
      record.fault = "rate-limit";
      const { retryAfter } = faults;
      throw MockError.of(429, ErrorCode.rateLimited, `Too many requests; retry after ${retryAfter} seconds`, {
        "Retry-After": retryAfter,
      });
    }
    if (fault === "fail") {
      record.fault = "fail";
      const { failStatus, retryAfter } = faults;
      const headers: Record<string, string> =
        failStatus === 503 || failStatus === 429 ? { "Retry-After": retryAfter } : {};
      throw MockError.of(failStatus, codeForStatus(failStatus), `Injected failure (status ${failStatus})`, headers);
    }
    const key = request.header("authorization");
    // Header values arrive trimmed, so a blank key is an empty one.
    if (!key) {
      throw MockError.of(401, ErrorCode.unauthorized, "Missing API key: send it in the `authorization` header");
    }
    if (options.apiKey !== undefined && key !== options.apiKey) {
      throw MockError.of(401, ErrorCode.unauthorized, "Invalid API key");
    }
    if (options.evalsEnabled === false) {
      throw MockError.of(404, ErrorCode.notFound, "Evals is not enabled for this organization");
    }
    const headerParams = readHeaderParams(operationId)((name) => request.header(name));
    return handlers[operationId](request, { apiKey: key, headerParams });
  }

  /** The answer, or the envelope of the MockError refusing the request; logs its status. */
  async function settle(
    operationId: OperationId,
    request: OperationRequest,
    fault: FaultKind | null,
    record: RecordedRequest,
  ): Promise<Answer | null> {
    let result: Answer | null;
    try {
      result = await answer(operationId, request, fault, record);
    } catch (error) {
      // Anything else is a failure of the mock: it propagates, and the transport answers 500.
      if (!(error instanceof MockError)) throw error;
      result = errorAnswer(error);
    }
    record.status = result === null ? 0 : result.status;
    return result;
  }

  return (operationId, request) => {
    const fault = faults.next();
    const record: RecordedRequest = {
      method: request.method,
      path: request.path,
      operationId,
      status: 0,
      idempotencyKey: request.header("idempotency-key") ?? null,
      latencyMs: fault.delayMs,
      fault: null,
    };
    state.logRequest(record);
    if (fault.delayMs === 0) return settle(operationId, request, fault.kind, record);
    record.fault = "latency";
    return new Promise((resolve) => setTimeout(resolve, fault.delayMs)).then(() =>
      settle(operationId, request, fault.kind, record),
    );
  };
}
