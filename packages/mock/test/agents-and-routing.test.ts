import * as validators from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { conformingMock, getAgent, KEY } from "./conformance.js";
import { agentExample, requestExamples } from "./spec-examples.js";

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

  it("answers 404 for an unknown agent and 400 for a malformed id", async () => {
    const mock = conformingMock();
    const unknown = await getAgent(mock, "0b0b0b0b-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].message).toContain("0b0b0b0b-0000-4000-8000-000000000000");
    const malformed = await getAgent(mock, "not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].message).toMatch(/^\/eval_agent_id: /);
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
      expect(validators.validateErrorEnvelope(await response.json())).toEqual([]);
    }
  });

  it("answers a wrong method with 405 and the allowed method", async () => {
    const mock = conformingMock();
    const runs = await mock.fetch("/v1/evals/runs", { method: "DELETE", headers: { authorization: KEY } });
    expect(runs.status).toBe(405);
    expect(runs.headers.get("allow")).toBe("POST");
    const agent = await mock.fetch(`/v1/evals/agents/${agentExample().data.agent.id}`, { method: "PUT" });
    expect(agent.status).toBe(405);
    expect(agent.headers.get("allow")).toBe("GET");
  });

  it("logs every request it answers", async () => {
    const mock = conformingMock();
    await getAgent(mock, agentExample().data.agent.id);
    await mock.fetch("/nowhere");
    expect(mock.state.requests).toEqual([
      expect.objectContaining({ method: "GET", operationId: "getEvalAgent", status: 200, fault: null }),
    ]);
    mock.state.reset();
    expect(mock.state.requests).toEqual([]);
  });
});
