// @evals-api/types/spec reads the bundled document; each function is checked against an
// independent reading of the shipped openapi.json (test/spec.ts).
import { operationIndex } from "@evals-api/types";
import {
  componentSchema,
  documentedStatusKey,
  headerParameters,
  type OperationId,
  openapiDocument,
  operationObject,
  operationParameters,
  requestDefaults,
  requestExamples,
  resolveRef,
  responseExamples,
  responseHeaders,
} from "@evals-api/types/spec";
import { validateCreateEvalRunRequest, validateGetEvalAgentResponse } from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { doc, resolveRef as lookUp } from "./spec";

type Json = Record<string, any>;
const operationIds = Object.keys(operationIndex) as OperationId[];
const operationOf = (id: OperationId): Json =>
  doc.paths[operationIndex[id].path][operationIndex[id].method.toLowerCase()];
const responsesOf = (id: OperationId): Json => operationOf(id).responses;
const examplesOf = (container: Json | undefined): Json =>
  Object.fromEntries(
    Object.entries<Json>(lookUp<Json>(container ?? {}).content?.["application/json"]?.examples ?? {}).map(
      ([name, example]) => [name, lookUp<Json>(example).value],
    ),
  );
const withBody = operationIds.filter((id) => operationOf(id).requestBody !== undefined);
const withoutBody = operationIds.filter((id) => operationOf(id).requestBody === undefined);

describe("openapiDocument", () => {
  it("is the shipped openapi.json", () => {
    expect(openapiDocument).toEqual(doc);
  });
});

describe("resolveRef", () => {
  it("follows every $ref of the document to what it points at", () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      if (typeof (node as Json).$ref === "string") refs.push((node as Json).$ref);
      for (const value of Object.values(node)) walk(value);
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      const target = resolveRef({ $ref: ref });
      expect(target).toEqual(lookUp({ $ref: ref }));
      expect(target).not.toHaveProperty("$ref");
    }
  });

  it("unescapes JSON Pointer segments (`~1` is `/`)", () => {
    const [path] = Object.keys(doc.paths) as [string];
    expect(resolveRef({ $ref: `#/paths/${path.replaceAll("/", "~1")}` })).toEqual(doc.paths[path]);
  });

  it("returns a value that is not a reference as is", () => {
    const node = { type: "string" };
    expect(resolveRef(node)).toBe(node);
    expect(resolveRef(undefined)).toBeUndefined();
  });

  it("says which reference points at nothing", () => {
    expect(() => resolveRef({ $ref: "#/components/schemas/NoSuchSchema" })).toThrow(
      "#/components/schemas/NoSuchSchema points at nothing",
    );
  });
});

describe("operationObject", () => {
  it("is the document's operation for each operationId", () => {
    for (const id of operationIds) {
      expect(operationObject(id)).toEqual(operationOf(id));
      expect(operationObject(id).operationId).toBe(id);
    }
  });
});

describe("documentedStatusKey", () => {
  it("finds each exactly documented status under its own code", () => {
    for (const id of operationIds) {
      for (const key of Object.keys(responsesOf(id)).filter((k) => /^\d{3}$/.test(k))) {
        expect(documentedStatusKey(id, Number(key))).toBe(key);
      }
    }
  });

  it("finds a status documented only by its range (5XX) under the range key", () => {
    const ranged = operationIds.flatMap((id) =>
      Object.keys(responsesOf(id))
        .filter((k) => /^\dXX$/.test(k))
        .map((range) => ({ id, range })),
    );
    expect(ranged.map((r) => r.range)).toContain("5XX");
    for (const { id, range } of ranged) {
      const first = Number(range[0]) * 100;
      const statuses = Array.from({ length: 100 }, (_, i) => first + i).filter((s) => !(String(s) in responsesOf(id)));
      expect(statuses.length).toBeGreaterThan(0);
      for (const status of statuses) expect(documentedStatusKey(id, status)).toBe(range);
    }
  });

  it("is undefined for a status the operation does not document", () => {
    for (const id of operationIds) {
      const keys = Object.keys(responsesOf(id));
      const undocumented = Array.from({ length: 500 }, (_, i) => 100 + i).find(
        (s) => !keys.includes(String(s)) && !keys.includes(`${String(s)[0]}XX`),
      );
      expect(undocumented).toBeDefined();
      expect(documentedStatusKey(id, undocumented as number)).toBeUndefined();
    }
  });
});

describe("requestExamples", () => {
  it("are the request body's examples by name, and valid requests", () => {
    expect(withBody.length).toBeGreaterThan(0);
    for (const id of withBody) {
      const examples = requestExamples(id);
      expect(examples).toEqual(examplesOf(operationOf(id).requestBody));
      expect(Object.keys(examples).length).toBeGreaterThan(0);
    }
    for (const example of Object.values(requestExamples("createEvalRun"))) {
      expect(validateCreateEvalRunRequest(example)).toEqual([]);
    }
  });

  it("are empty for an operation without a body", () => {
    for (const id of withoutBody) expect(requestExamples(id)).toEqual({});
  });
});

describe("responseExamples", () => {
  it("are each documented response's examples by name", () => {
    for (const id of operationIds) {
      for (const [key, response] of Object.entries<Json>(responsesOf(id))) {
        expect(responseExamples(id, key)).toEqual(examplesOf(response));
      }
    }
    const success = responseExamples("getEvalAgent", String(operationIndex.getEvalAgent.successStatus));
    expect(Object.keys(success).length).toBeGreaterThan(0);
    for (const example of Object.values(success)) expect(validateGetEvalAgentResponse(example)).toEqual([]);
  });

  it("are empty for a status key the operation does not document", () => {
    for (const id of operationIds) expect(responseExamples(id, "999")).toEqual({});
  });
});

describe("componentSchema", () => {
  it("is each named schema of components.schemas", () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) expect(componentSchema(name)).toEqual(schema);
  });

  it("names the schema the document lacks", () => {
    expect(() => componentSchema("NoSuchSchema")).toThrow('no component schema "NoSuchSchema"');
  });
});

describe("requestDefaults", () => {
  it("are the defaults the request schema declares, and fill what an example omits", () => {
    for (const id of withBody) {
      const schema = doc.components.schemas[operationIndex[id].requestBodySchema as string];
      const expected = Object.fromEntries(
        Object.entries<Json>(schema.properties)
          // A default may sit next to a `$ref` or on the schema it refers to.
          .map(([name, property]) => [name, "default" in property ? property : lookUp<Json>(property)] as const)
          .filter(([, property]) => "default" in property)
          .map(([name, property]) => [name, property.default]),
      );
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(requestDefaults(id)).toEqual(expected);
    }
    for (const example of Object.values(requestExamples("createEvalRun"))) {
      expect(validateCreateEvalRunRequest({ ...requestDefaults("createEvalRun"), ...(example as Json) })).toEqual([]);
    }
  });

  it("are empty for an operation without a body", () => {
    for (const id of withoutBody) expect(requestDefaults(id)).toEqual({});
  });
});

describe("operationParameters and headerParameters", () => {
  it("list each operation's parameters, references followed", () => {
    for (const id of operationIds) {
      const expected = (operationOf(id).parameters ?? []).map(lookUp<Json>);
      expect(operationParameters(id)).toEqual(
        expected.map((p: Json) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: lookUp(p.schema),
          provenance: p["x-provenance"],
        })),
      );
      expect(
        operationParameters(id)
          .filter((p) => p.in === "path")
          .map((p) => p.name),
      ).toEqual(operationIndex[id].pathParams);
    }
  });

  it("headerParameters are the `in: header` ones, by the spec's spelling", () => {
    const all = operationIds.flatMap((id) => headerParameters(id).map((p) => ({ id, ...p })));
    expect(all.length).toBeGreaterThan(0);
    for (const id of operationIds) {
      const names = (operationOf(id).parameters ?? [])
        .map(lookUp<Json>)
        .filter((p: Json) => p.in === "header")
        .map((p: Json) => p.name);
      expect(headerParameters(id).map((p) => p.name)).toEqual(names);
      for (const p of headerParameters(id)) expect(p.in).toBe("header");
    }
  });
});

describe("responseHeaders", () => {
  it("are the header names each documented response declares", () => {
    let declared = 0;
    for (const id of operationIds) {
      for (const [key, response] of Object.entries<Json>(responsesOf(id))) {
        const names = Object.keys(lookUp<Json>(response).headers ?? {});
        declared += names.length;
        expect(responseHeaders(id, key)).toEqual(names);
      }
      expect(responseHeaders(id, "999")).toEqual([]);
    }
    expect(declared).toBeGreaterThan(0);
  });
});
