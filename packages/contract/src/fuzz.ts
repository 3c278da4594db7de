// --fuzz N: N request bodies that break only rules the vendor states, sent to every operation that
// takes a body, each expected to be refused with a 4xx. Never a 5xx (the server broke on bad
// input), never a 2xx (it accepted what the vendor says is invalid; for a billed operation, a run
// may have been billed, so its id is reported). Bodies are drawn by fast-check from the body rules
// (body-rules.ts) with a seed, so a seed names the same bodies on every run.
import type { RegisteredOperation, Registry } from "@evals-api/types/registry";
import type { ValidationIssue } from "@evals-api/types/validators";
import fc from "fast-check";
import { type BodyRule, requestBodyRules } from "./body-rules.js";
import type { Check } from "./checks.js";
import { finding } from "./findings.js";
import { getAt, segmentsOf, setAt } from "./json-pointer.js";
import { operationRequest } from "./requests.js";
import { exampleBodies, type SpecReader, specOf } from "./spec.js";

export interface FuzzOptions {
  /** How many bodies, in all. */
  runs: number;
  /** The seed of the draw; the same seed draws the same bodies. */
  seed: number;
  /** Put this agent in place of the spec examples' agents (see `agentCanBeBilled`). */
  agentId?: string;
}

/** A drawn body and what the operation's validator says it breaks (vendor rules only). */
export interface FuzzBody {
  operationId: string;
  body: unknown;
  issues: ValidationIssue[];
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Whether a base URL is this machine: the only place a fuzzed create can bill nobody. */
export const isLoopback = (baseUrl: string): boolean => LOOPBACK.test(new URL(baseUrl).hostname);

/**
 * Why a fuzz run may not go ahead: a real agent (--agent-id) on a server that is not this machine
 * could be billed by a lax server that accepts a fuzzed body, so that needs allowBilled.
 */
export function fuzzRefusal(baseUrl: string, agentId: string | undefined, allowBilled: boolean): string | undefined {
  if (agentId === undefined || allowBilled || isLoopback(baseUrl)) return undefined;
  return (
    `fuzzing ${baseUrl} with a real agent (--agent-id ${agentId}) could bill a run on a server that accepts an ` +
    "invalid body; pass --allow-billed to accept that, or leave out --agent-id to attach only the spec example's agents"
  );
}

// The example bodies' agents, by the spec's own field name for an attached agent.
function exampleAgentIds(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) exampleAgentIds(item, found);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "eval_agent_id" && typeof item === "string") found.add(item);
      else exampleAgentIds(item, found);
    }
  }
  return found;
}

function withAgent(value: unknown, examples: Set<string>, agentId: string): unknown {
  if (typeof value === "string") return examples.has(value) ? agentId : value;
  if (Array.isArray(value)) return value.map((item) => withAgent(item, examples, agentId));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withAgent(v, examples, agentId)]));
}

// One draw: a vendor rule's body, maybe with another rule's broken value added, maybe with a
// random JSON value where the first rule's field is.
const drawOf = (rules: BodyRule[]) =>
  fc.record({
    first: fc.constantFrom(...rules),
    second: fc.option(fc.constantFrom(...rules), { nil: undefined }),
    value: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined, freq: 3 }),
  });

// Whether the body has the object or array a pointer's last segment would be set in.
const holds = (body: unknown, at: string[]) => {
  const parent = getAt(body, at.slice(0, -1));
  return parent !== null && typeof parent === "object";
};

function bodyOf(draw: { first: BodyRule; second: BodyRule | undefined; value: unknown }): unknown {
  const body = structuredClone(draw.first.body);
  const { second } = draw;
  if (second !== undefined && second.path !== "") {
    const at = segmentsOf(second.path);
    if (holds(body, at)) setAt(body, at, structuredClone(getAt(second.body, at)));
  }
  if (draw.value !== undefined && draw.first.path !== "") {
    const at = segmentsOf(draw.first.path);
    if (holds(body, at)) setAt(body, at, draw.value);
  }
  return body;
}

// Draws until `count` bodies break a vendor rule and no assumed one: a server may accept a body
// that breaks only our assumptions, and must not be failed for it.
function drawBodies(operation: RegisteredOperation, rules: BodyRule[], count: number, seed: number): FuzzBody[] {
  const validate = operation.validators.requestBody;
  if (validate === null || rules.length === 0 || count === 0) return [];
  const bodies: FuzzBody[] = [];
  for (let round = 0; bodies.length < count && round < 20; round++) {
    for (const draw of fc.sample(drawOf(rules), { seed: seed + round, numRuns: count * 2 })) {
      const body = bodyOf(draw);
      const issues = validate(body);
      if (issues.length > 0 && issues.every((i) => i.source === "vendor"))
        bodies.push({ operationId: operation.operationId, body, issues });
      if (bodies.length === count) break;
    }
  }
  return bodies;
}

/** The bodies a fuzz run sends: `runs` in all, shared out over the operations that take a body. */
export function fuzzBodies(registry: Registry, options: FuzzOptions): FuzzBody[] {
  const spec = specOf(registry);
  const targets = registry.list
    .map((operation) => {
      const examples = exampleBodies(operation);
      const rules = requestBodyRules(spec, operation, examples).filter((r) => r.provenance.source === "vendor");
      return { operation, examples, rules };
    })
    .filter((t) => t.rules.length > 0);
  return targets.flatMap(({ operation, examples, rules }, i) => {
    const share = Math.floor(options.runs / targets.length) + (i < options.runs % targets.length ? 1 : 0);
    const drawn = drawBodies(operation, rules, share, options.seed);
    const { agentId } = options;
    if (agentId === undefined) return drawn;
    const agents = exampleAgentIds(examples);
    return drawn.map((b) => ({ ...b, body: withAgent(b.body, agents, agentId) }));
  });
}

const describeIssues = (issues: ValidationIssue[]) =>
  issues
    .slice(0, 3)
    .map((i) => `${i.path || "(body)"} ${i.message}`)
    .join("; ") + (issues.length > 3 ? `; and ${issues.length - 3} more` : "");

// The id of what a 2xx answer created, wherever the envelope holds it: data.id, or id.
function createdId(body: unknown): string | undefined {
  const record = (v: unknown) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined);
  const id = record(record(body)?.data)?.id ?? record(body)?.id;
  return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
}

// Any 4xx is a refusal; the body broke a vendor rule, so anything else breaks a vendor fact.
function judgeRefusal(operation: RegisteredOperation) {
  return (status: number, body: unknown) => {
    if (status >= 400 && status < 500) return undefined;
    if (status >= 200 && status < 300) {
      const id = createdId(body);
      const made = id === undefined ? "no id in the answer" : `it created ${id}`;
      const billed = operation.billed ? "; the operation is billed: check whether that run was billed" : "";
      return finding(
        "status",
        { source: "vendor" },
        `expected a 4xx, got ${status}: accepted an invalid body (${made})${billed}`,
      );
    }
    return finding("status", { source: "vendor" }, `expected a 4xx, got ${status}`);
  };
}

/** The checks of a fuzz run: one per body, expecting a 4xx. */
export function fuzzChecks(spec: SpecReader, options: FuzzOptions): Check[] {
  const bodies = fuzzBodies(spec.registry, options);
  return bodies.map((fuzzed, i): Check => {
    const operation = spec.registry.get(fuzzed.operationId);
    return {
      name: `${fuzzed.operationId}: fuzz ${i + 1}/${bodies.length} (seed ${options.seed}) refused with a 4xx: ${describeIssues(fuzzed.issues)}`,
      operationId: fuzzed.operationId,
      expect: [400],
      subject: { source: "vendor" },
      judge: judgeRefusal(operation),
      run: (ctx) => ctx.send(...operationRequest(spec, operation, ctx, { body: { json: fuzzed.body } })),
    };
  });
}
