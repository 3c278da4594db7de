// The suite must catch servers that break the spec, and say where: a broken vendor fact fails the
// run, a broken assumption of ours warns (and fails under failOn: "warning"), naming it.
import { registry } from "@evals-api/types/registry";
import { componentSchema, keywordProvenance } from "@evals-api/types/spec";
import { describe, expect, it } from "vitest";
import { type CheckResult, type FailOn, runContractSuite } from "../src/index.js";
import { API_KEY, brokenFetch, IN_PROCESS_URL, keyedMock } from "./helpers.js";

type Breaker = Parameters<typeof brokenFetch>[1];

async function suiteAgainst(breakIt: Breaker, options: { allowBilled?: boolean; failOn?: FailOn } = {}) {
  const mock = keyedMock();
  const report = await runContractSuite({
    baseUrl: IN_PROCESS_URL,
    apiKey: API_KEY,
    fetch: brokenFetch(mock.fetch, breakIt),
    ...options,
  });
  expect(report.failed).toBe(report.checks.filter((c) => c.outcome === "fail").length);
  expect(report.warned).toBe(report.checks.filter((c) => c.outcome === "warn").length);
  return report;
}

async function failuresAgainst(breakIt: Breaker, allowBilled = false): Promise<CheckResult[]> {
  const report = await suiteAgainst(breakIt, { allowBilled });
  expect(report.ok).toBe(false);
  return report.checks.filter((c) => c.outcome === "fail");
}

// A broken assumption: the run passes by default with warnings, and fails under failOn: "warning".
async function warningsAgainst(breakIt: Breaker): Promise<CheckResult[]> {
  const report = await suiteAgainst(breakIt);
  expect(report).toMatchObject({ ok: true, failed: 0 });
  expect((await suiteAgainst(breakIt, { failOn: "warning" })).ok).toBe(false);
  const warned = report.checks.filter((c) => c.outcome === "warn");
  for (const check of warned) {
    for (const f of check.findings) expect(f).toMatchObject({ severity: "warning", assumption: expect.any(String) });
  }
  return warned;
}

// Routed by the spec, so that the breakers touch only the operation they are about.
const isAgentRead = (r: Request) =>
  registry.route(r.method, new URL(r.url).pathname)?.operation?.operationId === "getEvalAgent";
const reasonOf = (schema: string) => (componentSchema<any>(schema)["x-provenance"] as { reason: string }).reason;

describe("the contract suite against servers that break a vendor fact", () => {
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

  it("catches a success body that is not JSON", async () => {
    const failures = await failuresAgainst((request, response) => {
      if (isAgentRead(request) && response.status === 200)
        return { status: 200, body: "<html/>", contentType: "text/html" };
      return response;
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.findings.map((f) => [f.rule, f.severity])).toEqual([
      ["content-type", "violation"],
      ["json", "violation"],
    ]);
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
    expect(failures[0]?.findings[0]).toEqual({
      rule: "status",
      severity: "violation",
      message: "expected 400, got 202",
    });
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

  it("catches an unknown agent answered 400 (the 404 is the vendor's)", async () => {
    const failures = await failuresAgainst((request, response) => {
      if (isAgentRead(request) && response.status === 404) response.status = 400;
      return response;
    });
    expect(failures.map((f) => f.name)).toEqual(["getEvalAgent: 404 for an unknown eval_agent_id"]);
  });
});

describe("the contract suite against servers that break only our assumptions", () => {
  it("warns about a missing response key, naming the assumption and the path", async () => {
    const warned = await warningsAgainst((request, response) => {
      if (isAgentRead(request) && response.status === 200) delete response.body.data.current_version.prompt_md;
      return response;
    });
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({
      path: "/data/current_version/prompt_md",
      reason: expect.stringContaining("is required"),
    });
    expect(warned[0]?.findings[0]?.assumption).toBe(
      keywordProvenance(componentSchema("EvalAgentVersion"), "required").reason,
    );
  });

  it("warns about an undocumented status of the class it expected (422 for our 400)", async () => {
    const warned = await warningsAgainst((request, response) => {
      if (request.method === "POST" && response.status === 400) response.status = 422;
      return response;
    });
    expect(warned.length).toBeGreaterThan(30);
    for (const check of warned) {
      expect(check.status).toBe(422);
      expect(check.findings.map((f) => f.message)).toEqual(
        expect.arrayContaining(["expected 400, got 422", "status 422 is not documented for createEvalRun"]),
      );
    }
  });

  it("warns about an error body that breaks the error envelope, which is ours", async () => {
    const warned = await warningsAgainst((_request, response) => {
      if (response.status === 404) response.body.errors = [];
      return response;
    });
    // The unknown agents, and the malformed id when the server answers it 404 too.
    expect(warned.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        "getEvalAgent: 404 for an unknown eval_agent_id",
        "createEvalRun: 404 for an unknown eval agent",
      ]),
    );
    for (const check of warned) expect(check).toMatchObject({ status: 404, path: "/errors" });
    expect(warned[0]?.findings[0]?.assumption).toBe(reasonOf("ErrorEnvelope"));
  });

  it("warns about an error that is not JSON", async () => {
    const warned = await warningsAgainst((_request, response) => {
      if (response.status === 401) return { status: 401, body: "<html>Unauthorized</html>", contentType: "text/html" };
      return response;
    });
    // Both 401 checks of every operation that documents a 401.
    const with401 = registry.list.filter((operation) => operation.response(401)?.statusKey === "401");
    expect(warned.map((c) => c.name).sort()).toEqual(
      with401
        .flatMap(({ operationId }) => [
          `${operationId}: 401 with an invalid API key`,
          `${operationId}: 401 without an API key`,
        ])
        .sort(),
    );
    expect(warned[0]?.reason).toMatch(/content-type is "text\/html".*body is not JSON/);
    expect(warned[0]?.findings.map((f) => f.rule)).toEqual(["content-type", "json"]);
  });

  it("warns about an error message that does not name the field", async () => {
    const warned = await warningsAgainst((request, response) => {
      if (request.method === "POST" && response.status === 400) response.body.errors = [{ message: "invalid" }];
      return response;
    });
    expect(warned.length).toBeGreaterThan(30);
    expect(warned[0]?.findings).toEqual([
      expect.objectContaining({
        rule: "verify",
        message: expect.stringMatching(/^no error message names the field "/),
      }),
    ]);
  });
});
