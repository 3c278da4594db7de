// A billed tool called without `confirm: true`: what the call would send and create, and every rule
// it breaks, with nothing sent. It comes back as a tool error so that no assistant can take it for
// a created run: the tool's output schema is the created run, which a dry run has none of.
import type { ValidationIssue } from "@evals-api/types/request-validators";
import type { ArgumentCheck } from "./argument-checks.js";
import { issueLines } from "./issue-text.js";
import { estimateRun, type RunEstimate } from "./run-estimate.js";
import type { RequestParts } from "./tool-arguments.js";
import type { EvalsTool } from "./tools.js";

/** The dry run's findings, also given machine-readably in the result's `_meta`. */
export interface DryRunReport {
  tool: string;
  operationId: string;
  method: string;
  path: string;
  idempotencyKey: unknown;
  /** Rules the vendor states that the arguments break: the API would refuse the call. */
  broken: ValidationIssue[];
  /** Rules only the spec assumes that the arguments break: the call would still be sent. */
  warnings: ValidationIssue[];
  /** For a create-run: its calls, agents and atoms. */
  run: RunEstimate | undefined;
}

// Estimates of what an operation would create, by operationId: the one domain guard written by hand.
const estimates: Record<string, (body: Record<string, unknown>) => RunEstimate | undefined> = {
  createEvalRun: estimateRun,
};

export function dryRun(entry: EvalsTool, parts: RequestParts, check: ArgumentCheck): DryRunReport {
  const { operation, tool } = entry;
  const estimate = parts.body === undefined ? undefined : estimates[operation.operationId]?.(parts.body);
  return {
    tool: tool.name,
    operationId: operation.operationId,
    method: operation.method,
    path: check.path ?? operation.path,
    idempotencyKey: parts.idempotencyKey?.value,
    broken: check.refused,
    warnings: check.warnings,
    run: estimate,
  };
}

const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

function estimateText({ calls, agents, atoms, note }: RunEstimate): string {
  const scored =
    agents === null
      ? `${counted(calls, "call")} with the agents of a workbench version: atoms unknown until it is created`
      : `${counted(calls, "call")} × ${counted(agents, "agent")} = ${counted(atoms ?? 0, "atom")} (one verdict each; what a run is billed by)`;
  return `It would create an eval run scoring ${scored}${note === undefined ? "" : `; ${note}`}.`;
}

export function dryRunText(report: DryRunReport, schema: unknown): string {
  const lines = [`DRY RUN of ${report.tool}: nothing was sent and nothing was billed.`];
  lines.push(`It would send ${report.method} ${report.path}.`);
  if (report.run !== undefined) lines.push(estimateText(report.run));
  if (report.broken.length > 0) {
    lines.push("The API would refuse it; these arguments break the spec:", ...issueLines(report.broken, schema));
  } else lines.push("No rule of the spec is broken.");
  if (report.warnings.length > 0) {
    lines.push(
      "Warnings (rules only this spec assumes; the call would still be sent):",
      ...issueLines(report.warnings, schema),
    );
  }
  if (report.idempotencyKey !== undefined) {
    lines.push(`Idempotency-Key: ${String(report.idempotencyKey)} (the same arguments send the same key).`);
  }
  lines.push(
    report.broken.length > 0
      ? "Fix the arguments named above, then dry-run again."
      : `To create it: show this to the user and, once they agree, call ${report.tool} again with the same arguments and "confirm": true.`,
  );
  return lines.join("\n");
}
