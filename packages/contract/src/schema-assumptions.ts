// Which assumption a schema issue breaks. A validator issue says only that its rule is assumed;
// the reason is on the spec's marker of that rule: the schema keyword's `x-keyword-provenance`
// entry, or the `x-provenance` of an enclosing schema that is ours as a whole (ErrorEnvelope).
import type { Provenance } from "@evals-api/types/registry";
import type { ValidationIssue } from "@evals-api/types/validators";
import type { SchemaNode, SpecReader } from "./spec.js";

interface Located {
  node: SchemaNode;
  /** The marker of an enclosing schema that is assumed as a whole. */
  enclosing?: Provenance;
}

// A schema and the alternatives and parts it is made of, each resolved.
function expand(spec: SpecReader, raw: unknown, enclosing?: Provenance): Located[] {
  const node = spec.resolve<SchemaNode | undefined>(raw);
  if (node === null || typeof node !== "object") return [];
  const marker = node["x-provenance"]?.source === "assumed" ? node["x-provenance"] : enclosing;
  const parts = [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  return [{ node, ...(marker && { enclosing: marker }) }, ...parts.flatMap((part) => expand(spec, part, marker))];
}

function step(spec: SpecReader, located: Located[], segment: string): Located[] {
  return located.flatMap(({ node, enclosing }) => {
    const map = typeof node.additionalProperties === "object" ? node.additionalProperties : undefined;
    const next = node.properties?.[segment] ?? (/^\d+$/.test(segment) ? node.items : undefined) ?? map;
    return next === undefined ? [] : expand(spec, next, enclosing);
  });
}

// The keyword behind an ajv message (as @evals-api/types words them).
const KEYWORDS: [RegExp, string][] = [
  [/^is required when /, "dependentRequired"],
  [/^is required$/, "required"],
  [/^must match format /, "format"],
  [/^must be >= /, "minimum"],
  [/^must be > /, "exclusiveMinimum"],
  [/^must be <= /, "maximum"],
  [/^must be < /, "exclusiveMaximum"],
  [/^must NOT have fewer than \d+ items/, "minItems"],
  [/^must NOT have more than \d+ items/, "maxItems"],
  [/^must NOT have fewer than \d+ characters/, "minLength"],
  [/^must NOT have more than \d+ characters/, "maxLength"],
  [/^must be equal to one of the allowed values/, "enum"],
  [/^must be equal to constant/, "const"],
  [/^must match pattern/, "pattern"],
  [/^must match exactly one of/, "oneOf"],
  [/^must match one of/, "anyOf"],
  [/^must be \w+(,\w+)*$/, "type"],
];

/** The marker of the assumed rule an issue of `schemaName` breaks (its reason when the spec gives one). */
export function assumptionBehind(spec: SpecReader, schemaName: string, issue: ValidationIssue): Provenance {
  const keyword = KEYWORDS.find(([pattern]) => pattern.test(issue.message))?.[1];
  const segments = issue.path
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  // A missing field is a rule of the object that should hold it.
  const owner = keyword === "required" || keyword === "dependentRequired" ? segments.slice(0, -1) : segments;
  const located = owner.reduce(
    (at: Located[], segment) => step(spec, at, segment),
    expand(spec, spec.componentSchema(schemaName)),
  );
  for (const { node, enclosing } of located) {
    if (enclosing !== undefined) return enclosing;
    if (keyword === undefined) continue;
    const marker = spec.keywordMarker(node, keyword);
    if (marker.source === "assumed") return marker;
  }
  return { source: "assumed" };
}
