// The validators a client runs before sending, generated from the spec: each operation's request
// body and its path and header parameters (`validateCreateEvalRunRequest`,
// `validateGetEvalAgentPathParams`, …), with `formatIssues`. A narrow entry: a bundler that loads
// it lazily (as @evals-api/client does) brings in none of the response validators.
export * from "../generated/request-validators.js";
export { formatIssues, type RuleSource, type ValidationIssue, type Validator } from "./issues.js";
