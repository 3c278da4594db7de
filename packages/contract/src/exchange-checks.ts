// What the spec says of one exchange the proxy saw: whether the request is one the spec refuses
// (no key, a parameter or a body that breaks a rule), and what the response broke. A request the
// spec refuses is no fault of the server's when the server refuses it too: it becomes a finding
// only when the answer is not the refusal the suite's checks would expect (a 2xx, a 5xx), weighed
// by expectation.ts exactly as the suite weighs them. The response is held to the spec by
// conformance.ts, as every response of the suite is.
import type { Provenance, RegisteredOperation } from "@evals-api/types/registry";
import { isJsonMediaType } from "@evals-api/types/spec";
import type { ValidationIssue, Validator } from "@evals-api/types/validators";
import { checkAnswer } from "./conformance.js";
import { statusFinding } from "./expectation.js";
import type { Finding } from "./findings.js";
import { apiKeyScheme } from "./requests.js";
import { documentsExactly, type SpecReader, subjectOf } from "./spec.js";

/** A request as the proxy saw it. */
export interface SeenRequest {
  method: string;
  /** The path parameters, decoded by the operation's route. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** A header's value by lower-case name, repeated values joined with ", ". */
  header(name: string): string | undefined;
  /** The body as text; "none" when none was sent, "unchecked" when too large or not read whole. */
  body: string | "none" | "unchecked";
}

/** A rule the request breaks, and the statuses that would refuse it. */
export interface Refusal {
  expect: number[];
  /** The marker of the broken rule (under the operation's): whose fact the refusal is. */
  subject: Provenance;
  message: string;
  path?: string;
}

export interface RequestVerdict {
  refusals: Refusal[];
  /** The body validator's issues; undefined when the body was not validated (none, too large, not JSON). */
  bodyIssues: ValidationIssue[] | undefined;
}

// As in the suite's report: a body of the wrong shape can break dozens of rules.
const SHOWN_ISSUES = 5;
const VENDOR: Provenance = { source: "vendor" };

const parameterOf = (issue: ValidationIssue) =>
  (issue.path.split("/")[1] ?? "").replaceAll("~1", "/").replaceAll("~0", "~");

// The refusal a broken rule of a location expects: a 400 where the operation documents one.
const badInput = (operation: RegisteredOperation) => (operation.response(400) === undefined ? [422, 400] : [400]);

function parameterRefusals(operation: RegisteredOperation, request: SeenRequest): Refusal[] {
  const locations: [string, Validator<unknown> | null, readonly string[], (name: string) => string | undefined][] = [
    ["path", operation.validators.pathParams, operation.pathParams, (n) => request.params[n]],
    ["query", operation.validators.queryParams, operation.queryParams, (n) => request.query.get(n) ?? undefined],
    ["header", operation.validators.headerParams, operation.headerParams, (n) => request.header(n.toLowerCase())],
  ];
  return locations.flatMap(([location, validate, names, read]) => {
    if (validate === null || names.length === 0) return [];
    const values: Record<string, string> = {};
    for (const name of names) {
      const value = read(name);
      if (value !== undefined) values[name] = value;
    }
    return validate(values).flatMap((issue): Refusal[] => {
      const parameter = operation.parameters.find((p) => p.in === location && p.name === parameterOf(issue));
      // A rule we assume refuses nothing the vendor would accept, unless the parameter is ours as a
      // whole (Idempotency-Key): then whoever sends it plays by our rules. The mock decides the same.
      const own = parameter?.provenance.source === "assumed";
      if (issue.source !== "vendor" && !own) return [];
      const marker = own ? (parameter?.provenance ?? VENDOR) : VENDOR;
      return [
        {
          expect: badInput(operation),
          subject: subjectOf(operation.provenance, marker),
          message: `the ${location} parameter ${issue.path.slice(1) || "(all)"} ${issue.message}`,
          path: issue.path,
        },
      ];
    });
  });
}

function securityRefusals(spec: SpecReader, operation: RegisteredOperation, request: SeenRequest): Refusal[] {
  const scheme = apiKeyScheme(operation);
  if (scheme?.name === undefined) return [];
  const sent = scheme.in === "query" ? request.query.get(scheme.name) : request.header(scheme.name.toLowerCase());
  if (sent !== undefined && sent !== null && sent.trim() !== "") return [];
  return [
    {
      expect: documentsExactly(operation, 401) ? [401] : [401, 403],
      subject: subjectOf(operation.provenance, spec.schemeProvenance(scheme.scheme)),
      message: `the request has no ${scheme.name} ${scheme.in === "query" ? "query parameter" : "header"}, which ${scheme.scheme} requires`,
    },
  ];
}

function bodyRefusals(operation: RegisteredOperation, request: SeenRequest): RequestVerdict {
  const none = { refusals: [], bodyIssues: undefined };
  if (operation.requestBodySchema === null || request.body === "unchecked") return none;
  const base = operation.provenance;
  if (request.body === "none") {
    if (!operation.requestBodyRequired) return none;
    return {
      refusals: [{ expect: badInput(operation), subject: base, message: "the request has no body" }],
      bodyIssues: undefined,
    };
  }
  const contentType = request.header("content-type");
  if (contentType === undefined || !isJsonMediaType(contentType)) {
    const unsupported = operation.response(415);
    const shown = contentType === undefined ? "no content type" : `content type ${JSON.stringify(contentType)}`;
    return {
      refusals: [
        {
          expect: unsupported !== undefined && documentsExactly(operation, 415) ? [415] : [415, 400],
          subject: subjectOf(base, unsupported?.provenance ?? VENDOR),
          message: `the request body was sent with ${shown}, not as JSON`,
        },
      ],
      bodyIssues: undefined,
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return {
      refusals: [{ expect: badInput(operation), subject: base, message: "the request body is not JSON" }],
      bodyIssues: undefined,
    };
  }
  const issues = operation.validators.requestBody?.(body) ?? [];
  const refusals = issues
    .filter((issue) => issue.source === "vendor")
    .slice(0, SHOWN_ISSUES)
    .map((issue) => ({
      expect: badInput(operation),
      subject: subjectOf(base, VENDOR),
      message: `the request body's ${issue.path || "(root)"} ${issue.message}`,
      path: issue.path,
    }));
  return { refusals, bodyIssues: issues };
}

/** The rules a request breaks that the server should refuse it for, and its body's issues. */
export function checkRequest(spec: SpecReader, operation: RegisteredOperation, request: SeenRequest): RequestVerdict {
  const body = bodyRefusals(operation, request);
  return {
    refusals: [
      ...securityRefusals(spec, operation, request),
      ...parameterRefusals(operation, request),
      ...body.refusals,
    ],
    bodyIssues: body.bodyIssues,
  };
}

/** A response as the proxy saw it; `text` undefined when its body was too large to copy. */
export interface SeenResponse {
  status: number;
  headers: Headers;
  text: string | undefined;
}

// No body is sent with these, so there is none to hold to a schema.
const answersWithoutBody = (method: string, status: number) => method === "HEAD" || status === 204 || status === 304;
const BODY_RULES = new Set<Finding["rule"]>(["content-type", "json", "schema"]);

/**
 * The findings of one exchange: each refusal the answer does not give (a status finding, as the
 * suite's), then what the response breaks (its status documented, content type, JSON, schema).
 * A body too large to copy is held only to the first two.
 */
export function judgeExchange(
  spec: SpecReader,
  operation: RegisteredOperation,
  method: string,
  verdict: RequestVerdict,
  response: SeenResponse,
): Finding[] {
  const { status } = response;
  const refused = verdict.refusals.flatMap((refusal): Finding[] => {
    const wrong = statusFinding(operation, refusal.expect, refusal.subject, status);
    if (wrong === undefined) return [];
    const path = refusal.path === undefined ? {} : { path: refusal.path };
    return [{ ...wrong, message: `${refusal.message}, yet it was answered ${status} (${wrong.message})`, ...path }];
  });
  const bodyless = answersWithoutBody(method, status);
  const checked = checkAnswer(spec, operation, { status, headers: response.headers, text: response.text ?? "" });
  const kept = checked.findings.filter(
    (f) => !BODY_RULES.has(f.rule) || (!bodyless && (response.text !== undefined || f.rule === "content-type")),
  );
  return [...refused, ...kept];
}
