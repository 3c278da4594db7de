// What the spec's schemas cannot say, written by hand: an agent read by id comes back with
// consistent ids, the agent under test (which the mock seeds from the spec's example) is the one
// read, a created run is PENDING with atoms = calls × agents, and a create naming unknown agents
// is a 404. Everything generic over operations is in generated-checks.ts.
import type { CreateEvalRunRequest, CreateEvalRunResponse, GetEvalAgentResponse } from "@evals-api/types";
import type { RegisteredOperation } from "@evals-api/types/registry";
import type { Check, CheckContext } from "./checks.js";
import { operationRequest } from "./requests.js";
import { exampleBodies, type SpecReader, subjectOf } from "./spec.js";

/** What the domain adds to an operation's generated checks. */
export interface DomainChecks {
  /** The success check, named and sent as the domain wants, with what its body must satisfy. */
  success?: Pick<Check, "name" | "run" | "verify">;
  /** Checks of behaviour no schema states, run after the generated parameter checks. */
  more?: Check[];
}

/** The agent of the spec's Get Eval Agent example: the one `@evals-api/mock` seeds by default. */
export function exampleAgentId(spec: SpecReader): string | undefined {
  const read = (spec.registry.operations as Record<string, RegisteredOperation>).getEvalAgent;
  const success = read?.response(read.successStatus);
  const [example] = Object.values(success?.examples ?? {}) as Partial<GetEvalAgentResponse>[];
  return example?.data?.agent?.id;
}

const agentUnderTest = (ctx: CheckContext): string => {
  if (ctx.agentId === undefined) {
    throw new Error("the spec has no Get Eval Agent example to take an agent from; pass agentId (--agent-id)");
  }
  return ctx.agentId;
};

// Compares two ids of a body, skipping a key the server left out: that is a schema finding already
// (an assumed `required`), not a wrong id.
function mismatch(actual: unknown, expected: unknown, what: string): string | undefined {
  if (actual === undefined || expected === undefined || actual === expected) return undefined;
  return `${what} (${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)})`;
}

function getEvalAgent(spec: SpecReader, operation: RegisteredOperation): DomainChecks {
  return {
    success: {
      name: "getEvalAgent: returns the agent and its current version",
      run: (ctx) =>
        ctx.send(...operationRequest(spec, operation, ctx, { params: { eval_agent_id: agentUnderTest(ctx) } })),
      verify: {
        provenance: subjectOf(
          operation.provenance,
          operation.response(operation.successStatus)?.provenance ?? {
            source: "vendor",
          },
        ),
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
  };
}

// The body of the billed check: the agent under test, by id, at its published version when it
// has one (what the vendor runs when no version is given), else pinned at its current version.
async function billedBody(
  spec: SpecReader,
  ctx: CheckContext,
  fallbackCallIds: string[],
): Promise<CreateEvalRunRequest> {
  const agentId = agentUnderTest(ctx);
  const read = spec.registry.get("getEvalAgent");
  const response = await ctx.send(...operationRequest(spec, read, ctx, { params: { eval_agent_id: agentId } }));
  const text = await ctx.read(response);
  if (!response.ok) {
    throw new Error(
      `the agent under test (${agentId}) could not be read: GET answered ${response.status}; pass one that exists there (agentId, --agent-id)`,
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

function createEvalRun(spec: SpecReader, operation: RegisteredOperation): DomainChecks {
  const examples = exampleBodies(operation);
  const valid = (examples.find((e) => Array.isArray(e.attached_agents) && e.attached_agents.length > 0) ??
    examples[0]) as CreateEvalRunRequest;
  const send = (ctx: CheckContext, body: unknown, headers: Record<string, string> = {}) =>
    ctx.send(...operationRequest(spec, operation, ctx, { body: { json: body }, headers }));
  // Fresh random ids, sent once: no server knows them, so no run can be created for them.
  const unknownAgents = () => ({
    ...valid,
    attached_agents: (valid.attached_agents ?? []).map((a) => ({
      ...a,
      eval_agent_id: crypto.randomUUID(),
      eval_agent_version_id: crypto.randomUUID(),
    })),
  });
  const notFound = operation.response(404)?.provenance ?? { source: "vendor" };
  return {
    success: {
      name: "createEvalRun: creates a PENDING run with consistent counts (billed)",
      run: async (ctx) => {
        const body = await billedBody(spec, ctx, valid.call_ids);
        return send(ctx, body, { "idempotency-key": crypto.randomUUID() });
      },
      verify: {
        provenance: operation.provenance,
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
    more: [
      {
        name: "createEvalRun: 404 for an unknown eval agent",
        operationId: operation.operationId,
        expect: [404],
        subject: subjectOf(operation.provenance, notFound),
        run: (ctx) => send(ctx, unknownAgents()),
      },
    ],
  };
}

const DOMAIN: Record<string, (spec: SpecReader, operation: RegisteredOperation) => DomainChecks> = {
  getEvalAgent,
  createEvalRun,
};

/** What the domain adds to an operation's checks; nothing for an operation it has no behaviour for. */
export function domainChecks(spec: SpecReader, operation: RegisteredOperation): DomainChecks {
  return DOMAIN[operation.operationId]?.(spec, operation) ?? {};
}
