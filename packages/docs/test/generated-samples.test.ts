// The TypeScript sample of an operation without a hand-written one: a call over `evals.raw` with
// the method and path of the registry and the spec's examples, type-checked as samples/ is. The
// call is run against a recording `evals` to see exactly what a user's call would send.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registry as fixture } from "@evals-api/fixture-third-operation";
import { operationIndex } from "@evals-api/types";
import { createRegistry, type Registry, registry } from "@evals-api/types/registry";
import { resolveRefIn } from "@evals-api/types/spec-reading";
import { operationValidators } from "@evals-api/types/validators";
import { afterEach, describe, expect, it } from "vitest";
import { typeScriptSamples } from "../src/code-samples.mjs";
import { API_KEY_VARIABLE, curlSample } from "../src/curl-sample.mjs";
import { findOperation } from "../src/operation-examples.mjs";
import { CLIENT_SETUP, rawCall, rawSample } from "../src/raw-sample.mjs";
import { checkGeneratedSamples } from "../src/sample-check.mjs";

type Node = Record<string, any>;
type OperationId = keyof typeof operationIndex;
const spec = registry.document as Node;
const operationIds = Object.keys(operationIndex) as OperationId[];

function registryOf(document: Node) {
  return createRegistry({ document, operationIndex, operationValidators });
}

/** The call a generated sample makes: run its lines after the client on an `evals` that records. */
async function recordedCall(of: Registry, operationId: string) {
  const calls: { method: string; path: string; init: Node | undefined }[] = [];
  const raw = new Proxy(
    {},
    {
      get: (_, method: string) => async (path: string, init?: Node) => {
        calls.push({ method, path, init });
        return { data: { ok: true }, error: undefined };
      },
    },
  );
  const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => unknown;
  const quiet = { log() {}, error() {} };
  await new AsyncFunction("evals", "console", rawCall(of, operationId))({ raw }, quiet);
  expect(calls).toHaveLength(1);
  return calls[0] as (typeof calls)[number];
}

function pathParameter(document: Node, operationId: OperationId, name: string): Node {
  return findOperation(document, registry.get(operationId))
    .parameters.map((p: unknown) => resolveRefIn<Node>(document, p))
    .find((p: Node) => p.name === name);
}

const scratchDirs: string[] = [];
afterEach(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the generated TypeScript sample", () => {
  it.each(operationIds)("%s: makes the client as every sample does, then calls evals.raw", (operationId) => {
    const { method, path } = registry.get(operationId);
    const source = rawSample(registry, operationId);
    expect(source.startsWith(CLIENT_SETUP)).toBe(true);
    expect(CLIENT_SETUP).toContain('import { createEvalsClient } from "@evals-api/client";');
    expect(CLIENT_SETUP).toContain(`apiKey: process.env.${API_KEY_VARIABLE}`);
    expect(source).toContain(`await evals.raw.${method}(${JSON.stringify(path)}`);
  });

  it("sends the path parameter's example, as the curl sample does", async () => {
    const call = await recordedCall(registry, "getEvalAgent");
    const example = pathParameter(spec, "getEvalAgent", "eval_agent_id").example;
    expect(call).toEqual({
      method: "GET",
      path: "/v1/evals/agents/{eval_agent_id}",
      init: { params: { path: { eval_agent_id: example } } },
    });
    expect(curlSample(registry, "getEvalAgent")).toContain(`/v1/evals/agents/${example}'`);
  });

  it("sends the first request example as the body, and leaves the optional Idempotency-Key out", async () => {
    const call = await recordedCall(registry, "createEvalRun");
    const [first] = Object.values(registry.get("createEvalRun").requestExamples());
    expect(call).toEqual({ method: "POST", path: "/v1/evals/runs", init: { body: first } });
  });

  it("reads a path parameter declared on the path item, as OpenAPI allows", async () => {
    const document = structuredClone(spec);
    const pathItem = document.paths[registry.get("getEvalAgent").path];
    pathItem.parameters = pathItem.get.parameters;
    delete pathItem.get.parameters;
    expect(await recordedCall(registryOf(document), "getEvalAgent")).toEqual(
      await recordedCall(registry, "getEvalAgent"),
    );
  });

  it("falls back to a parameter's named examples, then its schema's example", async () => {
    const document = structuredClone(spec);
    const parameter = pathParameter(document, "getEvalAgent", "eval_agent_id");
    delete parameter.example;
    parameter.examples = { one: { value: "from-named-example" } };
    const named = await recordedCall(registryOf(document), "getEvalAgent");
    expect(named.init).toEqual({ params: { path: { eval_agent_id: "from-named-example" } } });

    delete parameter.examples;
    parameter.schema = { ...parameter.schema, example: "from-schema" };
    const fromSchema = await recordedCall(registryOf(document), "getEvalAgent");
    expect(fromSchema.init).toEqual({ params: { path: { eval_agent_id: "from-schema" } } });
  });

  it("sends a required query parameter in both samples", async () => {
    const document = structuredClone(spec);
    findOperation(document, registry.get("getEvalAgent")).parameters.push({
      name: "expand",
      in: "query",
      required: true,
      schema: { type: "string" },
      example: "versions",
    });
    const edited = registryOf(document);
    const call = await recordedCall(edited, "getEvalAgent");
    expect(call.init?.params.query).toEqual({ expand: "versions" });
    expect(curlSample(edited, "getEvalAgent")).toContain("?expand=versions'");
  });

  it("names the parameter when one the call needs has no example", () => {
    const document = structuredClone(spec);
    delete pathParameter(document, "getEvalAgent", "eval_agent_id").example;
    expect(() => rawSample(registryOf(document), "getEvalAgent")).toThrow(
      /Path parameter eval_agent_id of getEvalAgent has no example: add one in openapi\//,
    );
  });

  it("is what the site shows for an operation with no file in samples/", () => {
    const empty = mkdtempSync(join(tmpdir(), "evals-docs-no-samples-"));
    scratchDirs.push(empty);
    const samples = typeScriptSamples(registry, empty);
    expect(samples).toEqual(
      operationIds.map((operationId) => ({ operationId, source: rawSample(registry, operationId), generated: true })),
    );
  });
});

describe("type-checking generated samples", () => {
  it("passes for every operation of the shipped spec, against the built client", () => {
    expect(() => checkGeneratedSamples(registry, operationIds)).not.toThrow();
  });

  it("fails, naming the operation's file, when the spec's example does not fit the parameter's type", () => {
    const document = structuredClone(spec);
    pathParameter(document, "getEvalAgent", "eval_agent_id").example = 42;
    expect(() => checkGeneratedSamples(registryOf(document), ["getEvalAgent"])).toThrow(
      /does not type-check[\s\S]*getEvalAgent\.ts\(\d+,\d+\): error TS/,
    );
  });

  it("checks another document's operation against that document's paths type, not the shipped client's", () => {
    const pathsFrom = "@evals-api/fixture-third-operation";
    expect(() => checkGeneratedSamples(fixture, ["getEvalRun"], { pathsFrom })).not.toThrow();
    // The shipped client has no /v1/evals/runs/{run_id}: the same call does not compile there.
    expect(() => checkGeneratedSamples(fixture, ["getEvalRun"])).toThrow(/getEvalRun\.ts\(\d+,\d+\): error TS/);
  });
});
