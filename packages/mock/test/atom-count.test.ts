// countAtoms, exported for tools that must say what a run would score before creating it (the MCP
// server's dry run): the same count a created run reports, distinct calls × distinct agent versions.
import { describe, expect, it } from "vitest";
import { countAtoms, createMockServer } from "../src/index.js";
import { post } from "./conformance.js";
import { requestExamples } from "./spec-examples.js";

const version = (eval_agent_id: string, eval_agent_version_id: string) => ({ eval_agent_id, eval_agent_version_id });

describe("countAtoms", () => {
  it("counts distinct calls and distinct agent versions, and their product", () => {
    expect(countAtoms(["c1", "c2", "c1", "c3"], [version("a", "v1"), version("a", "v1"), version("a", "v2")])).toEqual({
      calls: 3,
      agents: 2,
      atoms: 6,
    });
    expect(countAtoms(["c1"], [version("a", "v1"), version("b", "v1")])).toEqual({ calls: 1, agents: 2, atoms: 2 });
  });

  it("counts no atoms without agents", () => {
    expect(countAtoms(["c1", "c2"], [])).toEqual({ calls: 2, agents: 0, atoms: 0 });
  });

  it("agrees with the counts of a run the mock creates", async () => {
    const mock = createMockServer();
    const attachment = requestExamples().withAttachedAgents.attached_agents[0];
    const call_ids = ["c1", "c2", "c2", "c3", "c4"];
    const { body } = await post(mock, { call_ids, attached_agents: [attachment, attachment] });
    const run = body.data;
    expect(countAtoms(call_ids, [attachment, attachment])).toEqual({
      calls: run.resolved_call_count,
      agents: run.resolved_agent_count,
      atoms: run.resolved_atom_count,
    });
    expect(run.resolved_atom_count).toBe(4);
  });
});
