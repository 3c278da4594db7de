// The fixed set of checks. Each sends one request (a billed check may read the agent first) and
// says which statuses a conforming server answers; every response is also held to the spec by
// conformance.ts. Create-run requests are built to be rejected, except the one billed check.
import {
  type CreateEvalRunRequest,
  type CreateEvalRunResponse,
  type ErrorEnvelope,
  type GetEvalAgentResponse,
  operationIndex,
} from "@evals-api/types";
import type { OperationId } from "@evals-api/types/spec";
import { type BodyRule, createRunBodyRules } from "./body-rules.js";
import { exampleBodies, operationUrl } from "./spec.js";

export interface CheckContext {
  baseUrl: string;
  apiKey: string;
  agentId: string;
  callIds: string[] | undefined;
  /** Sends a request with the suite's fetch and timeout. */
  send(url: string, init: RequestInit): Promise<Response>;
}

export interface Check {
  name: string;
  operationId: OperationId;
  /** Creates a billed run on a real server: only run with `allowBilled`. */
  billed?: boolean;
  /** Statuses a conforming server may answer. */
  expect: readonly number[];
  run(ctx: CheckContext): Promise<Response>;
  /**
   * Further expectations on a body that already matched the schema of its (expected) status;
   * returns what is wrong.
   */
  verify?(body: unknown, ctx: CheckContext): string | undefined;
}

const json = (apiKey: string | null, extra: Record<string, string> = {}): Record<string, string> => ({
  ...(apiKey === null ? {} : { authorization: apiKey }),
  "content-type": "application/json",
  ...extra,
});

const success = (id: OperationId) => [operationIndex[id].successStatus] as const;
/** A key no server issues; random so that no cache or allow-list can match it. */
const badKey = () => `evals-contract-invalid-key-${crypto.randomUUID()}`;

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
      run: (ctx) => get(ctx, ctx.agentId, ctx.apiKey),
      verify: (response, ctx) => {
        const body = response as GetEvalAgentResponse;
        if (body.data.agent.id !== ctx.agentId)
          return `data.agent.id is ${body.data.agent.id}, asked for ${ctx.agentId}`;
        if (body.data.current_version.eval_agent_id !== ctx.agentId) {
          return "data.current_version.eval_agent_id is not the agent's id";
        }
        if (body.data.current_version.id !== body.data.agent.current_version_id) {
          return "data.current_version.id is not data.agent.current_version_id";
        }
        return undefined;
      },
    },
    {
      name: "getEvalAgent: 401 without an API key",
      operationId: "getEvalAgent",
      expect: [401],
      run: (ctx) => get(ctx, ctx.agentId, null),
    },
    {
      name: "getEvalAgent: 401 with an invalid API key",
      operationId: "getEvalAgent",
      expect: [401],
      run: (ctx) => get(ctx, ctx.agentId, badKey()),
    },
    {
      name: "getEvalAgent: 404 for an unknown agent",
      operationId: "getEvalAgent",
      expect: [404],
      run: (ctx) => get(ctx, crypto.randomUUID(), ctx.apiKey),
    },
    {
      name: "getEvalAgent: 400 for a malformed agent id",
      operationId: "getEvalAgent",
      expect: [400],
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

function bodyRuleCheck(rule: BodyRule): Check {
  const field = fieldOf(rule.path);
  return {
    name: `createEvalRun: 400 when ${rule.path || "the body"} ${rule.rule}`,
    operationId: "createEvalRun",
    expect: [400],
    run: (ctx) =>
      ctx.send(operationUrl(ctx.baseUrl, "createEvalRun"), {
        method: "POST",
        headers: json(ctx.apiKey),
        body: JSON.stringify(rule.body),
      }),
    verify: (body) => {
      // The spec: "for invalid input [the message] names the field".
      if (field === undefined) return undefined;
      const named = (body as ErrorEnvelope).errors.some((e) => e.message.includes(field));
      return named ? undefined : `no error message names the field "${field}"`;
    },
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
      run: (ctx) => post(ctx, JSON.stringify(valid), json(null)),
    },
    {
      name: "createEvalRun: 401 with an invalid API key",
      operationId: "createEvalRun",
      expect: [401],
      run: (ctx) => post(ctx, JSON.stringify(valid), json(badKey())),
    },
    {
      name: "createEvalRun: 404 for an unknown eval agent",
      operationId: "createEvalRun",
      expect: [404],
      run: (ctx) => post(ctx, JSON.stringify(unknownAgents()), json(ctx.apiKey)),
    },
    {
      name: "createEvalRun: 415 for a body not sent as JSON",
      operationId: "createEvalRun",
      expect: [415],
      run: (ctx) => post(ctx, JSON.stringify(valid), { ...json(ctx.apiKey), "content-type": "text/plain" }),
    },
    {
      name: "createEvalRun: 400 for a body that is not JSON",
      operationId: "createEvalRun",
      expect: [400],
      run: (ctx) => post(ctx, "{ not json", json(ctx.apiKey)),
    },
    {
      // Over 1 MiB and invalid too, so a server with a higher limit still rejects it (400).
      name: "createEvalRun: 413 (or 400) for a body over 1 MiB",
      operationId: "createEvalRun",
      expect: [413, 400],
      run: (ctx) => post(ctx, JSON.stringify({ call_ids: ["x".repeat(1024 * 1024 + 1)] }), json(ctx.apiKey)),
    },
    ...createRunBodyRules(examples).map(bodyRuleCheck),
    {
      name: "createEvalRun: creates a PENDING run with consistent counts (billed)",
      operationId: "createEvalRun",
      billed: true,
      expect: success("createEvalRun"),
      run: async (ctx) => {
        // Attach the agent under test at its published (else current) version.
        const response = await ctx.send(operationUrl(ctx.baseUrl, "getEvalAgent", { eval_agent_id: ctx.agentId }), {
          method: "GET",
          headers: { authorization: ctx.apiKey },
        });
        const agent = response.ok ? ((await response.json()) as GetEvalAgentResponse).data : undefined;
        const body = agent
          ? {
              call_ids: ctx.callIds ?? valid.call_ids,
              attached_agents: [
                {
                  eval_agent_id: agent.agent.id,
                  eval_agent_version_id: agent.agent.active_version_id ?? agent.current_version.id,
                  weight: agent.current_version.weight,
                  target_level_keys: agent.current_version.target_level_keys,
                },
              ],
            }
          : { ...valid, ...(ctx.callIds ? { call_ids: ctx.callIds } : {}) };
        return post(ctx, JSON.stringify(body), json(ctx.apiKey, { "idempotency-key": crypto.randomUUID() }));
      },
      verify: (body) => {
        const run = (body as CreateEvalRunResponse).data;
        if (run.status !== "PENDING") return `data.status is ${run.status}, not PENDING`;
        if (run.completed_atom_count !== 0) return "data.completed_atom_count is not 0 at creation";
        if (run.resolved_atom_count !== run.resolved_call_count * run.resolved_agent_count) {
          return "data.resolved_atom_count is not resolved_call_count × resolved_agent_count";
        }
        return undefined;
      },
    },
  ];
}

export function contractChecks(): Check[] {
  return [...getAgentChecks(), ...createRunChecks()];
}
