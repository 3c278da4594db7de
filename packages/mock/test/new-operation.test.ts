// The proof that a new operation in the spec is served with no code: the fixture spec adds
// `GET /v1/evals/runs/{run_id}` (built by the same generator), and the mock serves it — from its
// example, behind the same credential, parameter checks, faults, CORS and request log — in-process
// and over HTTP, while nothing under src/ names it.
import { readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  registry as fixture,
  document as fixtureDocument,
  operationIndex as fixtureIndex,
  operationValidators as fixtureValidators,
} from "@evals-api/fixture-third-operation";
import { createRegistry } from "@evals-api/types/registry";
import { afterEach, describe, expect, it } from "vitest";
import { createMockServer, ErrorCode, type ListeningMock, type MockServer } from "../src/index.js";

const KEY = "test-key";
const getEvalRun = fixture.get("getEvalRun");
// The id the spec's example is for: the run_id parameter's own example.
const exampleRunId = getEvalRun.parameters.find((p) => p.name === "run_id")?.example;
const runPath = getEvalRun.route.fill({ run_id: exampleRunId });
const unknownRunPath = getEvalRun.route.fill({ run_id: "00000000-0000-4000-8000-000000000000" });
const malformedPath = getEvalRun.route.fill({ run_id: "not-a-uuid" });
const example = Object.values(getEvalRun.response(getEvalRun.successStatus)?.examples ?? {})[0];

interface Seen {
  status: number;
  allow: string | null;
  cors: string | null;
  retryAfter: string | null;
  body: any;
}

async function inProcess(mock: MockServer, method: string, path: string, headers: Record<string, string>) {
  const response = await mock.fetch(path, { method, headers });
  const seen: Seen = {
    status: response.status,
    allow: response.headers.get("allow"),
    cors: response.headers.get("access-control-allow-origin"),
    retryAfter: response.headers.get("retry-after"),
    body: await response.json(),
  };
  return seen;
}

function overHttp(server: ListeningMock, method: string, path: string, headers: Record<string, string>) {
  const { hostname, port } = new URL(server.url);
  return new Promise<Seen>((resolve, reject) => {
    const request = httpRequest({ hostname, port, method, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          allow: (response.headers.allow as string | undefined) ?? null,
          cors: (response.headers["access-control-allow-origin"] as string | undefined) ?? null,
          retryAfter: (response.headers["retry-after"] as string | undefined) ?? null,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        }),
      );
    });
    request.on("error", reject);
    request.end();
  });
}

const servers: ListeningMock[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The answers of one request in-process, over HTTP answered by node:http, and handed on to the Hono app. */
async function eachWay(method: string, path: string, headers: Record<string, string> = {}) {
  const mock = () => createMockServer({ registry: fixture, apiKey: KEY });
  const direct = await mock().listen(0);
  const handedOn = await mock().listen(0);
  servers.push(direct, handedOn);
  const local = await inProcess(mock(), method, path, headers);
  // Percent-encoding in the target: node:http leaves the request to the Hono app.
  const answers = [
    local,
    await overHttp(direct, method, path, headers),
    await overHttp(handedOn, method, `${path}?via=%2F`, headers),
  ];
  expect(answers[1], `${method} ${path} over HTTP`).toEqual(local);
  expect(answers[2], `${method} ${path} handed to the Hono app`).toEqual(local);
  return local;
}

/** The issues of a body against the schema the fixture documents for its status. */
const issuesOf = (seen: Seen) => getEvalRun.response(seen.status)?.validate?.(seen.body);

describe("an operation the mock has no code for (the fixture's getEvalRun)", () => {
  it("answers with its spec example, schema-valid, the same every way in", async () => {
    const seen = await eachWay("GET", runPath, { authorization: KEY });
    expect(seen.status).toBe(getEvalRun.successStatus);
    expect(seen.body).toEqual(example);
    expect(issuesOf(seen)).toEqual([]);
    expect(seen.cors).toBe("*");
  });

  it("answers 404 for a well-formed id other than the example's: the example is of one run", async () => {
    expect(exampleRunId).toMatch(/^[0-9a-f-]{36}$/);
    const seen = await eachWay("GET", unknownRunPath, { authorization: KEY });
    expect(seen.status).toBe(404);
    expect(seen.body.errors[0]).toEqual({
      error: ErrorCode.notFound,
      message: `No run_id "00000000-0000-4000-8000-000000000000": getEvalRun is served from its spec example, which is for run_id "${exampleRunId}"`,
    });
    expect(issuesOf(seen)).toEqual([]);
  });

  it("answers 401 without a key, and with a key that is not the configured one", async () => {
    for (const headers of [{}, { authorization: "other-key" }] as Record<string, string>[]) {
      const seen = await eachWay("GET", runPath, headers);
      expect(seen.status).toBe(401);
      expect(seen.body.errors[0].error).toBe(ErrorCode.unauthorized);
      expect(issuesOf(seen)).toEqual([]);
    }
  });

  it("answers 400 for a malformed id: the run_id parameter is the fixture's own, so its format rule is enforced", async () => {
    const seen = await eachWay("GET", malformedPath, { authorization: KEY });
    expect(seen.status).toBe(400);
    expect(seen.body.errors).toEqual([
      {
        error: ErrorCode.invalidRequest,
        message: `/path/run_id: must match format "uuid" (a rule the spec assumes, not the vendor's)`,
      },
    ]);
    expect(issuesOf(seen)).toEqual([]);
  });

  it("still answers a malformed agent id 404 on getEvalAgent, whose parameter is the vendor's", async () => {
    const seen = await eachWay("GET", "/v1/evals/agents/not-a-uuid", { authorization: KEY });
    expect(seen.status).toBe(404);
    expect(seen.body.errors[0].error).toBe(ErrorCode.evalAgentNotFound);
  });

  it("answers 405 with Allow for a method its path does not take", async () => {
    const seen = await eachWay("POST", runPath, { authorization: KEY });
    expect(seen.status).toBe(405);
    expect(seen.allow).toBe("GET");
    expect(seen.body.errors[0].error).toBe(ErrorCode.methodNotAllowed);
  });

  it("logs the request by operationId, and injects faults into it like any other", async () => {
    const logged = createMockServer({ registry: fixture });
    await inProcess(logged, "GET", runPath, { authorization: KEY });
    expect(logged.state.requests).toEqual([
      expect.objectContaining({ method: "GET", path: runPath, operationId: "getEvalRun", status: 200, fault: null }),
    ]);
    const failing = createMockServer({ registry: fixture, faults: { failRate: 1, retryAfterSeconds: 3 } });
    const seen = await inProcess(failing, "GET", runPath, { authorization: KEY });
    expect([seen.status, seen.retryAfter, seen.body.errors[0].error]).toEqual([503, "3", ErrorCode.serviceUnavailable]);
    expect(failing.state.requests[0]?.fault).toBe("fail");
  });

  it("refuses a fault status the new operation does not document, naming it", () => {
    expect(() => createMockServer({ registry: fixture, faults: { failStatus: 429 } })).toThrow(
      /faults\.failStatus 429 is not documented by getEvalRun/,
    );
  });

  it("keeps the shipped operations' behaviour when serving the fixture", async () => {
    const mock = createMockServer({ registry: fixture });
    const [body] = Object.values(fixture.get("createEvalRun").requestExamples());
    const response = await mock.fetch("/v1/evals/runs", {
      method: "POST",
      headers: { authorization: KEY, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);
    expect(mock.state.runs.size).toBe(1);
  });

  it("will not serve an example that breaks its schema: creating the mock throws, naming it", () => {
    const broken = structuredClone(fixtureDocument) as any;
    const examples = broken.paths["/v1/evals/runs/{run_id}"].get.responses["200"].content["application/json"].examples;
    const [name] = Object.keys(examples);
    examples[name as string] = { value: { data: { id: 42 }, errors: null } };
    const registry = createRegistry({
      document: broken,
      operationIndex: fixtureIndex,
      operationValidators: fixtureValidators,
    });
    expect(() => createMockServer({ registry })).toThrow(
      new RegExp(`the example "${name}" of getEvalRun's 200 response does not match its schema`),
    );
  });
});

describe("the mock's source", () => {
  it("names no operation it serves generically", () => {
    const source = fileURLToPath(new URL("../src", import.meta.url));
    for (const file of readdirSync(source)) {
      expect(readFileSync(join(source, file), "utf8"), file).not.toMatch(/getEvalRun|runs\/\{run_id\}/);
    }
  });
});
