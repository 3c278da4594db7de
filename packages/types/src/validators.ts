// Standalone validators generated from the spec at build time, one per named schema
// (`validateCreateEvalRunRequest`, `validateEvalRun`, …) and per operation's path and header
// parameters (`validateGetEvalAgentPathParams`, `validateCreateEvalRunHeaderParams`). A separate
// entry so that code which never validates does not bundle them.
export * from "../generated/validators.js";
export { formatIssues, type RuleSource, type ValidationIssue, type Validator } from "./issues.js";
