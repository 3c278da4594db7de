export type { DryRunReport } from "./dry-run.js";
export { MOCK_REQUESTS_URI, OPENAPI_URI } from "./resources.js";
export { createEvalsMcpServer, type EvalsMcpServer, type EvalsMcpServerOptions } from "./server.js";
export { derivedIdempotencyKey } from "./tool-arguments.js";
export { type EvalsTool, type ToolOptions, toolName, toolsOf } from "./tools.js";
