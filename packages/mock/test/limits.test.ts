import { describe, expect, it } from "vitest";
import { createMockServer } from "../src/index.js";
import { conformingMock, getAgent, post } from "./conformance.js";
import { agentExample, requestExamples } from "./spec-examples.js";

const withAgents = requestExamples().withAttachedAgents;

describe("bounded state", () => {
  it("forgets the oldest run past maxRuns, and its idempotency key with it", async () => {
    const mock = conformingMock({ maxRuns: 2 });
    const first = await post(mock, withAgents, { "idempotency-key": "k-1" });
    const second = await post(mock, withAgents, { "idempotency-key": "k-2" });
    const third = await post(mock, withAgents, { "idempotency-key": "k-3" });
    expect([...mock.state.runs.keys()]).toEqual([second.body.data.id, third.body.data.id]);
    expect([...mock.state.idempotency.keys()]).toEqual(["k-2", "k-3"]);

    // A recent key still replays its run; the forgotten one creates a new run.
    const replay = await post(mock, withAgents, { "idempotency-key": "k-3" });
    expect(replay.body.data.id).toBe(third.body.data.id);
    const reused = await post(mock, withAgents, { "idempotency-key": "k-1" });
    expect(reused.status).toBe(202);
    expect(reused.body.data.id).not.toBe(first.body.data.id);
    expect(mock.state.runs.size).toBe(2);
  });

  it("keeps the most recent maxLoggedRequests entries of the request log", async () => {
    const mock = conformingMock({ maxLoggedRequests: 2 });
    await getAgent(mock, agentExample().data.agent.id);
    await post(mock, withAgents);
    await getAgent(mock, "not-a-uuid");
    expect(mock.state.requests.map((r) => [r.operationId, r.status])).toEqual([
      ["createEvalRun", 202],
      ["getEvalAgent", 400],
    ]);
  });

  it("refuses a limit that is not a whole number of at least 1", () => {
    expect(() => createMockServer({ maxRuns: 0 })).toThrow(/maxRuns must be a whole number >= 1, got 0/);
    expect(() => createMockServer({ maxLoggedRequests: 1.5 })).toThrow(/maxLoggedRequests must be/);
  });
});
