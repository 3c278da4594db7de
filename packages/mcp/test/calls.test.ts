// Calling the tools of the built bin in --mock mode, as an assistant would: read an agent, dry-run a
// run (nothing reaches the mock: its request log, read as the server's resource, stays empty),
// create it with confirm, and send bad arguments (a tool error naming the JSON path).
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { AGENT_ID, CANARY, type Spawned, spawnServer, textOf } from "./support.js";

const require = createRequire(import.meta.url);
const document = require("@evals-api/types/openapi.json");

async function mockRequests({ client }: Spawned): Promise<any[]> {
  const { contents } = await client.readResource({ uri: "evals-api://mock/requests" });
  return JSON.parse(String((contents[0] as { text: string }).text));
}

const run = { call_ids: ["call_1", "call_2", "call_2", "call_3"], attached_agents: [{ eval_agent_id: AGENT_ID }] };

describe("evals-mcp --mock", () => {
  it("get_eval_agent answers the agent as structuredContent, with a summary", async () => {
    const served = await spawnServer(["--mock"]);
    const result = await served.client.callTool({ name: "get_eval_agent", arguments: { eval_agent_id: AGENT_ID } });
    expect(result.isError).toBeFalsy();
    const data = result.structuredContent as any;
    expect(data.agent.id).toBe(AGENT_ID);
    expect(data.current_version.eval_agent_id).toBe(AGENT_ID);
    expect(textOf(result)).toContain(`Eval agent "${data.agent.name}" (key ${data.agent.key}, id ${AGENT_ID})`);
    expect(JSON.parse((result.content as any)[1].text)).toEqual(data);
    expect(await mockRequests(served)).toMatchObject([{ method: "GET", operationId: "getEvalAgent", status: 200 }]);
  });

  it("create_eval_run without confirm is a dry run: calls, agents and atoms, and nothing reaches the mock", async () => {
    const served = await spawnServer(["--mock"]);
    const result = await served.client.callTool({ name: "create_eval_run", arguments: run });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    const text = textOf(result);
    expect(text).toContain("DRY RUN of create_eval_run: nothing was sent and nothing was billed.");
    expect(text).toContain("3 calls × 1 agent = 3 atoms");
    expect(text).toContain("No rule of the spec is broken.");
    expect(text).toContain('call create_eval_run again with the same arguments and "confirm": true');
    expect(result._meta?.["evals-api/dry-run"]).toMatchObject({
      method: "POST",
      path: "/v1/evals/runs",
      broken: [],
      run: { calls: 3, agents: 1, atoms: 3 },
    });
    // confirm: false is a dry run too.
    const again = await served.client.callTool({ name: "create_eval_run", arguments: { ...run, confirm: false } });
    expect(textOf(again)).toContain("DRY RUN");
    expect(await mockRequests(served)).toEqual([]);
  });

  it("a dry run names every broken rule, the cross-field ones included, still sending nothing", async () => {
    const served = await spawnServer(["--mock"]);
    const result = await served.client.callTool({
      name: "create_eval_run",
      arguments: { call_ids: ["c1"], workbench_setup_id: "33333333-aaaa-bbbb-cccc-dddddddddddd" },
    });
    const text = textOf(result);
    expect(text).toContain("The API would refuse it");
    expect(text).toContain("/workbench_setup_version_id: is required when workbench_setup_id is given");
    expect(text).toContain('must match one of: "With attached agents"');
    expect(text).toContain("Fix the arguments named above, then dry-run again.");
    expect(await mockRequests(served)).toEqual([]);
  });

  it("a dry run counts distinct agent versions, and says a workbench version's agents are known only once created", async () => {
    const served = await spawnServer(["--mock"]);
    const pinned = { eval_agent_id: AGENT_ID, eval_agent_version_id: "22222222-aaaa-bbbb-cccc-dddddddddddd" };
    const twice = await served.client.callTool({
      name: "create_eval_run",
      arguments: {
        call_ids: ["c1", "c2"],
        attached_agents: [pinned, { ...pinned, eval_agent_id: AGENT_ID.toUpperCase() }],
      },
    });
    expect((twice._meta as any)["evals-api/dry-run"].run).toEqual({ calls: 2, agents: 1, atoms: 2, note: undefined });
    const workbench =
      document.paths["/v1/evals/runs"].post.requestBody.content["application/json"].examples.fromWorkbenchVersion;
    const example = workbench.$ref
      .slice(2)
      .split("/")
      .reduce((at: any, key: string) => at[key], document).value;
    const calls = new Set(example.call_ids).size;
    expect(calls).toBeGreaterThan(1);
    const fromWorkbench = await served.client.callTool({ name: "create_eval_run", arguments: example });
    expect(textOf(fromWorkbench)).toContain(
      `${calls} calls with the agents of a workbench version: atoms unknown until it is created; the agents come from the roster of workbench setup version ${example.workbench_setup_version_id}`,
    );
    expect((fromWorkbench._meta as any)["evals-api/dry-run"].run).toMatchObject({
      calls,
      agents: null,
      atoms: null,
    });
    expect(await mockRequests(served)).toEqual([]);
  });

  it("create_eval_run with confirm creates the run, with the counts the dry run gave", async () => {
    const served = await spawnServer(["--mock"]);
    const dry = await served.client.callTool({ name: "create_eval_run", arguments: run });
    const result = await served.client.callTool({ name: "create_eval_run", arguments: { ...run, confirm: true } });
    expect(result.isError).toBeFalsy();
    const created = result.structuredContent as any;
    expect(created).toMatchObject({
      status: "PENDING",
      submitted_call_ids: run.call_ids,
      resolved_call_count: 3,
      resolved_agent_count: 1,
      resolved_atom_count: 3,
      completed_atom_count: 0,
    });
    expect(textOf(result)).toContain(`Created eval run ${created.id} (PENDING): 3 calls × 1 agent = 3 atoms`);
    // The key the dry run announced is the one sent, and the mock saw exactly one create.
    const key = (dry._meta as any)["evals-api/dry-run"].idempotencyKey;
    expect(key).toMatch(/^evals-mcp-[0-9a-f]{64}$/);
    expect(await mockRequests(served)).toMatchObject([{ method: "POST", status: 202, idempotencyKey: key }]);
  });

  it("a create repeated with the same arguments (an assistant retrying) sends the same key and gets the same run", async () => {
    const served = await spawnServer(["--mock"]);
    const first = await served.client.callTool({ name: "create_eval_run", arguments: { ...run, confirm: true } });
    const reordered = { confirm: true, attached_agents: run.attached_agents, call_ids: run.call_ids };
    const second = await served.client.callTool({ name: "create_eval_run", arguments: reordered });
    expect((second.structuredContent as any).id).toBe((first.structuredContent as any).id);
    const third = await served.client.callTool({
      name: "create_eval_run",
      arguments: { ...run, confirm: true, idempotency_key: "my-second-run" },
    });
    expect((third.structuredContent as any).id).not.toBe((first.structuredContent as any).id);
    const keys = (await mockRequests(served)).map((r) => r.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe("my-second-run");
  });

  it("a bad body is a tool error naming each JSON path and rule, and nothing is sent", async () => {
    const served = await spawnServer(["--mock"]);
    const result = await served.client.callTool({
      name: "create_eval_run",
      arguments: {
        confirm: true,
        call_ids: [],
        attached_agents: [{ eval_agent_id: AGENT_ID, weight: 101 }],
        run_mode: "video",
      },
    });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    const runModes = document.components.schemas.RunMode.enum;
    expect(text).toContain("create_eval_run was not called: its arguments break the spec, and nothing was sent.");
    expect(text).toContain("- /call_ids: must NOT have fewer than 1 items");
    expect(text).toContain(
      "- /attached_agents/0/weight: must be <= 100 [Relative weight of this agent in the overall score, 0-100.]",
    );
    expect(text).toContain("- /run_mode: must be equal to one of the allowed values");
    expect(runModes).not.toContain("video");
    expect(result._meta?.["evals-api/issues"]).toEqual(
      expect.arrayContaining([{ path: "/attached_agents/0/weight", message: "must be <= 100", source: "vendor" }]),
    );
    const badConfirm = await served.client.callTool({ name: "create_eval_run", arguments: { ...run, confirm: "yes" } });
    expect(textOf(badConfirm)).toContain("/confirm: must be boolean");
    const unknown = await served.client.callTool({
      name: "get_eval_agent",
      arguments: { eval_agent_id: AGENT_ID, verbose: true },
    });
    expect(textOf(unknown)).toContain("/verbose: is not an argument of this tool (it takes: eval_agent_id)");
    const dotted = await served.client.callTool({ name: "get_eval_agent", arguments: { eval_agent_id: ".." } });
    expect(textOf(dotted)).toContain('/eval_agent_id: must not be "", "." or ".."');
    expect(await mockRequests(served)).toEqual([]);
  });

  it("sends a request that breaks only an assumed rule, and says so", async () => {
    const served = await spawnServer(["--mock"]);
    // format: uuid on the agent id in the path is the spec's assumption, not the vendor's.
    const result = await served.client.callTool({
      name: "get_eval_agent",
      arguments: { eval_agent_id: "empathy-check" },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("get_eval_agent failed: HTTP 404 from GET /v1/evals/agents/empathy-check.");
    expect(textOf(result)).toContain("EVAL_AGENT_NOT_FOUND");
    expect(textOf(result)).toContain("Check the ids the message names.");
    expect(textOf(result)).toContain(
      'Sent despite these warnings (rules only this spec assumes):\n- /eval_agent_id: must match format "uuid" (a rule the spec assumes, not the vendor\'s)',
    );
    expect(await mockRequests(served)).toMatchObject([{ method: "GET", status: 404 }]);
  });

  it("serves the bundled OpenAPI document as a resource", async () => {
    const { client } = await spawnServer(["--mock"]);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(["evals-api://openapi.json", "evals-api://mock/requests"]);
    expect(resources[0]).toMatchObject({ mimeType: "application/json", name: "openapi.json" });
    const { contents } = await client.readResource({ uri: "evals-api://openapi.json" });
    expect(JSON.parse(String((contents[0] as { text: string }).text))).toEqual(document);
    await expect(client.readResource({ uri: "evals-api://nothing" })).rejects.toThrow(
      "No resource evals-api://nothing: this server has evals-api://openapi.json, evals-api://mock/requests",
    );
  });

  it("keeps the canary key out of every result, message and stderr line", async () => {
    const served = await spawnServer(["--mock"], { BLAND_API_KEY: CANARY });
    const calls = [
      { name: "get_eval_agent", arguments: { eval_agent_id: AGENT_ID } },
      // The mock's 404 quotes the id it was given: here, the key itself.
      { name: "get_eval_agent", arguments: { eval_agent_id: CANARY } },
      { name: "create_eval_run", arguments: { ...run, metadata: { note: CANARY } } },
      { name: "create_eval_run", arguments: { ...run, metadata: { note: CANARY }, confirm: true } },
      { name: "create_eval_run", arguments: { call_ids: [CANARY], confirm: true } },
    ];
    const results = [];
    for (const call of calls) results.push(await served.client.callTool(call));
    expect(textOf(results[1] as any)).toContain("[redacted]");
    expect(JSON.stringify(results)).not.toContain(CANARY);
    expect(served.received.join("\n")).not.toContain(CANARY);
    expect(served.stderr()).toContain("ready on stdio");
    expect(served.stderr()).not.toContain(CANARY);
  });
});
