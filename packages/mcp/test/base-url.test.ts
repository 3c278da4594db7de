// --base-url against the mock served over HTTP by this test: the mock's own request log proves what
// the bin sent, with the key from BLAND_API_KEY, and API errors come back as tool errors that say
// what to do.
import { createMockServer, type ListeningMock } from "@evals-api/mock";
import { afterEach, describe, expect, it } from "vitest";
import { AGENT_ID, CANARY, spawnServer, textOf } from "./support.js";

const listening: ListeningMock[] = [];
afterEach(async () => {
  await Promise.all(listening.splice(0).map((server) => server.close()));
});

async function served(options: Parameters<typeof createMockServer>[0] = {}) {
  const mock = createMockServer({ apiKey: CANARY, ...options });
  const server = await mock.listen(0);
  listening.push(server);
  return { mock, url: server.url };
}

const run = { call_ids: ["call_1", "call_2"], attached_agents: [{ eval_agent_id: AGENT_ID }] };

describe("evals-mcp --base-url", () => {
  it("calls the server there with the key from BLAND_API_KEY; a dry run sends it nothing", async () => {
    const { mock, url } = await served();
    const { client, stderr } = await spawnServer(["--base-url", url]);
    const agent = await client.callTool({ name: "get_eval_agent", arguments: { eval_agent_id: AGENT_ID } });
    expect((agent.structuredContent as any).agent.id).toBe(AGENT_ID);
    const dry = await client.callTool({ name: "create_eval_run", arguments: run });
    expect(textOf(dry)).toContain("DRY RUN");
    expect(mock.state.requests.map((r) => r.operationId)).toEqual(["getEvalAgent"]);
    const created = await client.callTool({ name: "create_eval_run", arguments: { ...run, confirm: true } });
    expect(mock.state.runs.get((created.structuredContent as any).id)).toEqual(created.structuredContent);
    expect(mock.state.requests.map((r) => [r.operationId, r.status])).toEqual([
      ["getEvalAgent", 200],
      ["createEvalRun", 202],
    ]);
    expect(stderr()).toContain(`against ${url}`);
    expect(stderr()).not.toContain(CANARY);
  });

  it("a refused key is a tool error that says where the key is set, without showing it", async () => {
    const { url } = await served({ apiKey: "another-key" });
    const { client, stderr } = await spawnServer(["--base-url", url]);
    const result = await client.callTool({ name: "get_eval_agent", arguments: { eval_agent_id: AGENT_ID } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 401");
    expect(textOf(result)).toContain("set a valid BLAND_API_KEY in this server's environment");
    expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(stderr()).not.toContain(CANARY);
  });

  it("an organization without billing gets a 402 that says what to do, and a failed create is not retried", async () => {
    const { mock, url } = await served({ billing: false });
    const { client } = await spawnServer(["--base-url", url]);
    const result = await client.callTool({ name: "create_eval_run", arguments: { ...run, confirm: true } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("HTTP 402 from POST /v1/evals/runs");
    expect(textOf(result)).toContain("BILLING_REQUIRED");
    expect(textOf(result)).toContain("add one in the Bland dashboard");
    expect(result._meta?.["evals-api/error"]).toMatchObject({ status: 402, code: "BILLING_REQUIRED" });
    expect(mock.state.requests).toHaveLength(1);
  });

  it("a 500 on a billed create says the run may exist and is not sent again", async () => {
    const { mock, url } = await served({ faults: { failRate: 1, failStatus: 500 } });
    const { client } = await spawnServer(["--base-url", url]);
    const result = await client.callTool({ name: "create_eval_run", arguments: { ...run, confirm: true } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("The run may have been created (and billed) all the same.");
    expect(mock.state.requests.filter((r) => r.operationId === "createEvalRun")).toHaveLength(1);
  });

  it("no server at the URL is a tool error, not a crash", async () => {
    const { url } = await served();
    await listening.splice(0)[0]?.close();
    const { client } = await spawnServer(["--base-url", url]);
    const result = await client.callTool({ name: "get_eval_agent", arguments: { eval_agent_id: AGENT_ID } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("get_eval_agent got no answer");
    expect(textOf(result)).toContain("check --base-url");
  });
});
