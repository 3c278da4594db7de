import { chmodSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AGENT, CANARY, httpMock, runCli, tempFile } from "./support.js";

describe("evals agents get", () => {
  it("prints the agent as JSON over HTTP, with the key from BLAND_API_KEY", async () => {
    const { url, env, mock } = await httpMock();
    const result = await runCli(["agents", "get", AGENT, "--base-url", url, "--json"], { env });
    expect(result.code).toBe(0);
    const found = JSON.parse(result.stdout);
    expect(found.agent.id).toBe(AGENT);
    expect(found.current_version.eval_agent_id).toBe(AGENT);
    expect(mock.state.requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 200"]);
  });

  it("prints JSON when stdout is not a terminal, even without --json", async () => {
    const { url, env } = await httpMock();
    const result = await runCli(["agents", "get", AGENT, "--base-url", url], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).agent.id).toBe(AGENT);
    expect(result.stderr).toBe("");
  });

  it("answers from the in-process mock with --mock, with no key and no network", async () => {
    const result = await runCli(["agents", "get", AGENT, "--mock", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).agent.id).toBe(AGENT);
  });

  it("reads the key from --api-key-file", async () => {
    const { url } = await httpMock();
    const file = tempFile("key", `${CANARY}\n`);
    const result = await runCli(["agents", "get", AGENT, "--base-url", url, "--api-key-file", file]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).agent.id).toBe(AGENT);
  });

  it("warns when other users can read the --api-key-file, and not when they cannot", async () => {
    const { url } = await httpMock();
    const file = tempFile("key", `${CANARY}\n`);
    chmodSync(file, 0o644);
    const open = await runCli(["agents", "get", AGENT, "--base-url", url, "--api-key-file", file]);
    expect(open.code).toBe(0);
    expect(open.stderr).toContain(`other users of this machine can read it; chmod 600 ${file}`);
    chmodSync(file, 0o600);
    const closed = await runCli(["agents", "get", AGENT, "--base-url", url, "--api-key-file", file]);
    expect(closed.code).toBe(0);
    expect(closed.stderr).toBe("");
  });

  it("exits 1 on a 404, naming the agent that was not found", async () => {
    const missing = "00000000-0000-4000-8000-000000000404";
    const result = await runCli(["agents", "get", missing, "--mock"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`404.*eval agent ${missing} does not exist`));
    // Not a terminal: the failure is one JSON document on stdout too.
    expect(JSON.parse(result.stdout).error).toMatchObject({ status: 404, code: "EVAL_AGENT_NOT_FOUND" });
  });

  it("exits 1 on a 401 and says the key came from BLAND_API_KEY", async () => {
    const { url } = await httpMock();
    const result = await runCli(["agents", "get", AGENT, "--base-url", url], { env: { BLAND_API_KEY: "sk-wrong" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/API key was refused \(401.*\): it came from BLAND_API_KEY/);
  });

  it("exits 1 on a 401 and names the --api-key-file it came from", async () => {
    const { url } = await httpMock();
    const file = tempFile("wrong-key", "sk-wrong\n");
    const result = await runCli(["agents", "get", AGENT, "--base-url", url, "--api-key-file", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`it came from --api-key-file ${file}`);
  });

  it("exits 1 when the server cannot be reached, naming where it tried", async () => {
    const result = await runCli(["agents", "get", AGENT, "--base-url", "http://127.0.0.1:9"], {
      env: { BLAND_API_KEY: CANARY },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("could not reach http://127.0.0.1:9");
  });

  it("prints every attempt with --verbose, and never the key", async () => {
    const { url, env } = await httpMock();
    const result = await runCli(["agents", "get", AGENT, "--base-url", url, "--verbose"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`GET /v1/evals/agents/${AGENT} → 200 in \\d+ ms`));
  });

  it("shows each retry with --verbose: every attempt is a line", async () => {
    const { url, env } = await httpMock({ faults: { failRate: 1, failStatus: 503, retryAfterSeconds: 0 } });
    const result = await runCli(["agents", "get", AGENT, "--base-url", url, "--verbose"], { env });
    expect(result.code).toBe(1);
    const attempts = result.stderr.split("\n").filter((line) => / → 503 in \d+ ms/.test(line));
    expect(attempts).toHaveLength(3); // the first try and the client's 2 retries
    expect(result.stderr).toMatch(/the API answered 503/);
  });
});
