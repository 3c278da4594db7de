// A tool's input schema: the operation's path, query and header parameters and its JSON body merged
// into one object, `$ref`s inlined, with no combinator at the root (assistants' tool APIs refuse
// one); the rules such a combinator stated are kept for the tool's description, and the server
// still checks them. A header becomes a snake_case argument (`Idempotency-Key` → `idempotency_key`).
import { inlineSchema } from "@evals-api/types/spec-reading";
import { type DeclaredParameter, isObject, type JsonObject, type OperationDocument } from "./operation-document.js";

/** Where one argument of a tool goes in the request. */
export interface ArgumentTarget {
  argument: string;
  /** `path`, `query` or `header`; body fields are every other argument. */
  in: string;
  /** The parameter's name as the spec spells it. */
  name: string;
  parameter: DeclaredParameter;
}

export interface InputPlan {
  schema: JsonObject;
  parameters: ArgumentTarget[];
  takesBody: boolean;
  /** The argument that fills the `Idempotency-Key` header, when the operation takes one. */
  idempotencyArgument: string | undefined;
  /** The root combinators' rules, in words, for the description. */
  rules: string[];
}

const COMBINATORS = ["anyOf", "oneOf", "allOf"] as const;

/** The argument a header is given as: `Idempotency-Key` → `idempotency_key`. */
export const headerArgument = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "_");

export const isIdempotencyHeader = (target: { in: string; name: string }) =>
  target.in === "header" && target.name.toLowerCase() === "idempotency-key";

// The hash default is what lets an assistant that repeats a call after a timeout send the same key.
const IDEMPOTENCY_DEFAULT =
  "Default: a SHA-256 hash of the other arguments, so that a call repeated with the same arguments sends the same key; pass a new key to create a second, identical run on purpose.";

// A keyword the spec assumes (`format: uuid` on an id the vendor calls a string) is said to be ours.
function assumedKeywords(schema: JsonObject): string[] {
  const marked = isObject(schema["x-keyword-provenance"]) ? schema["x-keyword-provenance"] : {};
  return Object.entries(marked).flatMap(([keyword, marker]) =>
    isObject(marker) && marker.source === "assumed" && keyword in schema
      ? [
          `Not in the vendor reference: \`${keyword}: ${JSON.stringify(schema[keyword])}\` (${String(marker.reason ?? "an assumption of this spec")})`,
        ]
      : [],
  );
}

function parameterProperty(target: ArgumentTarget): JsonObject {
  const { schema, description, example, provenance } = target.parameter;
  const property: JsonObject = { ...schema };
  const notes = [
    description?.trim(),
    isIdempotencyHeader(target) ? IDEMPOTENCY_DEFAULT : undefined,
    provenance.source === "assumed"
      ? `Not in the vendor reference: ${provenance.reason ?? "an assumption of this spec"}`
      : undefined,
    ...assumedKeywords(schema),
  ].filter(Boolean);
  if (notes.length > 0) property.description = notes.join("\n\n");
  if (example !== null && example !== undefined && !("examples" in schema)) property.examples = [example];
  return property;
}

function targetsOf(read: OperationDocument): ArgumentTarget[] {
  const targets = read.parameters
    .filter((p) => p.in === "path" || p.in === "query" || p.in === "header")
    .map((parameter) => ({
      argument: parameter.in === "header" ? headerArgument(parameter.name) : parameter.name,
      in: parameter.in,
      name: parameter.name,
      parameter,
    }));
  const seen = new Map<string, ArgumentTarget>();
  for (const target of targets) {
    const other = seen.get(target.argument);
    if (other !== undefined) {
      throw new Error(
        `${read.operation.operationId}: the ${other.in} parameter ${other.name} and the ${target.in} parameter ${target.name} would both be the argument ${target.argument}`,
      );
    }
    seen.set(target.argument, target);
  }
  return targets;
}

const quoted = (names: unknown) => (Array.isArray(names) ? names.map((n) => `\`${n}\``).join(", ") : "");

// A branch's constraints in a few words: the fields it requires, and the keywords it sets on each.
function branchRule(branch: JsonObject): string {
  const required =
    Array.isArray(branch.required) && branch.required.length > 0 ? `requires ${quoted(branch.required)}` : "";
  const constraints = Object.entries((branch.properties as JsonObject | undefined) ?? {}).flatMap(([name, p]) => {
    const keywords = Object.entries(isObject(p) ? p : {}).filter(
      ([k]) => !["description", "title", "type"].includes(k),
    );
    return keywords.length > 0
      ? [`\`${name}\` with ${keywords.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(", ")}`]
      : [];
  });
  const title = typeof branch.title === "string" ? `"${branch.title}"` : "one branch";
  const description = typeof branch.description === "string" ? `: ${branch.description.trim().replace(/\.$/, "")}` : "";
  const parts = [required, ...constraints].filter(Boolean).join("; ");
  return `${title}${description}${parts ? ` (${parts})` : ""}`;
}

function combinatorRules(body: JsonObject): string[] {
  const rules: string[] = [];
  for (const keyword of COMBINATORS) {
    const branches = Array.isArray(body[keyword]) ? (body[keyword] as unknown[]).filter(isObject) : [];
    if (branches.length === 0) continue;
    const lead = {
      anyOf: "At least one of these must hold",
      oneOf: "Exactly one of these must hold",
      allOf: "All of these must hold",
    }[keyword];
    rules.push(`${lead}: ${branches.map(branchRule).join("; or ")}.`);
  }
  const dependent = isObject(body.dependentRequired) ? body.dependentRequired : {};
  for (const [name, needs] of Object.entries(dependent)) {
    rules.push(`\`${name}\` must be given together with ${quoted(needs)}.`);
  }
  return rules;
}

// allOf branches are conjunctions: their properties and required fields can join the root's.
function rootWithoutCombinators(body: JsonObject): JsonObject {
  const root: JsonObject = {};
  for (const [key, value] of Object.entries(body))
    if (!(COMBINATORS as readonly string[]).includes(key)) root[key] = value;
  for (const branch of Array.isArray(body.allOf) ? body.allOf.filter(isObject) : []) {
    root.properties = {
      ...(branch.properties as JsonObject | undefined),
      ...(root.properties as JsonObject | undefined),
    };
    root.required = [...new Set([...((root.required as string[]) ?? []), ...((branch.required as string[]) ?? [])])];
  }
  return root;
}

export function inputPlan(read: OperationDocument, document: unknown, confirm: JsonObject | undefined): InputPlan {
  const targets = targetsOf(read);
  const body = read.bodySchema === undefined ? undefined : inlineSchema<JsonObject>(document, read.bodySchema);
  const root: JsonObject = body === undefined ? { type: "object" } : rootWithoutCombinators(body);
  const bodyProperties = (root.properties as JsonObject | undefined) ?? {};
  const properties: JsonObject = {};
  const own = (where: string) => targets.filter((t) => t.in === where);
  for (const target of [...own("path"), ...own("query")]) properties[target.argument] = parameterProperty(target);
  for (const [name, property] of Object.entries(bodyProperties)) {
    if (name in properties)
      throw new Error(`${read.operation.operationId}: the body field ${name} is also a parameter`);
    properties[name] = property;
  }
  for (const target of own("header")) {
    if (target.argument in properties)
      throw new Error(
        `${read.operation.operationId}: the header ${target.name} is also the argument ${target.argument}`,
      );
    properties[target.argument] = parameterProperty(target);
  }
  if (confirm !== undefined) properties.confirm = confirm;
  const required = [
    ...targets.filter((t) => t.in === "path" && t.parameter.required).map((t) => t.argument),
    ...(read.operation.requestBodyRequired && Array.isArray(root.required) ? (root.required as string[]) : []),
    ...targets.filter((t) => t.in !== "path" && t.parameter.required).map((t) => t.argument),
  ];
  const schema: JsonObject = { ...root, type: "object", properties };
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  // Without a body there is nothing an unknown argument could be: say so, rather than ignore it.
  if (body === undefined) schema.additionalProperties = false;
  return {
    schema,
    parameters: targets,
    takesBody: body !== undefined,
    idempotencyArgument: targets.find(isIdempotencyHeader)?.argument,
    rules: body === undefined ? [] : combinatorRules(body),
  };
}
