// What a tool call answers: the data as structuredContent with a short summary, or a tool error
// (`isError: true`) whose text says what went wrong and how to fix it, so that an assistant can
// correct itself. Details a program may want are under `_meta`, never in structuredContent, which
// the client checks against the tool's output schema (the success data's).
import { EvalsApiError, EvalsConnectionError, EvalsTimeoutError, RateLimitError } from "@evals-api/client";
import type { ValidationIssue } from "@evals-api/types/request-validators";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { issueLines } from "./issue-text.js";
import type { EvalsTool } from "./tools.js";

const text = (value: string) => ({ type: "text" as const, text: value });

export function successResult(summary: string, data: Record<string, unknown>, warnings: string[]): CallToolResult {
  const content = [text([summary, ...warnings].join("\n")), text(JSON.stringify(data, null, 2))];
  return { content, structuredContent: data };
}

export function refusedResult(entry: EvalsTool, issues: ValidationIssue[]): CallToolResult {
  const lines = [
    `${entry.tool.name} was not called: its arguments break the spec, and nothing was sent.`,
    ...issueLines(issues, entry.tool.inputSchema),
    "Fix the arguments named by these JSON paths and call again.",
  ];
  return { isError: true, content: [text(lines.join("\n"))], _meta: { "evals-api/issues": issues } };
}

// What to do about an answer, by its status: the part of the message an assistant acts on.
function advice(status: number, billed: boolean, error: EvalsApiError): string {
  if (status === 400) return "Fix the argument the message names and call again.";
  if (status === 401 || status === 403)
    return "The API key was refused: set a valid BLAND_API_KEY in this server's environment (the assistant's MCP configuration), then restart it.";
  if (status === 402)
    return "The organization has no billing record on file: add one in the Bland dashboard before creating runs.";
  if (status === 404)
    return "Check the ids the message names. If they are right, Evals may be disabled for this organization.";
  if (status === 409)
    return "This idempotency_key was used before with other arguments: pass a new idempotency_key, or the original arguments.";
  if (status === 429) {
    const wait =
      error instanceof RateLimitError && error.retryAfterMs !== undefined
        ? `${Math.ceil(error.retryAfterMs / 1000)} s`
        : "a while";
    return `Rate limited: wait ${wait} and call again.`;
  }
  if (status >= 500 && billed) return inDoubt;
  if (status >= 500) return "The server failed: try again shortly.";
  return "See the message above.";
}

const inDoubt =
  "The run may have been created (and billed) all the same. Do not call again with confirm until you have checked; calling again with the same arguments sends the same idempotency_key, which a server that honours it answers with the original run (the vendor does not document that it does).";

function apiErrorText(entry: EvalsTool, error: EvalsApiError): string {
  const errors = error.errors.length > 0 ? error.errors : [{ error: error.code ?? "", message: error.message }];
  const lines = errors.map((e) => `- ${e.error ? `${e.error}: ` : ""}${e.message}`);
  const head = `${entry.tool.name} failed: HTTP ${error.status} from ${error.method} ${error.path}.`;
  return [head, ...lines, advice(error.status, entry.operation.billed, error)].join("\n");
}

export function failedResult(entry: EvalsTool, error: unknown, notes: string[] = []): CallToolResult {
  const billed = entry.operation.billed;
  let message: string;
  let meta: Record<string, unknown> = {};
  if (error instanceof EvalsApiError) {
    message = apiErrorText(entry, error);
    meta = { status: error.status, code: error.code, errors: error.errors, requestId: error.requestId };
  } else if (error instanceof EvalsTimeoutError || error instanceof EvalsConnectionError) {
    const after = billed ? inDoubt : "Try again shortly; check --base-url if it keeps failing.";
    message = `${entry.tool.name} got no answer: ${error.message.replace(/\.$/, "")}.\n${after}`;
    meta = { name: error.name };
  } else {
    message = `${entry.tool.name} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { isError: true, content: [text([message, ...notes].join("\n"))], _meta: { "evals-api/error": meta } };
}
