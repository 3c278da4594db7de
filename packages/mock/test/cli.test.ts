import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { agentExample } from "./spec-examples.js";

// The built bin, as package.json names it (what `npx evals-mock` runs).
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const cli = fileURLToPath(new URL(`../${manifest.bin["evals-mock"]}`, import.meta.url));
const children: ChildProcess[] = [];

function run(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", () => reject(new Error(`evals-mock exited before listening: ${stderr}`)));
  });
  // Tests that expect an early exit never await the URL.
  url.catch(() => undefined);
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function seedFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "evals-mock-")), "agents.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe("evals-mock CLI", () => {
  it("prints its URL, serves the seeded agent, and exits 0 on SIGTERM", async () => {
    const mock = run(["--port", "0", "--api-key", "secret"]);
    const url = await mock.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const id = agentExample().data.agent.id;
    expect((await fetch(`${url}/v1/evals/agents/${id}`, { headers: { authorization: "secret" } })).status).toBe(200);
    expect((await fetch(`${url}/v1/evals/agents/${id}`, { headers: { authorization: "other" } })).status).toBe(401);
    mock.child.kill("SIGTERM");
    expect(await mock.exited).toBe(0);
  });

  it("exits 0 on SIGINT too", async () => {
    const mock = run(["--port", "0"]);
    await mock.url;
    mock.child.kill("SIGINT");
    expect(await mock.exited).toBe(0);
  });

  it("loads agents from --seed", async () => {
    const example = agentExample().data;
    const id = "5eed0000-0000-4000-8000-000000000001";
    const file = seedFile({
      replace: true,
      agents: [{ agent: { ...example.agent, id }, current_version: { ...example.current_version, eval_agent_id: id } }],
    });
    const mock = run(["--port", "0", "--seed", file]);
    const url = await mock.url;
    expect((await fetch(`${url}/v1/evals/agents/${id}`, { headers: { authorization: "k" } })).status).toBe(200);
    expect(
      (await fetch(`${url}/v1/evals/agents/${example.agent.id}`, { headers: { authorization: "k" } })).status,
    ).toBe(404);
  });

  it("injects the failures asked for", async () => {
    const mock = run(["--port", "0", "--fail-rate", "1", "--fail-status", "500"]);
    const url = await mock.url;
    const response = await fetch(`${url}/v1/evals/agents/${agentExample().data.agent.id}`, {
      headers: { authorization: "k" },
    });
    expect(response.status).toBe(500);
  });

  it("refuses an invalid seed file, naming the file and the JSON path, with exit code 2", async () => {
    const file = seedFile({ agents: [{ agent: {}, current_version: {} }] });
    const mock = run(["--seed", file]);
    expect(await mock.exited).toBe(2);
    expect(mock.output().stderr).toContain(file);
    expect(mock.output().stderr).toContain("/agents/0/agent/id: is required");
  });

  it("says so when the port is taken", async () => {
    const first = run(["--port", "0"]);
    const port = new URL(await first.url).port;
    const second = run(["--port", port]);
    expect(await second.exited).toBe(2);
    expect(second.output().stderr).toContain(`port ${port} is already in use`);
  });

  // Bad usage exits 2 with the usage text, its first line naming the flag; it never starts listening.
  async function expectUsageError(args: string[], message: RegExp) {
    // --port 0 first, so a mistaken start never takes the default port from another process.
    const mock = run(["--port", "0", ...args]);
    const outcome = await Promise.race([mock.exited, mock.url.then((url) => `listening on ${url}`)]);
    expect(outcome, `evals-mock ${args.join(" ")}`).toBe(2);
    const { stderr } = mock.output();
    expect(stderr.split("\n")[0]).toMatch(message);
    expect(stderr).toContain("Usage: evals-mock");
  }

  it("refuses a --port that is not a whole number from 0 to 65535, with exit code 2", async () => {
    await expectUsageError(
      ["--port", "99999"],
      /^evals-mock: --port must be a whole number from 0 to 65535, got "99999"/,
    );
    await expectUsageError(["--port", "1.5"], /^evals-mock: --port must be a whole number/);
    await expectUsageError(["--port=-1"], /^evals-mock: --port must be a whole number/);
  });

  it("refuses a --host it cannot listen on, with exit code 2", async () => {
    // A 64-character label is not a valid DNS name: the lookup fails without asking any resolver.
    const host = `${"a".repeat(64)}.invalid`;
    await expectUsageError(["--host", host], /^evals-mock: cannot listen on --host a+\.invalid: /);
  });

  it("refuses an empty --api-key, which no request could ever match", async () => {
    await expectUsageError(["--api-key", ""], /^evals-mock: --api-key must not be empty/);
    await expectUsageError(["--api-key", " secret "], /^evals-mock: --api-key must not start or end with white space/);
  });

  it("refuses a --latency-ms that is negative, not a number or longer than a timer can wait", async () => {
    await expectUsageError(["--latency-ms=-5"], /^evals-mock: --latency-ms must be /);
    await expectUsageError(["--latency-ms", "NaN"], /^evals-mock: --latency-ms must be /);
    await expectUsageError(["--latency-ms", "soon"], /^evals-mock: --latency-ms must be /);
    await expectUsageError(["--latency-ms", "3000000000"], /^evals-mock: --latency-ms must be .*2147483647/);
    await expectUsageError(["--latency-ms", "10-3000000000"], /^evals-mock: --latency-ms must be .*2147483647/);
    await expectUsageError(["--latency-ms", "20-10"], /^evals-mock: --latency-ms must be /);
  });

  it("refuses unknown flags and bad numbers with usage", async () => {
    const unknown = run(["--nope"]);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output().stderr).toContain("Usage: evals-mock");
    const bad = run(["--fail-rate", "lots"]);
    expect(await bad.exited).toBe(2);
    expect(bad.output().stderr).toContain("--fail-rate must be a number");
  });
});
