// Whose fact is it? The spec marks what the vendor states and what we assume; `provenanceOf` and
// `keywordProvenance` read the marks, and every validator issue says whose rule it breaks.
import { operationIndex } from "@evals-api/types";
import * as requestValidators from "@evals-api/types/request-validators";
import {
  componentSchema,
  keywordProvenance,
  type OperationId,
  operationParameters,
  provenanceOf,
  responseExamples,
} from "@evals-api/types/spec";
import * as validators from "@evals-api/types/validators";
import {
  validateCreateEvalRunResponse,
  validateErrorEnvelope,
  validateEvalRun,
  validateGetEvalAgentPathParams,
  validateGetEvalAgentResponse,
} from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { doc, resolveRef } from "./spec";

type Json = Record<string, any>;
const operationIds = Object.keys(operationIndex) as OperationId[];
const responsesOf = (id: OperationId): Json =>
  doc.paths[operationIndex[id].path][operationIndex[id].method.toLowerCase()].responses;
const [acceptedExample] = Object.values(responseExamples("createEvalRun", "202")) as Json[];
const run = (): Json => structuredClone(acceptedExample?.data);

describe("provenanceOf", () => {
  it("a status the vendor states: Get Eval Agent's 200, and the 404 of a disabled org", () => {
    expect(provenanceOf("getEvalAgent", { status: 200 })).toEqual({ source: "vendor" });
    for (const id of operationIds) expect(provenanceOf(id, { status: 404 }).source).toBe("vendor");
  });

  it("a status we assume, with its reason: the 202 of create-run, and every 400, 401, 402, 429 and 5xx", () => {
    const accepted = provenanceOf("createEvalRun", { status: 202 });
    expect(accepted.source).toBe("assumed");
    expect(accepted.reason).toMatch(/status/);
    for (const id of operationIds) {
      for (const status of [400, 401, 402, 409, 413, 415, 429, 500, 503, "5XX"]) {
        if (!(String(status) in responsesOf(id)) && !(typeof status === "number" && status >= 500)) continue;
        expect(provenanceOf(id, { status }), `${id} ${status}`).toMatchObject({ source: "assumed" });
      }
    }
  });

  it("the operations themselves are the vendor's", () => {
    for (const id of operationIds) expect(provenanceOf(id)).toEqual({ source: "vendor" });
  });

  it("parameters: the path id is the vendor's, Idempotency-Key is ours, authorization is the vendor's scheme", () => {
    expect(provenanceOf("getEvalAgent", { parameter: "eval_agent_id" })).toEqual({ source: "vendor" });
    expect(provenanceOf("createEvalRun", { parameter: "Idempotency-Key" }).source).toBe("assumed");
    expect(provenanceOf("createEvalRun", { parameter: "idempotency-key" }).source).toBe("assumed");
    for (const id of operationIds)
      expect(provenanceOf(id, { parameter: "authorization" })).toEqual({ source: "vendor" });
  });

  it("response headers: Retry-After is ours", () => {
    expect(provenanceOf("createEvalRun", { status: 429, header: "Retry-After" }).source).toBe("assumed");
    expect(provenanceOf("getEvalAgent", { header: "retry-after" }).source).toBe("assumed");
  });

  it("says what it could not find", () => {
    expect(() => provenanceOf("getEvalAgent", { status: 302 })).toThrow(
      "getEvalAgent documents no response for status 302",
    );
    expect(() => provenanceOf("getEvalAgent", { parameter: "cursor" })).toThrow(
      "no parameter or API-key header cursor",
    );
    expect(() => provenanceOf("getEvalAgent", { status: 200, header: "Retry-After" })).toThrow(
      "documents no response header Retry-After for 200",
    );
  });

  it("agrees with the markers of the document, which every operation, response, parameter and header has", () => {
    for (const id of operationIds) {
      for (const [key, response] of Object.entries<Json>(responsesOf(id))) {
        const declared = resolveRef<Json>(response);
        expect(declared["x-provenance"], `${id} ${key}`).toBeDefined();
        expect(provenanceOf(id, { status: key })).toEqual(declared["x-provenance"]);
        for (const [name, header] of Object.entries<Json>(declared.headers ?? {})) {
          expect(provenanceOf(id, { status: key, header: name })).toEqual(resolveRef<Json>(header)["x-provenance"]);
        }
      }
      for (const parameter of operationParameters(id)) {
        expect(parameter.provenance.source).toMatch(/^(vendor|assumed)$/);
        expect(provenanceOf(id, { parameter: parameter.name })).toEqual(parameter.provenance);
      }
    }
  });
});

describe("x-billed in the operation table", () => {
  it("marks create-run, which the vendor states is billed, and nothing else", () => {
    expect(operationIndex.createEvalRun.billed).toBe(true);
    expect(operationIndex.getEvalAgent.billed).toBe(false);
  });
});

describe("keywordProvenance", () => {
  it("an assumed keyword: format uuid on a response id, required keys of a run", () => {
    const evalRun = componentSchema<Json>("EvalRun");
    expect(keywordProvenance(evalRun.properties.id, "format").source).toBe("assumed");
    expect(keywordProvenance(evalRun, "required").reason).toMatch(/examples/);
  });

  it("a vendor keyword: the bounds and the uuid of a request attachment", () => {
    const attachment = componentSchema<Json>("AgentAttachment");
    expect(keywordProvenance(attachment.properties.eval_agent_id, "format")).toEqual({ source: "vendor" });
    expect(keywordProvenance(attachment.properties.weight, "maximum")).toEqual({ source: "vendor" });
    expect(keywordProvenance(componentSchema("CreateEvalRunRequest"), "required")).toEqual({ source: "vendor" });
  });

  it("every keyword of a schema that is ours as a whole", () => {
    expect(keywordProvenance(componentSchema("ErrorEnvelope"), "required").source).toBe("assumed");
    expect(keywordProvenance({ $ref: "#/components/schemas/ApiError" }, "type").source).toBe("assumed");
  });
});

describe("each validator issue says whose rule it breaks", () => {
  it("the vendor example of a run is valid", () => {
    expect(validateEvalRun(run())).toEqual([]);
  });

  it("a field of the wrong type breaks a vendor rule", () => {
    const value = { ...run(), resolved_call_count: "2" };
    expect(validateEvalRun(value)).toEqual([
      { path: "/resolved_call_count", message: "must be integer", source: "vendor" },
    ]);
  });

  it("an id that is not a UUID, a missing key and a negative count break only assumed rules", () => {
    const value: Json = { ...run(), id: "run_1", resolved_call_count: -1 };
    delete value.workflow_id;
    expect(validateEvalRun(value)).toEqual(
      expect.arrayContaining([
        { path: "/id", message: 'must match format "uuid"', source: "assumed" },
        { path: "/workflow_id", message: "is required", source: "assumed" },
        { path: "/resolved_call_count", message: "must be >= 0", source: "assumed" },
      ]),
    );
    expect(validateEvalRun(value).every((issue) => issue.source === "assumed")).toBe(true);
    expect(validateEvalRun.is(value)).toBe(false); // a type guard holds to every rule
  });

  it("an echoed attachment may lack what the request omitted", () => {
    const value = { ...run(), submitted_attached_agents: [{ eval_agent_id: "11111111-aaaa-bbbb-cccc-dddddddddddd" }] };
    expect(validateEvalRun(value)).toEqual([]);
    const nulls = { eval_agent_id: "11111111-aaaa-bbbb-cccc-dddddddddddd", eval_agent_version_id: null, weight: null };
    expect(validateEvalRun({ ...run(), submitted_attached_agents: [nulls] })).toEqual([]);
  });

  it("the envelope's data is the vendor's; its errors key is assumed", () => {
    const body = { data: run(), errors: null };
    expect(validateCreateEvalRunResponse(body)).toEqual([]);
    expect(validateCreateEvalRunResponse({ data: run() })).toEqual([
      { path: "/errors", message: "is required", source: "assumed" },
    ]);
    expect(validateCreateEvalRunResponse({ errors: null })).toContainEqual({
      path: "/data",
      message: "is required",
      source: "vendor",
    });
    expect(validateGetEvalAgentResponse({ errors: null })).toContainEqual({
      path: "/data",
      message: "is required",
      source: "vendor",
    });
  });

  it("every rule of the error envelope is ours", () => {
    const issues = validateErrorEnvelope({ errors: [{ code: 1 }] });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => issue.source === "assumed")).toBe(true);
  });

  it("a path id that is not a UUID breaks only the assumed format", () => {
    expect(validateGetEvalAgentPathParams({ eval_agent_id: "agent-1" })).toEqual([
      { path: "/eval_agent_id", message: 'must match format "uuid"', source: "assumed" },
    ]);
    expect(validateGetEvalAgentPathParams({})).toEqual([
      { path: "/eval_agent_id", message: "is required", source: "vendor" },
    ]);
  });

  it("request-validators are the same functions, so a client filters by source", () => {
    for (const [name, validate] of Object.entries(requestValidators)) {
      if (name === "operationRequestValidators") continue; // a table of these same functions
      expect(validate).toBe((validators as Record<string, unknown>)[name]);
    }
  });
});
