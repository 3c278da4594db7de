// The proof that a new operation in the spec is a new tool with no code: the fixture spec adds
// `GET /v1/evals/runs/{run_id}` (getEvalRun), and the server built on its registry lists
// get_eval_run, typed from the spec, and calls it against the mock serving the same registry.
import { readdirSync, readFileSync } from "node:fs";
import { registry as fixture } from "@evals-api/fixture-third-operation";
import { createMockServer } from "@evals-api/mock";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, it } from "vitest";
import { createEvalsMcpServer } from "../src/index.js";

const getEvalRun = fixture.get("getEvalRun");
const runId = getEvalRun.parameters.find((p) => p.name === "run_id")?.example as string;
const example = Object.values(getEvalRun.response(getEvalRun.successStatus)?.examples ?? {})[0] as { data: unknown };

async function connected() {
  const mock = createMockServer({ registry: fixture });
  const { server } = createEvalsMcpServer({ registry: fixture, mock });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "fixture-test", version: "1.0.0" });
  await client.connect(clientSide);
  return { client, mock };
}

describe("an operation the server has no code for (the fixture's getEvalRun)", () => {
  it("is listed as get_eval_run, with its schemas and annotations from the spec", async () => {
    const { client } = await connected();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["create_eval_run", "get_eval_agent", "get_eval_run"]);
    const tool = tools.find((t) => t.name === "get_eval_run");
    const path = (fixture.document.paths as any)["/v1/evals/runs/{run_id}"].get;
    expect(tool?.description).toBe(`${path.summary}\n\n${path.description}`);
    expect(tool?.inputSchema).toEqual({
      type: "object",
      properties: {
        run_id: {
          ...path.parameters[0].schema,
          description: [
            path.parameters[0].description,
            `Not in the vendor reference: ${path.parameters[0]["x-provenance"].reason}`,
            `Not in the vendor reference: \`format: "uuid"\` (${path.parameters[0].schema["x-keyword-provenance"].format.reason})`,
          ].join("\n\n"),
          examples: [runId],
        },
      },
      required: ["run_id"],
      additionalProperties: false,
    });
    expect(tool?.outputSchema).toMatchObject({ title: "EvalRun", type: "object" });
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
  });

  it("is called through the client against the mock, which answers its example", async () => {
    const { client, mock } = await connected();
    const result = await client.callTool({ name: "get_eval_run", arguments: { run_id: runId } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual(example.data);
    expect(mock.state.requests).toMatchObject([{ operationId: "getEvalRun", status: 200 }]);
    const missing = await client.callTool({
      name: "get_eval_run",
      arguments: { run_id: "00000000-0000-4000-8000-000000000000" },
    });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain("HTTP 404");
  });

  it("is named nowhere in the server's source", () => {
    const dir = new URL("../src/", import.meta.url);
    for (const file of readdirSync(dir)) {
      const source = readFileSync(new URL(file, dir), "utf8");
      expect(source, file).not.toMatch(/getEvalRun|get_eval_run|runs\/\{run_id\}/);
    }
  });
});
