// The operation registry (`@evals-api/types/registry`) and the one path compiler it uses. The
// shipped registry is checked against an independent reading of openapi.json (test/spec.ts).
import { type OperationId, registry } from "@evals-api/types/registry";
import { requestRegistry } from "@evals-api/types/request-registry";
import { compilePathTemplate } from "@evals-api/types/spec-reading";
import {
  validateCreateEvalRunHeaderParams,
  validateCreateEvalRunRequest,
  validateCreateEvalRunResponse,
  validateErrorEnvelope,
  validateGetEvalAgentPathParams,
} from "@evals-api/types/validators";
import { describe, expect, expectTypeOf, it } from "vitest";
import { doc, resolveRef } from "./spec";

type Json = Record<string, any>;
const declared: [string, string, Json][] = Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
  Object.entries<Json>(item)
    .filter(([, op]) => typeof op?.operationId === "string")
    .map(([method, op]): [string, string, Json] => [op.operationId, `${method.toUpperCase()} ${path}`, op]),
);

describe("compilePathTemplate", () => {
  const agent = compilePathTemplate("/v1/evals/agents/{eval_agent_id}");

  it("names the template's parameters and matches only whole paths of it", () => {
    expect(agent.names).toEqual(["eval_agent_id"]);
    expect(agent.match("/v1/evals/agents/abc")).toEqual({ eval_agent_id: "abc" });
    for (const other of ["/v1/evals/agents/", "/v1/evals/agents/a/b", "/v1/evals/agentsX/a", "/x/v1/evals/agents/a"]) {
      expect(agent.match(other), other).toBeUndefined();
    }
  });

  it("decodes what it matches, and refuses a malformed escape", () => {
    expect(agent.match("/v1/evals/agents/a%2Fb%20c")).toEqual({ eval_agent_id: "a/b c" });
    expect(agent.match("/v1/evals/agents/%E0%A4%A")).toBeUndefined();
  });

  it("fills every parameter percent-encoded, so no value adds a segment, a query or a fragment", () => {
    expect(agent.fill({ eval_agent_id: "a/../b?x=1#f" })).toBe("/v1/evals/agents/a%2F..%2Fb%3Fx%3D1%23f");
    expect(agent.match(agent.fill({ eval_agent_id: "a/../b?x" }))).toEqual({ eval_agent_id: "a/../b?x" });
    expect(() => agent.fill({})).toThrow("path parameter eval_agent_id of /v1/evals/agents/{eval_agent_id} is missing");
  });

  it("handles several parameters, a parameter inside a segment, and regex characters in the literal part", () => {
    const files = compilePathTemplate("/v1/(files)/{dir}/{name}.json");
    expect(files.names).toEqual(["dir", "name"]);
    expect(files.match("/v1/(files)/a/b.json")).toEqual({ dir: "a", name: "b" });
    expect(files.match("/v1/files/a/b.json")).toBeUndefined();
    expect(files.match("/v1/(files)/a/bxjson")).toBeUndefined();
    expect(files.fill({ dir: "d", name: "n m" })).toBe("/v1/(files)/d/n%20m.json");
  });
});

describe("registry", () => {
  it("has every operation of the document, with its method and path", () => {
    expect(registry.list.map((o) => [o.operationId, `${o.method} ${o.path}`])).toEqual(
      declared.map(([id, route]) => [id, route]),
    );
    expectTypeOf(registry.operations).toHaveProperty("createEvalRun");
    // @ts-expect-error: the shipped spec has no such operation
    registry.operations.listEvalRuns;
  });

  it("routes a request to its operation and path parameters, gives the allowed methods of a known path, else nothing", () => {
    const found = registry.route("get", "/v1/evals/agents/a%20b");
    expect(found?.operation?.operationId).toBe("getEvalAgent");
    expect(found?.params).toEqual({ eval_agent_id: "a b" });
    expect(registry.route("POST", "/v1/evals/runs")?.operation?.operationId).toBe("createEvalRun");
    expect(registry.route("DELETE", "/v1/evals/runs")).toEqual({ allowed: ["POST"] });
    expect(registry.route("GET", "/v1/evals/runs/x")).toBeUndefined();
  });

  it("holds each operation's validators by reference", () => {
    const create = registry.get("createEvalRun").validators;
    expect(create.requestBody).toBe(validateCreateEvalRunRequest);
    expect(create.headerParams).toBe(validateCreateEvalRunHeaderParams);
    expect(create.pathParams).toBeNull();
    expect(create.responses["202"]).toBe(validateCreateEvalRunResponse);
    expect(create.responses["5XX"]).toBe(validateErrorEnvelope);
    expect(registry.get("getEvalAgent").validators.pathParams).toBe(validateGetEvalAgentPathParams);
  });

  it("finds the response for a status: exact, then its range, else none", () => {
    const create = registry.get("createEvalRun");
    expect(create.response(202)).toMatchObject({ statusKey: "202", schema: "CreateEvalRunResponse" });
    expect(create.response(503)).toMatchObject({ statusKey: "5XX", schema: "ErrorEnvelope" });
    expect(create.response(429)).toMatchObject({ statusKey: "429", headers: ["Retry-After"] });
    expect(create.response(418)).toBeUndefined();
  });

  it("reads examples, provenance, security and billing from the document", () => {
    for (const [id, , op] of declared) {
      const operation = registry.get(id);
      expect(operation.provenance).toEqual(op["x-provenance"]);
      expect(operation.billed).toBe(op["x-billed"] === true);
      expect(operation.security).toEqual(
        (op.security ?? doc.security)
          .map((requirement: Json) =>
            Object.keys(requirement).map((scheme) => ({ scheme, ...doc.components.securitySchemes[scheme] })),
          )
          .map((list: Json[]) => list.map(({ scheme, type, in: where, name }) => ({ scheme, type, in: where, name }))),
      );
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        const documented = resolveRef<Json>(response);
        const found = operation.response(status === "5XX" ? 500 : Number(status));
        expect(found?.provenance, `${id} ${status}`).toEqual(documented["x-provenance"]);
        const examples = documented.content?.["application/json"]?.examples ?? {};
        expect(found?.examples).toEqual(
          Object.fromEntries(Object.entries<Json>(examples).map(([name, e]) => [name, resolveRef<Json>(e).value])),
        );
      }
      const bodyExamples = resolveRef<Json>(op.requestBody ?? {}).content?.["application/json"]?.examples ?? {};
      expect(Object.keys(operation.requestExamples())).toEqual(Object.keys(bodyExamples));
    }
  });

  it("lists each operation's parameters with provenance and example, path-item ones included", () => {
    for (const [id, route, op] of declared) {
      const item = doc.paths[route.split(" ")[1] as string];
      const expected = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => resolveRef<Json>(p));
      expect(registry.get(id).parameters, id).toEqual(
        expected.map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          provenance: p["x-provenance"],
          example: p.example ?? null,
        })),
      );
    }
    expect(registry.get("getEvalAgent").parameters[0]?.example).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("names an unknown operation and the ones there are", () => {
    expect(() => registry.get("listEvalRuns")).toThrow(
      `the spec has no operation listEvalRuns (it has ${declared.map(([id]) => id).join(", ")})`,
    );
    expectTypeOf<"createEvalRun" | "getEvalAgent">().toExtend<OperationId>();
    // @ts-expect-error: not an operation of the spec
    expectTypeOf<"listEvalRuns">().toExtend<OperationId>();
  });
});

describe("requestRegistry", () => {
  it("is the registry with the request validators only: what a server needs to check what it receives", () => {
    expect(requestRegistry.list.map((o) => o.operationId)).toEqual(registry.list.map((o) => o.operationId));
    for (const operation of registry.list) {
      const { responses, ...requestSide } = operation.validators;
      const lean = requestRegistry.get(operation.operationId);
      expect(lean.validators).toEqual({ ...requestSide, responses: {} });
      expect(Object.keys(responses).length).toBeGreaterThan(0);
      const status = operation.successStatus;
      expect(lean.response(status)).toEqual({ ...operation.response(status), validate: null });
    }
  });
});
