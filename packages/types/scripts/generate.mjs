// Build step of @evals-api/types: bundle the hand-written spec, then derive from it
//   generated/openapi.{json,yaml}  the bundled document, shipped as-is
//   generated/schema.ts            openapi-typescript output (paths, components, operations)
//   generated/validators.ts        ajv standalone validators (no compiler, no eval at run time), per
//                                  schema and per operation's path and header parameters
//   generated/request-validators.ts  the subset a client checks before sending (request bodies, parameters)
//   generated/request-bounds.ts    the item bounds of each request body's top-level arrays
//   generated/operations.ts        the operation table: for each operation its method, path,
//                                  parameters, schemas per status, examples, security, provenance
//                                  and whether it is billed (the registry; see src/registry.ts)
// Nothing here restates the API: every fact is read from the bundled document.
//
// Options, for a document other than openapi/ (the test fixture with a third operation):
//   --document FILE  an already-bundled OpenAPI 3.1 JSON document, instead of bundling openapi/
//   --out DIR        where to write the generated files (default: generated/)
//   --runtime SPEC   the module the validators import createValidator from (default: this
//                    package's src/issues.js; `@evals-api/types/validator-runtime` from outside)
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
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
const { values: cli } = parseArgs({
  options: { document: { type: "string" }, out: { type: "string" }, runtime: { type: "string" } },
});
const outDir = cli.out ? resolve(cli.out) : join(pkgDir, "generated");
const runtimeModule = cli.runtime ?? "../src/issues.js";
mkdirSync(outDir, { recursive: true });

// 1. Bundle with Redocly: one self-contained document with components/$refs resolved locally.
if (cli.document) copyFileSync(resolve(cli.document), join(outDir, "openapi.json"));
else bundleSpecTo(repoRoot, join(outDir, "openapi.json"));
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

// The example names of a request body or response's JSON media type (their values stay in the
// document: `@evals-api/types/spec` reads them, so the table carries no copy into a bundle).
function exampleNames(container) {
  const content = resolveRefIn(doc, container)?.content;
  return Object.keys(content?.[jsonMediaTypeOf(content)]?.examples ?? {});
}

// The marker of a node, with the reason only when there is one (the lint gate makes every
// operation, response and parameter state it; a document without one is refused here).
function provenanceOf(node, what) {
  const marker = node?.["x-provenance"];
  if (marker?.source !== "vendor" && marker?.source !== "assumed") {
    throw new Error(`${what} states no x-provenance (source: vendor | assumed): run \`pnpm lint:spec\``);
  }
  return marker.reason === undefined ? { source: marker.source } : { source: marker.source, reason: marker.reason };
}

// The security requirements that apply to an operation: its own, else the document's (OpenAPI).
// Each requirement names schemes; an API-key scheme also says which header carries the key.
function securityOf(op) {
  const schemes = doc.components?.securitySchemes ?? {};
  return (op.security ?? doc.security ?? []).map((requirement) =>
    Object.keys(requirement).map((name) => {
      const scheme = resolveRefIn(doc, schemes[name]);
      if (!scheme) throw new Error(`security requirement ${name} names no components.securitySchemes entry`);
      return { scheme: name, type: scheme.type, ...(scheme.in ? { in: scheme.in, name: scheme.name } : {}) };
    }),
  );
}

// A parameter's example value: its own `example`, else its first named example, else its schema's;
// null when the spec gives none.
function parameterExample(parameter) {
  if ("example" in parameter) return parameter.example;
  const [first] = Object.values(parameter.examples ?? {});
  if (first !== undefined) return resolveRefIn(doc, first).value ?? null;
  const schema = resolveRefIn(doc, parameter.schema);
  return schema?.example ?? schema?.examples?.[0] ?? null;
}

const paramsTypeOf = (operationId, location) =>
  location === "path"
    ? `operations["${operationId}"]["parameters"]["path"]`
    : `NonNullable<operations["${operationId}"]["parameters"]["${location}"]>`;

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
    // One validator per parameter location the operation uses, named `<OperationId><Location>Params`.
    const paramsSchemaName = {};
    for (const location of ["path", "query", "header"]) {
      const declared = params.filter((p) => p.in === location);
      if (declared.length === 0) continue;
      const name = `${OperationId}${location[0].toUpperCase()}${location.slice(1)}Params`;
      paramsSchemaName[location] = name;
      paramTypes[name] = paramsTypeOf(op.operationId, location);
      // Header names are case-insensitive on the wire but keys of this object are not, so an
      // unknown key (a header passed under another spelling) is an issue rather than ignored.
      validatorSchemas[name] =
        location === "header" ? { ...paramsSchema(declared), additionalProperties: false } : paramsSchema(declared);
      if (location === "header") {
        const names = declared.map((p) => `\`${p.name}\``).join(", ");
        paramDocs[name] = [
          "/**",
          ` * Checks the header parameters of ${op.operationId} (${names}). Pass an object keyed by the`,
          " * spec's spelling of each name, holding only the headers the request has: HTTP header names are",
          " * case-insensitive, so read each one from the request by that name (`headers.get(name)`), and",
          " * omit absent ones. A key under any other spelling is reported as unknown.",
          " */",
        ].join("\n");
      }
    }
    const responses = {};
    const responseExamples = {};
    const responseProvenance = {};
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      responses[status] = jsonSchemaName(response);
      responseExamples[status] = exampleNames(response);
      responseProvenance[status] = provenanceOf(resolveRefIn(doc, response), `response ${status} of ${op.operationId}`);
    }
    const namesIn = (location) => params.filter((p) => p.in === location).map((p) => p.name);
    operations[op.operationId] = {
      parameters: params.map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required === true,
        provenance: provenanceOf(p, `parameter ${p.name} of ${op.operationId}`),
        example: parameterExample(p),
      })),
      method: method.toUpperCase(),
      path,
      pathParams: namesIn("path"),
      queryParams: namesIn("query"),
      headerParams: namesIn("header"),
      pathParamsSchema: paramsSchemaName.path ?? null,
      queryParamsSchema: paramsSchemaName.query ?? null,
      headerParamsSchema: paramsSchemaName.header ?? null,
      requestBodySchema: jsonSchemaName(op.requestBody),
      requestBodyRequired: resolveRefIn(doc, op.requestBody)?.required === true,
      successStatus: Number(Object.keys(responses).find((s) => /^2\d\d$/.test(s))),
      billed: op["x-billed"] === true,
      provenance: provenanceOf(op, `operation ${op.operationId}`),
      security: securityOf(op),
      responses,
      responseProvenance,
      examples: { request: exampleNames(op.requestBody), responses: responseExamples },
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
// The validators of each operation, by reference: what checks its parameters, its request body
// and each documented response. Consumers look an operation's validators up here, never by
// rebuilding a name.
const validatorRef = (name) => (name ? `validate${name}` : "null");
function requestValidatorsOf(op) {
  return [
    `pathParams: ${validatorRef(op.pathParamsSchema)}`,
    `queryParams: ${validatorRef(op.queryParamsSchema)}`,
    `headerParams: ${validatorRef(op.headerParamsSchema)}`,
    `requestBody: ${validatorRef(op.requestBodySchema)}`,
  ];
}
const tableOf = (entries) => `{\n${entries.map((e) => `  ${e},`).join("\n")}\n}`;
const operationValidators = Object.entries(operations).map(([id, op]) => {
  const responses = Object.entries(op.responses).map(
    ([status, name]) => `${JSON.stringify(status)}: ${validatorRef(name)}`,
  );
  return `${JSON.stringify(id)}: { ${[...requestValidatorsOf(op), `responses: { ${responses.join(", ")} }`].join(", ")} }`;
});
writeFileSync(
  join(outDir, "validators.ts"),
  [
    "// generated from openapi/ by scripts/generate.mjs — do not edit",
    "// @ts-nocheck -- ajv's standalone output is plain JavaScript",
    'import type { components, operations } from "./schema.js";',
    `import { createValidator, type Validator } from ${JSON.stringify(runtimeModule)};`,
    codeWithoutRequires.replace(/^"use strict";/, ""),
    ...wrappers,
    "/** Each operation's validators by reference: parameters by location, request body, and each documented response by status key. */",
    `export const operationValidators = ${tableOf(operationValidators)} as const;`,
    "",
  ].join("\n"),
);

// What a client checks before sending: each operation's request body and parameters. A narrow
// entry of its own, so that loading it (lazily, as the client does) brings no response validator.
const requestValidators = Object.values(operations)
  .flatMap((op) => [op.requestBodySchema, op.pathParamsSchema, op.queryParamsSchema, op.headerParamsSchema])
  .filter(Boolean)
  .map((name) => `validate${name}`);
const requestTable = Object.entries(operations).map(
  ([id, op]) => `${JSON.stringify(id)}: { ${requestValidatorsOf(op).join(", ")} }`,
);
writeFileSync(
  join(outDir, "request-validators.ts"),
  [
    "// generated from openapi/ by scripts/generate.mjs — do not edit",
    `import { ${[...new Set(requestValidators)].sort().join(", ")} } from "./validators.js";`,
    `export { ${[...new Set(requestValidators)].sort().join(", ")} };`,
    "/** Each operation's request validators by reference: parameters by location and the request body. */",
    `export const operationRequestValidators = ${tableOf(requestTable)} as const;`,
    "",
  ].join("\n"),
);

// The item bounds of each top-level array of each operation's JSON request body (create-run's
// `call_ids`: 1 to 5000), for code that splits a request that would break them into several (the
// client's `runs.createMany`). A few numbers, so a bundle that needs them carries no schema.
function arrayBoundsOf(schemaName) {
  const schema = schemaName && resolveRefIn(doc, doc.components.schemas[schemaName]);
  const bounds = {};
  for (const [name, raw] of Object.entries(schema?.properties ?? {})) {
    const property = resolveRefIn(doc, raw);
    if (property?.type !== "array") continue;
    // As @evals-api/types/spec's keywordProvenance reads it: the schema's own marker, else the keyword's.
    const assumed = (keyword) =>
      property["x-provenance"]?.source === "assumed" ||
      property["x-keyword-provenance"]?.[keyword]?.source === "assumed";
    const known = ["minItems", "maxItems"].filter((k) => typeof property[k] === "number");
    if (known.length === 0) continue;
    bounds[name] = {
      ...Object.fromEntries(known.map((k) => [k, property[k]])),
      assumed: known.filter(assumed),
    };
  }
  return bounds;
}
const requestBodyBounds = Object.fromEntries(
  Object.entries(operations)
    .map(([id, op]) => [id, arrayBoundsOf(op.requestBodySchema)])
    .filter(([, bounds]) => Object.keys(bounds).length > 0),
);
writeFileSync(
  join(outDir, "request-bounds.ts"),
  [
    "// generated from openapi/ by scripts/generate.mjs — do not edit",
    "/**",
    " * For each operation with a JSON request body: the `minItems`/`maxItems` of each of its top-level",
    " * arrays, and which of those bounds the spec only assumes (`x-keyword-provenance`).",
    " */",
    `export const requestBodyBounds = ${JSON.stringify(requestBodyBounds, null, 2)} as const;`,
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
