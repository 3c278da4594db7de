import type { ListeningMock } from "@evals-api/mock";
import { registry } from "@evals-api/types/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runContractSuite } from "../src/index.js";
import { API_KEY, IN_PROCESS_URL, keyedMock } from "./helpers.js";

describe("the contract suite against @evals-api/mock", () => {
  it("passes in-process without a warning (the mock implements our assumptions), and creates no run", async () => {
    const mock = keyedMock();
    const report = await runContractSuite({ baseUrl: IN_PROCESS_URL, apiKey: API_KEY, fetch: mock.fetch });
    expect(report.checks.filter((c) => c.outcome !== "pass" && c.outcome !== "not-run")).toEqual([]);
    expect(report).toMatchObject({ ok: true, failed: 0, warned: 0, notRun: 1, complete: true, failOn: "violation" });
    expect(report.passed).toBeGreaterThan(40);
    expect(mock.state.runs.size).toBe(0);
    // Both operations were exercised, each status it can provoke safely among them.
    const seen = new Set(mock.state.requests.map((r) => `${r.operationId} ${r.status}`));
    for (const expected of ["getEvalAgent 200", "getEvalAgent 401", "getEvalAgent 404"]) {
      expect(seen).toContain(expected);
    }
    for (const expected of [
      "createEvalRun 400",
      "createEvalRun 401",
      "createEvalRun 404",
      "createEvalRun 413",
      "createEvalRun 415",
    ]) {
      expect(seen).toContain(expected);
    }
  });

  it("creates exactly one run when billed checks are allowed", async () => {
    const mock = keyedMock();
    const report = await runContractSuite({
      baseUrl: IN_PROCESS_URL,
      apiKey: API_KEY,
      fetch: mock.fetch,
      allowBilled: true,
    });
    expect(report).toMatchObject({ ok: true, failed: 0, warned: 0, notRun: 0 });
    expect(mock.state.runs.size).toBe(1);
  });

  describe("over HTTP", () => {
    const mock = keyedMock();
    let server: ListeningMock;
    beforeAll(async () => {
      server = await mock.listen(0);
    });
    afterAll(() => server.close());

    it("passes with the global fetch", async () => {
      const report = await runContractSuite({ baseUrl: server.url, apiKey: API_KEY, allowBilled: true });
      expect(report.checks.filter((c) => c.outcome === "fail")).toEqual([]);
      expect(report.ok).toBe(true);
    });
  });

  it("flags a server that accepts any API key", async () => {
    const open = keyedMock({ apiKey: undefined });
    const report = await runContractSuite({ baseUrl: IN_PROCESS_URL, apiKey: API_KEY, fetch: open.fetch });
    // Every operation's wrong-key check, and nothing else.
    const with401 = registry.list.filter((operation) => operation.response(401)?.statusKey === "401");
    expect(
      report.checks
        .filter((c) => c.outcome === "fail")
        .map((c) => c.name)
        .sort(),
    ).toEqual(with401.map(({ operationId }) => `${operationId}: 401 with an invalid API key`).sort());
    expect(with401.map((operation) => operation.operationId)).toEqual(
      expect.arrayContaining(["getEvalAgent", "createEvalRun"]),
    );
  });

  it("holds a 5xx answer to the spec's 5XX range, not to an exact code", async () => {
    const failing = keyedMock({ faults: { failRate: 1, failStatus: 503 } });
    const report = await runContractSuite({ baseUrl: IN_PROCESS_URL, apiKey: API_KEY, fetch: failing.fetch });
    expect(report.ok).toBe(false);
    // Every check misses its expected status (a violation, or only a warning where the status it
    // tests is ours: 413, 415), but no 503 is called undocumented or off-schema.
    expect(report.failed + report.warned).toBe(report.checks.length - report.notRun);
    for (const check of report.checks.filter((c) => c.outcome !== "not-run")) {
      expect(check.status).toBe(503);
      expect(check.findings).toEqual([
        expect.objectContaining({
          rule: "status",
          message: expect.stringMatching(/^expected \d+( or \d+)?, got 503$/),
        }),
      ]);
    }
    // Of the shipped operations' checks (an operation added to the spec brings checks of its own).
    const shipped = new Set(["createEvalRun", "getEvalAgent"]);
    const warned = report.checks.filter((c) => c.outcome === "warn" && shipped.has(c.operationId)).map((c) => c.name);
    expect(warned).toEqual([
      "createEvalRun: 415 for a body not sent as JSON",
      "createEvalRun: 413 (or 400) for a body over 1 MiB",
    ]);
  });

  it("reports a request that gets no response", async () => {
    const report = await runContractSuite({
      baseUrl: IN_PROCESS_URL,
      apiKey: API_KEY,
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({
      outcome: "fail",
      status: null,
      reason: "request failed: fetch failed",
    });
  });

  it("still reports every check when the agent under test cannot be read for the billed check", async () => {
    const mock = keyedMock();
    const report = await runContractSuite({
      baseUrl: IN_PROCESS_URL,
      apiKey: API_KEY,
      fetch: mock.fetch,
      allowBilled: true,
      agentId: crypto.randomUUID(),
    });
    expect(mock.state.runs.size).toBe(0);
    expect(report.checks.find((c) => c.name.includes("(billed)"))).toMatchObject({
      outcome: "fail",
      reason: expect.stringMatching(/^the agent under test \(.+\) could not be read: GET answered 404; pass one/),
    });
  });
});
