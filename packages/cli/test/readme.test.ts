// The root README's "score a CSV of calls" example, run as written (with the built bin for `evals`,
// the mock for api.bland.ai and the canary for the key), and this package's README's --mock lines.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CANARY, callIds, httpMock, runCli, tempPath } from "./support.js";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const shellBlock = (text: string, after: string) => text.split(after)[1]?.match(/```sh\n([\s\S]*?)```/)?.[1] ?? "";
const evalsLines = (block: string) => block.split("\n").filter((line) => line.startsWith("evals "));
const argsOf = (line: string) =>
  line
    .replace(/\s+#.*$/, "")
    .split(/\s+/)
    .slice(1);

describe("README examples", () => {
  it("the root README scores a CSV of calls in three lines", async () => {
    const block = shellBlock(read("../../../README.md"), "Score a CSV of calls");
    const lines = block.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("npm i -g @evals-api/cli");
    expect(lines[1]).toMatch(/^export BLAND_API_KEY=/);
    const [command] = evalsLines(block);
    const args = argsOf(command ?? "");
    const { url, mock } = await httpMock();
    // The example names its files relative to where it runs: the CSV and journal go in one folder.
    const folder = dirname(tempPath("x"));
    const calls = join(folder, args[args.indexOf("--calls") + 1] ?? "");
    writeFileSync(calls, `call_id,agent_name\n${callIds(7001).join(",x\n")},x\n`);
    const absolute = args.map((arg) => (arg.endsWith(".csv") || arg.endsWith(".journal") ? join(folder, arg) : arg));
    const result = await runCli([...absolute, "--base-url", url], { env: { BLAND_API_KEY: CANARY } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).runs).toHaveLength(2);
    expect(mock.state.runs.size).toBe(2);
  });

  it("the package README's --mock lines run with no key", async () => {
    const block = shellBlock(read("../README.md"), "Try it with no key and no network");
    const lines = evalsLines(block);
    expect(lines).toHaveLength(2);
    const folder = dirname(tempPath("x"));
    writeFileSync(join(folder, "calls.csv"), `call_id\n${callIds(3).join("\n")}\n`);
    for (const line of lines) {
      const args = argsOf(line).map((arg) => (arg.endsWith(".csv") ? join(folder, arg) : arg));
      const result = await runCli(args);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toBeTruthy();
    }
  });
});
