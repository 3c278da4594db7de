// requestBodyBounds: the item bounds of each request body's top-level arrays, read from the spec
// at build time, so that code which splits a request (the client's runs.createMany) never writes
// 5000 itself. Checked against the bundled document, with the provenance of each bound.
import { requestBodyBounds } from "@evals-api/types";
import { componentSchema, keywordProvenance } from "@evals-api/types/spec";
import { describe, expect, it } from "vitest";

type Json = Record<string, any>;

describe("requestBodyBounds", () => {
  it("holds each top-level array's minItems and maxItems, as the spec states them", () => {
    const schema = componentSchema("CreateEvalRunRequest") as Json;
    expect(requestBodyBounds.createEvalRun.call_ids).toEqual({
      minItems: schema.properties.call_ids.minItems,
      maxItems: schema.properties.call_ids.maxItems,
      assumed: [],
    });
    expect(requestBodyBounds.createEvalRun.call_ids.maxItems).toBe(5000);
    expect(requestBodyBounds.createEvalRun.attached_agents.maxItems).toBe(schema.properties.attached_agents.maxItems);
  });

  it("names the bounds the spec only assumes, and lists only operations with a body", () => {
    const schema = componentSchema("CreateEvalRunRequest") as Json;
    for (const [name, bounds] of Object.entries(requestBodyBounds.createEvalRun)) {
      const assumed = ["minItems", "maxItems"].filter(
        (k) => k in bounds && keywordProvenance(schema.properties[name], k).source === "assumed",
      );
      expect(bounds.assumed, name).toEqual(assumed);
    }
    expect(Object.keys(requestBodyBounds)).toEqual(["createEvalRun"]);
  });
});
