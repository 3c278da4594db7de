export type { CreateEvalRunRequest, EvalAgentWithVersion, EvalRun } from "@evals-api/types";
export type { ValidationIssue } from "@evals-api/types/request-validators";
export type { Middleware } from "openapi-fetch";
export {
  type CreateRunOptions,
  createEvalsClient,
  type EvalsClient,
  type EvalsClientOptions,
  type RequestOptions,
} from "./client.js";
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
