import { validateEvalAgentWithVersion } from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { createMockServer, defaultSeed, SeedError, validateSeed } from "../src/index.js";
import { conformingMock, getAgent, post } from "./conformance.js";
import { agentExample, agentExamples, requestExamples } from "./spec-examples.js";

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

  it("has the spec's published and never-published agents, and a roster that runs both", async () => {
    const { empathyCheck, neverPublished } = agentExamples();
    const seed = defaultSeed();
    const seeded = (id: string) => seed.agents.find((a) => a.agent.id === id);
    expect(seeded(empathyCheck.data.agent.id)?.agent.active_version_id).toBe(empathyCheck.data.agent.active_version_id);
    expect(seeded(neverPublished.data.agent.id)?.agent.active_version_id).toBeNull();

    const mock = conformingMock();
    const { status, body } = await post(mock, requestExamples().fromWorkbenchVersion);
    expect(status).toBe(202);
    // The published agent by its id alone runs its published version; the never-published one is
    // pinned at its current version, the only way it can run.
    expect(mock.state.resolvedAgents.get(body.data.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          eval_agent_id: empathyCheck.data.agent.id,
          eval_agent_version_id: empathyCheck.data.agent.active_version_id,
        }),
        expect.objectContaining({
          eval_agent_id: neverPublished.data.agent.id,
          eval_agent_version_id: neverPublished.data.current_version.id,
        }),
      ]),
    );
    expect(body.data.resolved_agent_count).toBe(seed.agents.length);
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

  it("goes back to the seed on reset(), forgetting what was added and done since", async () => {
    const mock = conformingMock();
    mock.state.seed({
      agents: [newAgent],
      workbenches: [
        {
          workbench_setup_id: "5eed0000-0000-4000-8000-000000000002",
          workbench_setup_version_id: "5eed0000-0000-4000-8000-000000000003",
          attached_agents: [{ eval_agent_id: newAgent.agent.id }],
        },
      ],
    });
    await post(mock, requestExamples().withAttachedAgents, { "idempotency-key": "k-1" });
    mock.state.reset();
    expect(mock.state.findAgent(newAgent.agent.id)).toBeUndefined();
    expect(mock.state.findWorkbench("5eed0000-0000-4000-8000-000000000003")).toBeUndefined();
    expect(mock.state.agents.size).toBe(defaultSeed().agents.length);
    expect(mock.state.runs.size + mock.state.resolvedAgents.size + mock.state.idempotency.size).toBe(0);
    expect(mock.state.requests).toEqual([]);
  });

  it("gives each agent the create-run examples attach a record of its own", async () => {
    const attachment = requestExamples().withAttachedAgents.attached_agents[0];
    const { body } = await getAgent(conformingMock(), attachment.eval_agent_id);
    const short = attachment.eval_agent_id.slice(0, 8);
    expect(body.data.agent).toMatchObject({
      key: `example-agent-${short}`,
      name: `Example agent ${short}`,
      current_version_id: attachment.eval_agent_version_id,
      active_version_id: attachment.eval_agent_version_id,
    });
    expect(body.data.current_version).toMatchObject({
      weight: attachment.weight,
      target_level_keys: attachment.target_level_keys,
      version_number: 1,
    });
  });

  it("names every problem of a seed's shape", () => {
    const pathsOf = (seed: unknown) => validateSeed(seed).map((i) => `${i.path}: ${i.message}`);
    for (const notASeed of [null, [], "agents", 3]) {
      expect(pathsOf(notASeed)).toEqual([": must be an object with `agents` and/or `workbenches` arrays"]);
    }
    expect(pathsOf({ replace: "yes", agents: {}, workbenches: 1 })).toEqual([
      "/replace: must be boolean",
      "/agents: must be array",
      "/workbenches: must be array",
    ]);
    expect(pathsOf({ extra: 1 })).toEqual(["/extra: is not a known field (use replace, agents, workbenches)"]);
    expect(pathsOf({ agents: [{ ...newAgent, version_ids: "v1", versions: {} }] })).toEqual([
      "/agents/0/version_ids: must be an array of version ids",
      "/agents/0/versions: must be an array of EvalAgentVersion records",
    ]);
    expect(pathsOf({ agents: [{ ...newAgent, version_ids: ["v1", 2] }] })).toEqual([
      "/agents/0/version_ids: must be an array of version ids",
    ]);
    expect(
      pathsOf({ agents: [{ ...newAgent, agent: { ...newAgent.agent, current_version_id: example.agent.id } }] }),
    ).toEqual(["/agents/0/agent/current_version_id: must equal /current_version/id"]);
    expect(pathsOf({ agents: [{ ...newAgent, versions: [7] }] })).toEqual(["/agents/0/versions/0: must be object"]);
    const otherAgent = { ...newAgent.current_version, eval_agent_id: example.agent.id };
    expect(pathsOf({ agents: [{ ...newAgent, current_version: otherAgent, versions: [otherAgent] }] })).toEqual([
      "/agents/0/versions/0/eval_agent_id: must equal /agent/id",
      "/agents/0/current_version/eval_agent_id: must equal /agent/id",
    ]);
    expect(pathsOf({ agents: [{ current_version: newAgent.current_version }] })).toEqual([
      "/agents/0/agent: is required",
    ]);
    expect(pathsOf({ agents: [{ agent: newAgent.agent }] })).toEqual(["/agents/0/current_version: is required"]);
    expect(pathsOf({ workbenches: [{}] })).toEqual(
      expect.arrayContaining([
        "/workbenches/0/workbench_setup_version_id: is required",
        "/workbenches/0/attached_agents: is required",
      ]),
    );
    expect(validateSeed({ agents: [newAgent], workbenches: [] })).toEqual([]);
  });

  it("throws a SeedError listing the problems", () => {
    let error: unknown;
    try {
      createMockServer({ seed: { agents: [{}] } as any });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SeedError);
    expect(error).toMatchObject({
      name: "SeedError",
      message: expect.stringMatching(/^seed is not a valid mock seed:\n\/agents\/0\/agent: is required\n/),
      issues: expect.arrayContaining([expect.objectContaining({ path: "/agents/0/agent" })]),
    });
  });

  it("rejects an invalid seed, naming each problem by path", () => {
    const bad = {
      agents: [
        {
          ...newAgent,
          agent: { ...newAgent.agent, id: "nope" },
          versions: [{ ...newAgent.current_version, weight: 500 }],
          colour: "red",
        },
      ],
      workbenches: [
        {
          workbench_setup_id: "5eed0000-0000-4000-8000-000000000002",
          attached_agents: [{ weight: 500 }],
          roster: [],
        },
      ],
      agentz: [],
    };
    const paths = validateSeed(bad).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/agentz",
        "/agents/0/colour",
        "/agents/0/agent/id",
        "/agents/0/current_version/eval_agent_id",
        "/agents/0/versions/0/weight",
        "/agents/0/versions/0/eval_agent_id",
        "/workbenches/0/roster",
        "/workbenches/0/workbench_setup_version_id",
        "/workbenches/0/attached_agents/0/eval_agent_id",
        "/workbenches/0/attached_agents/0/weight",
      ]),
    );
    expect(() => createMockServer({ seed: bad as any })).toThrow(SeedError);
    expect(() => createMockServer({ seed: bad as any })).toThrow(/\/agents\/0\/agent\/id: must match format "uuid"/);
  });
});
