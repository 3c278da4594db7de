// The fixed set of checks. Each sends one request (the billed check reads the agent first), says
// which statuses a conforming server answers, and names the marker of what it tests, its subject:
// the status, the parameter or the schema keyword whose fact it is. Every response is also held
// to the spec by conformance.ts. Create-run requests are built to be refused, except the billed
// check's, and name only the spec examples' agents or fresh random ids: a lax server that accepts
// one creates no run on a real agent.
import {
  type CreateEvalRunRequest,
  type CreateEvalRunResponse,
  type GetEvalAgentResponse,
  operationIndex,
} from "@evals-api/types";
import { type OperationId, type Provenance, provenanceOf } from "@evals-api/types/spec";
import { type BodyRule, createRunBodyRules } from "./body-rules.js";
import { exampleBodies, operationUrl, responseSchemaName, schemaProvenance } from "./spec.js";

export interface CheckContext {
  baseUrl: string;
  apiKey: string;
  agentId: string;
  callIds: string[] | undefined;
  /** Sends a request with the suite's fetch, timeout and deadline. */
  send(url: string, init: RequestInit): Promise<Response>;
  /** Reads the body of a response `send` returned, under the same limits. */
  read(response: Response): Promise<string>;
}

/** A further expectation on a body, beyond its schema. */
export interface Verification {
  /** Whose fact the expectation is: a failed vendor expectation is a violation, an assumed one a warning. */
  provenance: Provenance;
  /** What is wrong with the (parsed) body, or undefined. */
  check(body: unknown, ctx: CheckContext): string | undefined;
}

export interface Check {
  name: string;
  operationId: OperationId;
  /** Statuses a conforming server may answer. A check that expects a 2xx of a billed operation is billed. */
  expect: readonly number[];
  /** The marker of what the check tests; see expectation.ts for how it sets a wrong status's severity. */
  subject: Provenance;
  run(ctx: CheckContext): Promise<Response>;
  verify?: Verification;
}

const json = (apiKey: string | null, extra: Record<string, string> = {}): Record<string, string> => ({
  ...(apiKey === null ? {} : { authorization: apiKey }),
  "content-type": "application/json",
  ...extra,
});

const success = (id: OperationId) => [operationIndex[id].successStatus] as const;
const statusOf = (id: OperationId, status: number) => provenanceOf(id, { status });
const keyHeader = (id: OperationId) => provenanceOf(id, { parameter: "authorization" });
/** A key no server issues; random so that no cache or allow-list can match it. */
const badKey = () => `evals-contract-invalid-key-${crypto.randomUUID()}`;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

// Compares two ids of a body, skipping a key the server left out: that is a schema finding already
// (an assumed `required`), not a wrong id.
function mismatch(actual: unknown, expected: unknown, what: string): string | undefined {
  if (actual === undefined || expected === undefined || actual === expected) return undefined;
  return `${what} (${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)})`;
}

function getAgentChecks(): Check[] {
  const get = (ctx: CheckContext, id: string, key: string | null) =>
    ctx.send(operationUrl(ctx.baseUrl, "getEvalAgent", { eval_agent_id: id }), {
      method: "GET",
      headers: key === null ? {} : { authorization: key },
    });
  return [
    {
      name: "getEvalAgent: returns the agent and its current version",
      operationId: "getEvalAgent",
      expect: success("getEvalAgent"),
      subject: statusOf("getEvalAgent", operationIndex.getEvalAgent.successStatus),
      run: (ctx) => get(ctx, ctx.agentId, ctx.apiKey),
      verify: {
        provenance: statusOf("getEvalAgent", operationIndex.getEvalAgent.successStatus),
        check: (response, ctx) => {
          const { agent, current_version: version } = (response as Partial<GetEvalAgentResponse>).data ?? {};
          return (
            mismatch(agent?.id, ctx.agentId, "data.agent.id is not the agent asked for") ??
            mismatch(
              version?.eval_agent_id,
              agent?.id ?? ctx.agentId,
              "data.current_version.eval_agent_id is not the agent's id",
            ) ??
            mismatch(
              version?.id,
              agent?.current_version_id,
              "data.current_version.id is not data.agent.current_version_id",
            )
          );
        },
      },
    },
    {
      name: "getEvalAgent: 401 without an API key",
      operationId: "getEvalAgent",
      expect: [401],
      subject: keyHeader("getEvalAgent"),
      run: (ctx) => get(ctx, ctx.agentId, null),
    },
    {
      name: "getEvalAgent: 401 with an invalid API key",
      operationId: "getEvalAgent",
      expect: [401],
      subject: keyHeader("getEvalAgent"),
      run: (ctx) => get(ctx, ctx.agentId, badKey()),
    },
    {
      name: "getEvalAgent: 404 for an unknown agent",
      operationId: "getEvalAgent",
      expect: [404],
      subject: statusOf("getEvalAgent", 404),
      run: (ctx) => get(ctx, crypto.randomUUID(), ctx.apiKey),
    },
    {
      // The vendor calls the id a plain string (`format: uuid` is ours): a malformed id is an
      // unknown agent to it, and a 400 is what we would answer.
      name: "getEvalAgent: 404 (or 400) for a malformed agent id",
      operationId: "getEvalAgent",
      expect: [404, 400],
      subject: provenanceOf("getEvalAgent", { parameter: "eval_agent_id" }),
      run: (ctx) => get(ctx, "not-a-uuid", ctx.apiKey),
    },
  ];
}

// The field a message should name: the last non-index segment of the path.
function fieldOf(path: string): string | undefined {
  return path
    .split("/")
    .filter((segment) => segment !== "" && !/^\d+$/.test(segment))
    .pop();
}

// The spec: "for invalid input [the message] names the field", a sentence of the error envelope,
// which is ours: a message that does not, or an error body of another shape, only warns.
function namesTheField(field: string): Verification {
  const envelope = responseSchemaName("createEvalRun", "400");
  return {
    provenance: envelope === null ? { source: "assumed" } : schemaProvenance(envelope),
    check: (body) => {
      const errors = isObject(body) && Array.isArray(body.errors) ? body.errors : undefined;
      const messages = (errors ?? []).map((e) => (isObject(e) && typeof e.message === "string" ? e.message : ""));
      if (messages.some((m) => m.includes(field))) return undefined;
      return errors === undefined
        ? `no error envelope whose message could name the field "${field}"`
        : `no error message names the field "${field}"`;
    },
  };
}

function bodyRuleCheck(rule: BodyRule): Check {
  const field = fieldOf(rule.path);
  return {
    name: `createEvalRun: 400 when ${rule.path || "the body"} ${rule.rule}`,
    operationId: "createEvalRun",
    expect: [400],
    subject: rule.provenance,
    run: (ctx) =>
      ctx.send(operationUrl(ctx.baseUrl, "createEvalRun"), {
        method: "POST",
        headers: json(ctx.apiKey),
        body: JSON.stringify(rule.body),
      }),
    ...(field !== undefined && { verify: namesTheField(field) }),
  };
}

// The body of the billed check: the agent under test, by id, at its published version when it
// has one (what the vendor runs when no version is given), else pinned at its current version.
async function billedBody(ctx: CheckContext, fallbackCallIds: string[]): Promise<CreateEvalRunRequest> {
  const response = await ctx.send(operationUrl(ctx.baseUrl, "getEvalAgent", { eval_agent_id: ctx.agentId }), {
    method: "GET",
    headers: { authorization: ctx.apiKey },
  });
  const text = await ctx.read(response);
  if (!response.ok) {
    throw new Error(
      `the agent under test (${ctx.agentId}) could not be read: GET answered ${response.status}; pass one that exists there (agentId, --agent-id)`,
    );
  }
  const { agent, current_version } = (JSON.parse(text) as GetEvalAgentResponse).data;
  return {
    call_ids: ctx.callIds ?? fallbackCallIds,
    attached_agents: [
      { eval_agent_id: agent.id, eval_agent_version_id: agent.active_version_id ?? current_version.id },
    ],
  };
}

function createRunChecks(): Check[] {
  const examples = exampleBodies("createEvalRun");
  const valid = (examples.find((e) => Array.isArray(e.attached_agents) && e.attached_agents.length > 0) ??
    examples[0]) as CreateEvalRunRequest;
  const url = (ctx: CheckContext) => operationUrl(ctx.baseUrl, "createEvalRun");
  const post = (ctx: CheckContext, body: string, headers: Record<string, string>) =>
    ctx.send(url(ctx), { method: "POST", headers, body });
  const unknownAgents = () => ({
    ...valid,
    attached_agents: (valid.attached_agents ?? []).map((a) => ({
      ...a,
      eval_agent_id: crypto.randomUUID(),
      eval_agent_version_id: crypto.randomUUID(),
    })),
  });
  return [
    {
      name: "createEvalRun: 401 without an API key",
      operationId: "createEvalRun",
      expect: [401],
      subject: keyHeader("createEvalRun"),
      run: (ctx) => post(ctx, JSON.stringify(valid), json(null)),
    },
    {
      name: "createEvalRun: 401 with an invalid API key",
      operationId: "createEvalRun",
      expect: [401],
      subject: keyHeader("createEvalRun"),
      run: (ctx) => post(ctx, JSON.stringify(valid), json(badKey())),
    },
    {
      name: "createEvalRun: 404 for an unknown eval agent",
      operationId: "createEvalRun",
      expect: [404],
      subject: statusOf("createEvalRun", 404),
      run: (ctx) => post(ctx, JSON.stringify(unknownAgents()), json(ctx.apiKey)),
    },
    {
      name: "createEvalRun: 415 for a body not sent as JSON",
      operationId: "createEvalRun",
      expect: [415],
      subject: statusOf("createEvalRun", 415),
      run: (ctx) => post(ctx, JSON.stringify(valid), { ...json(ctx.apiKey), "content-type": "text/plain" }),
    },
    {
      // The vendor documents a JSON body; the 400 for one that is not is ours.
      name: "createEvalRun: 400 for a body that is not JSON",
      operationId: "createEvalRun",
      expect: [400],
      subject: provenanceOf("createEvalRun"),
      run: (ctx) => post(ctx, "{ not json", json(ctx.apiKey)),
    },
    {
      // Over 1 MiB and invalid too, so a server with a higher limit still rejects it (400).
      name: "createEvalRun: 413 (or 400) for a body over 1 MiB",
      operationId: "createEvalRun",
      expect: [413, 400],
      subject: statusOf("createEvalRun", 413),
      run: (ctx) => post(ctx, JSON.stringify({ call_ids: ["x".repeat(1024 * 1024 + 1)] }), json(ctx.apiKey)),
    },
    ...createRunBodyRules(examples).map(bodyRuleCheck),
    {
      name: "createEvalRun: creates a PENDING run with consistent counts (billed)",
      operationId: "createEvalRun",
      expect: success("createEvalRun"),
      subject: provenanceOf("createEvalRun"),
      run: async (ctx) => {
        const body = await billedBody(ctx, valid.call_ids);
        return post(ctx, JSON.stringify(body), json(ctx.apiKey, { "idempotency-key": crypto.randomUUID() }));
      },
      verify: {
        provenance: provenanceOf("createEvalRun"),
        check: (body) => {
          const run = ((body as Partial<CreateEvalRunResponse>).data ?? {}) as Partial<CreateEvalRunResponse["data"]>;
          if (run.status !== undefined && run.status !== "PENDING") return `data.status is ${run.status}, not PENDING`;
          if (run.completed_atom_count !== undefined && run.completed_atom_count !== 0) {
            return "data.completed_atom_count is not 0 at creation";
          }
          const { resolved_atom_count: atoms, resolved_call_count: calls, resolved_agent_count: agents } = run;
          if (atoms !== undefined && calls !== undefined && agents !== undefined && atoms !== calls * agents) {
            return "data.resolved_atom_count is not resolved_call_count × resolved_agent_count";
          }
          return undefined;
        },
      },
    },
  ];
}

export function contractChecks(): Check[] {
  return [...getAgentChecks(), ...createRunChecks()];
}

/** Whether a check creates a billed run: it expects a 2xx of an operation the spec marks `x-billed`. */
export function isBilled(check: Check): boolean {
  return operationIndex[check.operationId].billed && check.expect.some((status) => status >= 200 && status < 300);
}
