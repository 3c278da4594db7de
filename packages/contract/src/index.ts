export { type BodyRule, createRunBodyRules } from "./body-rules.js";
export { type CheckedResponse, checkResponse, type Violation } from "./conformance.js";
export {
  type CheckResult,
  type ContractOptions,
  type ContractReport,
  formatReport,
  runContractSuite,
} from "./suite.js";
