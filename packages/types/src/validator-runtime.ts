// `@evals-api/types/validator-runtime`: what generated validators import, for a document generated
// outside this package (`scripts/generate.mjs --runtime @evals-api/types/validator-runtime`), such as
// the test fixture with a third operation.
export { createValidator, formatIssues, type RuleSource, type ValidationIssue, type Validator } from "./issues.js";
