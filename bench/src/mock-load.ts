// One load run of a server (autocannon, a fixed number of connections for a fixed time) and the
// spec check of fresh answers after it: the units the mock benchmark and its profiles are made of.
import type { Validator } from "@evals-api/types/validators";
import {
  validateCreateEvalRunResponse,
  validateErrorEnvelope,
  validateGetEvalAgentResponse,
} from "@evals-api/types/validators";
import autocannon from "autocannon";
import { authHeaders, type ScenarioId } from "./mock-servers.js";
import type { ServerProcess } from "./processes.js";

export interface Scenario {
  id: ScenarioId;
  label: string;
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  expectStatus: number;
  schema: Validator<unknown>;
  /** For an invalid request: the field at fault, which a helpful error names. */
  blames?: string;
}

export interface Load {
  rps: number;
  /** Requests answered per CPU-second of the server's process group. */
  perCpuSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

// autocannon ends a run at its next sample tick after the duration: tick often, so that a run
// lasts what it was asked to, and count the rate over the time it really took.
const sampleIntervalMs = 50;

export async function load(
  server: ServerProcess,
  scenario: Scenario,
  options: { connections: number },
  seconds: number,
): Promise<Load> {
  const cpuBefore = server.cpuMs();
  const result = await autocannon({
    url: `${server.baseUrl}${scenario.path}`,
    method: scenario.method,
    headers: { ...authHeaders, ...(scenario.body === undefined ? {} : { "content-type": "application/json" }) },
    ...(scenario.body === undefined ? {} : { body: JSON.stringify(scenario.body) }),
    connections: options.connections,
    duration: seconds,
    sampleInt: sampleIntervalMs,
  });
  const wrongStatus = scenario.expectStatus < 300 ? result.non2xx : result["2xx"];
  const cpuMs = server.cpuMs() - cpuBefore;
  const elapsedMs = Math.max(1, result.finish.getTime() - result.start.getTime());
  return {
    rps: (result.requests.total * 1000) / elapsedMs,
    perCpuSecond: (result.requests.total * 1000) / Math.max(cpuMs, 10),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + wrongStatus,
  };
}

export interface Sample {
  /** Answers with the expected status and a body the spec's validator finds no issue in. */
  valid: number;
  /** Answers whose body names `scenario.blames` (an error that says what is wrong). */
  blaming: number;
}

/**
 * Checks `sampleSize` fresh answers against the spec. Any issue counts, whether the rule it
 * breaks is the vendor's or one we assume: the mock must satisfy every rule the spec writes.
 */
export async function sample(server: ServerProcess, scenario: Scenario, sampleSize: number): Promise<Sample> {
  const result = { valid: 0, blaming: 0 };
  for (let i = 0; i < sampleSize; i++) {
    const res = await fetch(`${server.baseUrl}${scenario.path}`, {
      method: scenario.method,
      headers: { ...authHeaders, "content-type": "application/json" },
      ...(scenario.body === undefined ? {} : { body: JSON.stringify(scenario.body) }),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      continue;
    }
    if (res.status === scenario.expectStatus && scenario.schema(body).length === 0) result.valid++;
    if (scenario.blames !== undefined && text.includes(scenario.blames)) result.blaming++;
  }
  return result;
}

export function defaultScenarios(
  agentId: string,
  validRun: unknown,
  invalidRun: unknown,
  invalidField: string,
): Scenario[] {
  return [
    {
      id: "get-agent",
      label: "GET agent",
      method: "GET",
      path: `/v1/evals/agents/${agentId}`,
      expectStatus: 200,
      schema: validateGetEvalAgentResponse as Validator<unknown>,
    },
    {
      id: "valid-post",
      label: "valid POST run",
      method: "POST",
      path: "/v1/evals/runs",
      body: validRun,
      expectStatus: 202,
      schema: validateCreateEvalRunResponse as Validator<unknown>,
    },
    {
      id: "invalid-post",
      label: "invalid POST run",
      method: "POST",
      path: "/v1/evals/runs",
      body: invalidRun,
      expectStatus: 400,
      schema: validateErrorEnvelope as Validator<unknown>,
      blames: invalidField,
    },
  ];
}
