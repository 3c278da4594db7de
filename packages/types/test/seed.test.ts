import { readFileSync } from "node:fs";
import { validateGetEvalAgentResponse } from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { compile, doc, resolveRef } from "./spec";

// Copied byte for byte from the Get Eval Agent seed page (shared/seeds/get-eval-agent.txt).
const seed = JSON.parse(readFileSync(new URL("./fixtures/get-eval-agent.seed.json", import.meta.url), "utf8"));

describe("the seed page's Get Eval Agent example", () => {
  const ok = resolveRef<any>(doc.paths["/v1/evals/agents/{eval_agent_id}"].get.responses["200"]);

  it("validates unchanged against the getEvalAgent 200 schema", () => {
    const validate = compile(ok.content["application/json"].schema);
    expect(validate(seed), JSON.stringify(validate.errors)).toBe(true);
  });

  it("validates with the generated standalone validator too", () => {
    expect(validateGetEvalAgentResponse(seed)).toEqual([]);
    expect(validateGetEvalAgentResponse.is(seed)).toBe(true);
  });

  it("is the operation's example, verbatim", () => {
    const example = resolveRef<any>(ok.content["application/json"].examples.empathyCheck).value;
    expect(example).toEqual(seed);
  });

  it("would be rejected if the spec lost a nullability (deleted_at must accept null)", () => {
    const broken = structuredClone(seed);
    broken.data.agent.deleted_at = 42;
    expect(validateGetEvalAgentResponse(broken)).toEqual([
      { path: "/data/agent/deleted_at", message: "must be string,null", source: "vendor" },
    ]);
  });
});
