// A tool call's arguments, split back into the request they stand for: path, query and header
// parameters, and the body (every other argument). The Idempotency-Key defaults to a hash of the
// other arguments, so that an assistant repeating a call after a timeout sends the same key.
import { createHash } from "node:crypto";
import type { ValidationIssue } from "@evals-api/types/request-validators";
import type { InputPlan } from "./input-schema.js";
import { isObject, type JsonObject } from "./operation-document.js";

export interface RequestParts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  body: JsonObject | undefined;
  /** The Idempotency-Key sent, and whether it was the default (a hash of the other arguments). */
  idempotencyKey: { value: unknown; derived: boolean } | undefined;
}

export interface SplitArguments {
  parts: RequestParts;
  /** The billed tool's `confirm` argument, as given. */
  confirm: unknown;
  /** Arguments that fit nowhere (an operation without a body takes only its parameters). */
  issues: ValidationIssue[];
}

// JSON with every object's keys sorted, so that the order an assistant writes them in changes nothing.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    isObject(member)
      ? Object.fromEntries(
          Object.keys(member)
            .sort()
            .map((k) => [k, member[k]]),
        )
      : member,
  );
}

/** The default Idempotency-Key of a call: the operation and its other arguments, hashed. */
export function derivedIdempotencyKey(operationId: string, others: JsonObject): string {
  const digest = createHash("sha256")
    .update(canonicalJson({ operationId, arguments: others }))
    .digest("hex");
  return `evals-mcp-${digest}`;
}

export function splitArguments(operationId: string, plan: InputPlan, given: unknown, billed: boolean): SplitArguments {
  const args: JsonObject = isObject(given) ? given : {};
  const parts: RequestParts = { path: {}, query: {}, header: {}, body: undefined, idempotencyKey: undefined };
  const issues: ValidationIssue[] = [];
  const rest: JsonObject = {};
  for (const [name, value] of Object.entries(args)) {
    if (name === "confirm" && billed) continue;
    const target = plan.parameters.find((t) => t.argument === name);
    if (target !== undefined) (parts[target.in as "path" | "query" | "header"] as JsonObject)[target.name] = value;
    else rest[name] = value;
  }
  if (plan.takesBody) parts.body = rest;
  else {
    for (const name of Object.keys(rest)) {
      const known = plan.parameters.map((t) => t.argument).join(", ") || "none";
      issues.push({
        path: `/${name}`,
        message: `is not an argument of this tool (it takes: ${known})`,
        source: "vendor",
      });
    }
  }
  const idempotency = plan.parameters.find((t) => t.argument === plan.idempotencyArgument);
  if (idempotency !== undefined) {
    const derived = !(idempotency.argument in args);
    if (derived) {
      const others = Object.fromEntries(Object.entries(args).filter(([name]) => !(billed && name === "confirm")));
      parts.header[idempotency.name] = derivedIdempotencyKey(operationId, others);
    }
    parts.idempotencyKey = { value: parts.header[idempotency.name], derived };
  }
  return { parts, confirm: billed ? args.confirm : undefined, issues };
}
