// Types generated from openapi/ by openapi-typescript, and friendly names for the schemas.
// Every alias points into `components["schemas"]`: nothing here restates a field.
import type { components } from "../generated/schema.js";

export { operationIndex } from "../generated/operations.js";
export { requestBodyBounds } from "../generated/request-bounds.js";
export type { components, operations, paths } from "../generated/schema.js";

type Schemas = components["schemas"];
export type CreateEvalRunRequest = Schemas["CreateEvalRunRequest"];
export type AgentAttachment = Schemas["AgentAttachment"];
export type SubmittedAgentAttachment = Schemas["SubmittedAgentAttachment"];
export type EvalRun = Schemas["EvalRun"];
export type EvalRunStatus = Schemas["EvalRunStatus"];
export type RunMode = Schemas["RunMode"];
export type TriggeredBy = Schemas["TriggeredBy"];
export type RunSummary = Schemas["RunSummary"];
export type EvalAgent = Schemas["EvalAgent"];
export type EvalAgentVersion = Schemas["EvalAgentVersion"];
export type EvalAgentLevel = Schemas["EvalAgentLevel"];
export type EvalAgentWithVersion = Schemas["EvalAgentWithVersion"];
export type Metadata = Schemas["Metadata"];
export type CreateEvalRunResponse = Schemas["CreateEvalRunResponse"];
export type GetEvalAgentResponse = Schemas["GetEvalAgentResponse"];
export type SuccessEnvelope = Schemas["SuccessEnvelope"];
export type ErrorEnvelope = Schemas["ErrorEnvelope"];
export type ApiError = Schemas["ApiError"];
