export type { CreateEvalRunRequest, EvalAgentWithVersion, EvalRun } from "@evals-api/types";
export type { ValidationIssue } from "@evals-api/types/request-validators";
export type { Middleware } from "openapi-fetch";
export { createEvalsClient, type EvalsClient } from "./client.js";
export {
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  EvalsApiError,
  EvalsConnectionError,
  EvalsError,
  EvalsTimeoutError,
  EvalsValidationError,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./errors.js";
export type { CreateRunOptions, EvalsClientOptions, RequestOptions } from "./options.js";
