// llms.txt, llms-full.txt and one Markdown file per operation, for AI assistants: written at build
// time from the document the page renders (the spec plus its code samples and its "Not in the
// vendor reference" notes), so nothing in them is written by hand. Fields are read by walking the
// schemas through @evals-api/types/spec-reading.
import { declaredParameters, inlineSchema, jsonMediaTypeOf, resolveRefIn } from "@evals-api/types/spec-reading";
import { findOperation } from "./operation-examples.mjs";

/**
 * @typedef {Record<string, any>} Json
 * @typedef {import("@evals-api/types/registry").Registry} Registry
 * @typedef {import("@evals-api/types/registry").RegisteredOperation} RegisteredOperation
 */

/** Where each operation's Markdown is published, relative to the site's root. */
export const operationMarkdownPath = (/** @type {string} */ operationId) => `operations/${operationId}.md`;

/** The bounds and formats of a schema, as a reader states them. */
const BOUNDS = /** @type {const} */ ([
  ["minimum", "≥"],
  ["exclusiveMinimum", ">"],
  ["maximum", "≤"],
  ["exclusiveMaximum", "<"],
  ["minLength", "min length"],
  ["maxLength", "max length"],
  ["minItems", "min items"],
  ["maxItems", "max items"],
  ["minProperties", "min properties"],
  ["maxProperties", "max properties"],
  ["pattern", "pattern"],
  ["format", "format"],
]);

/** @param {unknown} value */
const code = (value) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

/** A description as a Markdown block indented under a list item (its notes are blockquotes). */
const indented = (/** @type {string | undefined} */ text, /** @type {string} */ by = "  ") =>
  (text ?? "")
    .replace(/^\n+|\s+$/g, "")
    .split("\n")
    .map((line) => (line.length > 0 ? by + line : ""))
    .join("\n");

/**
 * A schema's own keywords and those of its allOf parts, merged (later parts win).
 * @returns {Json}
 */
function merged(/** @type {Json} */ schema) {
  /** @type {Json} */
  let out = {};
  for (const part of schema.allOf ?? []) out = { ...out, ...merged(part) };
  const { allOf: _parts, ...own } = schema;
  return { ...out, ...own, properties: { ...out.properties, ...own.properties } };
}

/**
 * "array of string", "number", "object (AgentAttachment)".
 * @returns {string}
 */
function typeOf(/** @type {Json} */ schema) {
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? (schema.enum ? "enum" : "any"));
  const named = schema.title && type === "object" ? ` (${schema.title})` : "";
  if (type === "array" && schema.items) return `array of ${typeOf(merged(schema.items))}`;
  return `${type}${named}`;
}

/** The type, bounds, enum and default of a schema, on one line. */
function facts(/** @type {Json} */ schema, /** @type {boolean} */ required) {
  const parts = [typeOf(schema), required ? "required" : "optional"];
  for (const [keyword, said] of BOUNDS)
    if (schema[keyword] !== undefined) parts.push(`${said} ${code(schema[keyword])}`);
  if (schema.enum) parts.push(`one of ${schema.enum.map(code).join(", ")}`);
  if (schema.default !== undefined) parts.push(`default ${code(schema.default)}`);
  return parts.join("; ");
}

/**
 * Every field of an (inlined) object schema, depth first: `call_ids`, `attached_agents[].weight`,
 * `metadata.*` for additional properties.
 * @param {Json} schema
 * @param {string} prefix
 * @returns {string[]} Markdown list items
 */
function fieldLines(schema, prefix = "") {
  const object = merged(schema);
  const required = new Set(object.required ?? []);
  /** @type {string[]} */
  const lines = [];
  for (const [name, raw] of Object.entries(/** @type {Record<string, Json>} */ (object.properties ?? {}))) {
    lines.push(...fieldOf(`${prefix}${name}`, merged(raw), required.has(name)));
  }
  if (object.additionalProperties && typeof object.additionalProperties === "object") {
    lines.push(...fieldOf(`${prefix}*`, merged(object.additionalProperties), false));
  }
  return lines;
}

/** @param {string} path @param {Json} schema @param {boolean} required */
function fieldOf(path, schema, required) {
  const lines = [`- ${code(path)} — ${facts(schema, required)}`];
  if (schema.description) lines.push(indented(schema.description));
  const items = schema.type === "array" && schema.items ? merged(schema.items) : undefined;
  if (items?.properties) lines.push(...fieldLines(items, `${path}[].`));
  else if (schema.properties || (schema.additionalProperties && typeof schema.additionalProperties === "object")) {
    lines.push(...fieldLines(schema, `${path}.`));
  }
  return lines;
}

/** The cross-field rules of a body: its anyOf/oneOf branches, by title. */
function ruleLines(/** @type {Json} */ schema) {
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  /** @type {string[]} */
  const lines = [];
  if (branches.length > 0) lines.push("", `${schema.oneOf ? "Exactly one" : "At least one"} of these must hold:`, "");
  for (const branch of branches) {
    const requires = branch.required?.length ? ` Requires ${branch.required.map(code).join(", ")}.` : "";
    lines.push(`- **${branch.title ?? "(untitled)"}**: ${(branch.description ?? "").trim()}${requires}`);
    for (const line of fieldLines(branch, "")) lines.push(indented(line));
  }
  for (const [field, others] of Object.entries(schema.dependentRequired ?? {})) {
    lines.push(`- ${code(field)} requires ${/** @type {string[]} */ (others).map(code).join(", ")}.`);
  }
  return lines;
}

/** @param {Json} document @param {Json} container a request body or response */
function jsonContent(document, container) {
  /** @type {any} */
  const content = resolveRefIn(document, container)?.content;
  const mediaType = jsonMediaTypeOf(content);
  return mediaType === undefined ? undefined : { mediaType, media: content[mediaType] };
}

/** @param {Json} document @param {Json} media */
function firstExample(document, media) {
  const [named] = Object.values(media.examples ?? {});
  return named === undefined ? media.example : resolveRefIn(document, named)?.value;
}

/** @param {Json} document @param {RegisteredOperation} operation */
function parameterSection(document, operation) {
  const pathItem = resolveRefIn(document, document.paths[operation.path]);
  /** @type {Json[]} */
  const parameters = declaredParameters(document, pathItem, findOperation(document, operation));
  if (parameters.length === 0) return [];
  const lines = ["## Parameters", ""];
  for (const parameter of parameters) {
    const schema = merged(inlineSchema(document, parameter.schema ?? {}));
    lines.push(`- ${code(parameter.name)} (in ${parameter.in}) — ${facts(schema, parameter.required === true)}`);
    if (parameter.description) lines.push(indented(parameter.description));
    if (parameter.example !== undefined) lines.push("", `  Example: ${code(parameter.example)}`);
  }
  return [...lines, ""];
}

/** @param {Json} document @param {RegisteredOperation} operation */
function bodySection(document, operation) {
  /** @type {Json} */
  const declared = resolveRefIn(document, findOperation(document, operation).requestBody);
  const body = jsonContent(document, declared);
  if (body === undefined) return [];
  const schema = inlineSchema(document, body.media.schema);
  const lines = [`## Request body (${body.mediaType}${declared.required ? ", required" : ""})`, ""];
  if (declared.description) lines.push(declared.description.trim(), "");
  lines.push(...fieldLines(schema), ...ruleLines(schema), "");
  const example = firstExample(document, body.media);
  if (example !== undefined) lines.push("Example:", "", "```json", JSON.stringify(example, null, 2), "```", "");
  return lines;
}

/** @param {Json} document @param {RegisteredOperation} operation */
function responseSection(document, operation) {
  /** @type {Json} */
  const responses = findOperation(document, operation).responses ?? {};
  const lines = ["## Responses", ""];
  const errors = ["## Errors", ""];
  for (const [status, ref] of Object.entries(responses)) {
    /** @type {Json} */
    const response = resolveRefIn(document, ref);
    const json = jsonContent(document, response);
    const schemaName = operation.responses[status];
    const target = /^[45]/.test(status) || status === "default" ? errors : lines;
    target.push(`### ${status}${schemaName ? ` (${schemaName})` : ""}`, "");
    if (response.description) target.push(response.description.trim(), "");
    for (const [name, header] of Object.entries(/** @type {Json} */ (response.headers ?? {}))) {
      /** @type {Json} */
      const resolved = resolveRefIn(document, header);
      target.push(`- Header ${code(name)}: ${facts(merged(inlineSchema(document, resolved.schema ?? {})), false)}`);
      if (resolved.description) target.push(indented(resolved.description));
    }
    // A success body's fields are listed; the error bodies share one envelope, shown by example.
    if (json && target === lines && json.media.schema) {
      target.push("Fields:", "", ...fieldLines(inlineSchema(document, json.media.schema)), "");
    }
    const example = json && firstExample(document, json.media);
    if (example !== undefined) target.push("", "```json", JSON.stringify(example, null, 2), "```");
    target.push("");
  }
  return [...lines, ...(errors.length > 2 ? errors : [])];
}

/** @param {Json} operationObject */
function sampleSection(operationObject) {
  /** @type {{ lang: string, label: string, source: string }[]} */
  const samples = operationObject["x-codeSamples"] ?? [];
  if (samples.length === 0) return [];
  const lines = ["## Samples", "", "Type-checked against `@evals-api/client` when the docs are built.", ""];
  for (const sample of samples) {
    const fence = sample.lang === "curl" ? "sh" : sample.lang.toLowerCase();
    lines.push(`### ${sample.label}`, "", `\`\`\`${fence}`, sample.source.trim(), "```", "");
  }
  return lines;
}

/**
 * The Markdown of one operation of the site's document.
 * @param {Json} document the document the page renders (with samples and notes)
 * @param {RegisteredOperation} operation
 */
export function operationMarkdown(document, operation) {
  const object = findOperation(document, operation);
  const billed = operation.billed ? " Billed: every run it creates costs money." : "";
  return [
    `# ${object.summary ?? operation.operationId}`,
    "",
    `\`${operation.method} ${operation.path}\` — operationId \`${operation.operationId}\`, success status ${operation.successStatus}.${billed}`,
    "",
    (object.description ?? "").trim(),
    "",
    ...parameterSection(document, operation),
    ...bodySection(document, operation),
    ...responseSection(document, operation),
    ...sampleSection(object),
  ]
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()
    .concat("\n");
}

/** The first paragraph of a Markdown text, on one line. */
const firstParagraph = (/** @type {string | undefined} */ text) =>
  (text ?? "").trim().split("\n\n")[0]?.replace(/\s+/g, " ") ?? "";

/**
 * llms.txt (the llmstxt.org convention: a title, a summary in a blockquote, then sections of
 * links), llms-full.txt (the introduction and every operation in one file) and each operation's
 * Markdown, by the path it is published at.
 * @param {Registry} registry
 * @param {Json} document the document the page renders
 * @returns {Map<string, string>}
 */
export function llmsFiles(registry, document) {
  const { info } = document;
  /** @type {Map<string, string>} */
  const files = new Map();
  const links = [];
  for (const operation of registry.list) {
    const object = findOperation(document, operation);
    files.set(operationMarkdownPath(operation.operationId), operationMarkdown(document, operation));
    links.push(
      `- [${object.summary ?? operation.operationId}](${operationMarkdownPath(operation.operationId)}): ` +
        `\`${operation.method} ${operation.path}\`. ${firstParagraph(object.description)}`,
    );
  }
  const head = [`# ${info.title}`, "", `> ${info.summary ?? firstParagraph(info.description)}`, ""];
  const lead =
    'Generated from the OpenAPI document when the docs are built. What the spec assumes where the vendor\'s reference is silent is marked "Not in the vendor reference".';
  files.set(
    "llms.txt",
    [
      ...head,
      firstParagraph(info.description),
      "",
      lead,
      "",
      "## Operations",
      "",
      ...links,
      "",
      "## Optional",
      "",
      "- [Everything in one file](llms-full.txt): the introduction and every operation",
      "- [OpenAPI document](openapi.json): the document the HTML reference renders",
      "",
    ].join("\n"),
  );
  files.set(
    "llms-full.txt",
    [
      ...head,
      lead,
      "",
      (info.description ?? "").trim(),
      "",
      ...registry.list.map((operation) =>
        files.get(operationMarkdownPath(operation.operationId))?.replace(/^#/gm, "##"),
      ),
    ].join("\n"),
  );
  return files;
}
