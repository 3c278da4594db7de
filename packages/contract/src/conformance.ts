// What every response must satisfy, whatever the check expected: a status the spec documents for
// the operation, a JSON content type, and a body that validates against that status's schema.
// Each finding is a violation or a warning by the marker of what it breaks: the status list beyond
// the vendor's statuses is ours, so is the error envelope, and each schema rule says whose it is.
import {
  type OperationId,
  type RegisteredOperation,
  type Registry,
  registry as shipped,
} from "@evals-api/types/registry";
import { isJsonMediaType } from "@evals-api/types/spec";
import type { ValidationIssue, Validator } from "@evals-api/types/validators";
import { describeError, type Finding, finding } from "./findings.js";
import { assumptionBehind } from "./schema-assumptions.js";
import { type SpecReader, siblingStatusKey, specOf, statusListProvenance } from "./spec.js";

export interface CheckedResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, else the text as read. */
  body: unknown;
  findings: Finding[];
}

/** A response as read: the status and headers, and the body's text. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

// Schema issues shown per severity; a body of the wrong shape can break dozens of rules.
const SHOWN_ISSUES = 5;

// `status` names the answer: "200", or "403 (read as 400)" for a status the spec does not document.
function schemaFindings(
  spec: SpecReader,
  validate: Validator<unknown>,
  schemaName: string,
  status: string,
  body: unknown,
): Finding[] {
  const issues = validate(body);
  const message = (issue: ValidationIssue, more: number) =>
    `body does not match ${schemaName} for ${status}: ${issue.path || "(root)"} ${issue.message}${more > 0 ? ` (and ${more} more)` : ""}`;
  return (["vendor", "assumed"] as const).flatMap((source) => {
    const of = issues.filter((i) => i.source === source);
    const shown = of.slice(0, SHOWN_ISSUES);
    return shown.map((issue, i) => {
      const more = i === shown.length - 1 ? of.length - shown.length : 0;
      const breaks = source === "vendor" ? { source } : assumptionBehind(spec, schemaName, issue);
      return finding("schema", breaks, message(issue, more), issue.path);
    });
  });
}

/**
 * Holds an answer already read to the spec (the suite reads bodies itself, under its timeouts):
 * the response the operation documents for its status (exact, `NXX`, `default`), its schema and
 * its validator, all from the registry.
 */
export function checkAnswer(spec: SpecReader, operation: RegisteredOperation, answer: Answer): CheckedResponse {
  const { status, headers, text } = answer;
  const findings: Finding[] = [];
  const documented = operation.response(status)?.statusKey;
  const statusKey = documented ?? siblingStatusKey(operation, status);
  if (documented === undefined) {
    findings.push(
      finding(
        "documented-status",
        statusListProvenance(operation),
        `status ${status} is not documented for ${operation.operationId}`,
      ),
    );
  }
  const schemaName = statusKey === undefined ? null : (operation.responses[statusKey] ?? null);
  const validate = statusKey === undefined ? null : (operation.validators.responses[statusKey] ?? null);
  // Whether the body must be JSON is the schema's fact: the vendor's for a success body, ours for
  // the error envelope, and ours for a status nothing documents.
  const jsonRule = schemaName === null ? statusListProvenance(operation) : spec.schemaProvenance(schemaName);
  const contentType = headers.get("content-type");
  if (contentType === null || !isJsonMediaType(contentType)) {
    const shown = contentType === null ? "missing" : JSON.stringify(contentType);
    findings.push(finding("content-type", jsonRule, `content-type is ${shown}, not application/json`));
  }
  let body: unknown = text;
  let parsed = true;
  try {
    body = JSON.parse(text);
  } catch {
    parsed = false;
    findings.push(finding("json", jsonRule, `body is not JSON: ${JSON.stringify(text.slice(0, 80))}`));
  }
  if (parsed && schemaName !== null && validate !== null && statusKey !== undefined) {
    const answered = documented === undefined ? `${status} (read as ${statusKey})` : statusKey;
    findings.push(...schemaFindings(spec, validate, schemaName, answered, body));
  }
  return { status, headers, body, findings };
}

/**
 * Reads a response to an operation and holds it to the spec: that of `registry` (default: the
 * shipped spec's). A body that cannot be read (the connection reset mid-body) is a finding too,
 * so this never throws for what a server does; an operationId the registry lacks throws, naming it.
 */
export function checkResponse(operationId: OperationId, response: Response): Promise<CheckedResponse>;
export function checkResponse<Id extends string>(
  operationId: NoInfer<Id>,
  response: Response,
  registry: Registry<Id>,
): Promise<CheckedResponse>;
export async function checkResponse(
  operationId: string,
  response: Response,
  registry: Registry = shipped,
): Promise<CheckedResponse> {
  const operation = registry.get(operationId);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const unread = finding("request", { source: "vendor" }, `response body could not be read: ${describeError(error)}`);
    return { status: response.status, headers: response.headers, body: undefined, findings: [unread] };
  }
  return checkAnswer(specOf(registry), operation, { status: response.status, headers: response.headers, text });
}
