export type { CreateEvalRunRequest, EvalAgentWithVersion, EvalRun } from "@evals-api/types";
export type { ValidationIssue } from "@evals-api/types/request-validators";
export type { Middleware } from "openapi-fetch";
export { createMemoryJournal, type Journal, type JournalEntry } from "./batch-journal.js";
export type {
  CreateManyOptions,
  CreateManyProgress,
  CreateManyRequest,
  CreateManyResult,
  FailedChunk,
} from "./batch-options.js";
export type { CallIdSource } from "./call-id-chunks.js";
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
export type { EvalsPromise } from "./evals-promise.js";
export type { Logger, LogLevel } from "./logger.js";
export type { CreateRunOptions, EvalsClientOptions, RequestOptions } from "./options.js";
