// A second, independent client: the MCP Inspector's CLI (1.0.3, the last that runs on Node 20)
// spawns the built bin in --mock mode, lists its tools and calls get_eval_agent. It needs no network.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { AGENT_ID, BIN, CANARY } from "./support.js";

const require = createRequire(import.meta.url);
const inspector = join(dirname(require.resolve("@modelcontextprotocol/inspector-cli/package.json")), "build", "cli.js");
// inspector-cli 1.0.3 reads its own package.json as "../package.json" of the current folder (a bug
// of its): run it from a folder whose parent has one, this package's test/.
const cwd = fileURLToPath(new URL(".", import.meta.url));

async function inspect(...args: string[]) {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [inspector, "--cli", process.execPath, BIN, "--mock", ...args],
    { cwd, env: { ...process.env, BLAND_API_KEY: CANARY } },
  );
  expect(stdout + stderr).not.toContain(CANARY);
  return JSON.parse(stdout);
}

describe("the MCP Inspector CLI against the built bin", () => {
  it("lists the tools, with their schemas", async () => {
    const { tools } = await inspect("--method", "tools/list");
    expect(tools.map((t: { name: string }) => t.name).sort()).toEqual(["create_eval_run", "get_eval_agent"]);
    const getAgent = tools.find((t: { name: string }) => t.name === "get_eval_agent");
    expect(getAgent.inputSchema.required).toEqual(["eval_agent_id"]);
    expect(getAgent.annotations.readOnlyHint).toBe(true);
  });

  it("calls get_eval_agent", async () => {
    const result = await inspect(
      "--method",
      "tools/call",
      "--tool-name",
      "get_eval_agent",
      "--tool-arg",
      `eval_agent_id=${AGENT_ID}`,
    );
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.agent.id).toBe(AGENT_ID);
    expect(result.content[0].text).toContain("Eval agent");
  });
});
