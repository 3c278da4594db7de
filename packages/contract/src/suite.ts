// runContractSuite: run every check against a server and report each one.

import type { OperationId } from "@evals-api/types/spec";
import { type Check, type CheckContext, contractChecks } from "./checks.js";
import { checkResponse } from "./conformance.js";
import { exampleAgentId } from "./spec.js";

export interface ContractOptions {
  /** The server to check, e.g. `http://127.0.0.1:4010` or `https://api.bland.ai`. */
  baseUrl: string;
  /** A valid API key for that server. */
  apiKey: string;
  /** The fetch to send requests with (default: global fetch), e.g. a mock's in-process `fetch`. */
  fetch?: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** An agent that exists on the server. Default: the spec example's agent, which the mock seeds. */
  agentId?: string;
  /** Also run the check that creates a real, billed run. Default false. */
  allowBilled?: boolean;
  /** Call ids for the billed check. Default: those of the spec's example request. */
  callIds?: string[];
  /** Per-request timeout in ms. Default 15000. */
  timeoutMs?: number;
}

export interface CheckResult {
  name: string;
  operationId: OperationId;
  outcome: "pass" | "fail" | "not-run";
  /** The status the server answered, or null when no response came (or the check did not run). */
  status: number | null;
  /** Why the check failed or did not run. */
  reason?: string;
  /** JSON Pointer of the first schema violation in the response body, when there is one. */
  path?: string;
}

export interface ContractReport {
  ok: boolean;
  baseUrl: string;
  passed: number;
  failed: number;
  notRun: number;
  checks: CheckResult[];
}

async function runCheck(check: Check, ctx: CheckContext): Promise<CheckResult> {
  const base = { name: check.name, operationId: check.operationId };
  let response: Response;
  try {
    response = await check.run(ctx);
  } catch (error) {
    const reason =
      error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : String(error);
    return { ...base, outcome: "fail", status: null, reason: `request failed: ${reason}` };
  }
  const checked = await checkResponse(check.operationId, response);
  const problems: string[] = [];
  if (!check.expect.includes(checked.status)) {
    problems.push(`expected ${check.expect.join(" or ")}, got ${checked.status}`);
  }
  problems.push(...checked.violations.map((v) => v.message));
  if (problems.length === 0 && check.verify) {
    const wrong = check.verify(checked.body, ctx);
    if (wrong !== undefined) problems.push(wrong);
  }
  const path = checked.violations.find((v) => v.rule === "schema")?.path;
  return {
    ...base,
    outcome: problems.length === 0 ? "pass" : "fail",
    status: checked.status,
    ...(problems.length > 0 && { reason: problems.join("; ") }),
    ...(path !== undefined && { path }),
  };
}

/** Runs the fixed set of checks one after another (never in parallel: rate limits). */
export async function runContractSuite(options: ContractOptions): Promise<ContractReport> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const ctx: CheckContext = {
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    agentId: options.agentId ?? exampleAgentId(),
    callIds: options.callIds,
    send: (url, init) => fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
  };
  const checks: CheckResult[] = [];
  for (const check of contractChecks()) {
    if (check.billed && !options.allowBilled) {
      checks.push({
        name: check.name,
        operationId: check.operationId,
        outcome: "not-run",
        status: null,
        reason: "creates a billed run; pass --allow-billed (allowBilled: true) to run it",
      });
      continue;
    }
    checks.push(await runCheck(check, ctx));
  }
  const count = (outcome: CheckResult["outcome"]) => checks.filter((c) => c.outcome === outcome).length;
  return {
    ok: count("fail") === 0,
    baseUrl: options.baseUrl,
    passed: count("pass"),
    failed: count("fail"),
    notRun: count("not-run"),
    checks,
  };
}

/** One line per check, then a summary line. */
export function formatReport(report: ContractReport): string {
  const lines = report.checks.map((c) => {
    const mark = c.outcome === "pass" ? "PASS" : c.outcome === "fail" ? "FAIL" : "NOT RUN";
    const status = c.status === null ? "" : ` [${c.status}]`;
    const why = c.reason ? ` — ${c.reason}` : "";
    const at = c.path !== undefined ? ` (at ${c.path || "(root)"})` : "";
    return `${mark} ${c.name}${status}${why}${at}`;
  });
  // Worded so it is never mistaken for a test runner's closing "N passed, N failed" line.
  lines.push(
    `evals-contract against ${report.baseUrl}: ${report.passed} checks passed, ${report.failed} failed, ${report.notRun} not run`,
  );
  return lines.join("\n");
}
