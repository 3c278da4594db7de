// The vendor's rules for the attachment fields a request may omit: without `eval_agent_version_id`
// the agent's published version runs; without `weight` or `target_level_keys` the version's own
// values are used. Unknown fields are accepted, as the vendor never says they are refused.
import type { AgentAttachment } from "@evals-api/types";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../src/index.js";
import { conformingMock, post } from "./conformance.js";
import { agentExamples, requestExamples, responseExampleCodes } from "./spec-examples.js";

const published = agentExamples().empathyCheck.data;
const neverPublished = agentExamples().neverPublished.data;
const byIdOnly = requestExamples().withPublishedVersion;

describe("an attachment without eval_agent_version_id", () => {
  it("runs the agent's published version, and echoes the attachment as submitted", async () => {
    const mock = conformingMock();
    const { status, body } = await post(mock, byIdOnly);
    expect(status).toBe(202);
    expect(body.data).toMatchObject({
      resolved_call_count: new Set(byIdOnly.call_ids).size,
      resolved_agent_count: 1,
      resolved_atom_count: new Set(byIdOnly.call_ids).size,
    });
    // Omitted fields stay omitted in the echo: the loosest answer the spec allows.
    expect(body.data.submitted_attached_agents).toEqual([{ eval_agent_id: published.agent.id }]);
    expect(mock.state.resolvedAgents.get(body.data.id)).toEqual([
      {
        eval_agent_id: published.agent.id,
        eval_agent_version_id: published.agent.active_version_id,
        // The seed has no record of the published version: the current version's values stand in.
        weight: published.current_version.weight,
        target_level_keys: published.current_version.target_level_keys,
      },
    ]);
  });

  it("takes weight and target level keys from the version's record when the seed has one", async () => {
    const activeVersion = {
      ...published.current_version,
      id: published.agent.active_version_id,
      version_number: 2,
      weight: 35,
      target_level_keys: ["poor"],
    };
    const mock = conformingMock({ seed: { agents: [{ ...published, versions: [activeVersion] }] } });
    const { body } = await post(mock, {
      call_ids: ["c1"],
      attached_agents: [{ eval_agent_id: published.agent.id }, { eval_agent_id: published.agent.id, weight: 80 }],
    });
    expect(mock.state.resolvedAgents.get(body.data.id)).toEqual([
      expect.objectContaining({ eval_agent_version_id: activeVersion.id, weight: 35, target_level_keys: ["poor"] }),
      expect.objectContaining({ eval_agent_version_id: activeVersion.id, weight: 80, target_level_keys: ["poor"] }),
    ]);
  });

  it("counts attachments that resolve to the same agent version once", async () => {
    const mock = conformingMock();
    const { status, body } = await post(mock, {
      call_ids: ["c1", "c2", "c3"],
      attached_agents: [
        { eval_agent_id: published.agent.id },
        { eval_agent_id: published.agent.id, eval_agent_version_id: published.agent.active_version_id },
        { eval_agent_id: published.agent.id, eval_agent_version_id: published.current_version.id },
      ],
    });
    expect(status).toBe(202);
    // The first two are the published version; the third pins the draft, another version.
    expect(body.data).toMatchObject({ resolved_agent_count: 2, resolved_atom_count: 6 });
    expect(mock.state.resolvedAgents.get(body.data.id)?.map((a) => a.eval_agent_version_id)).toEqual([
      published.agent.active_version_id,
      published.agent.active_version_id,
      published.current_version.id,
    ]);
  });

  it("keeps the weight and target level keys a request gives", async () => {
    const mock = conformingMock();
    const attachment = { eval_agent_id: published.agent.id, weight: 0, target_level_keys: [] };
    const { body } = await post(mock, { call_ids: ["c1"], attached_agents: [attachment] });
    expect(body.data.submitted_attached_agents).toEqual([attachment]);
    expect(mock.state.resolvedAgents.get(body.data.id)?.[0]).toMatchObject({ weight: 0, target_level_keys: [] });
  });

  it("of an agent never published answers 400 EVAL_AGENT_NOT_PUBLISHED naming the field", async () => {
    const mock = conformingMock();
    const { status, body } = await post(mock, {
      call_ids: ["c1"],
      attached_agents: [{ eval_agent_id: published.agent.id }, { eval_agent_id: neverPublished.agent.id }],
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        error: ErrorCode.evalAgentNotPublished,
        message:
          `/attached_agents/1/eval_agent_version_id: eval agent ${neverPublished.agent.id} was never published; ` +
          "publish it, or pin a version with eval_agent_version_id",
      },
    ]);
    expect(responseExampleCodes("400")).toContain(ErrorCode.evalAgentNotPublished);
    expect(mock.state.runs.size).toBe(0);
  });

  it("of an agent never published runs when the version is pinned", async () => {
    const mock = conformingMock();
    const pinned = { eval_agent_id: neverPublished.agent.id, eval_agent_version_id: neverPublished.current_version.id };
    const { status, body } = await post(mock, { call_ids: ["c1"], attached_agents: [pinned] });
    expect(status).toBe(202);
    expect(mock.state.resolvedAgents.get(body.data.id)).toEqual([
      {
        ...pinned,
        weight: neverPublished.current_version.weight,
        target_level_keys: neverPublished.current_version.target_level_keys,
      },
    ]);
  });

  it("reports an unknown agent (404) before an unpublished one (400)", async () => {
    const mock = conformingMock();
    const unknown = "0b0b0b0b-0000-4000-8000-000000000000";
    const { status, body } = await post(mock, {
      call_ids: ["c1"],
      attached_agents: [{ eval_agent_id: neverPublished.agent.id }, { eval_agent_id: unknown }],
    });
    expect(status).toBe(404);
    expect(body.errors).toEqual([{ error: ErrorCode.evalAgentNotFound, message: `Eval agent not found: ${unknown}` }]);
  });
});

describe("an attachment of a soft-deleted agent", () => {
  it("answers 404, as for an agent that does not exist", async () => {
    const deleted = { ...published, agent: { ...published.agent, deleted_at: "2026-06-01T00:00:00.000Z" } };
    const mock = conformingMock({ seed: { agents: [deleted] } });
    const { status, body } = await post(mock, byIdOnly);
    expect(status).toBe(404);
    expect(body.errors).toEqual([
      { error: ErrorCode.evalAgentNotFound, message: `Eval agent not found: ${published.agent.id}` },
    ]);
  });
});

describe("unknown fields", () => {
  it("are accepted at the top level and in an attachment, and echoed as submitted", async () => {
    const mock = conformingMock();
    const attachment = { eval_agent_id: published.agent.id, colour: "red" };
    const { status, body } = await post(mock, { call_ids: ["c1"], attached_agents: [attachment], priority: 9 });
    expect(status).toBe(202);
    expect(body.data.submitted_attached_agents).toEqual([attachment]);
    expect(mock.state.resolvedAgents.get(body.data.id)?.[0]).not.toHaveProperty("colour");
  });
});

describe("a workbench version's roster", () => {
  const setup = "3e700000-0000-4000-8000-000000000001";
  const version = "3e7fe500-0000-4000-8000-000000000001";
  const withRoster = (attached_agents: AgentAttachment[]) =>
    conformingMock({
      seed: { workbenches: [{ workbench_setup_id: setup, workbench_setup_version_id: version, attached_agents }] },
    });
  const fromRoster = { call_ids: ["c1", "c2"], workbench_setup_id: setup, workbench_setup_version_id: version };

  it("is resolved like attachments: an entry without a version runs the published one", async () => {
    const mock = withRoster([
      { eval_agent_id: published.agent.id },
      { eval_agent_id: neverPublished.agent.id, eval_agent_version_id: neverPublished.current_version.id },
    ]);
    const { status, body } = await post(mock, fromRoster);
    expect(status).toBe(202);
    expect(body.data).toMatchObject({ submitted_attached_agents: [], resolved_agent_count: 2, resolved_atom_count: 4 });
    expect(mock.state.resolvedAgents.get(body.data.id)?.map((a) => a.eval_agent_version_id)).toEqual([
      published.agent.active_version_id,
      neverPublished.current_version.id,
    ]);
  });

  it("refuses to run an entry of a never-published agent without a version, naming the workbench version", async () => {
    const { status, body } = await post(withRoster([{ eval_agent_id: neverPublished.agent.id }]), fromRoster);
    expect(status).toBe(400);
    expect(body.errors[0]).toEqual({
      error: ErrorCode.evalAgentNotPublished,
      message:
        `/attached_agents/0/eval_agent_version_id: eval agent ${neverPublished.agent.id} was never published ` +
        `(in the roster of workbench setup version ${version}); publish it, or pin a version with eval_agent_version_id`,
    });
  });

  it("answers 404 for an entry whose agent or version the mock does not know", async () => {
    const unknown = "0b0b0b0b-0000-4000-8000-000000000000";
    const mock = withRoster([
      { eval_agent_id: unknown },
      { eval_agent_id: published.agent.id, eval_agent_version_id: unknown },
    ]);
    const { status, body } = await post(mock, fromRoster);
    expect(status).toBe(404);
    const where = `(in the roster of workbench setup version ${version})`;
    expect(body.errors).toEqual([
      { error: ErrorCode.evalAgentNotFound, message: `Eval agent not found: ${unknown} ${where}` },
      {
        error: ErrorCode.evalAgentVersionNotFound,
        message: `Eval agent version not found: ${unknown} (of agent ${published.agent.id}) ${where}`,
      },
    ]);
  });

  it("is not used when the request attaches agents itself", async () => {
    const mock = withRoster([{ eval_agent_id: neverPublished.agent.id }]);
    const { status, body } = await post(mock, {
      ...fromRoster,
      attached_agents: [{ eval_agent_id: published.agent.id }],
    });
    expect(status).toBe(202);
    expect(body.data).toMatchObject({ workbench_setup_version_id: version, resolved_agent_count: 1 });
  });
});
