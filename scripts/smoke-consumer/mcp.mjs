// MCP consumer: the installed evals-mcp bin, spawned by the installed MCP SDK's own client over
// stdio, once against its in-process mock (no key) and once against the installed mock over HTTP
// (--base-url, the key from BLAND_API_KEY); the library loads from ESM and from CommonJS.
import { createRequire } from "node:module";
import { join } from "node:path";
import { createEvalsMcpServer } from "@evals-api/mcp";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import examples from "./examples.cjs";

const require = createRequire(import.meta.url);
if (
  typeof require("@evals-api/mcp").createEvalsMcpServer !== "function" ||
  typeof createEvalsMcpServer !== "function"
) {
  throw new Error("@evals-api/mcp exports no createEvalsMcpServer from CommonJS or ESM");
}
const bin = join(process.cwd(), "node_modules", ".bin", "evals-mcp");

async function connect(args, env = {}) {
  const transport = new StdioClientTransport({ command: bin, args, env: { ...getDefaultEnvironment(), ...env } });
  const client = new Client({ name: "evals-consumer", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

const mocked = await connect(["--mock"]);
const { tools } = await mocked.listTools();
const agent = await mocked.callTool({ name: "get_eval_agent", arguments: { eval_agent_id: examples.agentId } });
const dryRun = await mocked.callTool({ name: "create_eval_run", arguments: examples.createBody });
await mocked.close();
if (agent.structuredContent?.agent?.id !== examples.agentId)
  throw new Error(`get_eval_agent: ${JSON.stringify(agent)}`);
const estimate = dryRun._meta?.["evals-api/dry-run"]?.run;
if (!dryRun.isError || estimate === undefined)
  throw new Error(`create_eval_run without confirm: ${JSON.stringify(dryRun)}`);

const remote = await connect(["--base-url", process.env.EVALS_MOCK_URL], { BLAND_API_KEY: process.env.EVALS_API_KEY });
const created = await remote.callTool({
  name: "create_eval_run",
  arguments: { ...examples.createBody, confirm: true },
});
await remote.close();
if (created.isError || created.structuredContent?.status !== "PENDING")
  throw new Error(`create_eval_run: ${JSON.stringify(created)}`);
console.log(
  JSON.stringify({
    module: "mcp",
    tools: tools.map((t) => t.name).sort(),
    agent: agent.structuredContent.agent.id,
    dryRunAtoms: estimate.atoms,
    run: created.structuredContent.id,
  }),
);
