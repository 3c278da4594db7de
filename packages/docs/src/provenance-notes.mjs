// "Not in the vendor reference" notes, written into the descriptions Redoc renders, from the spec's
// own markers: `x-provenance: { source: assumed, reason }` on whatever we assume as a whole (a
// response, header, parameter, operation, example or schema) and `x-keyword-provenance` on a schema
// whose keywords we assume (`format: uuid`, `required`, a count's `minimum`). Nothing here names
// what is assumed, so a new marker in openapi/ gets its note at the next build.
import { resolveRefIn } from "@evals-api/types/spec-reading";

/**
 * @typedef {Record<string, any>} OpenApiDocument
 * @typedef {{ source: "vendor" | "assumed", reason?: string }} Provenance
 */

/** The note's lead-in. The spec's introduction tells readers to look for these exact words. */
export const NOTE_LEAD = "Not in the vendor reference";

// Keywords whose values are data (examples, defaults, enums) or code, not document structure: a
// user's example may contain anything, including a key called `x-provenance`.
const DATA_KEYWORDS = new Set(["example", "examples", "value", "default", "enum", "const", "x-codeSamples"]);

// Keys under which an object maps names to nodes: there, a property called `value` or `default`
// is a schema like any other. A property that happens to be called like one of these maps is
// taken for one; at worst, its data is searched for markers too, and no note is ever skipped.
const NAME_MAPS = new Set([
  "paths",
  "webhooks",
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "callbacks",
  "pathItems",
  "content",
  "encoding",
  "variables",
  "properties",
  "patternProperties",
  "dependentSchemas",
  "$defs",
  "definitions",
]);

/** @param {unknown} value @returns {value is Record<string, any>} */
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** @param {unknown} marker @returns {marker is Provenance & { source: "assumed" }} */
const isAssumed = (marker) => isObject(marker) && marker.source === "assumed";

/**
 * A Markdown blockquote, one paragraph per line, so that Redoc sets it apart from the description.
 * @param {string[]} lines
 */
function blockquote(lines) {
  return lines.map((line) => `> ${line}`).join("\n>\n");
}

const REPEATED_LEAD = new RegExp(`^${NOTE_LEAD}[.,:;]?\\s*`, "i");

/**
 * A marker's reason as one line of the note (a blank line would end the blockquote), without the
 * lead-in when the reason opens with it too ("Not in the vendor reference; the vendor states…").
 * @param {string | undefined} reason
 */
function reasonText(reason = "") {
  const line = reason.replace(/\s+/g, " ").trim();
  const rest = line.replace(REPEATED_LEAD, "");
  return rest === line ? line : rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * The note for something assumed as a whole.
 * @param {Provenance} marker
 */
function assumedNote(marker) {
  const reason = reasonText(marker.reason);
  return blockquote([reason ? `**${NOTE_LEAD}.** ${reason}` : `**${NOTE_LEAD}.**`]);
}

/**
 * How a keyword reads in the note: with its value when that is short (`format: uuid`,
 * `minimum: 0`), by name alone when it is a list or an object (`required`).
 * @param {Record<string, any>} schema
 * @param {string} keyword
 */
function keywordLabel(schema, keyword) {
  const value = schema[keyword];
  const shown = ["string", "number", "boolean"].includes(typeof value) ? `${keyword}: ${value}` : keyword;
  return `\`${shown}\``;
}

/**
 * The note for a schema's assumed keywords, or undefined when it has none. Keywords that share a
 * reason share a line (`minimum: 0`, `maximum: 100` — …).
 * @param {Record<string, any>} schema
 * @returns {string | undefined}
 */
function keywordNote(schema) {
  const markers = schema["x-keyword-provenance"];
  if (!isObject(markers)) return undefined;
  /** @type {Map<string, string[]>} */
  const byReason = new Map();
  for (const [keyword, marker] of Object.entries(markers)) {
    if (!isAssumed(marker)) continue;
    const reason = reasonText(marker.reason);
    byReason.set(reason, [...(byReason.get(reason) ?? []), keywordLabel(schema, keyword)]);
  }
  if (byReason.size === 0) return undefined;
  return blockquote(
    [...byReason].map(([reason, labels]) => `**${NOTE_LEAD}:** ${labels.join(", ")}${reason ? ` — ${reason}` : ""}`),
  );
}

/**
 * The target of a node's local `#/...` reference: undefined for a node that is not one, and for a
 * reference Redoc cannot follow either (it points at nothing or at itself): such a node keeps its
 * own description, and the lint gate reports the reference.
 * @param {OpenApiDocument} document
 * @param {unknown} node
 * @returns {Record<string, any> | undefined}
 */
function referenced(document, node) {
  let current;
  try {
    current = resolveRefIn(document, node);
  } catch {
    return undefined;
  }
  return current === node || !isObject(current) ? undefined : current;
}

/**
 * What Redoc shows a node's description in place of: the schema of a parameter or header, and
 * the target of a `$ref` that has a description next to it.
 * @param {OpenApiDocument} document
 * @param {Record<string, any>} node
 */
function describedInstead(document, node) {
  const schema = isObject(node.schema) ? (referenced(document, node.schema) ?? node.schema) : undefined;
  return [referenced(document, node), schema].filter((target) => target !== undefined);
}

/**
 * The notes of a node's own markers: assumed as a whole, and its assumed keywords.
 * @param {Record<string, any>} node
 */
function ownNotes(node) {
  const notes = [];
  if (isAssumed(node["x-provenance"])) notes.push(assumedNote(node["x-provenance"]));
  const keywords = keywordNote(node);
  if (keywords) notes.push(keywords);
  return notes;
}

/**
 * The notes of everything whose description Redoc hides behind this node's, at any depth (a
 * parameter `$ref` with a description of its own hides the parameter and the parameter's schema).
 * @param {OpenApiDocument} document
 * @param {Record<string, any>} node
 * @param {Set<object>} seen
 * @returns {string[]}
 */
function hiddenNotes(document, node, seen = new Set([node])) {
  return describedInstead(document, node).flatMap((target) => {
    if (seen.has(target)) return [];
    seen.add(target);
    return [...ownNotes(target), ...hiddenNotes(document, target, seen)];
  });
}

/**
 * The description Redoc shows for a node that has none of its own: the first one it falls back to.
 * @param {OpenApiDocument} document
 * @param {Record<string, any>} node
 * @param {Set<object>} seen
 * @returns {string}
 */
function inheritedDescription(document, node, seen = new Set([node])) {
  for (const target of describedInstead(document, node)) {
    if (seen.has(target)) continue;
    seen.add(target);
    if (typeof target.description === "string") return target.description;
    const inherited = inheritedDescription(document, target, seen);
    if (inherited) return inherited;
  }
  return "";
}

/**
 * The description a node gets, or undefined when it keeps its own. A node that shows a
 * description carries the notes of what that description hides. A node without one shows what
 * it falls back to, which already has its notes; it gets a description only for notes of its own,
 * and then it takes over the one it fell back to, so that nothing is lost.
 * @param {OpenApiDocument} document
 * @param {Record<string, any>} node
 * @returns {string | undefined}
 */
function notedDescription(document, node) {
  const own = ownNotes(node);
  const hasDescription = typeof node.description === "string";
  if (!hasDescription && own.length === 0) return undefined;
  const notes = [...own, ...hiddenNotes(document, node)];
  if (notes.length === 0) return undefined;
  const base = (hasDescription ? node.description : inheritedDescription(document, node)).trimEnd();
  // After the text, never before: the description still opens with what it says.
  return [base, ...notes].filter((part) => part !== "").join("\n\n");
}

/**
 * Every object of the document that is a node of it rather than a map of names.
 * @param {unknown} node
 * @param {boolean} isNameMap whether the node's keys are names rather than keywords
 * @param {Array<Record<string, any>>} found
 */
function collectNodes(node, isNameMap, found) {
  if (Array.isArray(node)) {
    for (const item of node) collectNodes(item, false, found);
    return found;
  }
  if (!isObject(node)) return found;
  if (!isNameMap) found.push(node);
  for (const [key, child] of Object.entries(node)) {
    if (!isNameMap && (key === "x-provenance" || key === "x-keyword-provenance")) continue;
    // `examples` maps names to Example Objects (which may be assumed) on a media type or
    // parameter, but lists plain values on a schema.
    if (!isNameMap && DATA_KEYWORDS.has(key) && !(key === "examples" && isObject(child))) continue;
    collectNodes(child, !isNameMap && NAME_MAPS.has(key), found);
  }
  return found;
}

/**
 * A copy of the document in which everything marked assumed carries a "Not in the vendor
 * reference" note in its description, with the marker's reason.
 * @param {OpenApiDocument} document
 * @returns {OpenApiDocument}
 */
export function withProvenanceNotes(document) {
  /** @type {OpenApiDocument} */
  const copy = structuredClone(document);
  // Every description is worked out from the markers before any is written.
  const described = collectNodes(copy, false, []).map(
    (node) => /** @type {const} */ ([node, notedDescription(copy, node)]),
  );
  for (const [node, description] of described) if (description !== undefined) node.description = description;
  return copy;
}
