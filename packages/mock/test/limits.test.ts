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
    expect([...mock.state.idempotency.values()].map((entry) => entry.key)).toEqual(["k-2", "k-3"]);
    expect([...mock.state.resolvedAgents.keys()]).toEqual([second.body.data.id, third.body.data.id]);

    // A recent key still replays its run; the forgotten one creates a new run.
    const replay = await post(mock, withAgents, { "idempotency-key": "k-3" });
    expect(replay.body.data.id).toBe(third.body.data.id);
    const reused = await post(mock, withAgents, { "idempotency-key": "k-1" });
    expect(reused.status).toBe(202);
    expect(reused.body.data.id).not.toBe(first.body.data.id);
    expect(mock.state.runs.size).toBe(2);
  });

  it("keeps the keys of newer runs when the run it forgets had none", async () => {
    const mock = conformingMock({ maxRuns: 2 });
    await post(mock, withAgents);
    const keyed = await post(mock, withAgents, { "idempotency-key": "k-1" });
    await post(mock, withAgents);
    expect(mock.state.runs.has(keyed.body.data.id)).toBe(true);
    expect((await post(mock, withAgents, { "idempotency-key": "k-1" })).body.data.id).toBe(keyed.body.data.id);
  });

  it("may keep a single run", async () => {
    const mock = conformingMock({ maxRuns: 1, maxLoggedRequests: 1 });
    await post(mock, withAgents);
    const last = await post(mock, withAgents);
    expect([...mock.state.runs.keys()]).toEqual([last.body.data.id]);
    expect(mock.state.requests).toHaveLength(1);
  });

  it("keeps the most recent maxLoggedRequests entries of the request log", async () => {
    const mock = conformingMock({ maxLoggedRequests: 2 });
    await getAgent(mock, agentExample().data.agent.id);
    await post(mock, withAgents);
    await getAgent(mock, "0b0b0b0b-0000-4000-8000-000000000000");
    expect(mock.state.requests.map((r) => [r.operationId, r.status])).toEqual([
      ["createEvalRun", 202],
      ["getEvalAgent", 404],
    ]);
  });

  it("refuses a limit that is not a whole number of at least 1", () => {
    expect(() => createMockServer({ maxRuns: 0 })).toThrow(/maxRuns must be a whole number >= 1, got 0/);
    expect(() => createMockServer({ maxLoggedRequests: 1.5 })).toThrow(/maxLoggedRequests must be/);
  });
});
