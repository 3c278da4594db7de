// One invalid request body per rule of an operation's request schema, derived by walking the
// schema in the registry's document: required fields, array and number bounds, enums, formats, types, unknown fields
// (where a schema forbids them), `dependentRequired` pairs and `anyOf` alternatives. Each body
// breaks exactly one rule of a valid starting body (the spec's own example), so a conforming
// server refuses it. Each rule carries the marker of the keyword it breaks.
import { type Provenance, type RegisteredOperation, registry as shipped } from "@evals-api/types/registry";
import { type Container, getAt, setAt } from "./json-pointer.js";
import { type SchemaNode, type SpecReader, specOf } from "./spec.js";

export interface BodyRule {
  /** JSON Pointer of the broken field ("" for a rule of the whole body). */
  path: string;
  /** The rule, in words: "is above maximum 100". */
  rule: string;
  /** The JSON Schema keyword the rule is: "maximum", "required", "anyOf". */
  keyword: string;
  body: Record<string, unknown>;
  /**
   * Whose rule it is: the keyword's marker (`x-keyword-provenance`), or that of an enclosing schema
   * the spec assumes as a whole. A server that accepts a body breaking only an assumed rule is
   * reported with a warning.
   */
  provenance: Provenance;
}

const clone = <T>(value: T): T => structuredClone(value);

// A value of another JSON type than the schema's, for type rules.
function wrongTypeFor(type: string): unknown {
  return type === "string" ? 12345 : `not-a-${type}`;
}

function rulesFor(
  spec: SpecReader,
  schema: SchemaNode,
  pointer: string[],
  valid: Record<string, unknown>,
  out: BodyRule[],
  enclosing?: Provenance,
): void {
  const node = spec.resolve<SchemaNode>(schema);
  // An enclosing schema that is ours as a whole makes every rule below it ours.
  const assumedHere = node["x-provenance"]?.source === "assumed" ? node["x-provenance"] : enclosing;
  const provenanceOf = (keyword: string) => assumedHere ?? spec.keywordMarker(node, keyword);
  const path = pointer.length === 0 ? "" : `/${pointer.join("/")}`;
  const current = getAt(valid, pointer);
  const mutate = (keyword: string, rule: string, value: unknown, at = pointer) => {
    const body = clone(valid);
    setAt(body, at, value);
    out.push({
      path: at.length === 0 ? "" : `/${at.join("/")}`,
      rule,
      keyword,
      body,
      provenance: provenanceOf(keyword),
    });
  };
  if (pointer.length > 0 && typeof node.type === "string" && node.type !== "null") {
    mutate("type", `is not of type ${node.type}`, wrongTypeFor(node.type));
  }
  if (Array.isArray(node.enum)) mutate("enum", `is not one of ${node.enum.join(", ")}`, "not-in-the-enum");
  if (node.format === "uuid") mutate("format", "is not a uuid", "not-a-uuid");
  if (typeof node.minimum === "number") mutate("minimum", `is below minimum ${node.minimum}`, node.minimum - 1);
  if (typeof node.maximum === "number") mutate("maximum", `is above maximum ${node.maximum}`, node.maximum + 1);
  if (node.type === "array") {
    const items = Array.isArray(current) ? current : [];
    const filler = items[0] ?? "x";
    if (typeof node.minItems === "number" && node.minItems > 0) {
      mutate(
        "minItems",
        `has fewer than ${node.minItems} items`,
        Array.from({ length: node.minItems - 1 }, () => clone(filler)),
      );
    }
    if (typeof node.maxItems === "number") {
      // Distinct call ids keep the body a plausible request; only the count is wrong.
      const over = Array.from({ length: node.maxItems + 1 }, (_, i) =>
        typeof filler === "string" ? `${filler}-${i}` : clone(filler),
      );
      mutate("maxItems", `has more than ${node.maxItems} items`, over);
    }
    if (node.items && items.length > 0) rulesFor(spec, node.items, [...pointer, "0"], valid, out, assumedHere);
  }
  if (node.type === "object" || node.properties) {
    const value = (current ?? {}) as Container;
    for (const field of node.required ?? []) {
      mutate("required", "is required", undefined, [...pointer, field]);
    }
    for (const [field, sub] of Object.entries<SchemaNode>(node.properties ?? {})) {
      if (field in value) rulesFor(spec, sub, [...pointer, field], valid, out, assumedHere);
    }
    if (node.additionalProperties === false) {
      mutate("additionalProperties", "is not a known field", "unexpected", [
        ...pointer,
        "unknown_field_for_contract_check",
      ]);
    } else if (typeof node.additionalProperties === "object") {
      // A map (metadata): check the value rule through one extra key.
      const withEntry = clone(valid);
      setAt(withEntry, pointer, { ...value, contract_check: "ok" });
      rulesFor(spec, node.additionalProperties, [...pointer, "contract_check"], withEntry, out, assumedHere);
    }
    for (const [field, needs] of Object.entries<string[]>(node.dependentRequired ?? {})) {
      for (const needed of needs) {
        // Keep `field`, drop the one it depends on.
        const body = clone(valid);
        const owner = getAt(body, pointer) as Record<string, unknown>;
        if (!(field in owner)) continue;
        delete owner[needed];
        out.push({
          path: `${path}/${needed}`,
          rule: `is required when ${field} is given`,
          keyword: "dependentRequired",
          body,
          provenance: provenanceOf("dependentRequired"),
        });
      }
    }
    const branches = node.anyOf ?? [];
    if (branches.length > 0) out.push(...alternativeRules(spec, branches, pointer, valid, provenanceOf("anyOf")));
  }
}

// Bodies that satisfy none of an object's `anyOf` alternatives: one without any field an
// alternative requires, and one per alternative's own bound (a non-empty attached_agents) with
// every other alternative unmet.
function alternativeRules(
  spec: SpecReader,
  branches: SchemaNode[],
  pointer: string[],
  valid: Record<string, unknown>,
  provenance: Provenance,
): BodyRule[] {
  const path = pointer.length === 0 ? "" : `/${pointer.join("/")}`;
  const resolved = branches.map((b) => spec.resolve<SchemaNode>(b));
  const titles = resolved.map((b) => b.title ?? "an alternative").join(" or ");
  // A copy of the body whose object at `pointer` lacks the fields the chosen alternatives require.
  const without = (unmet: SchemaNode[]) => {
    const body = clone(valid);
    const owner = getAt(body, pointer) as Container;
    for (const branch of unmet) for (const field of branch.required ?? []) delete owner[field];
    return { body, owner };
  };
  const rules: BodyRule[] = [
    { path, rule: `matches none of: ${titles}`, keyword: "anyOf", body: without(resolved).body, provenance },
  ];
  resolved.forEach((branch, i) => {
    for (const [field, sub] of Object.entries<SchemaNode>(branch.properties ?? {})) {
      if (typeof sub.minItems !== "number" || sub.minItems < 1) continue;
      const { body, owner } = without(resolved.filter((_, j) => j !== i));
      owner[field] = [];
      rules.push({ path, rule: `matches none of: ${titles} (${field} is empty)`, keyword: "anyOf", body, provenance });
    }
  });
  return rules;
}

/**
 * Invalid variants of valid request bodies of an operation (its spec examples, by default), one
 * per rule of its request schema. Rules that need a field the first body lacks (the workbench
 * pair) are taken from the next. A body names no agent but those of the bodies it starts from.
 * Empty for an operation that takes no body.
 */
export function requestBodyRules(
  spec: SpecReader,
  operation: RegisteredOperation,
  validBodies: Record<string, unknown>[],
): BodyRule[] {
  if (operation.requestBodySchema === null) return [];
  const schema = spec.componentSchema(operation.requestBodySchema);
  const seen = new Set<string>();
  const rules: BodyRule[] = [];
  for (const valid of validBodies) {
    const found: BodyRule[] = [];
    rulesFor(spec, schema, [], valid, found);
    for (const rule of found) {
      const key = `${rule.path} ${rule.rule}`;
      if (!seen.has(key)) {
        seen.add(key);
        rules.push(rule);
      }
    }
  }
  return rules;
}

/**
 * Invalid variants of create-run bodies of the shipped spec (its examples, say), one per rule of
 * `CreateEvalRunRequest`: `requestBodyRules` for the shipped `createEvalRun`.
 */
export function createRunBodyRules(validBodies: Record<string, unknown>[]): BodyRule[] {
  return requestBodyRules(specOf(shipped), shipped.get("createEvalRun"), validBodies);
}
