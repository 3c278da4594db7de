// The suite's checks: for every operation of a registry, those generated from the spec
// (generated-checks.ts) with what the domain adds (domain-checks.ts), in a safe order: reads before
// writes, and a check that creates a billed run last.
import type { Provenance, RegisteredOperation, Registry } from "@evals-api/types/registry";
import { domainChecks } from "./domain-checks.js";
import type { Finding } from "./findings.js";
import { generatedChecks } from "./generated-checks.js";
import { specOf } from "./spec.js";

export interface CheckContext {
  baseUrl: string;
  apiKey: string;
  /** The agent under test; undefined when neither the caller nor the spec's example names one. */
  agentId: string | undefined;
  callIds: string[] | undefined;
  /** Sends a request under the run's limits. */
  send(url: string, init: RequestInit): Promise<Response>;
  /** Reads a response's body under the run's limits. */
  read(response: Response): Promise<string>;
}

/** An expectation on a body beyond its schema; returns what is wrong, or undefined. */
export interface Verification {
  /** Whose fact the expectation is: a wrong body only warns when it is ours. */
  provenance: Provenance;
  check(body: unknown, ctx: CheckContext): string | undefined;
}

export interface Check {
  name: string;
  operationId: string;
  /** Statuses a conforming server may answer. A check that expects a 2xx of a billed operation is billed. */
  expect: readonly number[];
  /** The marker of what the check tests; see expectation.ts for how it sets a wrong status's severity. */
  subject: Provenance;
  run(ctx: CheckContext): Promise<Response>;
  verify?: Verification;
  /**
   * Judges the status in place of `expect` (which then only names the status a conforming server
   * typically gives): the fuzzer takes any 4xx, and names the run a 2xx created.
   */
  judge?(status: number, body: unknown): Finding | undefined;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a check creates a billed run: it expects a 2xx of an operation the spec marks `x-billed`. */
export function isBilled(operation: RegisteredOperation, check: Check): boolean {
  return operation.billed && check.expect.some((status) => status >= 200 && status < 300);
}

/** Every check of every operation of the registry, in the order the suite runs them. */
export function contractChecks(registry: Registry): Check[] {
  const spec = specOf(registry);
  // Reads first, in the document's order (a stable sort), so that writes come after them.
  const operations = [...registry.list].sort(
    (a, b) => Number(!SAFE_METHODS.has(a.method)) - Number(!SAFE_METHODS.has(b.method)),
  );
  const checks: Check[] = [];
  const billed: Check[] = [];
  for (const operation of operations) {
    const generated = generatedChecks(spec, operation);
    const domain = domainChecks(spec, operation);
    const success: Check = { ...generated.success, ...domain.success };
    (isBilled(operation, success) ? billed : checks).push(success);
    checks.push(...generated.parameters, ...(domain.more ?? []), ...generated.body);
  }
  return [...checks, ...billed];
}
