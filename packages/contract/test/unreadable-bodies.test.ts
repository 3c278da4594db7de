// Issue 12, item 3: whatever the server does, every check gets a result and the CLI prints the
// report. A body that stalls or is cut mid-read fails only its own check; an overall deadline
// bounds a server that hangs on every request.
import type { IncomingMessage, ServerResponse } from "node:http";
import { operationIndex } from "@evals-api/types";
import { responseExamples } from "@evals-api/types/spec";
import { afterEach, describe, expect, it } from "vitest";
import { type CheckResult, type ContractReport, runContractSuite } from "../src/index.js";
import { API_KEY, answerWith, type HttpServer, IN_PROCESS_URL, keyedMock, listenRaw, runCli } from "./helpers.js";

const [agentExample] = Object.values(
  responseExamples("getEvalAgent", String(operationIndex.getEvalAgent.successStatus)),
) as { data: { agent: { id: string } } }[];
const agentPath = operationIndex.getEvalAgent.path.replace("{eval_agent_id}", agentExample?.data.agent.id ?? "");
const AGENT_READ = "getEvalAgent: returns the agent and its current version";

// The mock over HTTP, except that the authorised read of the example agent is sabotaged.
function mockExceptAgentRead(sabotage: (req: IncomingMessage, res: ServerResponse) => void) {
  const forward = answerWith(keyedMock().fetch);
  return listenRaw((req, res) => {
    if (req.method === "GET" && req.url === agentPath && req.headers.authorization === API_KEY) sabotage(req, res);
    else forward(req, res);
  });
}

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const report = (stdout: string): ContractReport => JSON.parse(stdout);
const others = (r: ContractReport) => r.checks.filter((c) => c.name !== AGENT_READ && c.reason !== billedReason(r));
const billedReason = (r: ContractReport) => r.checks.find((c) => c.name.includes("(billed)"))?.reason;

describe("a response body that cannot be read (spawned CLI)", () => {
  it("stalls after the headers: that check fails naming the timeout, the others still run", async () => {
    server = await mockExceptAgentRead((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data":'); // and never ends
    });
    const run = await runCli(["--base-url", server.url, "--api-key", API_KEY, "--timeout-ms", "700", "--json"]);
    expect(run.code).toBe(1);
    const json = report(run.stdout);
    expect(json.checks.find((c) => c.name === AGENT_READ)).toMatchObject({
      outcome: "fail",
      status: 200,
      reason: expect.stringMatching(/^response body could not be read: .*700 ms.*--timeout-ms/),
    });
    expect(others(json).length).toBeGreaterThan(40);
    for (const check of others(json)) expect(check.outcome, check.name).toBe("pass");
    expect(json).toMatchObject({ ok: false, failed: 1 });
  });

  it("is cut by a socket reset mid-body: that check fails naming it, the others still run", async () => {
    server = await mockExceptAgentRead((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "4000" });
      res.write('{"data":{"agent":', () => setTimeout(() => res.socket?.resetAndDestroy(), 20));
    });
    const run = await runCli(["--base-url", server.url, "--api-key", API_KEY, "--json"]);
    expect(run.code).toBe(1);
    const json = report(run.stdout);
    expect(json.checks.find((c) => c.name === AGENT_READ)).toMatchObject({
      outcome: "fail",
      status: 200,
      reason: expect.stringMatching(/^response body could not be read: \S/),
    });
    for (const check of others(json)) expect(check.outcome, check.name).toBe("pass");
    expect(json.failed).toBe(1);
  });
});

describe("the overall deadline (spawned CLI)", () => {
  const hang = () =>
    listenRaw(() => {
      // Never answers.
    });

  it("reports every check of a server that hangs as not-run (deadline), exits 1, and keeps to the deadline", async () => {
    server = await hang();
    const args = ["--base-url", server.url, "--api-key", API_KEY, "--timeout-ms", "60000", "--deadline-ms", "1500"];
    const run = await runCli([...args, "--json"]);
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(15_000);
    const json = report(run.stdout);
    const cut = json.checks.filter((c) => c.reason === "deadline");
    expect(cut.length).toBe(json.checks.length - 1); // all but the billed check, which is never run unasked
    for (const check of cut) expect(check).toMatchObject({ outcome: "not-run", status: null });
    expect(json).toMatchObject({ ok: false, complete: false, failed: 0, notRun: json.checks.length });
    const text = await runCli(args);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^NOT RUN \(deadline\) getEvalAgent: returns the agent and its current version$/m);
  });

  it("with --fail-on never still reports the cut checks, and exits 0", async () => {
    server = await hang();
    const run = await runCli([
      ...["--base-url", server.url, "--api-key", API_KEY, "--deadline-ms", "500", "--fail-on", "never", "--json"],
    ]);
    expect(run.code).toBe(0);
    expect(report(run.stdout)).toMatchObject({ ok: true, complete: false, failOn: "never" });
  });
});

describe("the same through the API, with an in-process fetch", () => {
  const agentRead = (checks: CheckResult[]) => checks.find((c) => c.name === AGENT_READ);

  it("a body stream that errors fails only its check", async () => {
    const mock = keyedMock();
    const result = await runContractSuite({
      baseUrl: IN_PROCESS_URL,
      apiKey: API_KEY,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (
          request.method !== "GET" ||
          !request.url.endsWith(agentPath) ||
          request.headers.get("authorization") !== API_KEY
        ) {
          return mock.fetch(request);
        }
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"data":'));
            controller.error(new Error("connection reset by peer"));
          },
        });
        return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
      },
    });
    expect(agentRead(result.checks)).toMatchObject({
      outcome: "fail",
      reason: "response body could not be read: connection reset by peer",
    });
    expect(result.failed).toBe(1);
    expect(result.passed).toBe(result.checks.length - 2);
  });

  it("a fetch that never answers fails each check on its own timeout, and every check runs", async () => {
    const result = await runContractSuite({
      baseUrl: IN_PROCESS_URL,
      apiKey: API_KEY,
      fetch: () => new Promise<Response>(() => undefined),
      timeoutMs: 15,
    });
    expect(result).toMatchObject({ ok: false, complete: true, notRun: 1, passed: 0, warned: 0 });
    for (const check of result.checks.filter((c) => c.outcome !== "not-run")) {
      expect(check).toMatchObject({
        outcome: "fail",
        status: null,
        reason: "request failed: no response within 15 ms (timeoutMs, --timeout-ms)",
      });
    }
  });

  it("a fetch that never settles and ignores its signal is cut by deadlineMs", async () => {
    const started = Date.now();
    const result = await runContractSuite({
      baseUrl: IN_PROCESS_URL,
      apiKey: API_KEY,
      fetch: () => new Promise<Response>(() => undefined),
      deadlineMs: 300,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(agentRead(result.checks)).toMatchObject({ outcome: "not-run", reason: "deadline", status: null });
    expect(result).toMatchObject({ ok: false, complete: false, passed: 0, failed: 0 });
  });
});
