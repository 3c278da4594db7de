// runContractSuite: run every check of a registry's operations against a server, within the run's
// deadline, and report each.
import {
  type OperationId,
  type RegisteredOperation,
  type Registry,
  registry as shipped,
} from "@evals-api/types/registry";
import { type Check, type CheckContext, contractChecks, isBilled } from "./checks.js";
import { checkAnswer } from "./conformance.js";
import { type CoverageRecorder, createCoverage } from "./coverage.js";
import { exampleAgentId } from "./domain-checks.js";
import { statusFinding } from "./expectation.js";
import { type Finding, finding } from "./findings.js";
import { fuzzChecks, fuzzRefusal } from "./fuzz.js";
import { type FailOn, failOnPolicy, limitMs } from "./options.js";
import { type CheckResult, type ContractReport, DEADLINE, resultOf, summarize } from "./report.js";
import { type SpecReader, sameClass, specOf } from "./spec.js";
import { DeadlineReached, Transport } from "./transport.js";

export interface ContractOptions<Id extends string = OperationId> {
  /**
   * The operations to check, and the spec they are checked against: a registry from
   * `@evals-api/types/registry` (`createRegistry` over a generated operation table). Default: the
   * shipped spec's. Every operation in it gets the generated checks; one the spec adds needs no code.
   */
  registry?: Registry<Id>;
  /** The server to check, e.g. `http://127.0.0.1:4010` or `https://api.bland.ai`. */
  baseUrl: string;
  /** A valid API key for that server. */
  apiKey: string;
  /** The fetch to send requests with (default: global fetch), e.g. a mock's in-process `fetch`. */
  fetch?: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** An agent that exists on the server; only the billed check names it. Default: the spec example's agent, which the mock seeds. */
  agentId?: string;
  /** Also run the check that creates a real, billed run. Default false. */
  allowBilled?: boolean;
  /** Call ids for the billed check. Default: those of the spec's example request. */
  callIds?: string[];
  /** Per-request timeout in ms, from the send to the end of the body. Default 15000; 0, Infinity or above 2^31-1: none. */
  timeoutMs?: number;
  /** The whole run's limit in ms. Default 300000; 0, Infinity or above 2^31-1: none. */
  deadlineMs?: number;
  /** When the report is not ok: on a `violation` (default), on a `warning` too (strict), or `never`. */
  failOn?: FailOn;
  /**
   * Instead of the suite's checks, send `runs` bodies that break only vendor-stated rules, drawn
   * with `seed` (default: a random one, given in the report), each expected to be refused with a
   * 4xx. They attach only the spec example's agents unless `agentId` is given; with `agentId`,
   * a server that is not loopback needs `allowBilled`, since a lax server could bill one.
   */
  fuzz?: { runs: number; seed?: number };
}

const BILLED = "creates a billed run; pass --allow-billed (allowBilled: true) to run it";

const notRun = <Id extends string>(check: Check, reason: string): CheckResult<Id> => ({
  name: check.name,
  operationId: check.operationId as Id,
  provenance: check.subject,
  outcome: "not-run",
  status: null,
  reason,
  findings: [],
});

const failure = (error: unknown) =>
  finding("request", { source: "vendor" }, error instanceof Error ? error.message : String(error));

// The expectations of a check beyond the schema, held when the body broke no vendor rule and the
// status is of the class the check expects (a 200 for our 202 is still a created run).
function verified(check: Check, ctx: CheckContext, status: number, body: unknown, found: Finding[]): Finding[] {
  const { verify } = check;
  if (verify === undefined || found.some((f) => f.severity === "violation")) return [];
  if (!check.expect.some((s) => sameClass(s, status))) return [];
  const wrong = verify.check(body, ctx);
  return wrong === undefined ? [] : [finding("verify", verify.provenance, wrong)];
}

async function runCheck<Id extends string>(
  spec: SpecReader,
  operation: RegisteredOperation,
  check: Check,
  ctx: CheckContext,
): Promise<CheckResult<Id>> {
  const base = { name: check.name, operationId: check.operationId as Id, provenance: check.subject };
  let response: Response;
  try {
    response = await check.run(ctx);
  } catch (error) {
    if (error instanceof DeadlineReached) return notRun(check, DEADLINE);
    return resultOf({ ...base, status: null }, [failure(error)]);
  }
  const status = response.status;
  const judged = (body: unknown) =>
    check.judge ? check.judge(status, body) : statusFinding(operation, check.expect, check.subject, status);
  let text: string;
  try {
    text = await ctx.read(response);
  } catch (error) {
    if (error instanceof DeadlineReached) return notRun(check, DEADLINE);
    const wrongStatus = judged(undefined);
    return resultOf({ ...base, status }, [...(wrongStatus ? [wrongStatus] : []), failure(error)]);
  }
  const checked = checkAnswer(spec, operation, { status, headers: response.headers, text });
  const wrongStatus = judged(checked.body);
  const found = [...(wrongStatus ? [wrongStatus] : []), ...checked.findings];
  return resultOf({ ...base, status }, [...found, ...verified(check, ctx, status, checked.body, found)]);
}

// The operation a check's request calls, by its method and path under the base URL: a check may
// send to another operation than its own (a domain check reading an agent first).
function calledOperation(registry: Registry, baseUrl: string, url: string, method: string): string | undefined {
  const base = new URL(baseUrl).pathname.replace(/\/+$/, "");
  const { pathname } = new URL(url);
  const path = pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
  return registry.route(method, path || "/")?.operation?.operationId;
}

// Sends through the transport, and tells the coverage what was sent and what answered.
function observedSend(registry: Registry, baseUrl: string, transport: Transport, coverage: CoverageRecorder) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    const operationId = calledOperation(registry, baseUrl, url, init.method ?? "GET");
    if (operationId !== undefined) {
      coverage.request(operationId);
      const contentType = new Headers(init.headers).get("content-type");
      if (typeof init.body === "string") coverage.requestBody(operationId, contentType, init.body);
    }
    const response = await transport.send(url, init);
    if (operationId !== undefined) coverage.answered(operationId, response.status);
    return response;
  };
}

// The fuzz run asked for, checked before anything is sent.
function fuzzPlan(options: ContractOptions<string>): { runs: number; seed: number } | undefined {
  if (options.fuzz === undefined) return undefined;
  const { runs, seed = Math.floor(Math.random() * 2 ** 31) } = options.fuzz;
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new RangeError(`fuzz.runs must be a whole number ≥ 1, got ${runs}`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) {
    throw new RangeError(`fuzz.seed must be a whole number from 0 to 2147483647, got ${seed}`);
  }
  const refusal = fuzzRefusal(options.baseUrl, options.agentId, options.allowBilled === true);
  if (refusal !== undefined) throw new RangeError(refusal);
  return { runs, seed };
}

/**
 * Runs the checks of every operation of `options.registry` (default: the shipped spec's) one after
 * another (never in parallel: rate limits), each to a result whatever the server does, and stops
 * at the deadline. Rejects only for invalid options.
 */
export async function runContractSuite<Id extends string = OperationId>(
  options: ContractOptions<Id>,
): Promise<ContractReport<Id>> {
  const registry: Registry = options.registry ?? shipped;
  const spec = specOf(registry);
  const failOn = failOnPolicy(options.failOn, "failOn");
  const timeoutMs = limitMs(options.timeoutMs, "timeoutMs", 15_000);
  const deadlineMs = limitMs(options.deadlineMs, "deadlineMs", 300_000);
  const deadline = new AbortController();
  const fuzz = fuzzPlan(options);
  const timer =
    deadlineMs === undefined ? undefined : setTimeout(() => deadline.abort(new DeadlineReached()), deadlineMs);
  const transport = new Transport(options.fetch ?? globalThis.fetch, timeoutMs, deadline.signal);
  const coverage = createCoverage(registry);
  const ctx: CheckContext = {
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    agentId: options.agentId ?? exampleAgentId(spec),
    callIds: options.callIds,
    send: observedSend(registry, options.baseUrl, transport, coverage),
    read: (response) => transport.read(response),
  };
  const planned =
    fuzz === undefined ? contractChecks(registry) : fuzzChecks(spec, { ...fuzz, agentId: options.agentId });
  const checks: CheckResult<Id>[] = [];
  try {
    for (const check of planned) {
      const operation = registry.get(check.operationId);
      if (isBilled(operation, check) && !options.allowBilled) checks.push(notRun(check, BILLED));
      else if (deadline.signal.aborted) checks.push(notRun(check, DEADLINE));
      else checks.push(await runCheck(spec, operation, check, ctx));
    }
  } finally {
    clearTimeout(timer);
  }
  for (const check of checks) coverage.outcome(check.outcome);
  const report = summarize(options.baseUrl, failOn, checks, coverage.coverage());
  return fuzz === undefined ? report : { ...report, fuzz };
}
