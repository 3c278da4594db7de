import { formatIssues, validateCreateEvalRunRequest } from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { compile, doc } from "./spec";

const agent = {
  eval_agent_id: "11111111-aaaa-bbbb-cccc-dddddddddddd",
  eval_agent_version_id: "22222222-aaaa-bbbb-cccc-dddddddddddd",
  weight: 50,
  target_level_keys: ["excellent"],
};
const workbench = {
  workbench_setup_id: "33333333-aaaa-bbbb-cccc-dddddddddddd",
  workbench_setup_version_id: "44444444-aaaa-bbbb-cccc-dddddddddddd",
};
const ids = (n: number) => Array.from({ length: n }, (_, i) => `call_${i}`);
const runtime = compile(doc.components.schemas.CreateEvalRunRequest);

// Each body is checked by the generated validator and by ajv compiling the bundled schema.
function issues(body: unknown) {
  const generated = validateCreateEvalRunRequest(body);
  expect(runtime(body)).toBe(generated.length === 0);
  return generated;
}

describe("CreateEvalRunRequest accepts what the reference allows", () => {
  it.each([
    ["one call, one agent", { call_ids: ["c1"], attached_agents: [agent] }],
    ["5000 calls and 50 agents (the upper bounds)", { call_ids: ids(5000), attached_agents: Array(50).fill(agent) }],
    ["a pinned workbench version and no agents", { call_ids: ["c1"], ...workbench }],
    ["agents and a workbench pair together", { call_ids: ["c1"], attached_agents: [agent], ...workbench }],
    [
      "every optional field at its bounds",
      {
        call_ids: ["c1"],
        attached_agents: [
          { ...agent, weight: 0 },
          { ...agent, weight: 100, target_level_keys: [] },
        ],
        run_mode: "full",
        pass_threshold_pct: 0,
        triggered_by: "backfill",
        metadata: { team: "qa", "": "" },
      },
    ],
    ["vendor-style UUIDs without a version nibble", { call_ids: ["c1"], attached_agents: [agent] }],
    // The vendor requires only eval_agent_id: the latest published version is used without a version.
    [
      "an attachment of only eval_agent_id",
      { call_ids: ["c1"], attached_agents: [{ eval_agent_id: agent.eval_agent_id }] },
    ],
    [
      "attachments each omitting a different optional field",
      {
        call_ids: ["c1"],
        attached_agents: [
          { eval_agent_id: agent.eval_agent_id, weight: 10 },
          { eval_agent_id: agent.eval_agent_id, target_level_keys: ["pass"] },
          { eval_agent_id: agent.eval_agent_id, eval_agent_version_id: agent.eval_agent_version_id },
        ],
      },
    ],
    // The vendor never says that a field it does not document is refused.
    ["an unknown top-level field", { call_ids: ["c1"], attached_agents: [agent], callIds: ["c2"] }],
    ["an unknown field in an attachment", { call_ids: ["c1"], attached_agents: [{ ...agent, note: "x" }] }],
  ])("%s", (_name, body) => {
    expect(issues(body)).toEqual([]);
  });
});

describe("CreateEvalRunRequest rejects each broken rule and names the field", () => {
  it.each<[string, unknown, { path: string; message: RegExp }]>([
    ["0 call ids", { call_ids: [], attached_agents: [agent] }, { path: "/call_ids", message: /fewer than 1 items/ }],
    [
      "5001 call ids",
      { call_ids: ids(5001), attached_agents: [agent] },
      { path: "/call_ids", message: /more than 5000 items/ },
    ],
    ["no call_ids at all", { attached_agents: [agent] }, { path: "/call_ids", message: /is required/ }],
    [
      "51 agents",
      { call_ids: ["c1"], attached_agents: Array(51).fill(agent) },
      { path: "/attached_agents", message: /more than 50 items/ },
    ],
    [
      "weight 101",
      { call_ids: ["c1"], attached_agents: [agent, { ...agent, weight: 101 }] },
      { path: "/attached_agents/1/weight", message: /<= 100/ },
    ],
    [
      "weight -0.5",
      { call_ids: ["c1"], attached_agents: [{ ...agent, weight: -0.5 }] },
      { path: "/attached_agents/0/weight", message: />= 0/ },
    ],
    [
      "threshold -1",
      { call_ids: ["c1"], attached_agents: [agent], pass_threshold_pct: -1 },
      { path: "/pass_threshold_pct", message: />= 0/ },
    ],
    [
      "threshold 100.5",
      { call_ids: ["c1"], attached_agents: [agent], pass_threshold_pct: 100.5 },
      { path: "/pass_threshold_pct", message: /<= 100/ },
    ],
    [
      "a workbench id without its version",
      { call_ids: ["c1"], attached_agents: [agent], workbench_setup_id: workbench.workbench_setup_id },
      { path: "/workbench_setup_version_id", message: /required when workbench_setup_id is given/ },
    ],
    [
      "a workbench version without its id",
      { call_ids: ["c1"], workbench_setup_version_id: workbench.workbench_setup_version_id },
      { path: "/workbench_setup_id", message: /required when workbench_setup_version_id is given/ },
    ],
    [
      "neither agents nor a workbench version",
      { call_ids: ["c1"] },
      { path: "", message: /"With attached agents".*"From a pinned workbench version"/ },
    ],
    [
      "an empty agents list and no workbench",
      { call_ids: ["c1"], attached_agents: [] },
      { path: "", message: /With attached agents" \(\/attached_agents must NOT have fewer than 1 items\)/ },
    ],
    [
      "a metadata value that is not a string",
      { call_ids: ["c1"], attached_agents: [agent], metadata: { n: 1 } },
      { path: "/metadata/n", message: /must be string/ },
    ],
    [
      "an unknown run_mode",
      { call_ids: ["c1"], attached_agents: [agent], run_mode: "video" },
      { path: "/run_mode", message: /allowed values/ },
    ],
    [
      "an unknown triggered_by",
      { call_ids: ["c1"], attached_agents: [agent], triggered_by: "cron" },
      { path: "/triggered_by", message: /allowed values/ },
    ],
    [
      "an agent id that is not a UUID",
      { call_ids: ["c1"], attached_agents: [{ ...agent, eval_agent_id: "agent-1" }] },
      { path: "/attached_agents/0/eval_agent_id", message: /format "uuid"/ },
    ],
    [
      "an attachment without its eval_agent_id",
      { call_ids: ["c1"], attached_agents: [{ eval_agent_version_id: agent.eval_agent_version_id }] },
      { path: "/attached_agents/0/eval_agent_id", message: /is required/ },
    ],
    [
      "a call id that is not a string",
      { call_ids: [42], attached_agents: [agent] },
      { path: "/call_ids/0", message: /must be string/ },
    ],
    ["not an object", "call_ids=c1", { path: "", message: /must be object/ }],
  ])("%s", (_name, body, expected) => {
    const found = issues(JSON.parse(JSON.stringify(body)));
    expect(found.length).toBeGreaterThan(0);
    // Every rule of the request body is the vendor's: breaking one may refuse the request.
    expect(found).toContainEqual({
      path: expected.path,
      message: expect.stringMatching(expected.message),
      source: "vendor",
    });
    expect(found.every((issue) => issue.source === "vendor")).toBe(true);
  });

  it("lists every problem at once, each with its path", () => {
    const found = issues({
      call_ids: [],
      attached_agents: [agent, { ...agent, weight: 101 }, { ...agent, eval_agent_version_id: "v" }],
      pass_threshold_pct: 101,
      metadata: { a: 1 },
    });
    expect(formatIssues(found).split("\n")).toEqual([
      "/call_ids: must NOT have fewer than 1 items",
      "/attached_agents/1/weight: must be <= 100",
      '/attached_agents/2/eval_agent_version_id: must match format "uuid"',
      "/pass_threshold_pct: must be <= 100",
      "/metadata/a: must be string",
    ]);
  });
});
