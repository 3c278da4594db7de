// `@evals-api/types/registry`: the registry of the shipped spec, with every validator. A separate
// entry point: it brings the whole document and all validators into a bundle (a mock, a contract
// suite, a docs build need them; a client does not).
import document from "../generated/openapi.json" with { type: "json" };
import { operationIndex } from "../generated/operations.js";
import { operationValidators } from "../generated/validators.js";
import { createRegistry, type Registry } from "./registry.js";

export * from "./registry.js";

/** The name of one operation of the shipped spec, e.g. `createEvalRun`. */
export type OperationId = keyof typeof operationIndex;

/** The operation registry of the shipped spec: every operation, its validators, path and responses. */
export const registry: Registry<OperationId> = createRegistry({ document, operationIndex, operationValidators });
