// @evals-api/types/spec-reading reads any OpenAPI document, not only the bundled one: each reader
// is checked here on a small synthetic document, and `@evals-api/types/spec` offers the same ones.
import * as spec from "@evals-api/types/spec";
import {
  declaredParameters,
  isJsonMediaType,
  jsonMediaTypeOf,
  refChain,
  resolveRefIn,
  responseStatusKey,
} from "@evals-api/types/spec-reading";
import { describe, expect, it } from "vitest";

const runId = { name: "run_id", in: "path", required: true, schema: { type: "string" }, example: "run-1" };
const document = {
  openapi: "3.1.0",
  info: { title: "fixture", version: "1" },
  paths: {
    "/runs/{run_id}": {
      parameters: [{ $ref: "#/components/parameters/RunId" }, { name: "verbose", in: "query", schema: {} }],
      get: {
        operationId: "getRun",
        parameters: [
          { name: "run_id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          { name: "run_id", in: "header", schema: { type: "string" } },
        ],
        responses: { "200": { $ref: "#/components/responses/Run" } },
      },
    },
    "/runs": { $ref: "#/components/pathItems/Runs" },
  },
  components: {
    parameters: { RunId: runId, Alias: { $ref: "#/components/parameters/RunId" } },
    responses: { Run: { description: "a run" } },
    pathItems: { Runs: { get: { operationId: "listRuns" } } },
    schemas: {
      "a/b~c": { type: "string" },
      Loop: { $ref: "#/components/schemas/Loop" },
      Ping: { $ref: "#/components/schemas/Pong" },
      Pong: { $ref: "#/components/schemas/Ping" },
    },
  },
};

describe("resolveRefIn", () => {
  it("follows a chain of local references to the node that is not one", () => {
    expect(resolveRefIn(document, { $ref: "#/components/parameters/Alias" })).toBe(runId);
    expect(refChain(document, { $ref: "#/components/parameters/Alias" })).toEqual([
      { $ref: "#/components/parameters/Alias" },
      { $ref: "#/components/parameters/RunId" },
      runId,
    ]);
  });

  it("reads JSON Pointer escapes and array indexes", () => {
    expect(resolveRefIn(document, { $ref: "#/components/schemas/a~1b~0c" })).toEqual({ type: "string" });
    expect(resolveRefIn(document, { $ref: "#/paths/~1runs~1{run_id}/get/parameters/1" })).toMatchObject({
      in: "header",
    });
  });

  it("returns a value that is not a reference as is", () => {
    const node = { type: "string" };
    expect(resolveRefIn(document, node)).toBe(node);
    expect(resolveRefIn(document, undefined)).toBeUndefined();
    expect(refChain(document, node)).toEqual([node]);
  });

  it("names the reference that points at nothing, leaves the document, or loops", () => {
    expect(() => resolveRefIn(document, { $ref: "#/components/schemas/Missing" })).toThrow(
      "#/components/schemas/Missing points at nothing",
    );
    expect(() => resolveRefIn(document, { $ref: "#/paths/~1nowhere/get" })).toThrow("#/paths/~1nowhere/get");
    expect(() => resolveRefIn(document, { $ref: "other.yaml#/components/schemas/X" })).toThrow(
      "other.yaml#/components/schemas/X is not a local reference",
    );
    expect(() => resolveRefIn(document, { $ref: "#/components/schemas/Loop" })).toThrow(
      "#/components/schemas/Loop refers back to itself",
    );
    expect(() => resolveRefIn(document, { $ref: "#/components/schemas/Ping" })).toThrow("refers back to itself");
  });
});

describe("declaredParameters", () => {
  const pathItem = document.paths["/runs/{run_id}"];

  it("takes the path item's parameters, overridden by the operation's of the same name and location", () => {
    const parameters = declaredParameters(document, pathItem, pathItem.get);
    expect(parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:run_id", "query:verbose", "header:run_id"]);
    expect(parameters[0]).toBe(pathItem.get.parameters[0]);
  });

  it("reads parameters declared only on the path item, `$ref`s followed", () => {
    expect(declaredParameters(document, pathItem, { responses: {} })[0]).toBe(runId);
    expect(declaredParameters(document, undefined, pathItem.get)).toHaveLength(2);
    expect(declaredParameters(document, {}, {})).toEqual([]);
  });

  it("follows references the way the caller asks", () => {
    const seen: unknown[] = [];
    const follow = (doc: unknown, node: unknown) => {
      seen.push(node);
      return resolveRefIn(doc, node);
    };
    declaredParameters(document, pathItem, pathItem.get, follow);
    expect(seen).toHaveLength(4);
  });
});

describe("responseStatusKey", () => {
  const responses = { "200": {}, "2XX": {}, "404": {}, "4XX": {}, default: {} };

  it("answers with the exact status first", () => {
    expect(responseStatusKey(responses, 200)).toBe("200");
    expect(responseStatusKey(responses, "404")).toBe("404");
  });

  it("falls back to the status's range, then to default", () => {
    expect(responseStatusKey(responses, 201)).toBe("2XX");
    expect(responseStatusKey(responses, 429)).toBe("4XX");
    expect(responseStatusKey(responses, 503)).toBe("default");
    expect(responseStatusKey({ "200": {} }, 500)).toBeUndefined();
    expect(responseStatusKey(undefined, 200)).toBeUndefined();
  });
});

describe("isJsonMediaType", () => {
  it.each([
    "application/json",
    "application/problem+json",
    "application/json; charset=utf-8",
    "Application/JSON",
    " application/vnd.api+json ;charset=utf-8",
  ])("%s is JSON", (type) => {
    expect(isJsonMediaType(type)).toBe(true);
  });

  it.each([
    "text/plain",
    "text/json",
    "application/jsonp",
    "application/json-seq",
    "application/x-ndjson",
    "application/xml",
    "multipart/form-data",
    "",
  ])("%j is not JSON", (type) => {
    expect(isJsonMediaType(type)).toBe(false);
  });

  it("picks the JSON media type of a content map", () => {
    expect(jsonMediaTypeOf({ "text/plain": {}, "application/problem+json": {} })).toBe("application/problem+json");
    expect(jsonMediaTypeOf({ "text/plain": {} })).toBeUndefined();
    expect(jsonMediaTypeOf(undefined)).toBeUndefined();
  });
});

describe("@evals-api/types/spec", () => {
  it("offers the same readers, and reads the bundled document through them", () => {
    expect(spec.resolveRefIn).toBe(resolveRefIn);
    expect(spec.declaredParameters).toBe(declaredParameters);
    expect(spec.responseStatusKey).toBe(responseStatusKey);
    expect(spec.isJsonMediaType).toBe(isJsonMediaType);
    expect(spec.jsonMediaTypeOf).toBe(jsonMediaTypeOf);
    expect(spec.refChain).toBe(refChain);
    const schemas = spec.openapiDocument.components as { schemas: Record<string, unknown> };
    const [name] = Object.keys(schemas.schemas);
    expect(spec.resolveRef({ $ref: `#/components/schemas/${name}` })).toBe(schemas.schemas[name as string]);
  });
});
