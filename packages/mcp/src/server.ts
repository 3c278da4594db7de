// createEvalsMcpServer: the tools of a registry (the shipped spec's by default) on the SDK's
// low-level Server, which takes each tool's JSON Schema as the spec gives it. Calls go through
// @evals-api/client: against the API, another base URL, or the in-process mock.
import { createEvalsClient } from "@evals-api/client";
import { createMockServer, type MockServer } from "@evals-api/mock";
import { type Registry, registry as shippedRegistry } from "@evals-api/types/registry";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import packageJson from "../package.json" with { type: "json" };
import { type AnyEvalsClient, callOperation } from "./api-call.js";
import { checkArguments } from "./argument-checks.js";
import { dryRun, dryRunText } from "./dry-run.js";
import { issueLines } from "./issue-text.js";
import { type Redact, redaction } from "./redaction.js";
import { readResource, resourcesOf } from "./resources.js";
import { summaryOf } from "./summaries.js";
import { splitArguments } from "./tool-arguments.js";
import { failedResult, refusedResult, successResult } from "./tool-results.js";
import { type EvalsTool, toolsOf } from "./tools.js";

export interface EvalsMcpServerOptions {
  /** The API key; default `BLAND_API_KEY`. Not needed with `mock`. Never written to a result or a log. */
  apiKey?: string;
  /** Where the API answers; default the spec's server, `https://api.bland.ai`. */
  baseUrl?: string;
  /** Serve against an in-process `@evals-api/mock` (`true`, or one of yours): no key, no network. */
  mock?: boolean | MockServer;
  /** List only the operations the spec does not mark `x-billed`. */
  readOnly?: boolean;
  /** The operations to serve: default the shipped spec's (`@evals-api/types/registry`). */
  registry?: Registry;
  /** A `fetch` for the client (tests); the mock's when `mock` is set. */
  fetch?: (input: string | Request, init?: RequestInit) => Promise<Response>;
  /** One line per call, the key redacted (the CLI writes them to stderr). */
  log?: (line: string) => void;
}

export interface EvalsMcpServer {
  /** The SDK server: `connect()` it to a transport (the CLI uses stdio). */
  server: Server;
  tools: readonly Tool[];
  /** The in-process mock, with `mock`. */
  mock: MockServer | undefined;
}

const INSTRUCTIONS = `Tools for the Bland AI Evals API, derived from its OpenAPI document (resource evals-api://openapi.json).
Tools marked destructive cost money. create_eval_run bills: call it first without "confirm" for a dry run that sends nothing and says what would be created (calls, agents, atoms) and any rule broken; show that to the user, and call again with the same arguments and "confirm": true only once they agree.
Errors come back as tool results naming the argument's JSON path: fix that argument and call again.`;

// The mock accepts any key; one is still needed, because the client always sends one.
const MOCK_KEY = "evals-mcp-mock-key";

function clientOf(
  options: EvalsMcpServerOptions,
  mock: MockServer | undefined,
): { evals: AnyEvalsClient; apiKey: string } {
  const apiKey = options.apiKey || process.env.BLAND_API_KEY || (mock ? MOCK_KEY : undefined);
  const fetch = mock?.fetch ?? options.fetch;
  const evals = createEvalsClient<Record<string, unknown>>({
    apiKey,
    baseUrl: options.baseUrl,
    ...(fetch ? { fetch } : {}),
  });
  return { evals, apiKey: apiKey ?? "" };
}

export function createEvalsMcpServer(options: EvalsMcpServerOptions = {}): EvalsMcpServer {
  const registry = options.registry ?? shippedRegistry;
  const mock = options.mock === true ? createMockServer({ registry }) : options.mock || undefined;
  const { evals, apiKey } = clientOf(options, mock);
  const redact = redaction(apiKey);
  const log = (line: string) => options.log?.(redact(line));
  const entries = toolsOf(registry, { readOnly: options.readOnly, openWorld: mock === undefined });
  const served = resourcesOf(registry.document, mock);
  const server = new Server(
    { name: "evals-mcp", title: "Bland AI Evals API", version: packageJson.version },
    { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: entries.map((e) => e.tool) }));
  server.setRequestHandler(CallToolRequestSchema, async ({ params }) => {
    const entry = entries.find((e) => e.tool.name === params.name);
    const result =
      entry === undefined
        ? unknownTool(params.name, entries, options.readOnly)
        : await callTool(entry, params.arguments, { evals, redact, log }).catch((error: unknown) =>
            // Whatever goes wrong is a tool error the assistant can read, not a protocol error.
            failedResult(entry, error),
          );
    return redact(result);
  });
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: served.map((s) => s.resource) }));
  server.setRequestHandler(ReadResourceRequestSchema, ({ params }) => readResource(served, params.uri));
  return { server, tools: entries.map((e) => e.tool), mock };
}

function unknownTool(name: string, entries: readonly EvalsTool[], readOnly: boolean | undefined): CallToolResult {
  const known = entries.map((e) => e.tool.name).join(", ");
  const why = readOnly ? " (this server runs with --read-only: it lists no billed tool)" : "";
  return { isError: true, content: [{ type: "text", text: `No tool ${name}${why}. The tools are: ${known}.` }] };
}

interface CallContext {
  evals: AnyEvalsClient;
  redact: Redact;
  log: (line: string) => void;
}

async function callTool(entry: EvalsTool, args: unknown, { evals, redact, log }: CallContext): Promise<CallToolResult> {
  const { operation, plan, tool } = entry;
  const { parts, confirm, issues } = splitArguments(operation.operationId, plan, args, operation.billed);
  const check = checkArguments(operation, plan, parts);
  check.refused.unshift(...issues);
  if (operation.billed && confirm !== undefined && typeof confirm !== "boolean") {
    check.refused.push({
      path: "/confirm",
      message: "must be boolean: true creates (and bills); leave it out for a dry run",
      source: "vendor",
    });
  }
  if (operation.billed && confirm !== true) {
    const report = dryRun(entry, parts, check);
    log(`${tool.name}: dry run, nothing sent (${report.broken.length} broken rules)`);
    return {
      isError: true,
      content: [{ type: "text", text: dryRunText(report, tool.inputSchema) }],
      _meta: { "evals-api/dry-run": report },
    };
  }
  if (check.refused.length > 0 || check.path === undefined) {
    log(`${tool.name}: refused before sending (${check.refused.length} issues)`);
    return refusedResult(entry, check.refused);
  }
  const outcome = await callOperation(evals, operation, check.path, parts, redact);
  log(`${tool.name}: ${operation.method} ${check.path} → ${outcome.ok ? outcome.status : "failed"}`);
  const notes =
    check.warnings.length > 0
      ? ["Sent despite these warnings (rules only this spec assumes):", ...issueLines(check.warnings, tool.inputSchema)]
      : [];
  if (!outcome.ok) return failedResult(entry, outcome.error, notes);
  if (operation.billed && parts.idempotencyKey !== undefined)
    notes.push(`Idempotency-Key: ${String(parts.idempotencyKey.value)}.`);
  return successResult(
    summaryOf(operation.operationId, tool.title ?? tool.name, outcome.status, outcome.data),
    outcome.data,
    notes,
  );
}
