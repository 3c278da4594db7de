// Issue 14's proof for the contract kit: an operation added to the spec (the fixture's
// `GET /v1/evals/runs/{run_id}`, `getEvalRun`) is checked with no code written for it. Given the
// fixture's registry, the suite generates its checks (success, 401 ×2, 404 for an unknown id, the
// malformed-id check that rests on an assumed `format: uuid`), runs them, and catches a server that
// breaks them: as a warning where the check tests an assumption, as a failure where a vendor rule
// of the schema is broken.
import { document, operationIndex, operationValidators, registry } from "@evals-api/fixture-third-operation";
import { createRegistry } from "@evals-api/types/registry";
import { describe, expect, it } from "vitest";
import { type ContractReport, checkResponse, type FailOn, runContractSuite } from "../src/index.js";
import { API_KEY, type Fetch, IN_PROCESS_URL, keyedMock } from "./helpers.js";

const getEvalRun = registry.get("getEvalRun");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// The spec's own answers, by status: the first example documented for it.
const exampleFor = (status: number) => Object.values(getEvalRun.response(status)?.examples ?? {})[0];
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

// The run ids the spec's examples name: the path parameter's and the 200 body's.
const run = exampleFor(getEvalRun.successStatus) as { data: { id: string } };
const pathExample = (registry.document as any).paths[getEvalRun.path].get.parameters[0].example as string;
const knownRuns = new Set([run.data.id, pathExample]);

interface Served {
  fetch: Fetch;
  /** The run ids the server was asked for, as it decoded them. */
  asked: string[];
}

/**
 * A server that answers `getEvalRun` as the spec says (its examples; 401 without the key or with
 * another; 400 for an id that is not a UUID, or 404 when `malformedIsUnknown`; 404 for an id it does
 * not know), and every other operation through the mock. `breakIt` may rewrite its answer.
 */
function withGetEvalRun(
  fallback: Fetch,
  options: { malformedIsUnknown?: boolean; breakIt?: (request: Request, answer: Response) => Response } = {},
): Served {
  const asked: string[] = [];
  const answer = (request: Request): Response => {
    if (request.headers.get("authorization") !== API_KEY) return json(401, exampleFor(401));
    const id = getEvalRun.route.match(new URL(request.url).pathname)?.run_id ?? "";
    asked.push(id);
    if (!UUID.test(id) && !options.malformedIsUnknown) return json(400, exampleFor(400));
    return knownRuns.has(id) ? json(200, exampleFor(200)) : json(404, exampleFor(404));
  };
  const fetch: Fetch = async (input, init) => {
    const request = new Request(input, init);
    const routed = registry.route(request.method, new URL(request.url).pathname);
    if (routed?.operation?.operationId !== "getEvalRun") return fallback(request);
    const answered = answer(request);
    return options.breakIt?.(request, answered) ?? answered;
  };
  return { fetch, asked };
}

// A server written for the test, so that each way of breaking the new operation can be staged; the
// mock serving the fixture's registry, with no code of its own for getEvalRun, is checked below.
const serve = (options?: Parameters<typeof withGetEvalRun>[1]): Served => withGetEvalRun(keyedMock().fetch, options);

const suite = (fetch: Fetch, failOn?: FailOn) =>
  runContractSuite({ baseUrl: IN_PROCESS_URL, apiKey: API_KEY, fetch, registry, ...(failOn && { failOn }) });
const ofGetEvalRun = (report: ContractReport<string>) => report.checks.filter((c) => c.operationId === "getEvalRun");
const named = (report: ContractReport<string>, name: string) => {
  const check = report.checks.find((c) => c.name === name);
  if (check === undefined) throw new Error(`no check named ${name}`);
  return check;
};

describe("the suite, given a registry with a third operation", () => {
  it("generates the new operation's checks, each an assumption check since the operation is ours", async () => {
    const report = await suite(serve().fetch);
    expect(ofGetEvalRun(report).map((c) => c.name)).toEqual([
      "getEvalRun: answers the spec's example request with 200",
      "getEvalRun: 401 without an API key",
      "getEvalRun: 401 with an invalid API key",
      "getEvalRun: 404 for an unknown run_id",
      "getEvalRun: 404 (or 400) for a malformed run_id",
    ]);
    for (const check of ofGetEvalRun(report)) expect(check.provenance).toEqual(getEvalRun.provenance);
    expect(getEvalRun.provenance.source).toBe("assumed");
  });

  it("runs them, and a server that answers as the spec says passes every check, old and new, with no warning", async () => {
    const server = serve();
    const report = await suite(server.fetch);
    expect(report.checks.filter((c) => c.outcome !== "pass" && c.outcome !== "not-run")).toEqual([]);
    expect(report).toMatchObject({ ok: true, failed: 0, warned: 0, notRun: 1, complete: true });
    expect(ofGetEvalRun(report).map((c) => c.status)).toEqual([200, 401, 401, 404, 400]);
    // The ids come from the parameter's schema: the example, a fresh v4 UUID, a malformed value.
    expect(server.asked).toEqual([pathExample, expect.stringMatching(V4), "not-a-uuid"]);
    expect(knownRuns.has(server.asked[1] as string)).toBe(false);
    // Its coverage, from the registry alone: five requests, and its documented statuses seen or not.
    const coverage = report.coverage.operations.find((o) => o.operationId === "getEvalRun");
    expect(coverage).toMatchObject({ method: "GET", requests: 5, undocumented: [], rules: [] });
    const statuses = coverage?.statuses ?? [];
    const seen = Object.fromEntries(statuses.map((s) => [s.statusKey, s.seen]));
    expect(seen).toMatchObject({ 200: 1, 401: 2, 404: 1, 400: 1 });
    expect(statuses.map((s) => s.statusKey)).toEqual(Object.keys(getEvalRun.responses));
  });

  it("accepts a malformed id answered as an unknown one (404): the format is an assumption", async () => {
    const report = await suite(serve({ malformedIsUnknown: true }).fetch);
    expect(named(report, "getEvalRun: 404 (or 400) for a malformed run_id")).toMatchObject({
      outcome: "pass",
      status: 404,
    });
    expect(report).toMatchObject({ ok: true, failed: 0, warned: 0 });
  });

  it("checks only the shipped operations by default", async () => {
    const report = await runContractSuite({ baseUrl: IN_PROCESS_URL, apiKey: API_KEY, fetch: serve().fetch });
    expect(ofGetEvalRun(report)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe("the suite against @evals-api/mock serving the fixture's registry (no code for getEvalRun in either)", () => {
  it("passes every check, old and new, with no warning", async () => {
    const report = await suite(keyedMock({ registry }).fetch);
    expect(report.checks.filter((c) => c.outcome !== "pass" && c.outcome !== "not-run")).toEqual([]);
    expect(report).toMatchObject({ ok: true, failed: 0, warned: 0, notRun: 1, complete: true });
    expect(ofGetEvalRun(report).map((c) => [c.name.split(": ")[1], c.status])).toEqual([
      ["answers the spec's example request with 200", 200],
      ["401 without an API key", 401],
      ["401 with an invalid API key", 401],
      ["404 for an unknown run_id", 404],
      ["404 (or 400) for a malformed run_id", 400],
    ]);
  });

  it("over HTTP too: the mock listening on 127.0.0.1", async () => {
    const server = await keyedMock({ registry }).listen(0);
    try {
      const report = await runContractSuite({ baseUrl: server.url, apiKey: API_KEY, registry });
      expect(report).toMatchObject({ ok: true, failed: 0, warned: 0, complete: true });
      expect(ofGetEvalRun(report)).toHaveLength(5);
    } finally {
      await server.close();
    }
  });
});

describe("the new operation's generated checks against a server that breaks it", () => {
  it("warn when it answers 200 without a key: the 401 of an operation that is ours is an assumption", async () => {
    const server = serve({
      breakIt: (request, answered) =>
        request.headers.get("authorization") === null ? json(200, exampleFor(200)) : answered,
    });
    const report = await suite(server.fetch);
    expect(named(report, "getEvalRun: 401 without an API key")).toMatchObject({ outcome: "warn", status: 200 });
    expect(named(report, "getEvalRun: 401 without an API key").findings).toContainEqual({
      rule: "status",
      severity: "warning",
      message: "expected 401, got 200",
      assumption: getEvalRun.provenance.reason,
    });
    expect(report.checks.filter((c) => c.outcome === "fail")).toEqual([]);
    expect(report).toMatchObject({ ok: true, warned: 1 });
    expect((await suite(server.fetch, "warning")).ok).toBe(false);
  });

  it("fail when its 200 body breaks a vendor rule of the schema, naming the path", async () => {
    const server = serve({
      breakIt: (_request, answered) => {
        if (answered.status !== 200) return answered;
        const body = structuredClone(exampleFor(200)) as { data: Record<string, unknown> };
        body.data.resolved_call_count = "2";
        return json(200, body);
      },
    });
    const report = await suite(server.fetch);
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => c.outcome === "fail")).toEqual([
      expect.objectContaining({
        name: "getEvalRun: answers the spec's example request with 200",
        status: 200,
        path: "/data/resolved_call_count",
        reason: expect.stringContaining("body does not match CreateEvalRunResponse for 200"),
      }),
    ]);
  });

  it("warn when an unknown id is answered 500: every check of the operation is an assumption", async () => {
    const server = serve({
      breakIt: (_request, answered) => (answered.status === 404 ? json(500, exampleFor(500)) : answered),
    });
    const report = await suite(server.fetch);
    expect(named(report, "getEvalRun: 404 for an unknown run_id")).toMatchObject({ outcome: "warn", status: 500 });
    expect(report.ok).toBe(true);
  });
});

// The fixture's registry with getEvalRun edited: its operation record and its document.
function variant(edit: (record: any, operation: any) => void) {
  const table = structuredClone(operationIndex) as any;
  const edited = structuredClone(document) as any;
  edit(table.getEvalRun, edited.paths[getEvalRun.path].get);
  return createRegistry({ document: edited, operationIndex: table, operationValidators });
}

describe("the generated checks follow the spec's markers and billing", () => {
  it("expect a 400 alone for a malformed id when the format is the vendor's, and fail on a 2xx", async () => {
    const vendors = variant((record, operation) => {
      const vendor = { source: "vendor" };
      record.provenance = vendor;
      record.parameters[0].provenance = vendor;
      operation["x-provenance"] = vendor;
      operation.parameters[0]["x-provenance"] = vendor;
      delete operation.parameters[0].schema["x-keyword-provenance"];
    });
    const report = await runContractSuite({
      baseUrl: IN_PROCESS_URL,
      apiKey: API_KEY,
      fetch: serve({
        breakIt: (request, answered) => (request.url.endsWith("/not-a-uuid") ? json(200, exampleFor(200)) : answered),
      }).fetch,
      registry: vendors,
    });
    expect(named(report, "getEvalRun: 400 for a malformed run_id (not a uuid)")).toMatchObject({
      outcome: "fail",
      status: 200,
      provenance: { source: "vendor" },
      reason: "expected 400, got 200",
    });
    expect(report.checks.map((c) => c.name)).not.toContain("getEvalRun: 404 (or 400) for a malformed run_id");
  });

  it("never run the success check of an operation marked x-billed unless billed checks are allowed", async () => {
    const billed = variant((record) => {
      record.billed = true;
    });
    const server = serve();
    const report = await runContractSuite({
      baseUrl: IN_PROCESS_URL,
      apiKey: API_KEY,
      fetch: server.fetch,
      registry: billed,
    });
    expect(named(report, "getEvalRun: answers the spec's example request with 200")).toMatchObject({
      outcome: "not-run",
      reason: expect.stringContaining("--allow-billed"),
    });
    // Its other checks ran; none of them was sent the known run.
    expect(ofGetEvalRun(report).filter((c) => c.outcome === "pass")).toHaveLength(4);
    expect(server.asked.filter((id) => knownRuns.has(id))).toEqual([]);
    // The billed checks run last.
    expect(report.checks.slice(-2).map((c) => c.outcome)).toEqual(["not-run", "not-run"]);
  });
});

describe("checkResponse with a registry", () => {
  it("holds a response of the new operation to its spec", async () => {
    const ok = await checkResponse("getEvalRun", json(200, exampleFor(200)), registry);
    expect(ok.findings).toEqual([]);
    const wrong = await checkResponse("getEvalRun", json(200, { data: { id: 7 }, errors: null }), registry);
    expect(wrong.findings).toContainEqual(expect.objectContaining({ rule: "schema", severity: "violation" }));
  });

  it("names an operation the registry does not have", async () => {
    await expect(checkResponse("getEvalRun" as never, json(200, {}))).rejects.toThrow(/no operation getEvalRun/);
  });
});
