// The mock as an app, free of any transport: it finds the operation a request calls in the
// registry, and answers it — injected faults first, then the input step (input.ts), then the
// operation's domain handler, or its spec example when it has none. Every answered request is
// logged. The node:http listener and the Hono app (over HTTP and in-process) both call it.
import type { RegisteredOperation, Registry, RouteMatch } from "@evals-api/types/registry";
import { type Answer, errorAnswer, success } from "./answers.js";
import { codeForStatus, ErrorCode, MockError } from "./errors.js";
import { exampleHandler } from "./example-answer.js";
import type { FaultKind, FaultPlan } from "./faults.js";
import type { DomainHandler } from "./handlers.js";
import { type InputOptions, type InputStep, inputStep, type OperationInput, type OperationRequest } from "./input.js";
import type { ParameterValues } from "./parameters.js";
import type { MockState, RecordedRequest } from "./state.js";

export interface MockAppSettings {
  registry: Registry;
  state: MockState;
  faults: FaultPlan;
  /** Read on every request, as given to createMockServer. */
  options: InputOptions;
  /** Domain handlers by operationId; every other operation answers with its spec example. */
  handlers: Readonly<Record<string, DomainHandler>>;
}

export interface MockApp {
  /** The operation a method and (percent-encoded) path call, or the methods the path allows (see Registry.route). */
  route(method: string, pathname: string): RouteMatch | undefined;
  /** Answers one request of an operation; `null` when its connection was dropped instead. */
  answer(operation: RegisteredOperation, params: ParameterValues, request: OperationRequest): Promise<Answer | null>;
}

/** The 404 of a path no operation has, or the 405 (with `Allow`) of a method its operations do not take. */
export function routingAnswer(method: string, path: string, match: RouteMatch | undefined): Answer {
  const allowed = match?.allowed;
  if (allowed !== undefined && allowed.length > 0) {
    const list = allowed.join(", ");
    return errorAnswer(
      MockError.of(405, ErrorCode.methodNotAllowed, `${method} is not allowed here; use ${list}`, { Allow: list }),
    );
  }
  return errorAnswer(MockError.of(404, ErrorCode.notFound, `No such endpoint: ${method} ${path}`));
}

/** What the mock does for one operation: check its input, then answer it. */
interface ServedOperation {
  input: InputStep;
  handle(input: OperationInput): Answer;
}

/** Throws the MockError of an injected 429 or failure; a drop is the transport's to do. */
function injectedRefusal(kind: "rate-limit" | "fail", faults: FaultPlan): MockError {
  const { failStatus, retryAfter } = faults;
  if (kind === "rate-limit") {
    return MockError.of(429, ErrorCode.rateLimited, `Too many requests; retry after ${retryAfter} seconds`, {
      "Retry-After": retryAfter,
    });
  }
  const headers: Record<string, string> = failStatus === 503 || failStatus === 429 ? { "Retry-After": retryAfter } : {};
  return MockError.of(failStatus, codeForStatus(failStatus), `Injected failure (status ${failStatus})`, headers);
}

export function createMockApp(settings: MockAppSettings): MockApp {
  const { registry, state, faults, options, handlers } = settings;
  // Checked now, so that a spec without a servable example fails when the mock is made, not on a request.
  const examples = new Map<string, (params: ParameterValues) => Answer>();
  for (const operation of registry.list) {
    if (!Object.hasOwn(handlers, operation.operationId)) examples.set(operation.operationId, exampleHandler(operation));
  }

  function serve(operation: RegisteredOperation): ServedOperation {
    const handler = Object.hasOwn(handlers, operation.operationId) ? handlers[operation.operationId] : undefined;
    const example = examples.get(operation.operationId);
    const status = operation.successStatus;
    return {
      input: inputStep(operation, options),
      handle:
        handler === undefined
          ? (input) => (example as NonNullable<typeof example>)(input.params)
          : (input) => success(status, handler(input)),
    };
  }
  // Each operation's steps are made on its first request: a GET's first answer needs no other's.
  const served: Record<string, ServedOperation> = {};
  const servedAs = (operation: RegisteredOperation) => (served[operation.operationId] ??= serve(operation));

  // Throws (or rejects with) the MockError of every refusal; `settle` turns it into the envelope.
  // Not async: a GET is answered without waiting on a promise of each step.
  function answer(
    operation: RegisteredOperation,
    params: ParameterValues,
    request: OperationRequest,
    fault: FaultKind | null,
    record: RecordedRequest,
  ): Answer | Promise<Answer> | null {
    if (fault === "drop") {
      record.fault = "drop";
      request.drop();
      return null;
    }
    if (fault !== null) {
      record.fault = fault;
      throw injectedRefusal(fault, faults);
    }
    const steps = servedAs(operation);
    const input = steps.input(request, params);
    return input instanceof Promise ? input.then(steps.handle) : steps.handle(input);
  }

  /** The answer, or the envelope of the MockError refusing the request; logs its status. */
  async function settle(
    operation: RegisteredOperation,
    params: ParameterValues,
    request: OperationRequest,
    fault: FaultKind | null,
    record: RecordedRequest,
  ): Promise<Answer | null> {
    let result: Answer | null;
    try {
      result = await answer(operation, params, request, fault, record);
    } catch (error) {
      // Anything else is a failure of the mock: it propagates, and the transport answers 500.
      if (!(error instanceof MockError)) throw error;
      result = errorAnswer(error);
    }
    record.status = result === null ? 0 : result.status;
    return result;
  }

  return {
    route: (method, pathname) => registry.route(method, pathname),
    answer(operation, params, request) {
      const fault = faults.next();
      const record: RecordedRequest = {
        method: request.method,
        path: request.path,
        operationId: operation.operationId,
        status: 0,
        idempotencyKey: request.header("idempotency-key") ?? null,
        latencyMs: fault.delayMs,
        fault: null,
      };
      state.logRequest(record);
      if (fault.delayMs === 0) return settle(operation, params, request, fault.kind, record);
      record.fault = "latency";
      return new Promise((resolve) => setTimeout(resolve, fault.delayMs)).then(() =>
        settle(operation, params, request, fault.kind, record),
      );
    },
  };
}
