// The zod peer: the schema a user would write with zod 4 instead of using our generated
// validator. It is derived from the spec here (not typed out by hand) so that it checks exactly
// what the spec says — same bounds, formats, enums and cross-field rules — and nothing else.
// Unknown keywords throw, so the peer cannot silently check less than the validator does; `x-*`
// extension keys (x-provenance, x-keyword-provenance) are annotations, not rules, and are skipped.
import { z } from "zod";
import { deref, type JsonSchema } from "./spec.js";

const annotations = new Set(["title", "description", "examples", "example", "default", "$ref"]);
const supported = new Set([
  ...annotations,
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "enum",
  "anyOf",
  "dependentRequired",
]);

/** OpenAPI extension keys: they annotate a schema (where a rule comes from) and validate nothing. */
function isExtension(keyword: string): boolean {
  return keyword.startsWith("x-");
}

// ajv-formats' "uuid", which the generated validators use: any 8-4-4-4-12 hex id in either case,
// with an optional urn:uuid: prefix. zod's guid() refuses the prefix and zod's uuid() also checks
// the RFC version digit, so neither accepts exactly what the validator accepts.
const ajvUuid = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

type Refinement = (value: Record<string, unknown>, ctx: z.RefinementCtx) => void;

/** A zod 4 schema equivalent to `schema` (a schema object of the bundled spec). */
export function zodFromSpec(schema: JsonSchema): z.ZodType {
  const s = deref(schema);
  for (const keyword of Object.keys(s)) {
    if (!supported.has(keyword) && !isExtension(keyword))
      throw new Error(`zodFromSpec does not translate "${keyword}" yet; extend it first`);
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string | undefined];
  const nullable = types.includes("null");
  const type = types.find((t) => t !== "null");
  let result: z.ZodType = base(s, type);
  const rules = crossFieldRules(s);
  if (rules.length > 0) {
    result = result.superRefine((value, ctx) => {
      for (const rule of rules) rule(value as Record<string, unknown>, ctx);
    });
  }
  return nullable ? result.nullable() : result;
}

function base(s: JsonSchema, type: string | undefined): z.ZodType {
  if (Array.isArray(s.enum)) return z.enum(s.enum as [string, ...string[]]);
  switch (type) {
    case "object":
      return object(s);
    case "array": {
      let array = z.array(s.items === undefined ? z.unknown() : zodFromSpec(s.items as JsonSchema));
      if (typeof s.minItems === "number") array = array.min(s.minItems);
      if (typeof s.maxItems === "number") array = array.max(s.maxItems);
      return array;
    }
    case "string":
      return string(s);
    case "number":
    case "integer": {
      let number = type === "integer" ? z.int() : z.number();
      if (typeof s.minimum === "number") number = number.min(s.minimum);
      if (typeof s.maximum === "number") number = number.max(s.maximum);
      return number;
    }
    case "boolean":
      return z.boolean();
    case undefined:
      if (s.anyOf !== undefined || s.dependentRequired !== undefined) return z.unknown();
      throw new Error(`zodFromSpec needs a type on ${String(s.title ?? "a schema")}`);
    default:
      throw new Error(`zodFromSpec does not translate type "${type}" yet`);
  }
}

function object(s: JsonSchema): z.ZodType {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  const shape: Record<string, z.ZodType> = {};
  for (const [name, property] of Object.entries(properties)) {
    const field = zodFromSpec(property);
    shape[name] = required.has(name) ? field : field.optional();
  }
  // A required field that `properties` does not describe (anyOf branches do this) only has to exist.
  for (const name of required) if (!(name in shape)) shape[name] = z.unknown().refine((v) => v !== undefined);
  const extra = s.additionalProperties;
  if (extra === false) return z.strictObject(shape);
  if (typeof extra === "object" && extra !== null) {
    if (Object.keys(shape).length === 0) return z.record(z.string(), zodFromSpec(extra as JsonSchema));
    return z.object(shape).catchall(zodFromSpec(extra as JsonSchema));
  }
  return z.looseObject(shape);
}

function string(s: JsonSchema): z.ZodType {
  if (s.format !== undefined && s.format !== "uuid") {
    throw new Error(`zodFromSpec does not translate format "${String(s.format)}" yet`);
  }
  let string = z.string();
  if (s.format === "uuid") string = string.regex(ajvUuid);
  if (typeof s.minLength === "number") string = string.min(s.minLength);
  if (typeof s.maxLength === "number") string = string.max(s.maxLength);
  if (typeof s.pattern === "string") string = string.regex(new RegExp(s.pattern, "u"));
  return string;
}

// anyOf and dependentRequired across fields are what a zod user writes as a superRefine.
function crossFieldRules(s: JsonSchema): Refinement[] {
  const rules: Refinement[] = [];
  if (Array.isArray(s.anyOf)) {
    const branches = (s.anyOf as JsonSchema[]).map((branch) => ({
      title: String(branch.title ?? "branch"),
      schema: zodFromSpec(branch),
    }));
    rules.push((value, ctx) => {
      if (branches.some((b) => b.schema.safeParse(value).success)) return;
      ctx.addIssue({ code: "custom", message: `must match one of: ${branches.map((b) => b.title).join(" or ")}` });
    });
  }
  if (s.dependentRequired !== undefined) {
    const dependencies = Object.entries(s.dependentRequired as Record<string, string[]>);
    rules.push((value, ctx) => {
      for (const [field, needs] of dependencies) {
        if (value[field] === undefined) continue;
        for (const need of needs) {
          if (value[need] === undefined) {
            ctx.addIssue({ code: "custom", path: [need], message: `is required when ${field} is given` });
          }
        }
      }
    });
  }
  return rules;
}
