import { describe, expect, it } from "vitest";
import { countAtoms } from "../src/index.js";
import { conformingMock, post } from "./conformance.js";
import { requestExamples } from "./spec-examples.js";

const pinned = requestExamples().withAttachedAgents.attached_agents[0];

describe("countAtoms", () => {
  it("counts distinct calls times distinct agent versions", () => {
    const agentA = { eval_agent_id: "a" };
    const agentB = { eval_agent_id: "b", eval_agent_version_id: "v1" };
    const agentBOther = { eval_agent_id: "b", eval_agent_version_id: "v2" };
    expect(countAtoms(["c1", "c2", "c1"], [agentA, agentA, agentB])).toEqual({ calls: 2, agents: 2, atoms: 4 });
    expect(countAtoms(["c1", "c2", "c3"], [agentB, agentBOther])).toEqual({ calls: 3, agents: 2, atoms: 6 });
    expect(countAtoms(["c1"], [])).toEqual({ calls: 1, agents: 0, atoms: 0 });
  });

  it("agrees with the resolved_atom_count of the run the mock creates", async () => {
    const mock = conformingMock();
    const body = { call_ids: ["c1", "c2", "c1", "c3", "c4"], attached_agents: [pinned, pinned] };
    const { status, body: answer } = await post(mock, body);
    expect(status).toBe(202);
    const counted = countAtoms(body.call_ids, body.attached_agents);
    expect(counted.atoms).toBe(answer.data.resolved_atom_count);
    expect(counted.calls).toBe(answer.data.resolved_call_count);
    expect(counted.agents).toBe(answer.data.resolved_agent_count);
  });
});
