// The spec's routes, from operationIndex: each operation's method and path, spelled for Hono
// (`/v1/evals/agents/:eval_agent_id`) and as a matcher of a request's path, which the node:http
// listener routes with and the 405 answer finds the allowed methods with.
import { operationIndex } from "@evals-api/types";
import type { OperationId } from "@evals-api/types/spec";
import { operationIds } from "./spec.js";

export interface Route {
  operationId: OperationId;
  method: string;
  /** The path as Hono routes it: each `{name}` a `:name` segment. */
  honoPath: string;
  /** Matches the whole path; each path parameter is a named group (`[^/]+`, as Hono's segments). */
  pattern: RegExp;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, "\\$&");

function routeOf(operationId: OperationId): Route {
  const { method, path } = operationIndex[operationId];
  const parts = path.split(/\{(\w+)\}/);
  // split with a capture group alternates literal text and parameter names.
  const source = parts.map((part, i) => (i % 2 === 0 ? escapeRegExp(part) : `(?<${part}>[^/]+)`)).join("");
  return {
    operationId,
    method,
    honoPath: path.replace(/\{(\w+)\}/g, ":$1"),
    pattern: new RegExp(`^${source}$`),
  };
}

export const routes: readonly Route[] = operationIds.map(routeOf);

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/** The operation a method and path ask for, with its path parameters; undefined when none does. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Readonly<Record<string, string>> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match !== null) return { route, params: match.groups ?? NO_PARAMS };
  }
  return undefined;
}

/** The methods some operation accepts at this path (the `Allow` of a 405). */
export function allowedMethods(path: string): string[] {
  return routes.filter((route) => route.pattern.test(path)).map((route) => route.method);
}
