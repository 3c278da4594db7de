// inlineSchema: a schema of any document with its `$ref`s replaced by their targets, so that it
// stands alone (an MCP tool's input schema is one). Checked on the bundled document, whose create-run
// body refers to five other schemas, and on small synthetic documents for the edge cases.
import { openapiDocument } from "@evals-api/types/spec";
import { inlineSchema } from "@evals-api/types/spec-reading";
import { describe, expect, it } from "vitest";

const schemas = (openapiDocument.components as { schemas: Record<string, any> }).schemas;
const refsIn = (value: unknown) => JSON.stringify(value).match(/"\$ref"/g) ?? [];

describe("inlineSchema", () => {
  it("leaves no $ref in the create-run body, and puts each target where it was referred to", () => {
    const body = inlineSchema<any>(openapiDocument, schemas.CreateEvalRunRequest);
    expect(refsIn(body)).toEqual([]);
    const attachment = inlineSchema<any>(openapiDocument, schemas.AgentAttachment);
    expect(body.properties.attached_agents.items).toEqual(attachment);
    expect(attachment.required).toEqual(["eval_agent_id"]);
    expect(body.properties.metadata.additionalProperties).toEqual({
      type: "string",
      description: "A metadata value; always a string.",
    });
  });

  it("keeps the keywords written next to a $ref, over the target's annotations", () => {
    const body = inlineSchema<any>(openapiDocument, schemas.CreateEvalRunRequest);
    const runMode = inlineSchema<any>(openapiDocument, schemas.RunMode);
    expect(body.properties.run_mode).toEqual({
      ...runMode,
      default: "text",
      description: "The scoring modality. Defaults to `text`.",
    });
    expect(body.properties.run_mode.enum).toEqual(runMode.enum);
  });

  it("keeps a constraint that differs from its target's beside it, as JSON Schema applies both", () => {
    const document = { components: { schemas: { Ids: { type: "array", maxItems: 10 } } } };
    const node = { $ref: "#/components/schemas/Ids", maxItems: 5, description: "at most five" };
    expect(inlineSchema(document, node)).toEqual({
      allOf: [
        { type: "array", maxItems: 10 },
        { maxItems: 5, description: "at most five" },
      ],
    });
    expect(inlineSchema(document, { $ref: "#/components/schemas/Ids", maxItems: 10 })).toEqual({
      type: "array",
      maxItems: 10,
    });
  });

  it("copies data keywords as data: a property named $ref in an example is not followed", () => {
    const document = { components: { schemas: { A: { type: "string" } } } };
    const node = {
      type: "object",
      properties: { a: { $ref: "#/components/schemas/A" } },
      examples: [{ a: "x", nested: { $ref: "not a reference, an example value" } }],
      default: { $ref: "#/nowhere" },
    };
    expect(inlineSchema(document, node)).toEqual({ ...node, properties: { a: { type: "string" } } });
  });

  it("refuses a recursive schema, naming the refs, instead of looping", () => {
    const document = {
      components: {
        schemas: {
          Tree: {
            type: "object",
            properties: { children: { type: "array", items: { $ref: "#/components/schemas/Tree" } } },
          },
        },
      },
    };
    expect(() => inlineSchema(document, { $ref: "#/components/schemas/Tree" })).toThrow(
      "#/components/schemas/Tree → #/components/schemas/Tree is recursive: a recursive schema cannot be inlined",
    );
    // The same schema twice side by side is not recursion.
    const pair = { components: { schemas: { A: { type: "string" } } } };
    const twice = { allOf: [{ $ref: "#/components/schemas/A" }, { $ref: "#/components/schemas/A" }] };
    expect(inlineSchema(pair, twice)).toEqual({ allOf: [{ type: "string" }, { type: "string" }] });
  });

  it("names a reference that points at nothing", () => {
    expect(() => inlineSchema({}, { $ref: "#/components/schemas/Missing" })).toThrow(
      "#/components/schemas/Missing points at nothing in the document",
    );
  });
});
