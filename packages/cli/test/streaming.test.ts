import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { describe, expect, it } from "vitest";
import { AGENT, callIds, createdRuns, httpMock, runCli, startCli, tempPath } from "./support.js";

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("streamed input", () => {
  it("creates the first run from stdin before stdin ends: ids are sent as they are read", async () => {
    const { url, env, mock } = await httpMock();
    const cli = startCli(["runs", "create", "--calls", "-", "--agent", AGENT, "--base-url", url], { env });
    cli.child.stdin.write(`${callIds(5001).join("\n")}\n`);
    // One full chunk, and one id of the next (so the reader knows the chunk is complete): sent now.
    await until(() => mock.state.runs.size === 1, "the first run, with stdin still open");
    expect(cli.child.exitCode).toBeNull();
    cli.child.stdin.end(`${callIds(999, "late_").join("\n")}\n`);
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(createdRuns(mock).map((run) => run.submitted_call_ids.length)).toEqual([5000, 1000]);
  });

  it("dry-runs 1,000,000 ids in a heap too small to hold them as strings", async () => {
    const file = tempPath("million.txt");
    const out = createWriteStream(file);
    for (let block = 0; block < 100; block++) {
      const lines = Array.from({ length: 10_000 }, () => randomUUID()).join("\n");
      if (!out.write(`${lines}\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    // 1,000,000 UUID strings in an array take about 80 MB of heap; the limit is 48 MB.
    const result = await runCli(["runs", "create", "--calls", file, "--agent", AGENT, "--dry-run", "--json"], {
      env: { NODE_OPTIONS: "--max-old-space-size=48" },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ runs: 200, calls: 1_000_000, atoms: 1_000_000 });
  }, 180_000);
});
