import { validateEvalAgentWithVersion } from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { createMockServer, defaultSeed, SeedError, validateSeed } from "../src/index.js";
import { conformingMock, getAgent, post } from "./conformance.js";
import { agentExample, requestExamples } from "./spec-examples.js";

const example = agentExample().data;
const newAgent = {
  agent: {
    ...example.agent,
    id: "5eed0000-0000-4000-8000-000000000001",
    current_version_id: "5eed0000-0000-4000-8000-0000000000a1",
  },
  current_version: {
    ...example.current_version,
    id: "5eed0000-0000-4000-8000-0000000000a1",
    eval_agent_id: "5eed0000-0000-4000-8000-000000000001",
  },
  version_ids: ["5eed0000-0000-4000-8000-0000000000a0"],
};

describe("seeding", () => {
  it("derives a default seed from the spec's examples, all of it valid", () => {
    const seed = defaultSeed();
    expect(seed.agents.map((a) => a.agent.id)).toContain(example.agent.id);
    for (const agent of seed.agents) expect(validateEvalAgentWithVersion(agent)).toEqual([]);
    expect(validateSeed(seed)).toEqual([]);
    const examples = requestExamples();
    expect(seed.workbenches.map((w) => w.workbench_setup_version_id)).toContain(
      examples.fromWorkbenchVersion.workbench_setup_version_id,
    );
  });

  it("adds to the default seed, and can replace it", async () => {
    const extended = conformingMock({ seed: { agents: [newAgent] } });
    expect((await getAgent(extended, newAgent.agent.id)).status).toBe(200);
    expect((await getAgent(extended, example.agent.id)).status).toBe(200);
    const run = await post(extended, {
      call_ids: ["c"],
      attached_agents: [
        {
          eval_agent_id: newAgent.agent.id,
          eval_agent_version_id: newAgent.version_ids[0],
          weight: 5,
          target_level_keys: [],
        },
      ],
    });
    expect(run.status).toBe(202);
    const replaced = conformingMock({ seed: { replace: true, agents: [newAgent] } });
    expect((await getAgent(replaced, example.agent.id)).status).toBe(404);
    expect((await post(replaced, requestExamples().fromWorkbenchVersion)).status).toBe(404);
  });

  it("rejects an invalid seed, naming each problem by path", () => {
    const bad = {
      agents: [{ ...newAgent, agent: { ...newAgent.agent, id: "nope" } }],
      workbenches: [{ workbench_setup_id: "5eed0000-0000-4000-8000-000000000002", attached_agents: [{ weight: 500 }] }],
      agentz: [],
    };
    const paths = validateSeed(bad).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/agentz",
        "/agents/0/agent/id",
        "/agents/0/current_version/eval_agent_id",
        "/workbenches/0/workbench_setup_version_id",
        "/workbenches/0/attached_agents/0/weight",
      ]),
    );
    expect(() => createMockServer({ seed: bad as any })).toThrow(SeedError);
    expect(() => createMockServer({ seed: bad as any })).toThrow(/\/agents\/0\/agent\/id: must match format "uuid"/);
  });
});
