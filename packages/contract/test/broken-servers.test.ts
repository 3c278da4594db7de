// The suite must fail against servers that break the spec, and say where.
import { describe, expect, it } from "vitest";
import { type CheckResult, runContractSuite } from "../src/index.js";
import { API_KEY, brokenFetch, IN_PROCESS_URL, keyedMock } from "./helpers.js";

type Breaker = Parameters<typeof brokenFetch>[1];

async function failuresAgainst(breakIt: Breaker, allowBilled = false): Promise<CheckResult[]> {
  const mock = keyedMock();
  const report = await runContractSuite({
    baseUrl: IN_PROCESS_URL,
    apiKey: API_KEY,
    fetch: brokenFetch(mock.fetch, breakIt),
    allowBilled,
  });
  expect(report.ok).toBe(false);
  expect(report.failed).toBe(report.checks.filter((c) => c.outcome === "fail").length);
  return report.checks.filter((c) => c.outcome === "fail");
}

const isAgentRead = (r: Request) => r.method === "GET";

describe("the contract suite against broken servers", () => {
  it("catches a wrong field type, naming the JSON path", async () => {
    const failures = await failuresAgainst((request, response) => {
      if (isAgentRead(request) && response.status === 200) response.body.data.agent.name = 42;
      return response;
    });
    expect(failures).toEqual([
      expect.objectContaining({
        name: "getEvalAgent: returns the agent and its current version",
        status: 200,
        path: "/data/agent/name",
        reason: expect.stringContaining("must be string"),
      }),
    ]);
  });

  it("catches a missing required field", async () => {
    const failures = await failuresAgainst((request, response) => {
      if (isAgentRead(request) && response.status === 200) delete response.body.data.current_version.prompt_md;
      return response;
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      path: "/data/current_version/prompt_md",
      reason: expect.stringContaining("is required"),
    });
  });

  it("catches an undocumented status", async () => {
    const failures = await failuresAgainst((request, response) => {
      // 422 is a common choice for validation errors, but the spec documents 400.
      if (request.method === "POST" && response.status === 400) response.status = 422;
      return response;
    });
    expect(failures.length).toBeGreaterThan(30);
    for (const failure of failures) {
      expect(failure.status).toBe(422);
      expect(failure.reason).toContain("status 422 is not documented for createEvalRun");
    }
  });

  it("catches an error envelope that breaks its schema", async () => {
    const failures = await failuresAgainst((_request, response) => {
      if (response.status === 404) response.body.errors = [];
      return response;
    });
    expect(failures.map((f) => f.path)).toEqual(["/errors", "/errors"]);
  });

  it("catches a response that is not JSON", async () => {
    const failures = await failuresAgainst((_request, response) => {
      if (response.status === 401) return { status: 401, body: "<html>Unauthorized</html>", contentType: "text/html" };
      return response;
    });
    expect(failures.length).toBe(4);
    expect(failures[0]?.reason).toMatch(/content-type is "text\/html".*body is not JSON/);
  });

  it("catches a server that accepts invalid bodies", async () => {
    const failures = await failuresAgainst((request, response) => {
      if (request.method === "POST" && response.status === 400) {
        return { status: 202, body: { data: null, errors: null }, contentType: "application/json" };
      }
      return response;
    });
    expect(failures.length).toBeGreaterThan(30);
    expect(failures[0]?.reason).toMatch(/expected 400, got 202/);
  });

  it("catches a wrong type in a created run (billed check)", async () => {
    const failures = await failuresAgainst((request, response) => {
      if (request.method === "POST" && response.status === 202) response.body.data.resolved_call_count = "2";
      return response;
    }, true);
    expect(failures).toEqual([
      expect.objectContaining({ name: expect.stringContaining("billed"), path: "/data/resolved_call_count" }),
    ]);
  });

  it("catches wrong counts in a created run", async () => {
    const failures = await failuresAgainst((request, response) => {
      if (request.method === "POST" && response.status === 202) response.body.data.resolved_atom_count += 1;
      return response;
    }, true);
    expect(failures[0]?.reason).toContain("resolved_atom_count");
  });
});
