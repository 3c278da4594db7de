// Reading any OpenAPI 3.1 document by OpenAPI's own rules: local `$ref`s, the parameters an
// operation takes, the response that answers a status, and which media types are JSON. Plain
// JavaScript with no imports, because the generator (scripts/generate.mjs) runs it before this
// package is built; src/spec.ts, the docs, the bench and the repository scripts read through it
// too, each on the document it holds (the bundle, a baseline, a test fixture).

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

// One JSON Pointer segment, unescaped (RFC 6901: `~1` is `/`, then `~0` is `~`).
const unescapeSegment = (segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~");

/**
 * The nodes a `$ref` chain passes through: `node` first, then each target in turn, ending with the
 * first node that is not a reference.
 */
export function refChain(document, node) {
  const chain = [node];
  const seen = new Set();
  let current = node;
  while (isObject(current) && typeof current.$ref === "string") {
    const ref = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`${ref} is not a local reference (#/…): bundle the document first`);
    if (seen.has(ref)) throw new Error(`${ref} refers back to itself`);
    seen.add(ref);
    current = ref
      .slice(2)
      .split("/")
      .reduce(
        (at, segment) => (at !== null && typeof at === "object" ? at[unescapeSegment(segment)] : undefined),
        document,
      );
    if (current === undefined) throw new Error(`${ref} points at nothing in the document`);
    chain.push(current);
  }
  return chain;
}

/** Follows local `$ref`s until a node that is not a reference; any other value is returned as is. */
export function resolveRefIn(document, node) {
  return refChain(document, node).at(-1);
}

/**
 * The parameters an operation takes, `$ref`s followed: its path item's, overridden by its own of
 * the same name and location, as OpenAPI specifies. Path-item parameters come first. `resolve`
 * replaces how a `$ref` is followed, for a reader that also keeps the reference's own keywords.
 */
export function declaredParameters(document, pathItem, operation, resolve = resolveRefIn) {
  const byLocation = new Map();
  for (const list of [pathItem?.parameters, operation?.parameters]) {
    for (const raw of Array.isArray(list) ? list : []) {
      const parameter = resolve(document, raw);
      byLocation.set(`${parameter?.in}:${parameter?.name}`, parameter);
    }
  }
  return [...byLocation.values()];
}

/**
 * The key of a `responses` object that answers `status`: the exact code, else its range (`4XX`),
 * else `default`; undefined when none does.
 */
export function responseStatusKey(responses, status) {
  const exact = String(status);
  return [exact, `${exact[0]}XX`, "default"].find((key) => isObject(responses) && key in responses);
}

/**
 * Whether a media type (a content key or a `content-type` header, parameters allowed) is JSON:
 * `application/json` or a structured `+json` type such as `application/problem+json`.
 */
export function isJsonMediaType(type) {
  const essence = String(type).split(";")[0]?.trim() ?? "";
  return /^application\/(?:[\w.-]+\+)?json$/i.test(essence);
}

/** The first JSON media type of a `content` map (a request body's or a response's), if any. */
export function jsonMediaTypeOf(content) {
  return Object.keys(isObject(content) ? content : {}).find(isJsonMediaType);
}

// A path template's parameter: `{name}` filling one whole segment or part of one (`/files/{name}.json`).
const templateParameter = /\{([^{}]+)\}/g;
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A path template compiled once, e.g. `/v1/evals/agents/{eval_agent_id}`: `match` reads the
 * parameters of a request path (percent-decoded; undefined when the path is not this template's),
 * `fill` writes a path with each parameter percent-encoded, so that no value can add a segment,
 * a query or a fragment.
 */
export function compilePathTemplate(template) {
  const names = [...template.matchAll(templateParameter)].map((m) => m[1]);
  const literal = template.split(templateParameter).filter((_, i) => i % 2 === 0);
  const pattern = new RegExp(`^${literal.map(escapeRegExp).join("([^/]+)")}$`);
  return {
    template,
    names,
    pattern,
    match(pathname) {
      const found = pattern.exec(pathname);
      if (found === null) return undefined;
      const params = {};
      for (let i = 0; i < names.length; i++) {
        try {
          params[names[i]] = decodeURIComponent(found[i + 1]);
        } catch {
          return undefined; // a malformed escape (`%E0%A4%A`) names no value
        }
      }
      return params;
    },
    // A loop over the pieces rather than a replace() with a callback: a client fills a path on
    // every call it makes.
    fill(values) {
      let path = literal[0];
      for (let i = 0; i < names.length; i++) {
        const value = values?.[names[i]];
        if (value === undefined || value === null)
          throw new Error(`path parameter ${names[i]} of ${template} is missing`);
        path += encodeURIComponent(String(value)) + literal[i + 1];
      }
      return path;
    },
  };
}

// Where a JSON Schema (2020-12, as OpenAPI 3.1 uses it) holds subschemas: a map of them, a list of
// them, or one. Every other keyword holds data (`enum`, `default`, `examples`, `x-…`) and is copied.
const schemaMaps = ["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"];
const schemaLists = ["allOf", "anyOf", "oneOf", "prefixItems"];
const schemaSlots = [
  "items",
  "additionalProperties",
  "unevaluatedProperties",
  "unevaluatedItems",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "contentSchema",
];
// Keywords that describe rather than constrain: next to a `$ref`, they may replace the target's.
const annotations = new Set(["title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly"]);

const mapValues = (object, inline) => Object.fromEntries(Object.entries(object).map(([k, v]) => [k, inline(v)]));

/**
 * A schema with every local `$ref` replaced by what it points at, at any depth, so that it stands on
 * its own outside the document (a tool's input schema, say). The keywords written next to a `$ref`
 * are kept: an annotation (`description`, `default`) replaces the target's, and a constraint that
 * the target states differently is kept beside it as `allOf: [target, siblings]`, since JSON Schema
 * applies both. Throws, naming the refs, for a recursive schema, which no inlining can finish.
 */
export function inlineSchema(document, node) {
  const inline = (schema, through) => {
    if (Array.isArray(schema)) return schema.map((item) => inline(item, through));
    if (!isObject(schema)) return schema;
    const chain = refChain(document, schema);
    const refs = chain.slice(0, -1).map((link) => link.$ref);
    const loop = refs.find((ref) => through.includes(ref));
    if (loop !== undefined) {
      throw new Error(`${[...through, loop].join(" → ")} is recursive: a recursive schema cannot be inlined`);
    }
    const inner = [...through, ...refs];
    const target = chain.at(-1);
    let merged = isObject(target) ? inlineKeywords(target, (s) => inline(s, inner)) : target;
    // From the target outwards: the keywords written nearest the use win.
    for (const link of chain.slice(0, -1).reverse()) {
      const siblings = inlineKeywords(Object.fromEntries(Object.entries(link).filter(([key]) => key !== "$ref")), (s) =>
        inline(s, through),
      );
      merged = withSiblings(merged, siblings);
    }
    return merged;
  };
  return inline(node, []);
}

function inlineKeywords(schema, inline) {
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (schemaMaps.includes(key) && isObject(value)) out[key] = mapValues(value, inline);
    else if (schemaLists.includes(key) && Array.isArray(value)) out[key] = value.map(inline);
    else if (schemaSlots.includes(key)) out[key] = inline(value);
    else out[key] = value;
  }
  return out;
}

function withSiblings(target, siblings) {
  if (Object.keys(siblings).length === 0) return target;
  if (!isObject(target)) return { allOf: [target, siblings] };
  const conflicting = Object.keys(siblings).some(
    (key) => !annotations.has(key) && key in target && JSON.stringify(target[key]) !== JSON.stringify(siblings[key]),
  );
  return conflicting ? { allOf: [target, siblings] } : { ...target, ...siblings };
}
