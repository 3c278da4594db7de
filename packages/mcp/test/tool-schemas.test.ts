// The tools the built bin lists, compared with the spec: each input schema is the operation's
// request after exactly the transformations (parameters and body merged into one object,
// $refs inlined, no combinator at the root, `confirm` on the billed tool, Idempotency-Key as
// idempotency_key), each output schema the success envelope's `data`. The oracle here inlines the
// bundled document on its own, so that a mistake in the server's inlining cannot hide in both.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { spawnServer } from "./support.js";

const require = createRequire(import.meta.url);
const document = require("@evals-api/types/openapi.json");

// The test's own inliner: a $ref's target, with the keywords written beside it on top.
function deref(node: any): any {
  if (Array.isArray(node)) return node.map(deref);
  if (node === null || typeof node !== "object") return node;
  if (typeof node.$ref === "string") {
    const target = node.$ref
      .slice(2)
      .split("/")
      .reduce((at: any, key: string) => at[key.replaceAll("~1", "/").replaceAll("~0", "~")], document);
    const { $ref: _ref, ...siblings } = node;
    return { ...deref(target), ...deref(siblings) };
  }
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === "examples" || k === "example" || k === "default" ? v : deref(v)]),
  );
}

const createRun = document.paths["/v1/evals/runs"].post;
const getAgent = document.paths["/v1/evals/agents/{eval_agent_id}"].get;
const bodySchema = deref(createRun.requestBody.content["application/json"].schema);
const idempotencyParameter = deref(createRun.parameters[0]);
const agentIdParameter = deref(getAgent.parameters[0]);

async function listed(args: string[] = ["--mock"]) {
  const { client } = await spawnServer(args);
  const { tools } = await client.listTools();
  return Object.fromEntries(tools.map((tool) => [tool.name, tool]));
}

describe("the tools, as the built bin lists them", () => {
  it("are one per operation of the spec, named from the operationId", async () => {
    const tools = await listed();
    expect(Object.keys(tools).sort()).toEqual(["create_eval_run", "get_eval_agent"]);
    expect(tools.get_eval_agent?._meta).toMatchObject({
      "evals-api/operationId": "getEvalAgent",
      "evals-api/billed": false,
    });
    expect(tools.create_eval_run?._meta).toMatchObject({
      "evals-api/operationId": "createEvalRun",
      "evals-api/billed": true,
    });
  });

  it("get_eval_agent takes the path parameter as its one argument, with nothing else allowed", async () => {
    const { get_eval_agent: tool } = await listed();
    expect(tool?.inputSchema).toEqual({
      type: "object",
      properties: {
        eval_agent_id: {
          ...agentIdParameter.schema,
          // format: uuid is the spec's assumption: the description says so, with the spec's reason.
          description: `${agentIdParameter.description}\n\nNot in the vendor reference: \`format: "uuid"\` (${agentIdParameter.schema["x-keyword-provenance"].format.reason})`,
          examples: [agentIdParameter.example],
        },
      },
      required: ["eval_agent_id"],
      additionalProperties: false,
    });
  });

  it("create_eval_run takes the body's fields, the Idempotency-Key as idempotency_key, and confirm", async () => {
    const { create_eval_run: tool } = await listed();
    const { anyOf, ...root } = bodySchema;
    expect(anyOf).toHaveLength(2); // what the root had to lose
    const inputSchema = tool?.inputSchema as Record<string, any>;
    const { idempotency_key, confirm, ...fields } = inputSchema.properties;
    expect({ ...inputSchema, properties: fields }).toEqual({ ...root, type: "object" });
    expect(idempotency_key).toEqual({
      ...idempotencyParameter.schema,
      description: expect.stringContaining(idempotencyParameter.description.trim()),
      examples: [idempotencyParameter.example],
    });
    expect(idempotency_key.description).toContain("Default: a SHA-256 hash of the other arguments");
    expect(idempotency_key.description).toContain(
      `Not in the vendor reference: ${idempotencyParameter["x-provenance"].reason}`,
    );
    expect(confirm).toEqual({ type: "boolean", default: false, description: expect.stringContaining("dry run") });
    expect(tool?.inputSchema.required).toEqual(["call_ids"]);
  });

  it("leave no $ref anywhere and no combinator at the root", async () => {
    for (const tool of Object.values(await listed())) {
      expect(JSON.stringify(tool.inputSchema)).not.toContain('"$ref"');
      expect(JSON.stringify(tool.outputSchema)).not.toContain('"$ref"');
      for (const keyword of ["anyOf", "oneOf", "allOf"]) {
        expect(tool.inputSchema, `${tool.name} ${keyword}`).not.toHaveProperty(keyword);
        expect(tool.outputSchema, `${tool.name} ${keyword}`).not.toHaveProperty(keyword);
      }
    }
  });

  it("have the success envelope's data schema as their output schema", async () => {
    const tools = await listed();
    const dataOf = (operation: any, status: string) =>
      deref(operation.responses[status].content["application/json"].schema).allOf[1].properties.data;
    expect(tools.create_eval_run?.outputSchema).toEqual(dataOf(createRun, "202"));
    expect(tools.create_eval_run?.outputSchema).toMatchObject({ title: "EvalRun", type: "object" });
    expect(tools.get_eval_agent?.outputSchema).toEqual(dataOf(getAgent, "200"));
    expect(tools.get_eval_agent?.outputSchema).toMatchObject({ title: "EvalAgentWithVersion", type: "object" });
  });

  it("are described by the operation's summary and description, with the cross-field rules the root lost", async () => {
    const tools = await listed();
    expect(tools.get_eval_agent?.description).toBe(`${getAgent.summary}\n\n${getAgent.description.trim()}`);
    const description = tools.create_eval_run?.description ?? "";
    expect(description.startsWith(`${createRun.summary}\n\n${createRun.description.trim()}`)).toBe(true);
    for (const branch of bodySchema.anyOf) expect(description).toContain(`"${branch.title}"`);
    expect(description).toContain("`workbench_setup_id` must be given together with `workbench_setup_version_id`");
    expect(description).toContain("`workbench_setup_version_id` must be given together with `workbench_setup_id`");
    expect(description).toContain("BILLED. Without `confirm: true` this is a dry run");
    expect(tools.create_eval_run?.title).toBe(createRun.summary);
  });

  it("say which are read-only, which cost money, and which are idempotent", async () => {
    const tools = await listed([]);
    expect(tools.get_eval_agent?.annotations).toEqual({
      title: "Get Eval Agent",
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    });
    expect(tools.create_eval_run?.annotations).toEqual({
      title: "Create Eval Run",
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    });
    // Against the in-process mock nothing outside is touched.
    const mocked = await listed(["--mock"]);
    expect(mocked.get_eval_agent?.annotations?.openWorldHint).toBe(false);
  });

  it("with --read-only, list no billed tool", async () => {
    const tools = await listed(["--mock", "--read-only"]);
    expect(Object.keys(tools)).toEqual(["get_eval_agent"]);
    const { client } = await spawnServer(["--mock", "--read-only"]);
    const result = await client.callTool({ name: "create_eval_run", arguments: { call_ids: ["c1"], confirm: true } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain("No tool create_eval_run (this server runs with --read-only");
  });
});
