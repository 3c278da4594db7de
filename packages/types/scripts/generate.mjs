// Build step of @evals-api/types: bundle the hand-written spec, then derive from it
//   generated/openapi.{json,yaml}  the bundled document, shipped as-is
//   generated/schema.ts            openapi-typescript output (paths, components, operations)
//   generated/validators.ts        ajv standalone validators (no compiler, no eval at run time), per
//                                  schema and per operation's path and header parameters
//   generated/request-validators.ts  the subset a client checks before sending (request bodies, parameters)
//   generated/operations.ts        the operation table (method, path, schemas per status)
// Nothing here restates the API: every fact is read from the bundled document.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { fastFormats } from "ajv-formats/dist/formats.js";
import openapiTS, { astToString, stringToAST, transformSchemaObject } from "openapi-typescript";
import YAML from "yaml";
import { bundleSpecTo } from "../../../scripts/redocly/cli.mjs";
import { declaredParameters, jsonMediaTypeOf, resolveRefIn } from "../src/document-readers.mjs";
import { hasAssumedRule, vendorProjection } from "./vendor-projection.mjs";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(pkgDir, "..", "..");
const outDir = join(pkgDir, "generated");
mkdirSync(outDir, { recursive: true });

// 1. Bundle with Redocly: one self-contained document with components/$refs resolved locally.
bundleSpecTo(repoRoot, join(outDir, "openapi.json"));
const doc = JSON.parse(readFileSync(join(outDir, "openapi.json"), "utf8"));
writeFileSync(join(outDir, "openapi.yaml"), YAML.stringify(doc, { lineWidth: 0 }));

// 2. TypeScript types. Options are pinned: golden type tests in test/ fail if they change.
//    A schema whose `anyOf` branches and `dependentRequired` only add required keys (the
//    cross-field rules of create-run) becomes Base & (Branch | Branch) & Dependency…, so the rules
//    are compile-time errors too. openapi-typescript alone renders such branches as `unknown`.
function isConstraintBranch(base, branch) {
  const props = Object.keys(branch.properties ?? {});
  return props.every((p) => p in (base.properties ?? {}));
}
function withRules(schemaObject, options) {
  const base = { ...schemaObject };
  const branches = base.anyOf ?? [];
  const deps = base.dependentRequired ?? {};
  delete base.anyOf;
  delete base.dependentRequired;
  const typeOf = (schema) => astToString(transformSchemaObject(schema, options)).trim();
  // `{ a: A; b: B }` with the listed keys made required, typed as the base declares them.
  const requiredKeys = (list) =>
    `{ ${list.map((k) => `${JSON.stringify(k)}: ${typeOf(base.properties[k])}`).join("; ")} }`;
  const parts = [typeOf(base)];
  if (branches.length > 0) parts.push(`(${branches.map((b) => requiredKeys(b.required ?? [])).join(" | ")})`);
  for (const [key, required] of Object.entries(deps)) {
    parts.push(`({ ${JSON.stringify(key)}?: never } | ${requiredKeys([key, ...required])})`);
  }
  const [alias] = stringToAST(`type T = ${parts.join(" & ")};`);
  return alias.type;
}
const ast = await openapiTS(doc, {
  defaultNonNullable: false,
  exportType: false,
  alphabetize: false,
  additionalProperties: false,
  arrayLength: false,
  transform(schemaObject, options) {
    const branches = schemaObject.anyOf;
    const constraintOnly =
      schemaObject.properties &&
      (schemaObject.dependentRequired || branches?.every((b) => isConstraintBranch(schemaObject, b)));
    return constraintOnly ? withRules(schemaObject, options) : undefined;
  },
});
writeFileSync(join(outDir, "schema.ts"), astToString(ast));

// 3. Standalone validators for every named schema and for operation parameters. A schema the spec
//    assumes some rules of is compiled twice: as written (`spec#`), and as the vendor states it
//    (`vendor#`, see vendor-projection.mjs), so that each issue can say whose rule it breaks.
//    Annotations are stripped first so the generated code embeds no prose.
const ANNOTATIONS = new Set(["description", "title", "examples", "example", "default", "externalDocs"]);
const SCHEMA_REF = "#/components/schemas/";
function stripAnnotations(node, refTo = (name) => `spec#/$defs/${name}`) {
  if (Array.isArray(node)) return node.map((item) => stripAnnotations(item, refTo));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (ANNOTATIONS.has(k) || k.startsWith("x-")) continue;
    // `properties` keys are field names, never keywords.
    if (k === "$ref" && typeof v === "string") {
      out[k] = v.startsWith(SCHEMA_REF) ? refTo(v.slice(SCHEMA_REF.length)) : v;
      continue;
    }
    out[k] =
      k === "properties"
        ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, stripAnnotations(s, refTo)]))
        : stripAnnotations(v, refTo);
  }
  return out;
}

function schemaRefs(node, out = new Set()) {
  if (node === null || typeof node !== "object") return out;
  if (typeof node.$ref === "string" && node.$ref.startsWith(SCHEMA_REF)) out.add(node.$ref.slice(SCHEMA_REF.length));
  for (const [k, v] of Object.entries(node)) if (k !== "examples" && !k.startsWith("x-")) schemaRefs(v, out);
  return out;
}

// Whether the vendor's projection of a schema differs from it, in itself or through a `$ref`.
const projectionDiffers = new Map();
function assumesRules(schema) {
  return hasAssumedRule(schema) || [...schemaRefs(schema)].some(namedSchemaAssumesRules);
}
function namedSchemaAssumesRules(name) {
  if (!projectionDiffers.has(name)) projectionDiffers.set(name, assumesRules(doc.components.schemas[name]));
  return projectionDiffers.get(name);
}
// In the vendor's projection, a `$ref` to a schema the spec assumes nothing of shares its code.
const vendorRef = (name) => `${namedSchemaAssumesRules(name) ? "vendor" : "spec"}#/$defs/${name}`;

// Titles of anyOf/oneOf branches, keyed by schema path, so errors can name the rule broken.
function collectBranchTitles(node, path, out) {
  if (node === null || typeof node !== "object") return out;
  for (const kw of ["anyOf", "oneOf"]) {
    if (Array.isArray(node[kw])) {
      out[`${path}/${kw}`] = node[kw].map((b, i) => b.title ?? `option ${i + 1}`);
    }
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" || k === "examples" || k === "example") continue;
    if (typeof v === "object") collectBranchTitles(v, `${path}/${k}`, out);
  }
  return out;
}

// The schema name a request body or response declares for its JSON media type, if any.
function jsonSchemaName(container) {
  const content = resolveRefIn(doc, container)?.content;
  const ref = content?.[jsonMediaTypeOf(content)]?.schema?.$ref;
  return ref ? ref.split("/").pop() : null;
}

// One object schema per parameter location, keyed by the spec's parameter names. A parameter we
// assume as a whole (our own header) carries its rules in the marker of the parameter, not of its
// schema: `x-provenance` is copied onto the schema, so the vendor's projection drops it.
function paramsSchema(params) {
  const schemaOf = (p) =>
    p["x-provenance"]?.source === "assumed" ? { ...p.schema, "x-provenance": p["x-provenance"] } : p.schema;
  return {
    type: "object",
    required: params.filter((p) => p.required).map((p) => p.name),
    properties: Object.fromEntries(params.map((p) => [p.name, schemaOf(p)])),
  };
}

const operations = {};
const validatorSchemas = {};
const paramTypes = {};
const paramDocs = {};
for (const [path, rawItem] of Object.entries(doc.paths)) {
  const item = resolveRefIn(doc, rawItem);
  for (const [method, op] of Object.entries(item)) {
    if (!op || typeof op !== "object" || !op.operationId) continue;
    const OperationId = `${op.operationId[0].toUpperCase()}${op.operationId.slice(1)}`;
    const params = declaredParameters(doc, item, op);
    const pathParams = params.filter((p) => p.in === "path");
    let pathParamsSchema;
    if (pathParams.length > 0) {
      pathParamsSchema = `${OperationId}PathParams`;
      paramTypes[pathParamsSchema] = `operations["${op.operationId}"]["parameters"]["path"]`;
      validatorSchemas[pathParamsSchema] = paramsSchema(pathParams);
    }
    const headerParams = params.filter((p) => p.in === "header");
    let headerParamsSchema;
    if (headerParams.length > 0) {
      const name = `${OperationId}HeaderParams`;
      headerParamsSchema = name;
      paramTypes[name] = `NonNullable<operations["${op.operationId}"]["parameters"]["header"]>`;
      // Header names are case-insensitive on the wire but keys of this object are not, so an
      // unknown key (a header passed under another spelling) is an issue rather than ignored.
      validatorSchemas[name] = { ...paramsSchema(headerParams), additionalProperties: false };
      const names = headerParams.map((p) => `\`${p.name}\``).join(", ");
      paramDocs[name] = [
        "/**",
        ` * Checks the header parameters of ${op.operationId} (${names}). Pass an object keyed by the`,
        " * spec's spelling of each name, holding only the headers the request has: HTTP header names are",
        " * case-insensitive, so read each one from the request by that name (`headers.get(name)`), and",
        " * omit absent ones. A key under any other spelling is reported as unknown.",
        " */",
      ].join("\n");
    }
    const responses = {};
    for (const [status, response] of Object.entries(op.responses ?? {})) responses[status] = jsonSchemaName(response);
    operations[op.operationId] = {
      method: method.toUpperCase(),
      path,
      pathParams: pathParams.map((p) => p.name),
      pathParamsSchema: pathParamsSchema ?? null,
      headerParamsSchema: headerParamsSchema ?? null,
      requestBodySchema: jsonSchemaName(op.requestBody),
      successStatus: Number(Object.keys(responses).find((s) => /^2\d\d$/.test(s))),
      billed: op["x-billed"] === true,
      responses,
    };
  }
}

const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  code: { source: true, esm: true, optimize: true },
});
// Regex forms of the formats the spec uses, so the generated code inlines them instead of
// requiring ajv-formats at run time (which would also break ESM-only runtimes).
for (const name of ["uuid", "date-time"]) {
  const format = fastFormats[name];
  ajv.addFormat(name, format instanceof RegExp ? format : format.validate);
}
const schemaNames = Object.keys(doc.components.schemas);
const projected = schemaNames.filter(namedSchemaAssumesRules);
ajv.addSchema({ $id: "spec", $defs: stripAnnotations(doc.components.schemas) });
ajv.addSchema({
  $id: "vendor",
  $defs: Object.fromEntries(
    projected.map((name) => [name, stripAnnotations(vendorProjection(doc.components.schemas[name]), vendorRef)]),
  ),
});
const projectedParams = [];
for (const [name, schema] of Object.entries(validatorSchemas)) {
  ajv.addSchema(stripAnnotations(schema), `params/${name}`);
  if (assumesRules(schema)) {
    projectedParams.push(name);
    ajv.addSchema(stripAnnotations(vendorProjection(schema), vendorRef), `vendor-params/${name}`);
  }
}
// Export name → ajv schema id: `Name` as written, `Name__vendor` as the vendor states it.
const exportsMap = {};
const vendorExports = new Set();
const branchTitles = {};
for (const name of schemaNames) {
  exportsMap[name] = `spec#/$defs/${name}`;
  branchTitles[name] = collectBranchTitles(doc.components.schemas[name], "#", {});
}
for (const name of Object.keys(validatorSchemas)) exportsMap[name] = `params/${name}`;
const validatorNames = Object.keys(exportsMap);
for (const name of projected) {
  exportsMap[`${name}__vendor`] = `vendor#/$defs/${name}`;
  vendorExports.add(name);
}
for (const name of projectedParams) {
  exportsMap[`${name}__vendor`] = `vendor-params/${name}`;
  vendorExports.add(name);
}
// ajv names its exports after the schemas; keep them private and export typed wrappers that
// turn ajv errors into issues naming the JSON path (see src/issues.ts).
// Ajv 2020 always tracks what each validator evaluated, for `unevaluated*` keywords, through
// top-level `validateN.evaluated = …` assignments that defeat tree-shaking (importing one
// validator would bundle all of them). The spec uses no `unevaluated*` or `$dynamicRef`
// (checked here), so that bookkeeping is dead code and is removed.
if (/"(unevaluatedProperties|unevaluatedItems|\$dynamicRef)"/.test(JSON.stringify(doc.components))) {
  throw new Error("the spec now uses unevaluated*/$dynamicRef: keep ajv's `evaluated` bookkeeping in generate.mjs");
}
const rawCode = standaloneCode(ajv, exportsMap)
  .replace(/export const (\w+) = /g, "const raw$1 = ")
  .replace(/validate\d+\.evaluated = \{[^;]*\};/g, "")
  // A schema whose properties ajv cannot settle statically (an `anyOf` next to `properties`) also
  // hands its evaluated properties to the caller.
  .replace(/evaluated\d+\.props = props\d+;/g, "")
  .replace(
    /const (evaluated\d+) = validate\d+\.evaluated;if\(\1\.dynamicProps\)\{\1\.props = undefined;\}if\(\1\.dynamicItems\)\{\1\.items = undefined;\}/g,
    "",
  );
// The one ajv runtime helper the spec needs (string lengths in code points, for maxLength) comes
// as a CommonJS `require`, which bundlers keep even when no validator that uses it is imported.
// A pure arrow function with the same meaning tree-shakes with the validators that use it.
const codeWithoutRequires = rawCode.replaceAll(
  'require("ajv/dist/runtime/ucs2length").default',
  "(s) => [...s].length",
);
if (/\brequire\(/.test(codeWithoutRequires)) {
  throw new Error("ajv's standalone output requires another runtime helper: inline it in generate.mjs like ucs2length");
}
if (rawCode.includes("evaluated")) {
  throw new Error("ajv's standalone output changed shape: update the `evaluated` stripping in generate.mjs");
}
const wrappers = validatorNames.map((name) => {
  const type = paramTypes[name] ?? `components["schemas"]["${name}"]`;
  const titles = JSON.stringify(branchTitles[name] ?? {});
  const vendor = vendorExports.has(name) ? `, raw${name}__vendor` : "";
  return `${paramDocs[name] ? `${paramDocs[name]}\n` : ""}export const validate${name}: Validator<${type}> = /* @__PURE__ */ createValidator(raw${name}, ${titles}${vendor});`;
});
writeFileSync(
  join(outDir, "validators.ts"),
  [
    "// generated from openapi/ by scripts/generate.mjs — do not edit",
    "// @ts-nocheck -- ajv's standalone output is plain JavaScript",
    'import type { components, operations } from "./schema.js";',
    'import { createValidator, type Validator } from "../src/issues.js";',
    codeWithoutRequires.replace(/^"use strict";/, ""),
    ...wrappers,
    "",
  ].join("\n"),
);

// What a client checks before sending: each operation's request body and parameters. A narrow
// entry of its own, so that loading it (lazily, as the client does) brings no response validator.
const requestValidators = Object.values(operations)
  .flatMap((op) => [op.requestBodySchema, op.pathParamsSchema, op.headerParamsSchema])
  .filter(Boolean)
  .map((name) => `validate${name}`);
writeFileSync(
  join(outDir, "request-validators.ts"),
  [
    "// generated from openapi/ by scripts/generate.mjs — do not edit",
    `export { ${[...new Set(requestValidators)].sort().join(", ")} } from "./validators.js";`,
    "",
  ].join("\n"),
);

writeFileSync(
  join(outDir, "operations.ts"),
  `// generated from openapi/ by scripts/generate.mjs — do not edit\nexport const operationIndex = ${JSON.stringify(operations, null, 2)} as const;\n`,
);
console.log(
  `generated ${validatorNames.length} validators (${vendorExports.size} with a vendor projection), ${Object.keys(operations).length} operations`,
);
