import * as validators from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../src/index.js";
import { conformingMock, getAgent, KEY } from "./conformance.js";
import { agentExample, agentExamples, requestExamples } from "./spec-examples.js";

describe("GET /v1/evals/agents/{eval_agent_id}", () => {
  it("returns the seed page's agent exactly as the spec's example shows it", async () => {
    const example = agentExample();
    const { status, body } = await getAgent(conformingMock(), example.data.agent.id);
    expect(status).toBe(200);
    expect(body).toEqual(example);
  });

  it("also serves the agents the spec's create-run examples attach", async () => {
    const mock = conformingMock();
    for (const attachment of requestExamples().withAttachedAgents.attached_agents) {
      const { status, body } = await getAgent(mock, attachment.eval_agent_id);
      expect(status).toBe(200);
      expect(body.data.current_version.id).toBe(attachment.eval_agent_version_id);
    }
  });

  it("answers 404 for an unknown agent", async () => {
    const mock = conformingMock();
    const unknown = await getAgent(mock, "0b0b0b0b-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]).toEqual({
      error: ErrorCode.evalAgentNotFound,
      message: "Eval agent not found: 0b0b0b0b-0000-4000-8000-000000000000",
    });
  });

  it("answers a malformed id like any unknown agent (404): the vendor calls the id a plain string", async () => {
    const mock = conformingMock();
    for (const id of ["not-a-uuid", "a1b2c3d4", "%20"]) {
      const { status, body } = await getAgent(mock, id);
      expect(status, id).toBe(404);
      expect(body.errors[0].error).toBe(ErrorCode.evalAgentNotFound);
    }
  });

  it("serves the spec's never-published agent, whose active_version_id is null", async () => {
    const neverPublished = agentExamples().neverPublished;
    expect(neverPublished.data.agent.active_version_id).toBeNull();
    const { status, body } = await getAgent(conformingMock(), neverPublished.data.agent.id);
    expect(status).toBe(200);
    expect(body).toEqual(neverPublished);
  });

  it("hides a soft-deleted agent", async () => {
    const mock = conformingMock();
    const example = agentExample().data;
    mock.state.seed({
      agents: [{ ...example, agent: { ...example.agent, deleted_at: "2026-06-01T00:00:00.000Z" } }],
    });
    expect((await getAgent(mock, example.agent.id)).status).toBe(404);
  });
});

describe("outside the spec's operations", () => {
  it("answers an unknown path with the 404 envelope", async () => {
    const mock = conformingMock();
    for (const path of ["/", "/v1/evals/runs/123", "/v2/evals/runs", "/v1/evals/agents"]) {
      const response = await mock.fetch(path, { headers: { authorization: KEY } });
      expect(response.status).toBe(404);
      const body = await response.json();
      expect(validators.validateErrorEnvelope(body)).toEqual([]);
      expect(body.errors).toEqual([{ error: ErrorCode.notFound, message: `No such endpoint: GET ${path}` }]);
    }
  });

  it("answers a wrong method with 405 and the allowed method", async () => {
    const mock = conformingMock();
    const runs = await mock.fetch("/v1/evals/runs", { method: "DELETE", headers: { authorization: KEY } });
    expect(runs.status).toBe(405);
    expect(runs.headers.get("allow")).toBe("POST");
    expect(((await runs.json()) as any).errors).toEqual([
      { error: ErrorCode.methodNotAllowed, message: "DELETE is not allowed here; use POST" },
    ]);
    const agent = await mock.fetch(`/v1/evals/agents/${agentExample().data.agent.id}`, { method: "PUT" });
    expect(agent.status).toBe(405);
    expect(agent.headers.get("allow")).toBe("GET");
  });

  it("logs every request it answers", async () => {
    const mock = conformingMock();
    await getAgent(mock, agentExample().data.agent.id);
    await mock.fetch("/nowhere");
    expect(mock.state.requests).toEqual([
      expect.objectContaining({ method: "GET", operationId: "getEvalAgent", status: 200, latencyMs: 0, fault: null }),
    ]);
    mock.state.reset();
    expect(mock.state.requests).toEqual([]);
  });
});
