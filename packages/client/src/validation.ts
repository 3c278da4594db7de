// Loaded with a dynamic import the first time a request is validated, so that a bundle of a client
// created with `validateRequests: false` does not carry the generated validators.
export {
  formatIssues,
  validateCreateEvalRunRequest,
  validateGetEvalAgentPathParams,
} from "@evals-api/types/validators";
