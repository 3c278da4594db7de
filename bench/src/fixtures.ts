// Request and response bodies for the benchmarks, built from the spec's own examples and bounds.
import type { CreateEvalRunRequest } from "@evals-api/types";
import { deref, exampleNamed, numberKeyword, property, schemaNamed } from "./spec.js";

const createRun = schemaNamed("CreateEvalRunRequest");
const callIds = property(createRun, "call_ids");
const attachedAgents = property(createRun, "attached_agents");
const attachment = deref(attachedAgents.items as Record<string, unknown>);
const weight = property(attachment, "weight");

/** The spec's upper bounds for one create-run body (5000 call ids, 50 agents today). */
export const createRunBounds = {
  maxCallIds: numberKeyword(callIds, "maxItems"),
  maxAgents: numberKeyword(attachedAgents, "maxItems"),
};

/** The seed agent: the 200 body of Get Eval Agent, as the spec's example gives it. */
export const seedAgentBody = exampleNamed("GetEvalAgentOk") as { data: { agent: { id: string } } };
export const seedAgentId: string = seedAgentBody.data.agent.id;

/** The 202 body of Create Eval Run, as the spec's example gives it. */
export const acceptedRunBody = exampleNamed("CreateEvalRunAccepted");

// Call ids shaped like the examples' UUID-style ids, so body sizes match real traffic.
function callId(i: number): string {
  return `a1b2c3d4-0000-0000-0000-${String(i).padStart(12, "0")}`;
}

function agentUuid(kind: number, i: number): string {
  return `${String(kind).repeat(8)}-aaaa-bbbb-cccc-${String(i).padStart(12, "0")}`;
}

/**
 * The largest valid create-run body: the spec's example with `callCount` call ids and `agentCount`
 * distinct agents (both default to the spec's maxima).
 */
export function largestValidRun(
  callCount = createRunBounds.maxCallIds,
  agentCount = createRunBounds.maxAgents,
): CreateEvalRunRequest {
  const example = exampleNamed("CreateEvalRunWithAgents") as CreateEvalRunRequest & {
    attached_agents: NonNullable<CreateEvalRunRequest["attached_agents"]>;
  };
  const template = example.attached_agents[0];
  if (template === undefined) throw new Error("The CreateEvalRunWithAgents example must attach at least one agent");
  return {
    ...example,
    call_ids: Array.from({ length: callCount }, (_, i) => callId(i)),
    attached_agents: Array.from({ length: agentCount }, (_, i) => ({
      ...template,
      eval_agent_id: agentUuid(1, i),
      eval_agent_version_id: agentUuid(2, i),
    })),
  };
}

/**
 * The largest body again, broken in `errorCount` places (two per agent: an id that is not a UUID
 * and a weight above the spec's maximum), so a validator has that many issues to report.
 */
export function runWithErrors(errorCount = 100): unknown {
  const perAgent = 2;
  const agents = Math.ceil(errorCount / perAgent);
  if (agents > createRunBounds.maxAgents) {
    throw new Error(`At most ${createRunBounds.maxAgents * perAgent} errors fit in one body without breaking maxItems`);
  }
  const body = largestValidRun(createRunBounds.maxCallIds, createRunBounds.maxAgents);
  const tooHeavy = numberKeyword(weight, "maximum") + 1;
  body.attached_agents?.forEach((agent, i) => {
    if (i * perAgent < errorCount) agent.eval_agent_id = `not-a-uuid-${i}`;
    if (i * perAgent + 1 < errorCount) agent.weight = tooHeavy;
  });
  return body;
}

/** The spec's small create-run example, as a client would usually send it. */
export function exampleRun(): CreateEvalRunRequest {
  return exampleNamed("CreateEvalRunWithAgents") as CreateEvalRunRequest;
}

/** The field `exampleRunWithError` breaks. */
export const brokenField = "weight";

/** The same example with one error: its first agent's weight above the spec's maximum. */
export function exampleRunWithError(): unknown {
  const body = exampleRun();
  const agent = body.attached_agents?.[0];
  if (agent === undefined) throw new Error("The CreateEvalRunWithAgents example must attach at least one agent");
  agent.weight = numberKeyword(weight, "maximum") + 1;
  return body;
}
