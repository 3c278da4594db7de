// The README's set-up, run as written: the desktop configuration's flags start the built bin, and
// the two Inspector commands list the tools and call get_eval_agent, from the folder the README says.
import { execSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";
import { AGENT_ID, BIN } from "./support.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const block = (name: string) => {
  const found = new RegExp(`<!-- ${name}:start -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\n<!-- ${name}:end -->`).exec(
    readme,
  );
  if (!found?.[1]) throw new Error(`README.md has no ${name} block`);
  return found[1];
};
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

describe("the README", () => {
  it("configures the package's bin with command, args and env, and the flags it gives start it", async () => {
    const { mcpServers } = JSON.parse(block("config"));
    for (const [name, server] of Object.entries<any>(mcpServers)) {
      expect(server.command, name).toBe("npx");
      expect(server.args.slice(0, 2), name).toEqual(["-y", "@evals-api/mcp"]);
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [BIN, ...server.args.slice(2)],
        env: { ...getDefaultEnvironment(), ...(server.env ?? {}) },
        stderr: "ignore",
      });
      const client = new Client({ name: "readme", version: "1.0.0" });
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.length, name).toBeGreaterThan(0);
      await client.close();
    }
    expect(mcpServers["bland-evals"].env).toHaveProperty("BLAND_API_KEY");
  });

  it("names the package's bin and its flags as they are", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(Object.keys(manifest.bin)).toEqual(["evals-mcp"]);
    const help = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" }).stdout;
    for (const flag of readme.match(/`--[a-z-]+/g) ?? []) {
      if (["--cli", "--method", "--tool-name", "--tool-arg"].includes(flag.slice(1))) continue; // the Inspector's
      expect(help, flag).toContain(flag.slice(1));
    }
  });

  it("runs its two Inspector commands as written, from the folder it says", () => {
    const [cd, ...commands] = block("inspector").trim().split("\n");
    expect(cd).toMatch(/^cd \S+$/);
    const cwd = `${repoRoot}${cd?.slice(3)}`;
    const outputs = commands.map((command) =>
      JSON.parse(execSync(command, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })),
    );
    expect(commands).toHaveLength(2);
    expect(outputs[0].tools.map((t: { name: string }) => t.name).sort()).toEqual(["create_eval_run", "get_eval_agent"]);
    expect(outputs[1].structuredContent.agent.id).toBe(AGENT_ID);
  });
});
