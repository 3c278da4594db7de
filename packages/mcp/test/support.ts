// Spawning the built bin as an assistant would: the SDK's own Client over StdioClientTransport,
// with a canary API key in its environment that must never come back out.
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach } from "vitest";

export const BIN = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
export const CANARY = "sk-canary-9f2c41d7e3b8a6";
export const AGENT_ID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

export interface Spawned {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Every JSON-RPC message the server sent, as text: what a transcript would hold. */
  received: string[];
}

const open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

export async function spawnServer(
  args: string[],
  env: Record<string, string> = { BLAND_API_KEY: CANARY },
): Promise<Spawned> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, ...args],
    env: { ...getDefaultEnvironment(), ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const received: string[] = [];
  const client = new Client({ name: "evals-mcp-test", version: "1.0.0" });
  await client.connect(transport);
  const onmessage = transport.onmessage;
  transport.onmessage = (message) => {
    received.push(JSON.stringify(message));
    onmessage?.(message);
  };
  open.push(client);
  return { client, stderr: () => stderr, received };
}

/** The text of a tool result's content blocks, joined. */
export const textOf = (result: unknown) =>
  (((result as { content?: unknown }).content as { text?: string }[] | undefined) ?? [])
    .map((c) => c.text ?? "")
    .join("\n");
