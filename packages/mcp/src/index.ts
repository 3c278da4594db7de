export { createEvalsMcpServer, type EvalsMcpServer, type EvalsMcpServerOptions } from "./server.js";
export { type EvalsTool, toolName, toolsOf, type ToolOptions } from "./tools.js";
export { MOCK_REQUESTS_URI, OPENAPI_URI } from "./resources.js";
export { derivedIdempotencyKey } from "./tool-arguments.js";
export type { DryRunReport } from "./dry-run.js";
