// A check's request to one operation, built from the registry: the path filled by the operation's
// compiled route (each parameter percent-encoded), the spec's example for every parameter the
// check does not set, the API key where the operation's security scheme says, and a JSON body.
import type { RegisteredOperation, SecuritySchemeUse } from "@evals-api/types/registry";
import type { SpecReader } from "./spec.js";

export interface RequestParts {
  /** Path parameters; one not given is the spec's example. */
  params?: Record<string, unknown>;
  /** Query and header parameters; a required one not given is the spec's example. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** The API key: the run's when undefined, none when null, or this one. */
  key?: string | null;
  /** A JSON value, or text with its content type; default: the operation's first request example. */
  body?: { json: unknown } | { text: string; contentType: string };
}

/** Where the run's key and its base URL come from. */
export interface Target {
  baseUrl: string;
  apiKey: string;
}

/** A key no server issues; random so that no cache or allow-list can match it. */
export const badKey = (): string => `evals-contract-invalid-key-${crypto.randomUUID()}`;

/**
 * The API-key scheme an operation requires: that of its only alternative, or of the first one
 * that is an API key alone, in a header or the query. Undefined when the operation needs no key
 * (no security, or an empty alternative) or takes credentials of another kind.
 */
export function apiKeyScheme(operation: RegisteredOperation): SecuritySchemeUse | undefined {
  if (operation.security.length === 0 || operation.security.some((alternative) => alternative.length === 0)) {
    return undefined;
  }
  return operation.security
    .filter((alternative) => alternative.length === 1)
    .map(([scheme]) => scheme as SecuritySchemeUse)
    .find((scheme) => scheme.type === "apiKey" && (scheme.in === "header" || scheme.in === "query") && scheme.name);
}

// The spec's examples of the required parameters in one location, as strings.
function requiredExamples(spec: SpecReader, operation: RegisteredOperation, location: string): Record<string, string> {
  return Object.fromEntries(
    spec
      .parameters(operation)
      .filter((p) => p.in === location && p.required && p.example !== null && p.example !== undefined)
      .map((p) => [p.name, String(p.example)]),
  );
}

/** The URL and init of a request to `operation` on the target. */
export function operationRequest(
  spec: SpecReader,
  operation: RegisteredOperation,
  target: Target,
  parts: RequestParts = {},
): [url: string, init: RequestInit] {
  const path = operation.route.fill({ ...spec.pathExamples(operation), ...parts.params });
  const query = new URLSearchParams({ ...requiredExamples(spec, operation, "query"), ...parts.query });
  const headers: Record<string, string> = { ...requiredExamples(spec, operation, "header"), ...parts.headers };
  const key = parts.key === undefined ? target.apiKey : parts.key;
  const scheme = apiKeyScheme(operation);
  if (key !== null && scheme?.name !== undefined) {
    if (scheme.in === "query") query.set(scheme.name, key);
    else headers[scheme.name] = key;
  }
  const init: RequestInit = { method: operation.method, headers };
  const body = parts.body ?? defaultBody(operation);
  if (body !== undefined) {
    headers["content-type"] = "json" in body ? "application/json" : body.contentType;
    init.body = "json" in body ? JSON.stringify(body.json) : body.text;
  }
  const search = query.size === 0 ? "" : `?${query}`;
  return [`${target.baseUrl.replace(/\/+$/, "")}${path}${search}`, init];
}

function defaultBody(operation: RegisteredOperation): { json: unknown } | undefined {
  if (operation.requestBodySchema === null) return undefined;
  const [first] = Object.values(operation.requestExamples());
  return { json: first ?? {} };
}
