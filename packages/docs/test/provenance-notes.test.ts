// The "Not in the vendor reference" notes: derived from the markers alone, so a synthetic document
// with markers in new places gets its notes with no change to the code, and the real site's
// document has a note exactly where @evals-api/types/spec reads an assumption.
import { operationIndex } from "@evals-api/types";
import { registry } from "@evals-api/types/registry";
import { keywordProvenance, operationParameters, provenanceOf, responseHeaders } from "@evals-api/types/spec";
import { resolveRefIn } from "@evals-api/types/spec-reading";
import { describe, expect, it } from "vitest";
import { findOperation as operationIn } from "../src/operation-examples.mjs";
import { NOTE_LEAD, withProvenanceNotes } from "../src/provenance-notes.mjs";
import { siteDocument } from "../src/site.mjs";

type OperationId = keyof typeof operationIndex;
type Node = Record<string, any>;

const findOperation = (document: Node, operationId: OperationId) => operationIn(document, registry.get(operationId));

const assumed = (reason?: string) => ({ source: "assumed", ...(reason === undefined ? {} : { reason }) });
const vendor = { source: "vendor" };
const repeatedLead = new RegExp(`^${NOTE_LEAD}[.,:;]?\\s*`, "i");

/** The note on something assumed as a whole; a reason that opens with the lead-in does not repeat it. */
function wholeNote(reason: string): string {
  const rest = reason.replace(repeatedLead, "");
  return `> **${NOTE_LEAD}.** ${rest === reason ? reason : rest.charAt(0).toUpperCase() + rest.slice(1)}`;
}

/** A document with markers in every place the notes must reach, including some the real spec has not used yet. */
function syntheticDocument(): Node {
  return {
    openapi: "3.1.0",
    info: { title: "Synthetic", version: "1.0.0" },
    paths: {
      "/widgets/{widget_id}": {
        get: {
          operationId: "getWidget",
          description: "Reads a widget.",
          "x-provenance": assumed("We made this operation up."),
          parameters: [
            {
              name: "widget_id",
              in: "path",
              required: true,
              description: "The widget's id.",
              "x-provenance": vendor,
              schema: {
                type: "string",
                format: "uuid",
                "x-keyword-provenance": { format: assumed("The vendor calls it a string.") },
              },
            },
            { $ref: "#/components/parameters/Trace" },
            {
              name: "X-Undescribed",
              in: "header",
              "x-provenance": assumed("No description of its own."),
              schema: { type: "string", description: "Shown from the schema." },
            },
          ],
          responses: {
            "200": {
              description: "The widget.\nSecond line of the first paragraph.",
              "x-provenance": { source: "vendor", reason: "The vendor's page shows it." },
              content: {
                "application/json": {
                  schema: { $ref: "#/components/schemas/Widget" },
                  examples: { plain: { $ref: "#/components/examples/PlainWidget" } },
                },
              },
            },
            "299": {
              description: "A status of our own.\n\nMore about it.",
              "x-provenance": assumed("The vendor states\n  no status."),
              headers: {
                "X-Later": {
                  description: "When to come back.",
                  "x-provenance": assumed("Not in the vendor reference; the vendor documents no such header."),
                  schema: { type: "integer" },
                },
              },
            },
            "599": { description: "Without a reason.", "x-provenance": assumed() },
          },
        },
      },
    },
    components: {
      parameters: {
        Trace: {
          name: "X-Trace",
          in: "header",
          description: "A trace id.",
          "x-provenance": assumed("Our extension."),
          schema: { type: "string" },
        },
      },
      examples: {
        PlainWidget: {
          summary: "A widget",
          description: "An example widget.",
          "x-provenance": assumed("Written by us."),
          value: { description: "data", "x-provenance": { source: "assumed", reason: "data, not a marker" } },
        },
      },
      schemas: {
        Widget: {
          description: "A widget.",
          type: "object",
          required: ["count", "value"],
          "x-keyword-provenance": { required: assumed("Inferred from the examples.") },
          properties: {
            count: {
              description: "How many.",
              type: "integer",
              minimum: 0,
              maximum: 9,
              "x-keyword-provenance": {
                minimum: assumed("A count."),
                maximum: assumed("A count."),
                multipleOf: vendor,
              },
            },
            // Named like keywords whose values are data: still schemas, still noted.
            value: {
              type: "string",
              format: "uuid",
              "x-keyword-provenance": { format: assumed("UUID-shaped in the examples.") },
            },
            default: { type: "string", description: "A default.", "x-provenance": assumed("Ours.") },
            part: { $ref: "#/components/schemas/Part", description: "The widget's part." },
            tags: {
              type: "array",
              examples: [{ description: "an example value", "x-provenance": assumed("data") }],
              default: [{ description: "a default value", "x-provenance": assumed("data") }],
            },
          },
        },
        Part: {
          description: "A part.",
          type: "object",
          required: ["id"],
          "x-keyword-provenance": { required: assumed("Inferred from the examples.") },
        },
        Envelope: { description: "Ours as a whole.", "x-provenance": assumed("The vendor documents no envelope.") },
      },
    },
  };
}

describe("withProvenanceNotes on a synthetic document", () => {
  const source = syntheticDocument();
  const noted = withProvenanceNotes(source);
  const operation = noted.paths["/widgets/{widget_id}"].get;
  const widget = noted.components.schemas.Widget;

  it("notes an assumed response after its description, whose first line Redoc uses as the title", () => {
    expect(operation.responses["299"].description).toBe(
      `A status of our own.\n\nMore about it.\n\n${wholeNote("The vendor states no status.")}`,
    );
  });

  it("leaves what the vendor states alone, even with a reason on its marker", () => {
    expect(operation.responses["200"].description).toBe(
      source.paths["/widgets/{widget_id}"].get.responses["200"].description,
    );
  });

  it("notes an assumed operation, parameter, header, example and schema with its reason", () => {
    expect(operation.description).toBe(`Reads a widget.\n\n${wholeNote("We made this operation up.")}`);
    expect(noted.components.parameters.Trace.description).toBe(`A trace id.\n\n${wholeNote("Our extension.")}`);
    expect(noted.components.examples.PlainWidget.description).toBe(
      `An example widget.\n\n${wholeNote("Written by us.")}`,
    );
    expect(noted.components.schemas.Envelope.description).toBe(
      `Ours as a whole.\n\n${wholeNote("The vendor documents no envelope.")}`,
    );
    expect(widget.properties.default.description).toBe(`A default.\n\n${wholeNote("Ours.")}`);
  });

  it("does not repeat the lead-in when a reason opens with it", () => {
    expect(operation.responses["299"].headers["X-Later"].description).toBe(
      `When to come back.\n\n> **${NOTE_LEAD}.** The vendor documents no such header.`,
    );
  });

  it("gives a marker without a reason the lead-in alone", () => {
    expect(operation.responses["599"].description).toBe(`Without a reason.\n\n> **${NOTE_LEAD}.**`);
  });

  it("names each assumed keyword, with its value when it is short, one line per reason", () => {
    expect(widget.description).toBe(`A widget.\n\n> **${NOTE_LEAD}:** \`required\` — Inferred from the examples.`);
    expect(widget.properties.count.description).toBe(
      `How many.\n\n> **${NOTE_LEAD}:** \`minimum: 0\`, \`maximum: 9\` — A count.`,
    );
    expect(widget.properties.value.description).toBe(
      `> **${NOTE_LEAD}:** \`format: uuid\` — UUID-shaped in the examples.`,
    );
  });

  it("puts a parameter's schema keywords on the parameter, whose description Redoc shows instead", () => {
    expect(operation.parameters[0].description).toBe(
      `The widget's id.\n\n> **${NOTE_LEAD}:** \`format: uuid\` — The vendor calls it a string.`,
    );
  });

  it("puts a referenced schema's notes next to a $ref whose own description hides the schema's", () => {
    expect(widget.properties.part.description).toBe(
      `The widget's part.\n\n> **${NOTE_LEAD}:** \`required\` — Inferred from the examples.`,
    );
  });

  it("keeps the description a node fell back to when it gets one for a note of its own", () => {
    expect(operation.parameters[2].description).toBe(
      `Shown from the schema.\n\n${wholeNote("No description of its own.")}`,
    );
    // A $ref without notes of its own keeps showing the target's (noted) description.
    expect(operation.parameters[1]).toEqual({ $ref: "#/components/parameters/Trace" });
  });

  it("never rewrites data: example values, schema examples and defaults", () => {
    const original = source.components;
    expect(noted.components.examples.PlainWidget.value).toEqual(original.examples.PlainWidget.value);
    expect(widget.properties.tags).toEqual(original.schemas.Widget.properties.tags);
  });

  it("returns a copy and leaves the document it was given untouched", () => {
    expect(source).toEqual(syntheticDocument());
  });

  it("adds nothing to a document without assumed markers", () => {
    const plain = { openapi: "3.1.0", info: { title: "T", version: "1", description: "Intro." }, paths: {} };
    expect(withProvenanceNotes(plain)).toEqual(plain);
  });
});

describe("the notes on the site's document", () => {
  const bundle = registry.document as Node;
  const site = siteDocument();
  const operationIds = Object.keys(operationIndex) as OperationId[];

  it("use the wording the introduction tells readers to look for", () => {
    expect(bundle.info.description).toContain(`**${NOTE_LEAD}**`);
  });

  it.each(operationIds)(
    "%s: every assumed response has its reason noted, and no vendor one has a note",
    (operationId) => {
      for (const status of Object.keys(operationIndex[operationId].responses)) {
        const response = resolveRefIn<any>(site, findOperation(site, operationId).responses[status]);
        const marker = provenanceOf(operationId, { status });
        if (marker.source === "assumed") {
          expect(response.description, status).toContain(wholeNote(marker.reason ?? ""));
        } else {
          const original = resolveRefIn<any>(bundle, findOperation(bundle, operationId).responses[status]);
          expect(response.description, status).toBe(original.description);
        }
        for (const header of responseHeaders(operationId, status)) {
          const headerMarker = provenanceOf(operationId, { status, header });
          const declared = resolveRefIn<any>(site, response.headers[header]);
          if (headerMarker.source === "assumed")
            expect(declared.description).toContain(wholeNote(headerMarker.reason ?? ""));
          else expect(declared.description).not.toContain(NOTE_LEAD);
        }
      }
    },
  );

  it.each(operationIds)("%s: every parameter shows its own note and its schema's assumed keywords", (operationId) => {
    const rendered = (findOperation(site, operationId).parameters ?? []).map((p: unknown) =>
      resolveRefIn<any>(site, p),
    );
    for (const parameter of operationParameters(operationId)) {
      const { description } = rendered.find((p: Node) => p.name === parameter.name);
      if (parameter.provenance.source === "assumed")
        expect(description).toContain(wholeNote(parameter.provenance.reason ?? ""));
      else expect(description).not.toContain(`${NOTE_LEAD}.`);
      for (const [keyword, value] of Object.entries(parameter.schema)) {
        if (keyword.startsWith("x-") || typeof value === "object") continue;
        const marker = keywordProvenance(parameter.schema, keyword);
        if (marker.source === "assumed") expect(description).toContain(`\`${keyword}: ${value}\` — ${marker.reason}`);
      }
    }
  });

  it("notes the schemas that are ours as a whole (the error envelope)", () => {
    const whole = Object.entries(bundle.components.schemas as Record<string, Node>).filter(
      ([, schema]) => schema["x-provenance"]?.source === "assumed",
    );
    expect(whole.map(([name]) => name)).toEqual(expect.arrayContaining(["ErrorEnvelope", "ApiError"]));
    for (const [name, schema] of whole) {
      expect(site.components.schemas[name].description, name).toContain(wholeNote(schema["x-provenance"].reason));
    }
  });

  it("puts the GET path parameter's assumed `format: uuid` on the parameter", () => {
    const [parameter] = operationParameters("getEvalAgent");
    const marker = keywordProvenance(parameter?.schema, "format");
    expect(marker.source).toBe("assumed");
    const rendered = resolveRefIn<any>(site, findOperation(site, "getEvalAgent").parameters[0]);
    expect(rendered.description).toContain(`> **${NOTE_LEAD}:** \`format: uuid\` — ${marker.reason}`);
  });
});
