// @ts-check
// Classifies every difference between two bundled OpenAPI 3.1 documents by what it means to a
// TypeScript consumer of the spec-derived packages:
//   breaking → major   (code that compiled or worked against the old spec may not any more)
//   additive → minor   (new things; nothing that worked stops working)
//   docs     → patch   (descriptions, examples, summaries: no type or behaviour changes)
//
// Each schema is compared in the direction the data flows. A request schema may accept more
// (widening is additive) but never less; a response schema may promise more but never less. A
// component used on both sides (RunMode, AgentAttachment) is compared once per side.
//
// Why not a library: api-smart-diff 1.0.6 classifies a response type change and a response field
// made nullable as non-breaking and a new response enum value as breaking; @useoptic's breaking
// change rules fail to load on Node 20 (spectral/ajv-errors mismatch). See scripts/README.md.

import { declaredParameters, refChain } from "@evals-api/types/spec-reading";

/** @typedef {"breaking" | "additive" | "docs"} Level */
/** @typedef {"request" | "response"} Direction */
/**
 * @typedef {object} Change
 * @property {Level} level
 * @property {string} kind      stable machine name, e.g. "response-field-removed"
 * @property {string} field     what changed, named from the nearest component: "EvalRun.completed_at"
 * @property {string} message   one human sentence
 * @property {string[]} where   the operations it reaches: "createEvalRun 202 response"
 */
/** @typedef {Record<string, any>} Json */

const ANNOTATIONS = new Set(["description", "title", "summary", "examples", "example", "$comment", "deprecated"]);
const isAnnotation = (/** @type {string} */ key) => ANNOTATIONS.has(key) || key.startsWith("x-");

// Bounds: a higher lower bound or a lower upper bound narrows what a schema allows.
const LOWER_BOUNDS = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"];
const UPPER_BOUNDS = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"];
// Constraints that narrow when added or changed and widen when removed.
const CONSTRAINTS = ["pattern", "format", "multipleOf", "uniqueItems", "contentMediaType", "contentEncoding"];
const HANDLED = new Set([
  "$ref",
  "type",
  "nullable",
  "enum",
  "const",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "allOf",
  "anyOf",
  "oneOf",
  "dependentRequired",
  "default",
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...CONSTRAINTS,
]);
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const RANK = { none: 0, patch: 1, minor: 2, major: 3 };
/** @type {Record<Level, "major" | "minor" | "patch">} */
export const BUMP_FOR_LEVEL = { breaking: "major", additive: "minor", docs: "patch" };

/**
 * @param {Json} before the spec as of the last release (bundled, internal $refs only)
 * @param {Json} after  the current spec
 * @returns {{ changes: Change[], bump: "major" | "minor" | "patch" | "none" }}
 */
export function diffSpecs(before, after) {
  const recorder = new Recorder();
  compareOperations(before, after, recorder);
  compareComponentNames(before, after, recorder);
  compareTopLevel(before, after, recorder);
  if (recorder.changes.length === 0 && !deepEqual(before, after)) {
    const pointers = differingPointers(before, after, "").slice(0, 5);
    recorder.add(
      { level: "docs", kind: "docs-changed", field: pointers.join(", "), message: "documentation changed" },
      "document",
    );
  }
  const bump = recorder.changes.reduce(
    (/** @type {"major" | "minor" | "patch" | "none"} */ max, c) =>
      RANK[BUMP_FOR_LEVEL[c.level]] > RANK[max] ? BUMP_FOR_LEVEL[c.level] : max,
    "none",
  );
  return { changes: recorder.changes, bump };
}

class Recorder {
  /** @type {Change[]} */
  changes = [];
  /** @type {Map<string, Change>} */
  #byKey = new Map();

  /**
   * The same component reached from several operations is reported once, with every place it
   * reaches.
   * @param {Omit<Change, "where">} change
   * @param {string} where
   */
  add(change, where) {
    const key = `${change.level}|${change.kind}|${change.field}|${change.message}`;
    const seen = this.#byKey.get(key);
    if (seen) {
      if (!seen.where.includes(where)) seen.where.push(where);
      return;
    }
    const full = { ...change, where: [where] };
    this.#byKey.set(key, full);
    this.changes.push(full);
  }
}

// ---------------------------------------------------------------------------------------------
// Operations, parameters, bodies and responses

/** @param {Json} doc */
function operationsOf(doc) {
  /** @type {Map<string, { id: string, op: Json, pathItem: Json, label: string }>} */
  const ops = new Map();
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = pathItem?.[method];
      if (!op) continue;
      const label = `${method.toUpperCase()} ${path}`;
      ops.set(label, { id: op.operationId ?? label, op, pathItem, label });
    }
  }
  return ops;
}

/**
 * @param {Json} before
 * @param {Json} after
 * @param {Recorder} rec
 */
function compareOperations(before, after, rec) {
  const beforeOps = operationsOf(before);
  const afterOps = operationsOf(after);
  for (const [key, b] of beforeOps) {
    const a = afterOps.get(key);
    if (!a) {
      rec.add(
        { level: "breaking", kind: "operation-removed", field: b.id, message: `operation ${b.id} (${key}) removed` },
        b.id,
      );
      continue;
    }
    if (a.id !== b.id) {
      rec.add(
        {
          level: "breaking",
          kind: "operation-renamed",
          field: b.id,
          message: `operationId of ${key} changed from ${b.id} to ${a.id} (operations["${b.id}"] disappears)`,
        },
        a.id,
      );
    }
    const ctx = { before, after, rec, op: a.id };
    compareAnnotations(b.op, a.op, ctx, `${a.id} operation`, a.id);
    if (!deepEqual(b.op.tags, a.op.tags)) {
      rec.add({ level: "docs", kind: "docs-changed", field: `${a.id}.tags`, message: "operation tags changed" }, a.id);
    }
    if (!deepEqual(b.op.security, a.op.security)) {
      rec.add(
        {
          level: "breaking",
          kind: "security-changed",
          field: `${a.id}.security`,
          message: "security requirements changed",
        },
        a.id,
      );
    }
    compareParameters(b, a, ctx);
    compareRequestBody(b.op.requestBody, a.op.requestBody, ctx);
    compareResponses(b.op.responses ?? {}, a.op.responses ?? {}, ctx);
  }
  for (const [key, a] of afterOps) {
    if (!beforeOps.has(key)) {
      rec.add(
        { level: "additive", kind: "operation-added", field: a.id, message: `new operation ${a.id} (${key})` },
        a.id,
      );
    }
  }
}

/**
 * @typedef {object} Context
 * @property {Json} before
 * @property {Json} after
 * @property {Recorder} rec
 * @property {string} op
 */

/**
 * @param {{ op: Json, pathItem: Json }} b
 * @param {{ op: Json, pathItem: Json }} a
 * @param {Context} ctx
 */
function compareParameters(b, a, ctx) {
  /** @param {Json} doc @param {{ op: Json, pathItem: Json }} o */
  const params = (doc, o) => {
    // Each parameter with the description or summary next to its $ref, which is what a reader sees.
    const declared = declaredParameters(
      doc,
      o.pathItem,
      o.op,
      (d, p) => resolve(/** @type {Json} */ (d), /** @type {Json} */ (p)).node,
    );
    return new Map(declared.map((/** @type {Json} */ p) => [`${p.in} parameter ${p.name}`, p]));
  };
  const bp = params(ctx.before, b);
  const ap = params(ctx.after, a);
  const where = `${ctx.op} parameters`;
  for (const [key, p] of bp) {
    const q = ap.get(key);
    const field = `${ctx.op} ${key}`;
    if (!q) {
      ctx.rec.add({ level: "breaking", kind: "parameter-removed", field, message: `${key} removed` }, where);
      continue;
    }
    if (!p.required && q.required) {
      ctx.rec.add(
        { level: "breaking", kind: "parameter-made-required", field, message: `${key} is now required` },
        where,
      );
    } else if (p.required && !q.required) {
      ctx.rec.add(
        { level: "additive", kind: "parameter-made-optional", field, message: `${key} is now optional` },
        where,
      );
    }
    compareAnnotations(p, q, ctx, field, where);
    compareSchema(p.schema, q.schema, { ...ctx, direction: "request", where, stack: [] }, field);
  }
  for (const [key, q] of ap) {
    if (bp.has(key)) continue;
    const field = `${ctx.op} ${key}`;
    ctx.rec.add(
      q.required
        ? { level: "breaking", kind: "request-field-added-required", field, message: `new required ${key}` }
        : { level: "additive", kind: "request-field-added-optional", field, message: `new optional ${key}` },
      where,
    );
  }
}

/**
 * @param {Json | undefined} bBody
 * @param {Json | undefined} aBody
 * @param {Context} ctx
 */
function compareRequestBody(bBody, aBody, ctx) {
  const where = `${ctx.op} request body`;
  const b = bBody && resolve(ctx.before, bBody).node;
  const a = aBody && resolve(ctx.after, aBody).node;
  if (!b && !a) return;
  if (b && !a) {
    ctx.rec.add(
      { level: "breaking", kind: "request-body-removed", field: where, message: "request body removed" },
      where,
    );
    return;
  }
  if (!b && a) {
    ctx.rec.add(
      a.required
        ? { level: "breaking", kind: "request-body-added", field: where, message: "new required request body" }
        : { level: "additive", kind: "request-body-added", field: where, message: "new optional request body" },
      where,
    );
    return;
  }
  if (!b?.required && a?.required) {
    ctx.rec.add(
      { level: "breaking", kind: "request-body-required", field: where, message: "request body is now required" },
      where,
    );
  }
  compareAnnotations(b ?? {}, a ?? {}, ctx, where, where);
  compareContent(b?.content ?? {}, a?.content ?? {}, { ...ctx, direction: "request", where, stack: [] }, where);
}

/**
 * @param {Json} bResponses
 * @param {Json} aResponses
 * @param {Context} ctx
 */
function compareResponses(bResponses, aResponses, ctx) {
  for (const [status, bRef] of Object.entries(bResponses)) {
    const where = `${ctx.op} ${status} response`;
    const aRef = aResponses[status];
    if (!aRef) {
      ctx.rec.add(
        status.startsWith("2")
          ? { level: "breaking", kind: "response-removed", field: where, message: `${status} response removed` }
          : {
              level: "additive",
              kind: "response-removed",
              field: where,
              message: `${status} response no longer documented`,
            },
        where,
      );
      continue;
    }
    const b = resolve(ctx.before, bRef).node;
    const a = resolve(ctx.after, aRef).node;
    compareAnnotations(b, a, ctx, where, where);
    const sctx = { ...ctx, direction: /** @type {Direction} */ ("response"), where, stack: [] };
    compareContent(b.content ?? {}, a.content ?? {}, sctx, where);
    compareHeaders(b.headers ?? {}, a.headers ?? {}, sctx);
  }
  for (const status of Object.keys(aResponses)) {
    if (bResponses[status]) continue;
    const where = `${ctx.op} ${status} response`;
    ctx.rec.add({ level: "additive", kind: "response-added", field: where, message: `new ${status} response` }, where);
  }
}

/**
 * @param {Json} b
 * @param {Json} a
 * @param {SchemaContext} ctx
 */
function compareHeaders(b, a, ctx) {
  for (const [name, bRef] of Object.entries(b)) {
    const field = `${ctx.where} header ${name}`;
    if (!a[name]) {
      ctx.rec.add(
        { level: "breaking", kind: "response-header-removed", field, message: `header ${name} removed` },
        ctx.where,
      );
      continue;
    }
    const bh = resolve(ctx.before, bRef).node;
    const ah = resolve(ctx.after, a[name]).node;
    compareAnnotations(bh, ah, ctx, field, ctx.where);
    compareSchema(bh.schema, ah.schema, ctx, field);
  }
  for (const name of Object.keys(a)) {
    if (b[name]) continue;
    const field = `${ctx.where} header ${name}`;
    ctx.rec.add({ level: "additive", kind: "response-header-added", field, message: `new header ${name}` }, ctx.where);
  }
}

/**
 * @param {Json} b
 * @param {Json} a
 * @param {SchemaContext} ctx
 * @param {string} label
 */
function compareContent(b, a, ctx, label) {
  for (const [type, media] of Object.entries(b)) {
    if (!a[type]) {
      ctx.rec.add(
        { level: "breaking", kind: "media-type-removed", field: label, message: `${type} content removed` },
        ctx.where,
      );
      continue;
    }
    if (!deepEqual(media.examples, a[type].examples) || !deepEqual(media.example, a[type].example)) {
      ctx.rec.add({ level: "docs", kind: "docs-changed", field: label, message: "examples changed" }, ctx.where);
    }
    compareSchema(media.schema, a[type].schema, ctx, label);
  }
  for (const type of Object.keys(a)) {
    if (b[type]) continue;
    ctx.rec.add(
      { level: "additive", kind: "media-type-added", field: label, message: `new ${type} content` },
      ctx.where,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Schemas

/**
 * @typedef {Context & { direction: Direction, where: string, stack: string[] }} SchemaContext
 */

/**
 * @param {Json | undefined} bRaw
 * @param {Json | undefined} aRaw
 * @param {SchemaContext} ctx
 * @param {string} label  the field being compared, e.g. "EvalRun.completed_at"
 */
function compareSchema(bRaw, aRaw, ctx, label) {
  if (bRaw === undefined && aRaw === undefined) return;
  const b = resolve(ctx.before, bRaw ?? {});
  const a = resolve(ctx.after, aRaw ?? {});
  // Name a changed node after the component that holds it ("EvalRun.completed_at", not the long way
  // there), unless the $ref carries its own keywords (a default): then the field is the better name.
  const plainRef = Object.keys(aRaw ?? {}).every((k) => k === "$ref" || isAnnotation(k));
  const field = a.component && a.component === b.component && plainRef ? a.component : label;
  const guard = `${b.pointer}|${a.pointer}`;
  if (b.pointer && ctx.stack.includes(guard)) return; // recursive schema: already comparing it
  const inner = b.pointer ? { ...ctx, stack: [...ctx.stack, guard] } : ctx;
  if (b.component !== a.component && b.component && a.component) {
    // A field now points at another component: compare the shapes, but say so.
    ctx.rec.add(
      {
        level: "docs",
        kind: "schema-ref-changed",
        field: label,
        message: `now refers to ${a.component} instead of ${b.component}`,
      },
      ctx.where,
    );
  }
  compareSchemaNode(b.node, a.node, inner, field);
}

/**
 * @param {Json} b
 * @param {Json} a
 * @param {SchemaContext} ctx
 * @param {string} field
 */
function compareSchemaNode(b, a, ctx, field) {
  const request = ctx.direction === "request";
  /** @param {Level} level @param {string} kind @param {string} message @param {string} [at] */
  const add = (level, kind, message, at = field) => ctx.rec.add({ level, kind, field: at, message }, ctx.where);

  compareAnnotations(b, a, ctx, field, ctx.where);
  compareTypes(b, a, request, add);
  compareEnums(b, a, request, add);

  // Bounds and constraints.
  for (const key of LOWER_BOUNDS) compareBound(key, b[key], a[key], 1, request, add);
  for (const key of UPPER_BOUNDS) compareBound(key, b[key], a[key], -1, request, add);
  for (const key of CONSTRAINTS) {
    if (deepEqual(b[key], a[key])) continue;
    if (!request)
      add("additive", "response-constraint-changed", `${key} changed from ${show(b[key])} to ${show(a[key])}`);
    else if (a[key] === undefined)
      add("additive", "request-constraint-removed", `${key} ${show(b[key])} no longer enforced`);
    else add("breaking", "request-constraint-narrowed", `${key} changed from ${show(b[key])} to ${show(a[key])}`);
  }
  if (!deepEqual(b.default, a.default)) {
    add("additive", "default-changed", `default changed from ${show(b.default)} to ${show(a.default)}`);
  }

  compareProperties(b, a, ctx, field, add);
  compareDependentRequired(b, a, request, add);
  compareAdditionalProperties(b, a, ctx, field, add);
  if (b.items !== undefined || a.items !== undefined) {
    if (b.items === undefined || a.items === undefined || typeof b.items !== "object" || typeof a.items !== "object") {
      add("breaking", "type-changed", `items changed from ${show(b.items)} to ${show(a.items)}`);
    } else compareSchema(b.items, a.items, ctx, `${field}[]`);
  }
  for (const key of /** @type {const} */ (["allOf", "anyOf", "oneOf"])) compareComposition(key, b, a, ctx, field, add);

  // Anything this classifier does not understand is breaking until someone teaches it otherwise:
  // a silent pass would let a real break ship as a patch.
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (HANDLED.has(key) || isAnnotation(key) || deepEqual(b[key], a[key])) continue;
    add(
      "breaking",
      "unclassified",
      `${key} changed from ${show(b[key])} to ${show(a[key])} (not classified: treated as breaking)`,
    );
  }
}

/**
 * @param {Json} b
 * @param {Json} a
 * @param {boolean} request
 * @param {(level: Level, kind: string, message: string, at?: string) => void} add
 */
function compareTypes(b, a, request, add) {
  const bt = typesOf(b);
  const at = typesOf(a);
  if (deepEqual(bt, at)) return;
  if (bt === undefined || at === undefined) {
    // `undefined` means "any type": going from any to a type narrows, the reverse widens.
    const narrowed = at !== undefined;
    if (request === narrowed)
      add("breaking", "type-changed", `type changed from ${show(bt ?? "any")} to ${show(at ?? "any")}`);
    else add("additive", "type-widened", `type changed from ${show(bt ?? "any")} to ${show(at ?? "any")}`);
    return;
  }
  const bNonNull = bt.filter((t) => t !== "null");
  const aNonNull = at.filter((t) => t !== "null");
  if (!deepEqual(bNonNull, aNonNull)) {
    add("breaking", "type-changed", `type changed from ${bt.join(" | ")} to ${at.join(" | ")}`);
    return;
  }
  const gainedNull = at.includes("null") && !bt.includes("null");
  if (gainedNull && !request) add("breaking", "response-field-nullable", "can now be null");
  else if (gainedNull) add("additive", "request-field-nullable", "now accepts null");
  else if (request) add("breaking", "request-null-removed", "no longer accepts null");
  else add("additive", "response-null-removed", "is never null any more");
}

/** @param {Json} s */
function typesOf(s) {
  if (s.type === undefined) return undefined;
  const types = Array.isArray(s.type) ? [...s.type] : [s.type];
  if (s.nullable === true && !types.includes("null")) types.push("null");
  return types.sort();
}

/**
 * @param {Json} b
 * @param {Json} a
 * @param {boolean} request
 * @param {(level: Level, kind: string, message: string, at?: string) => void} add
 */
function compareEnums(b, a, request, add) {
  /** @param {Json} s */
  const values = (s) => (s.enum ? s.enum : s.const !== undefined ? [s.const] : undefined);
  const bv = values(b);
  const av = values(a);
  if (deepEqual(bv, av)) return;
  if (bv === undefined || av === undefined) {
    const narrowed = av !== undefined;
    if (request === narrowed)
      add("breaking", "enum-changed", `allowed values changed from ${show(bv ?? "any")} to ${show(av ?? "any")}`);
    else add("additive", "enum-changed", `allowed values changed from ${show(bv ?? "any")} to ${show(av ?? "any")}`);
    return;
  }
  const key = (/** @type {unknown} */ v) => JSON.stringify(v);
  const removed = bv.filter((/** @type {unknown} */ v) => !av.some((/** @type {unknown} */ w) => key(w) === key(v)));
  const added = av.filter((/** @type {unknown} */ v) => !bv.some((/** @type {unknown} */ w) => key(w) === key(v)));
  for (const v of removed) {
    add(
      "breaking",
      request ? "request-enum-value-removed" : "response-enum-value-removed",
      request
        ? `no longer accepts ${show(v)}`
        : `no longer returns ${show(v)} (TypeScript rejects comparisons with a value outside the union)`,
    );
  }
  for (const v of added) {
    if (request) add("additive", "request-enum-value-added", `now accepts ${show(v)}`);
    else {
      add(
        "additive",
        "response-enum-value-added",
        `may now return ${show(v)}: exhaustive switch statements over it need a case`,
      );
    }
  }
}

/**
 * @param {string} key
 * @param {unknown} bv
 * @param {unknown} av
 * @param {1 | -1} sign  1 for a lower bound (raising narrows), -1 for an upper bound
 * @param {boolean} request
 * @param {(level: Level, kind: string, message: string, at?: string) => void} add
 */
function compareBound(key, bv, av, sign, request, add) {
  if (deepEqual(bv, av)) return;
  // A boolean exclusiveMinimum/Maximum is OpenAPI 3.0; any change to it counts as narrowing.
  const narrowed =
    bv === undefined ||
    (typeof bv === "number" && typeof av === "number" && sign * (av - bv) > 0) ||
    typeof bv !== "number";
  const removed = av === undefined;
  const message = `${key} changed from ${show(bv)} to ${show(av)}`;
  if (request && narrowed && !removed) add("breaking", "request-bounds-narrowed", message);
  else add("additive", request ? "request-bounds-widened" : "response-bounds-changed", message);
}

/**
 * @param {Json} b
 * @param {Json} a
 * @param {SchemaContext} ctx
 * @param {string} field
 * @param {(level: Level, kind: string, message: string, at?: string) => void} add
 */
function compareProperties(b, a, ctx, field, add) {
  const request = ctx.direction === "request";
  const bp = b.properties ?? {};
  const ap = a.properties ?? {};
  const bReq = new Set(b.required ?? []);
  const aReq = new Set(a.required ?? []);
  for (const name of Object.keys(bp)) {
    const at = `${field}.${name}`;
    if (!(name in ap)) {
      add(
        "breaking",
        request ? "request-field-removed" : "response-field-removed",
        request ? "request field removed" : "response field removed",
        at,
      );
      continue;
    }
    compareSchema(bp[name], ap[name], ctx, at);
  }
  for (const name of Object.keys(ap)) {
    if (name in bp) continue;
    const at = `${field}.${name}`;
    if (!request) add("additive", "response-field-added", "new response field", at);
    else if (aReq.has(name)) add("breaking", "request-field-added-required", "new required request field", at);
    else add("additive", "request-field-added-optional", "new optional request field", at);
  }
  // Required-ness of fields that exist on both sides (new and removed fields are reported above).
  const existsOnBoth = (/** @type {string} */ name) => {
    const inB = name in bp || Object.keys(bp).length === 0;
    const inA = name in ap || Object.keys(ap).length === 0;
    return inB && inA;
  };
  for (const name of bReq) {
    if (aReq.has(name) || !existsOnBoth(name)) continue;
    if (request) add("additive", "request-field-made-optional", "request field is now optional", `${field}.${name}`);
    else add("breaking", "response-field-made-optional", "response field is now optional", `${field}.${name}`);
  }
  for (const name of aReq) {
    if (bReq.has(name) || !existsOnBoth(name)) continue;
    if (request) add("breaking", "request-field-made-required", "request field is now required", `${field}.${name}`);
    else add("additive", "response-field-made-required", "response field is now always present", `${field}.${name}`);
  }
}

/**
 * @param {Json} b
 * @param {Json} a
 * @param {boolean} request
 * @param {(level: Level, kind: string, message: string, at?: string) => void} add
 */
function compareDependentRequired(b, a, request, add) {
  /** @param {Json} s */
  const pairs = (s) =>
    Object.entries(s.dependentRequired ?? {}).flatMap(([k, deps]) =>
      deps.map((/** @type {string} */ d) => `${k} → ${d}`),
    );
  const bp = pairs(b);
  const ap = pairs(a);
  for (const pair of ap.filter((p) => !bp.includes(p))) {
    add(request ? "breaking" : "additive", "dependent-required-added", `new rule: ${pair} (given together)`);
  }
  for (const pair of bp.filter((p) => !ap.includes(p))) {
    add(request ? "additive" : "breaking", "dependent-required-removed", `rule dropped: ${pair}`);
  }
}

/**
 * @param {Json} b
 * @param {Json} a
 * @param {SchemaContext} ctx
 * @param {string} field
 * @param {(level: Level, kind: string, message: string, at?: string) => void} add
 */
function compareAdditionalProperties(b, a, ctx, field, add) {
  const bv = b.additionalProperties;
  const av = a.additionalProperties;
  if (deepEqual(bv, av)) return;
  if (typeof bv === "object" && typeof av === "object") {
    compareSchema(bv, av, ctx, `${field}[key]`);
    return;
  }
  const open = (/** @type {unknown} */ v) => v === undefined || v === true;
  const closes = open(bv) && !open(av);
  if (ctx.direction === "request" && closes) add("breaking", "request-closed", "no longer accepts extra keys");
  else add("additive", "additional-properties-changed", `additionalProperties changed from ${show(bv)} to ${show(av)}`);
}

/**
 * allOf/anyOf/oneOf branches are matched by $ref target, then title, then position.
 * @param {"allOf" | "anyOf" | "oneOf"} key
 * @param {Json} b
 * @param {Json} a
 * @param {SchemaContext} ctx
 * @param {string} field
 * @param {(level: Level, kind: string, message: string, at?: string) => void} add
 */
function compareComposition(key, b, a, ctx, field, add) {
  const bs = b[key] ?? [];
  const as = a[key] ?? [];
  if (bs.length === 0 && as.length === 0) return;
  /** @param {Json} s @param {number} i @param {number} n @param {number} m */
  const id = (s, i, n, m) => s.$ref ?? s.title ?? (n === m ? `#${i}` : JSON.stringify(s));
  /** @type {string[]} */
  const bIds = bs.map((/** @type {Json} */ s, /** @type {number} */ i) => id(s, i, bs.length, as.length));
  /** @type {string[]} */
  const aIds = as.map((/** @type {Json} */ s, /** @type {number} */ i) => id(s, i, bs.length, as.length));
  const request = ctx.direction === "request";
  bIds.forEach((bid, i) => {
    const j = aIds.indexOf(bid);
    if (j !== -1) {
      compareSchema(bs[i], as[j], ctx, field);
      return;
    }
    const what = `${key} branch ${show(bs[i].title ?? bs[i].$ref ?? bs[i].type ?? i)} removed`;
    // Removing an allOf part loosens the schema; removing an anyOf/oneOf branch narrows it.
    const loosens = key === "allOf";
    if (request === loosens) add("additive", "composition-changed", what);
    else add("breaking", "composition-changed", what);
  });
  aIds.forEach((aid, j) => {
    if (bIds.includes(aid)) return;
    const branch = as[j];
    const isNull = resolve(ctx.after, branch).node.type === "null";
    const what = `${key} branch ${show(branch.title ?? branch.$ref ?? branch.type ?? j)} added`;
    const tightens = key === "allOf";
    if (!request && !tightens && isNull) add("breaking", "response-field-nullable", "can now be null");
    else if (request === tightens) add("breaking", "composition-changed", what);
    else add("additive", "composition-changed", what);
  });
}

/**
 * @param {Json} b
 * @param {Json} a
 * @param {Pick<Context, "rec">} ctx
 * @param {string} field
 * @param {string} where
 */
function compareAnnotations(b, a, ctx, field, where) {
  for (const key of new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])) {
    if (!isAnnotation(key) || deepEqual(b?.[key], a?.[key])) continue;
    ctx.rec.add({ level: "docs", kind: "docs-changed", field, message: `${key} changed` }, where);
  }
}

// ---------------------------------------------------------------------------------------------
// Components and the rest of the document

/**
 * openapi-typescript exports every component schema (components["schemas"]["EvalRun"]), so a
 * schema's name is public API even before an operation uses it.
 * @param {Json} before
 * @param {Json} after
 * @param {Recorder} rec
 */
function compareComponentNames(before, after, rec) {
  const b = before.components?.schemas ?? {};
  const a = after.components?.schemas ?? {};
  for (const name of Object.keys(b)) {
    if (!(name in a)) {
      rec.add(
        {
          level: "breaking",
          kind: "schema-removed",
          field: name,
          message: `schema ${name} removed (its type export disappears)`,
        },
        "components",
      );
    }
  }
  for (const name of Object.keys(a)) {
    if (!(name in b))
      rec.add({ level: "additive", kind: "schema-added", field: name, message: `new schema ${name}` }, "components");
  }
}

/**
 * @param {Json} before
 * @param {Json} after
 * @param {Recorder} rec
 */
function compareTopLevel(before, after, rec) {
  if (!deepEqual(before.security, after.security) || !deepEqual(schemesOf(before), schemesOf(after))) {
    rec.add(
      { level: "breaking", kind: "security-changed", field: "security", message: "authentication changed" },
      "document",
    );
  }
  const bUrls = (before.servers ?? []).map((/** @type {Json} */ s) => s.url);
  const aUrls = (after.servers ?? []).map((/** @type {Json} */ s) => s.url);
  for (const url of bUrls.filter((/** @type {string} */ u) => !aUrls.includes(u))) {
    rec.add(
      { level: "breaking", kind: "server-removed", field: "servers", message: `server ${url} removed` },
      "document",
    );
  }
  for (const url of aUrls.filter((/** @type {string} */ u) => !bUrls.includes(u))) {
    rec.add({ level: "additive", kind: "server-added", field: "servers", message: `new server ${url}` }, "document");
  }
  for (const key of ["info", "tags", "externalDocs"]) {
    if (!deepEqual(before[key], after[key])) {
      rec.add({ level: "docs", kind: "docs-changed", field: key, message: `${key} changed` }, "document");
    }
  }
}

/** @param {Json} doc */
function schemesOf(doc) {
  return Object.fromEntries(
    Object.entries(doc.components?.securitySchemes ?? {}).map(([name, s]) => [name, stripAnnotations(s)]),
  );
}

// ---------------------------------------------------------------------------------------------
// JSON helpers

/**
 * Follows a local $ref (sibling keywords of the $ref win, as in OpenAPI 3.1), and says where it led:
 * the last reference followed and the last component schema named on the way.
 * @param {Json} doc
 * @param {Json} node
 * @returns {{ node: Json, pointer: string, component: string | undefined }}
 */
export function resolve(doc, node) {
  const chain = /** @type {Json[]} */ (refChain(doc, node));
  if (chain.length === 1) return { node, pointer: "", component: undefined };
  const refs = chain.slice(0, -1).map((hop) => /** @type {string} */ (hop.$ref));
  // Sibling keywords of a $ref win over its target's, so the outermost reference's win over all.
  /** @type {Json} */
  const merged = { ...chain.at(-1) };
  for (const { $ref: _ref, ...siblings } of chain.slice(0, -1).reverse()) Object.assign(merged, siblings);
  const component = refs
    .map((ref) => /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1])
    .filter((name) => name !== undefined)
    .at(-1);
  return { node: merged, pointer: refs.at(-1) ?? "", component };
}

/** @param {unknown} a @param {unknown} b @returns {boolean} */
export function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual(/** @type {any} */ (a)[k], /** @type {any} */ (b)[k]));
}

/** @param {Json} s */
function stripAnnotations(s) {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !isAnnotation(k)));
}

/** @param {unknown} a @param {unknown} b @param {string} at @returns {string[]} */
function differingPointers(a, b, at) {
  if (deepEqual(a, b)) return [];
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return [at || "/"];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    differingPointers(/** @type {any} */ (a)[k], /** @type {any} */ (b)[k], `${at}/${k}`),
  );
}

/** @param {unknown} v */
function show(v) {
  return v === undefined ? "(none)" : JSON.stringify(v);
}
