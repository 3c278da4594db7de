// Fixture pairs for every category of the classifier: a small spec with the real one's shapes
// (an allOf envelope, a shared enum used in requests and responses, nullable fields, bounds,
// cross-field rules), and one mutation per kind of change.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffSpecs } from "../lib/spec-diff.mjs";

type Spec = Record<string, any>;
const base: Spec = JSON.parse(readFileSync(new URL("fixtures/specs/base.json", import.meta.url), "utf8"));
const schemas = (s: Spec) => s.components.schemas;

function classify(mutate: (s: Spec) => void) {
  const after = structuredClone(base);
  mutate(after);
  return diffSpecs(structuredClone(base), after);
}

type Case = [name: string, mutate: (s: Spec) => void, level: string, kind: string, field: string];

const breaking: Case[] = [
  [
    "a response field removed",
    (s) => {
      delete schemas(s).Run.properties.completed_at;
      schemas(s).Run.required = schemas(s).Run.required.filter((f: string) => f !== "completed_at");
    },
    "breaking",
    "response-field-removed",
    "Run.completed_at",
  ],
  ["an operation removed", (s) => delete s.paths["/agents/{agent_id}"], "breaking", "operation-removed", "getAgent"],
  [
    "a response field made optional",
    (s) => {
      schemas(s).Run.required = schemas(s).Run.required.filter((f: string) => f !== "count");
    },
    "breaking",
    "response-field-made-optional",
    "Run.count",
  ],
  [
    "a response field made nullable (type list)",
    (s) => {
      schemas(s).Run.properties.completed_at.type = ["string", "null"];
    },
    "breaking",
    "response-field-nullable",
    "Run.completed_at",
  ],
  [
    "a response field made nullable (oneOf null branch)",
    (s) => {
      schemas(s).Agent.properties.name = { oneOf: [{ type: "string" }, { type: "null" }] };
    },
    "breaking",
    "type-changed",
    "Agent.name",
  ],
  [
    "a request field made required",
    (s) => {
      schemas(s).CreateRunRequest.required.push("weight");
    },
    "breaking",
    "request-field-made-required",
    "CreateRunRequest.weight",
  ],
  [
    "a new required request field",
    (s) => {
      schemas(s).CreateRunRequest.properties.label = { type: "string" };
      schemas(s).CreateRunRequest.required.push("label");
    },
    "breaking",
    "request-field-added-required",
    "CreateRunRequest.label",
  ],
  [
    "a request upper bound narrowed",
    (s) => {
      schemas(s).CreateRunRequest.properties.call_ids.maxItems = 1000;
    },
    "breaking",
    "request-bounds-narrowed",
    "CreateRunRequest.call_ids",
  ],
  [
    "a request lower bound raised",
    (s) => {
      schemas(s).CreateRunRequest.properties.weight.minimum = 1;
    },
    "breaking",
    "request-bounds-narrowed",
    "CreateRunRequest.weight",
  ],
  [
    "a request enum value removed (shared enum)",
    (s) => {
      schemas(s).Mode.enum = ["text", "audio"];
    },
    "breaking",
    "request-enum-value-removed",
    "CreateRunRequest.mode",
  ],
  [
    "a type changed",
    (s) => {
      schemas(s).Run.properties.count.type = "string";
    },
    "breaking",
    "type-changed",
    "Run.count",
  ],
  [
    "a cross-field rule added to the request",
    (s) => {
      schemas(s).CreateRunRequest.dependentRequired.setup_version_id = ["setup_id"];
    },
    "breaking",
    "dependent-required-added",
    "CreateRunRequest",
  ],
  [
    "a request field removed",
    (s) => delete schemas(s).CreateRunRequest.properties.weight,
    "breaking",
    "request-field-removed",
    "CreateRunRequest.weight",
  ],
  [
    "a required path parameter added",
    (s) => {
      s.paths["/agents/{agent_id}"].get.parameters.push({ name: "v", in: "query", required: true, schema: {} });
    },
    "breaking",
    "request-field-added-required",
    "getAgent query parameter v",
  ],
  [
    "a component schema removed",
    (s) => {
      schemas(s).Stale = { type: "string" };
    },
    // the reverse pair: before has it, after does not (built below)
    "breaking",
    "schema-removed",
    "Stale",
  ],
];

const additive: Case[] = [
  [
    "a new optional request field",
    (s) => {
      schemas(s).CreateRunRequest.properties.label = { type: "string" };
    },
    "additive",
    "request-field-added-optional",
    "CreateRunRequest.label",
  ],
  [
    "a new response field",
    (s) => {
      schemas(s).Run.properties.label = { type: "string" };
      schemas(s).Run.required.push("label");
    },
    "additive",
    "response-field-added",
    "Run.label",
  ],
  [
    "a new operation",
    (s) => {
      s.paths["/runs/{id}"] = { get: { operationId: "getRun", responses: { 200: { description: "OK" } } } };
    },
    "additive",
    "operation-added",
    "getRun",
  ],
  [
    "a new response enum value",
    (s) => {
      schemas(s).Status.enum.push("CANCELLED");
    },
    "additive",
    "response-enum-value-added",
    "Status",
  ],
  [
    "a request bound widened",
    (s) => {
      schemas(s).CreateRunRequest.properties.call_ids.maxItems = 10000;
    },
    "additive",
    "request-bounds-widened",
    "CreateRunRequest.call_ids",
  ],
  [
    "a request field made optional",
    (s) => {
      schemas(s).CreateRunRequest.required = [];
    },
    "additive",
    "request-field-made-optional",
    "CreateRunRequest.call_ids",
  ],
];

const docs: Case[] = [
  [
    "a schema description",
    (s) => {
      schemas(s).Run.description = "An eval run.";
    },
    "docs",
    "docs-changed",
    "Run",
  ],
  [
    "a response example",
    (s) => {
      s.paths["/runs"].post.responses["202"].content["application/json"].example.data.id = "r2";
    },
    "docs",
    "docs-changed",
    "createRun 202 response",
  ],
  [
    "the info block",
    (s) => {
      s.info.description = "Reworded.";
    },
    "docs",
    "docs-changed",
    "info",
  ],
];

describe("diffSpecs classifies each kind of change for a TypeScript consumer", () => {
  it.each([...breaking, ...additive, ...docs])("%s → %s", (name, mutate, level, kind, field) => {
    const result =
      kind === "schema-removed"
        ? (() => {
            const before = structuredClone(base);
            mutate(before);
            return diffSpecs(before, structuredClone(base));
          })()
        : classify(mutate);
    expect(result.changes).toContainEqual(expect.objectContaining({ level, kind, field }));
    expect(result.bump).toBe({ breaking: "major", additive: "minor", docs: "patch" }[level]);
    // Nothing is classified above its category (a docs change never drags in a minor).
    const levels = new Set(result.changes.map((c) => c.level));
    if (level !== "breaking") expect(levels.has("breaking"), name).toBe(false);
    if (level === "docs") expect(levels.has("additive"), name).toBe(false);
  });

  it("reports a response field removed by the component that holds it and the operations it reaches", () => {
    const { changes } = classify((s) => {
      delete schemas(s).Run.properties.completed_at;
      schemas(s).Run.required = ["id", "status", "mode", "count"];
    });
    const removed = changes.filter((c) => c.kind === "response-field-removed");
    expect(removed).toEqual([
      expect.objectContaining({ field: "Run.completed_at", where: ["createRun 202 response"] }),
    ]);
  });

  it("flags a new response enum value as additive but says exhaustive switches need a case", () => {
    const { changes } = classify((s) => {
      schemas(s).Status.enum.push("CANCELLED");
    });
    expect(changes.find((c) => c.kind === "response-enum-value-added")?.message).toMatch(/switch/);
  });

  it("compares a shared enum on both sides: a new value is additive in requests and responses", () => {
    const { changes, bump } = classify((s) => {
      schemas(s).Mode.enum.push("video");
    });
    expect(bump).toBe("minor");
    expect(changes.map((c) => c.kind).sort()).toEqual(["request-enum-value-added", "response-enum-value-added"]);
  });

  it("treats a response enum value removal as breaking (comparisons with it stop compiling)", () => {
    const { changes } = classify((s) => {
      schemas(s).Status.enum = ["PENDING", "RUNNING"];
    });
    expect(changes).toContainEqual(expect.objectContaining({ level: "breaking", kind: "response-enum-value-removed" }));
  });

  it("treats an unknown schema keyword change as breaking rather than letting it pass as a patch", () => {
    const { changes, bump } = classify((s) => {
      schemas(s).Run.properties.id.readOnly = true;
    });
    expect(bump).toBe("major");
    expect(changes).toContainEqual(expect.objectContaining({ kind: "unclassified", field: "Run.id" }));
  });

  it("finds nothing between identical documents", () => {
    expect(diffSpecs(structuredClone(base), structuredClone(base))).toEqual({ changes: [], bump: "none" });
  });
});
