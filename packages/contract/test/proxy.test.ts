// createContractProxy at its public API: real traffic over loopback, through the proxy, to the
// in-process mock (clean) and to scripted servers (broken, slow, unreachable, lax).
import { createEvalsClient, NotFoundError } from "@evals-api/client";
import { requestExamples } from "@evals-api/types/spec";
import { describe, expect, it } from "vitest";
import { type ContractProxyOptions, createContractProxy, type ProxyFinding } from "../src/index.js";
import { API_KEY, type HttpServer, keyedMock, listenRaw } from "./helpers.js";
import { agentAnswer, answerBrokenRead, EXAMPLE_AGENT, eventually, runAnswer } from "./proxy-helpers.js";

const withAgents = Object.values(requestExamples("createEvalRun")).find((e: any) => e.attached_agents) as any;

async function through(target: HttpServer, options: Partial<ContractProxyOptions> = {}) {
  const found: ProxyFinding[] = [];
  const proxy = await createContractProxy({ target: target.url, port: 0, onFinding: (f) => found.push(f), ...options });
  return { proxy, found };
}

const send = (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, headers: { authorization: API_KEY, ...(init.headers as Record<string, string>) } });

describe("the proxy in front of the mock, with the client sending traffic through it", () => {
  it("passes agents.get, runs.create, a 404 and a 400 with no finding, and counts them", async () => {
    const server = await keyedMock().listen(0);
    const { proxy, found } = await through(server);
    try {
      const evals = createEvalsClient({ apiKey: API_KEY, baseUrl: proxy.url, logLevel: "off" });
      expect(await evals.agents.get(EXAMPLE_AGENT)).toEqual(agentAnswer().data);
      expect((await evals.runs.create(withAgents)).status).toBe("PENDING");
      await expect(evals.agents.get(crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
      // The client refuses this body itself; without its validation, the mock must answer 400.
      const lax = createEvalsClient({ apiKey: API_KEY, baseUrl: proxy.url, logLevel: "off", validateRequests: false });
      await expect(lax.runs.create({ ...withAgents, pass_threshold_pct: 101 })).rejects.toMatchObject({ status: 400 });
    } finally {
      await server.close();
    }
    const report = await proxy.close();
    expect(found).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      exchanges: 4,
      violations: 0,
      warnings: 0,
      findings: [],
      notChecked: { tooLarge: { requests: 0, responses: 0 }, clientGone: 0, unknownRoute: 0, cutAtExit: 0 },
    });
    expect(report.operations).toEqual(
      expect.arrayContaining([
        { operationId: "getEvalAgent", exchanges: 2, violations: 0, warnings: 0 },
        { operationId: "createEvalRun", exchanges: 2, violations: 0, warnings: 0 },
      ]),
    );
    const op = (id: string) => {
      const found = report.coverage.operations.find((o) => o.operationId === id);
      if (found === undefined) throw new Error(`no coverage of ${id}`);
      return found;
    };
    const seen = (id: string) =>
      Object.fromEntries(
        op(id)
          .statuses.filter((s) => s.seen > 0)
          .map((s) => [s.statusKey, s.seen]),
      );
    expect(seen("getEvalAgent")).toEqual({ 200: 1, 404: 1 });
    expect(seen("createEvalRun")).toEqual({ 202: 1, 400: 1 });
    expect(op("createEvalRun").requests).toBe(2);
    // One valid body and one above the maximum: that rule, and only that one, was exercised.
    expect(
      op("createEvalRun")
        .rules.filter((r) => r.exercised)
        .map((r) => `${r.path} ${r.rule}`),
    ).toEqual(["/pass_threshold_pct is above maximum 100"]);
    expect(report.coverage.conformance).toEqual({ passing: 4, run: 4, score: 1 });
  });

  it("answers GET /__contract/report itself, with the report so far, never forwarding it", async () => {
    const paths: string[] = [];
    const target = await listenRaw((req, res) => {
      paths.push(req.url ?? "");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(agentAnswer()));
    });
    const { proxy } = await through(target);
    try {
      await (await send(`${proxy.url}/v1/evals/agents/${EXAMPLE_AGENT}`)).text();
      const answer = await fetch(`${proxy.url}/__contract/report`);
      expect(answer.headers.get("content-type")).toBe("application/json");
      const report = await answer.json();
      expect(report).toEqual(JSON.parse(JSON.stringify(proxy.report())));
      expect(report).toMatchObject({ ok: true, exchanges: 1, violations: 0 });
      expect((await fetch(`${proxy.url}/__contract/report`, { method: "POST" })).status).toBe(405);
      expect(paths).toEqual([`/v1/evals/agents/${EXAMPLE_AGENT}`]);
    } finally {
      await proxy.close();
      await target.close();
    }
  });
});

describe("the proxy in front of a broken server", () => {
  // Three answers that break the spec: a wrong type, an undocumented status, a missing field.
  async function brokenServer() {
    return listenRaw((req, res) => {
      req.resume();
      if (req.method === "POST") {
        const run = runAnswer();
        delete run.data.status;
        res.writeHead(202, { "content-type": "application/json" });
        res.end(JSON.stringify(run));
      } else {
        answerBrokenRead(req, res);
      }
    });
  }

  it("reports each broken rule with its JSON path, as it is found and in the report", async () => {
    const target = await brokenServer();
    const { proxy, found } = await through(target);
    try {
      await (await send(`${proxy.url}/v1/evals/agents/${EXAMPLE_AGENT}`)).text();
      expect(found).toEqual([
        expect.objectContaining({
          severity: "violation",
          operationId: "getEvalAgent",
          status: 200,
          rule: "schema",
          path: "/data/agent/name",
          message: expect.stringMatching(/\/data\/agent\/name must be string$/),
        }),
      ]);
      await (await send(`${proxy.url}/v1/evals/agents/${crypto.randomUUID()}`)).text();
      expect(found[1]).toMatchObject({
        severity: "warning",
        operationId: "getEvalAgent",
        status: 418,
        rule: "documented-status",
        message: "status 418 is not documented for getEvalAgent",
      });
      const created = await send(`${proxy.url}/v1/evals/runs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(withAgents),
      });
      await created.text();
      // `required` in a response is inferred from the spec's examples: an assumption, so a warning.
      expect(found.at(-1)).toMatchObject({
        severity: "warning",
        operationId: "createEvalRun",
        status: 202,
        rule: "schema",
        path: "/data/status",
        message: expect.stringMatching(/\/data\/status is required$/),
      });
    } finally {
      await target.close();
    }
    const report = await proxy.close();
    expect(report.findings).toEqual(found);
    expect(report).toMatchObject({ ok: false, exchanges: 3, violations: 1 });
    expect(report.warnings).toBe(found.length - 1);
  });

  it("holds the server to refusing what the spec refuses: a body that breaks a vendor rule, a request without the key", async () => {
    const lax = await listenRaw((req, res) => {
      req.resume();
      res.writeHead(req.method === "POST" ? 202 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify(req.method === "POST" ? runAnswer() : agentAnswer()));
    });
    const { proxy, found } = await through(lax);
    try {
      const body = JSON.stringify({ ...withAgents, pass_threshold_pct: 101 });
      const headers = { "content-type": "application/json" };
      await (await send(`${proxy.url}/v1/evals/runs`, { method: "POST", headers, body })).text();
      expect(found).toEqual([
        expect.objectContaining({
          severity: "violation",
          operationId: "createEvalRun",
          status: 202,
          path: "/pass_threshold_pct",
          message: expect.stringMatching(
            /^the request body's \/pass_threshold_pct must be <= 100, yet it was answered 202 \(expected 400, got 202\)$/,
          ),
        }),
      ]);
      await (await fetch(`${proxy.url}/v1/evals/agents/${EXAMPLE_AGENT}`)).text();
      expect(found[1]).toMatchObject({
        severity: "violation",
        operationId: "getEvalAgent",
        status: 200,
        message:
          "the request has no authorization header, which ApiKeyAuth requires, yet it was answered 200 (expected 401, got 200)",
      });
      // A path the spec does not describe passes through unchecked, as a warning.
      await (await send(`${proxy.url}/v1/evals/calls`)).text();
      expect(found[2]).toMatchObject({
        severity: "warning",
        operationId: null,
        rule: "route",
        request: "GET /v1/evals/calls",
      });
      const report = proxy.report();
      expect(report.notChecked.unknownRoute).toBe(1);
      const rule = report.coverage.operations
        .find((o) => o.operationId === "createEvalRun")
        ?.rules.find((r) => r.path === "/pass_threshold_pct" && r.keyword === "maximum");
      expect(rule).toMatchObject({ passing: 0, failing: 1 });
    } finally {
      await proxy.close();
      await lax.close();
    }
  });
});

describe("the proxy when an exchange does not end well", () => {
  it("counts a client that times out as 'client gone', not a violation, and destroys the upstream request", async () => {
    let upstreamClosedEarly = false;
    const slow = await listenRaw((req, res) => {
      req.resume();
      res.on("close", () => {
        upstreamClosedEarly = !res.writableFinished;
      });
      const timer = setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(agentAnswer()));
      }, 2000);
      res.on("close", () => clearTimeout(timer));
    });
    const { proxy, found } = await through(slow);
    try {
      const evals = createEvalsClient({
        apiKey: API_KEY,
        baseUrl: proxy.url,
        timeoutMs: 100,
        maxRetries: 0,
        logLevel: "off",
      });
      await expect(evals.agents.get(EXAMPLE_AGENT)).rejects.toThrow();
      await eventually(() => proxy.report().notChecked.clientGone === 1 && upstreamClosedEarly);
      expect(found).toEqual([]);
      expect(proxy.report()).toMatchObject({ ok: true, violations: 0, warnings: 0, exchanges: 1 });
    } finally {
      await proxy.close();
      await slow.close();
    }
  });

  it("reports a target that breaks off its answer mid-stream as one violation, and cuts the client too", async () => {
    const breaking = await listenRaw((req, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "application/json", "content-length": "100000" });
      res.write(JSON.stringify(agentAnswer()).slice(0, 100));
      setTimeout(() => res.socket?.destroy(), 50);
    });
    const { proxy, found } = await through(breaking);
    try {
      const answer = await send(`${proxy.url}/v1/evals/agents/${EXAMPLE_AGENT}`);
      await expect(answer.text()).rejects.toThrow();
      await eventually(() => found.length === 1);
      expect(found[0]).toMatchObject({
        severity: "violation",
        rule: "request",
        operationId: "getEvalAgent",
        status: 200,
        message: expect.stringMatching(/^the target broke off its answer: /),
      });
      expect(proxy.report()).toMatchObject({ violations: 1, notChecked: { clientGone: 0 } });
    } finally {
      await proxy.close();
      await breaking.close();
    }
  });

  it("answers 502 naming a target that cannot be reached, and reports it", async () => {
    const gone = await listenRaw(() => undefined);
    await gone.close(); // a port nothing listens on any more
    const { proxy, found } = await through(gone);
    try {
      const answer = await send(`${proxy.url}/v1/evals/agents/${EXAMPLE_AGENT}`);
      expect(answer.status).toBe(502);
      const body = await answer.json();
      expect(body.errors[0].message).toContain(`the target ${gone.url}/ could not be reached`);
      expect(found).toEqual([expect.objectContaining({ severity: "violation", rule: "request", status: null })]);
      expect(found[0]?.message).toContain(gone.url);
    } finally {
      await proxy.close();
    }
  });

  it("refuses invalid options before listening", async () => {
    await expect(createContractProxy({ target: "not a url" })).rejects.toThrow(/^target must be an http or https URL/);
    await expect(createContractProxy({ target: "ftp://x" })).rejects.toThrow(TypeError);
    await expect(createContractProxy({ target: "http://127.0.0.1:1", port: -1 })).rejects.toThrow(RangeError);
    await expect(createContractProxy({ target: "http://127.0.0.1:1", failOn: "sometimes" as never })).rejects.toThrow(
      /failOn must be/,
    );
  });
});
