import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { API_KEY, keyedMock } from "./helpers.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("evals-contract CLI", () => {
  it("prints one line per check and a summary, and exits 0 against the mock", async () => {
    const server = await keyedMock().listen(0);
    try {
      const { code, stdout } = await run(["--base-url", server.url, "--api-key", API_KEY]);
      const lines = stdout.trim().split("\n");
      expect(code).toBe(0);
      expect(lines.slice(0, -1).every((l) => /^(PASS|NOT RUN) /.test(l))).toBe(true);
      expect(lines.at(-1)).toMatch(
        new RegExp(`^evals-contract against ${server.url}: \\d+ checks passed, 0 failed, 1 not run$`),
      );
      const json = await run(["--base-url", server.url, "--api-key", API_KEY, "--json", "--allow-billed"]);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, failed: 0, notRun: 0 });
    } finally {
      await server.close();
    }
  });

  it("exits 1 and explains each failure against a server that breaks the spec", async () => {
    // Answers everything 200 with a body of the wrong shape.
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: { agent: { id: 1 } }, errors: null }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { code, stdout } = await run(["--base-url", url, "--api-key", API_KEY]);
      expect(code).toBe(1);
      expect(stdout).toMatch(
        /^FAIL getEvalAgent: returns the agent and its current version \[200\] — .*\(at \/data\/[\w/]+\)$/m,
      );
      expect(stdout).toMatch(
        /^FAIL createEvalRun: 401 without an API key \[200\] — expected 401, got 200; status 200 is not documented for createEvalRun/m,
      );
      const json = JSON.parse((await run(["--base-url", url, "--json"])).stdout);
      expect(json.ok).toBe(false);
      expect(json.checks[0]).toMatchObject({ outcome: "fail", status: 200, path: expect.stringMatching(/^\/data\//) });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("exits 2 with usage when --base-url is missing or not a URL", async () => {
    const missing = await run([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--base-url is required");
    const bad = await run(["--base-url", "not a url"]);
    expect(bad.code).toBe(2);
  });
});
