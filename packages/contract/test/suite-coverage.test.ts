import { registry } from "@evals-api/types/registry";
import { describe, expect, it } from "vitest";
import { formatReport, runContractSuite } from "../src/index.js";
import { API_KEY, brokenFetch, IN_PROCESS_URL, keyedMock } from "./helpers.js";

// What reached the server, counted outside the suite: the operation each request called and its status.
function countingFetch(inner: (input: Request) => Promise<Response>) {
  const sent: { operationId: string; status: number; body: string | null }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    // A body counts for the rules only when sent as JSON (the 415 check sends a valid one as text).
    const json = request.headers.get("content-type")?.startsWith("application/json") === true;
    const body = request.body === null || !json ? null : await request.clone().text();
    const route = registry.route(request.method, new URL(request.url).pathname);
    const response = await inner(request);
    sent.push({ operationId: route?.operation?.operationId ?? "?", status: response.status, body });
    return response;
  };
  return { fetch, sent };
}

describe("the suite's coverage", () => {
  it("counts the requests and statuses that reached the server, per operation", async () => {
    const mock = keyedMock();
    const { fetch, sent } = countingFetch((r) => mock.fetch(r));
    const report = await runContractSuite({ baseUrl: IN_PROCESS_URL, apiKey: API_KEY, fetch, allowBilled: true });
    expect(report.ok).toBe(true);
    for (const op of report.coverage.operations) {
      const mine = sent.filter((s) => s.operationId === op.operationId);
      expect(op.requests).toBe(mine.length);
      expect(op.requests).toBeGreaterThan(0);
      for (const status of op.statuses) {
        const answered = mine.filter(
          (s) => registry.get(op.operationId).response(s.status)?.statusKey === status.statusKey,
        );
        expect(status.seen, `${op.operationId} ${status.statusKey}`).toBe(answered.length);
      }
      expect(op.undocumented).toEqual([]);
    }
    const create = report.coverage.operations.find((o) => o.operationId === "createEvalRun");
    if (create === undefined) throw new Error("no coverage of createEvalRun");
    // Each body rule had its own failing request, and the valid bodies passed them all.
    expect(create.rules.length).toBeGreaterThan(20);
    expect(create.rules.filter((r) => !r.exercised)).toEqual([]);
    const validBodies = sent.filter(
      (s) =>
        s.operationId === "createEvalRun" &&
        s.body !== null &&
        (() => {
          try {
            return (
              (registry.get("createEvalRun").validators.requestBody as (b: unknown) => unknown[])(JSON.parse(s.body))
                .length === 0
            );
          } catch {
            return false;
          }
        })(),
    ).length;
    expect(create.rules.every((r) => r.passing === validBodies)).toBe(true);
    expect(report.coverage.conformance).toEqual({ passing: report.checks.length, run: report.checks.length, score: 1 });
  });

  it("scores warnings as passing and failures as not", async () => {
    const mock = keyedMock();
    // A vendor fact broken (the agent's name not a string) and an undocumented status (418 for every 404).
    const fetch = brokenFetch(
      (i, init) => mock.fetch(new Request(i, init)),
      (_request, response) => {
        if (response.status === 404) return { ...response, status: 418 };
        if (response.body?.data?.agent) response.body.data.agent.name = 7;
        return response;
      },
    );
    const report = await runContractSuite({ baseUrl: IN_PROCESS_URL, apiKey: API_KEY, fetch, failOn: "never" });
    const { passing, run, score } = report.coverage.conformance;
    expect(report.failed).toBeGreaterThan(0);
    expect(run).toBe(report.passed + report.warned + report.failed);
    expect(passing).toBe(report.passed + report.warned);
    expect(score).toBeCloseTo(passing / run);
    expect(formatReport(report)).toContain(
      `Conformance: ${Math.round(100 * (score ?? 0))}% (${passing} of ${run} passing`,
    );
    expect(report.coverage.operations.find((o) => o.operationId === "getEvalAgent")?.undocumented).toEqual([418]);
  });
});
