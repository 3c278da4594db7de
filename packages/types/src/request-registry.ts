// `@evals-api/types/request-registry`: the shipped spec's registry with the request validators
// only — what a server needs to check what it receives. Its responses carry no validator
// (`response(s).validate` is null), so a bundle of it leaves out the response validators, which
// are most of the generated code (the mock's CLI loads a third less at startup). Read
// `@evals-api/types/registry` to check answers too.
import document from "../generated/openapi.json" with { type: "json" };
import { operationIndex } from "../generated/operations.js";
import { operationRequestValidators } from "../generated/request-validators.js";
import { createRegistry, type OperationValidatorSet, type Registry } from "./registry.js";

type OperationId = keyof typeof operationIndex;

const withoutResponses = Object.fromEntries(
  Object.entries(operationRequestValidators).map(([id, validators]) => [id, { ...validators, responses: {} }]),
) as Record<OperationId, OperationValidatorSet>;

/** The shipped spec's operations with their request validators; no response validators. */
export const requestRegistry: Registry<OperationId> = createRegistry({
  document,
  operationIndex,
  operationValidators: withoutResponses,
});
