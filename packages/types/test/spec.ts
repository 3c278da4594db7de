// Test helpers: the bundled document as shipped, and an ajv 2020-12 compiler over it that is
// independent of the generated validators (so the two cross-check each other).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
export const doc = JSON.parse(readFileSync(require.resolve("@evals-api/types/openapi.json"), "utf8"));

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({ $id: "doc", components: doc.components });

/** Compile any schema of the document; local `#/components/...` refs resolve against it. */
export function compile(schema: object) {
  const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
  return ajv.compile(rebased);
}

export function resolveRef<T = Record<string, unknown>>(node: unknown): T {
  const ref = (node as { $ref?: string }).$ref;
  if (!ref) return node as T;
  return ref
    .slice(2)
    .split("/")
    .reduce<any>((n, k) => n[k.replaceAll("~1", "/").replaceAll("~0", "~")], doc) as T;
}
