// The bundled OpenAPI document from @evals-api/types: every body, bound and example the
// benchmarks use is read from it, so the benchmarks follow the spec when it changes.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolveRefIn } from "@evals-api/types/spec-reading";

export type JsonSchema = { [keyword: string]: unknown };

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, JsonSchema>;
    examples: Record<string, { value: unknown }>;
  };
}

/** Absolute path of the bundled document (Prism is pointed at this very file). */
export const specPath: string = createRequire(import.meta.url).resolve("@evals-api/types/openapi.json");

export const spec: OpenApiDocument = JSON.parse(readFileSync(specPath, "utf8"));

export function schemaNamed(name: string): JsonSchema {
  const schema = spec.components.schemas[name];
  if (schema === undefined)
    throw new Error(`The bundled spec has no components.schemas.${name}; rebuild @evals-api/types`);
  return schema;
}

export function exampleNamed(name: string): unknown {
  const example = spec.components.examples[name];
  if (example === undefined)
    throw new Error(`The bundled spec has no components.examples.${name}; rebuild @evals-api/types`);
  return structuredClone(example.value);
}

/** Follows local `$ref`s (`#/components/schemas/X`); other schemas are returned as they are. */
export function deref(schema: JsonSchema): JsonSchema {
  return resolveRefIn<JsonSchema>(spec, schema);
}

export function property(schema: JsonSchema, name: string): JsonSchema {
  const found = (schema.properties as Record<string, JsonSchema> | undefined)?.[name];
  if (found === undefined) throw new Error(`Schema ${String(schema.title)} has no property ${name}`);
  return deref(found);
}

export function numberKeyword(schema: JsonSchema, keyword: string): number {
  const value = schema[keyword];
  if (typeof value !== "number")
    throw new Error(`Expected a numeric ${keyword} on ${String(schema.title ?? "schema")}`);
  return value;
}
