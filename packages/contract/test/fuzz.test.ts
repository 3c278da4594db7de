import { registry } from "@evals-api/types/registry";
import { requestExamples } from "@evals-api/types/spec";
import { describe, expect, it, vi } from "vitest";
import { runContractSuite } from "../src/index.js";
import { API_KEY, IN_PROCESS_URL, keyedMock, listenRaw, runCli } from "./helpers.js";

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
const validate = registry.get("createEvalRun").validators.requestBody as (
  body: unknown,
) => { path: string; source: string }[];

// Keeps each body sent, and answers with `answer` (default: the mock's answer).
function recording(answer?: (body: unknown, request: Request) => Response | undefined) {
  const mock = keyedMock();
  const bodies: unknown[] = [];
  const fetch: Fetch = async (input, init) => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    const body = text === "" ? undefined : JSON.parse(text);
    if (body !== undefined) bodies.push(body);
    return (body !== undefined && answer?.(body, request)) || mock.fetch(request);
  };
  return { mock, bodies, fetch };
}

const fuzz = (fetch: Fetch, runs: number, seed?: number, more: object = {}) =>
  runContractSuite({
    baseUrl: IN_PROCESS_URL,
    apiKey: API_KEY,
    fetch,
    fuzz: { runs, ...(seed !== undefined && { seed }) },
    ...more,
  });

const exampleAgents = new Set(
  Object.values(requestExamples("createEvalRun")).flatMap((e: any) =>
    (e.attached_agents ?? []).map((a: any) => a.eval_agent_id),
  ),
);
const agentsOf = (body: any): string[] =>
  Array.isArray(body?.attached_agents)
    ? body.attached_agents.map((a: any) => a?.eval_agent_id).filter((id: unknown) => typeof id === "string")
    : [];

describe("--fuzz: invalid bodies, each to be refused with a 4xx", () => {
  it("sends 1000 bodies to the mock, every one refused: 0 runs created", async () => {
    const { mock, bodies, fetch } = recording();
    const report = await fuzz(fetch, 1000, 7);
    expect(report.checks).toHaveLength(1000);
    expect(bodies).toHaveLength(1000);
    expect(report).toMatchObject({ ok: true, failed: 0, warned: 0, notRun: 0, fuzz: { runs: 1000, seed: 7 } });
    expect(mock.state.runs.size).toBe(0);
    expect(report.coverage.conformance).toEqual({ passing: 1000, run: 1000, score: 1 });
  });

  it("breaks only rules the vendor states, and many different ones", async () => {
    const { bodies, fetch } = recording();
    await fuzz(fetch, 300, 11);
    const broken = new Set<string>();
    for (const body of bodies) {
      const issues = validate(body);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.filter((i) => i.source !== "vendor")).toEqual([]);
      for (const i of issues) broken.add(i.path.replace(/\/\d+/g, "/*"));
    }
    expect(broken.size).toBeGreaterThan(10);
  });

  it("sends the same bodies for the same seed, others for another, and gives the seed it drew", async () => {
    const a = recording();
    const b = recording();
    const c = recording();
    await fuzz(a.fetch, 50, 123);
    await fuzz(b.fetch, 50, 123);
    await fuzz(c.fetch, 50, 124);
    expect(b.bodies).toEqual(a.bodies);
    expect(c.bodies).not.toEqual(a.bodies);
    const drawn = await fuzz(recording().fetch, 3);
    expect(Number.isSafeInteger(drawn.fuzz?.seed)).toBe(true);
  });

  it("finds a server that crashes (5xx) on one rule, and fails only those bodies", async () => {
    const crashes = (body: unknown) => validate(body).some((i) => i.path === "/pass_threshold_pct");
    const { fetch } = recording((body) => (crashes(body) ? new Response("boom", { status: 500 }) : undefined));
    const report = await fuzz(fetch, 200, 5);
    expect(report.ok).toBe(false);
    expect(report.failed).toBeGreaterThan(0);
    const sent = recording();
    await fuzz(sent.fetch, 200, 5);
    report.checks.forEach((check, i) => {
      expect(check.outcome).toBe(crashes(sent.bodies[i]) ? "fail" : "pass");
      if (check.outcome === "fail") expect(check.reason).toContain("expected a 4xx, got 500");
    });
  });

  it("fails a 2xx, naming the run it created", async () => {
    const created = { data: { id: "run-fuzz-created-1", status: "PENDING" }, errors: null };
    const { fetch } = recording(() => Response.json(created, { status: 202 }));
    const report = await fuzz(fetch, 3, 1);
    expect(report.failed).toBe(3);
    for (const check of report.checks) {
      expect(check.reason).toContain(
        "expected a 4xx, got 202: accepted an invalid body (it created run-fuzz-created-1)",
      );
      expect(check.reason).toContain("billed");
    }
  });

  it("attaches only the spec example's agents, unless given --agent-id", async () => {
    const plain = recording();
    await fuzz(plain.fetch, 200, 3);
    const seen = plain.bodies.flatMap(agentsOf);
    expect(seen.length).toBeGreaterThan(0);
    for (const id of seen) expect(exampleAgents.has(id) || !/^[0-9a-f-]{36}$/.test(id)).toBe(true);
    const mine = recording();
    await fuzz(mine.fetch, 200, 3, { agentId: "agent-under-test", allowBilled: true });
    const ids = mine.bodies.flatMap(agentsOf);
    expect(ids).toContain("agent-under-test");
    for (const id of ids) expect(exampleAgents.has(id)).toBe(false);
  });

  it("refuses a real agent on a server that is not loopback without allowBilled, sending nothing", async () => {
    let sent = 0;
    const fetch: Fetch = async () => {
      sent++;
      return Response.json({ data: null, errors: [{ error: "invalid", message: "no" }] }, { status: 400 });
    };
    const options = {
      baseUrl: "https://staging.example.test",
      apiKey: API_KEY,
      fetch,
      fuzz: { runs: 5, seed: 1 },
      agentId: "a",
    };
    vi.useFakeTimers();
    try {
      await expect(runContractSuite(options)).rejects.toThrow(/could bill a run .*--allow-billed/);
      // Refused before the run's deadline timer starts: nothing keeps the caller's process alive.
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(sent).toBe(0);
    await runContractSuite({ ...options, allowBilled: true });
    expect(sent).toBe(5);
    // Loopback, or the example agents, need no permission.
    await runContractSuite({ ...options, baseUrl: "http://127.0.0.1:9" });
    await runContractSuite({ ...options, agentId: undefined });
    expect(sent).toBe(15);
  });
});

describe("evals-contract --fuzz N --seed S", () => {
  it("runs against the mock over HTTP, exits 0 and prints the seed", async () => {
    const mock = keyedMock();
    const server = await mock.listen(0);
    try {
      const run = await runCli(["--base-url", server.url, "--api-key", API_KEY, "--fuzz", "100", "--seed", "9"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("Fuzzed with --seed 9");
      expect(run.stdout).toMatch(/: 100 checks passed, 0 warned, 0 failed/);
      expect(mock.state.runs.size).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("prints the created run's id and exits 1 against a server that accepts anything", async () => {
    const server = await listenRaw((_req, res) => {
      res.writeHead(202, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: { id: "run-lax-42" }, errors: null }));
    });
    try {
      const run = await runCli(["--base-url", server.url, "--fuzz", "2", "--seed", "1"]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("it created run-lax-42");
    } finally {
      await server.close();
    }
  });

  it("exits 2 for bad flags, and for --agent-id on a remote server without --allow-billed", async () => {
    const cases: [string[], RegExp][] = [
      [["--fuzz", "0"], /--fuzz "0": give a whole number of bodies ≥ 1/],
      [["--fuzz", "ten"], /--fuzz "ten"/],
      [["--seed", "3"], /--seed is the seed of --fuzz/],
      [["--fuzz", "3", "--seed=-1"], /--seed "-1"/],
      [["--fuzz", "3", "--agent-id", "real-agent"], /could bill a run .*--allow-billed/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(["--base-url", "https://staging.example.test", ...args]);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});
