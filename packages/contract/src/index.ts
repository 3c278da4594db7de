export { type BodyRule, createRunBodyRules } from "./body-rules.js";
export { type CheckedResponse, checkResponse } from "./conformance.js";
export {
  type Coverage,
  type CoverageRecorder,
  createCoverage,
  formatCoverage,
  keywordOfMessage,
  type OperationCoverage,
  type RuleCoverage,
  type StatusCoverage,
} from "./coverage.js";
export type { Finding, FindingRule, Severity } from "./findings.js";
export { formatJUnit, formatProxyJUnit } from "./junit.js";
export type { FailOn } from "./options.js";
export { type ContractProxy, type ContractProxyOptions, createContractProxy, REPORT_PATH } from "./proxy.js";
export {
  findingLine,
  formatProxyReport,
  type NotChecked,
  type ProxyFinding,
  type ProxyOperationCount,
  type ProxyReport,
} from "./proxy-report.js";
export { type CheckResult, type ContractReport, formatReport, type Outcome } from "./report.js";
export { type ContractOptions, runContractSuite } from "./suite.js";
