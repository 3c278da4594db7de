// What every response must satisfy, whatever the check expected: a status the spec documents for
// the operation, a JSON content type, and a body that validates against that status's schema.
// Each finding is a violation or a warning by the marker of what it breaks: the status list beyond
// the vendor's statuses is ours, so is the error envelope, and each schema rule says whose it is.
import { documentedStatusKey, isJsonMediaType, type OperationId } from "@evals-api/types/spec";
import type { ValidationIssue } from "@evals-api/types/validators";
import * as validators from "@evals-api/types/validators";
import { describeError, type Finding, finding } from "./findings.js";
import { assumptionBehind } from "./schema-assumptions.js";
import { responseSchemaName, schemaProvenance, siblingStatusKey, statusListProvenance } from "./spec.js";

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

type ValidatorFn = (value: unknown) => ValidationIssue[];

function validatorFor(schemaName: string): ValidatorFn {
  const validate = (validators as unknown as Record<string, ValidatorFn | undefined>)[`validate${schemaName}`];
  if (validate === undefined)
    throw new Error(`@evals-api/types has no validator for ${schemaName}; rebuild @evals-api/types`);
  return validate;
}

// Schema issues shown per severity; a body of the wrong shape can break dozens of rules.
const SHOWN_ISSUES = 5;

// `status` names the answer: "200", or "403 (read as 400)" for a status the spec does not document.
function schemaFindings(schemaName: string, status: string, body: unknown): Finding[] {
  const issues = validatorFor(schemaName)(body);
  const message = (issue: ValidationIssue, more: number) =>
    `body does not match ${schemaName} for ${status}: ${issue.path || "(root)"} ${issue.message}${more > 0 ? ` (and ${more} more)` : ""}`;
  return (["vendor", "assumed"] as const).flatMap((source) => {
    const of = issues.filter((i) => i.source === source);
    const shown = of.slice(0, SHOWN_ISSUES);
    return shown.map((issue, i) => {
      const more = i === shown.length - 1 ? of.length - shown.length : 0;
      const breaks = source === "vendor" ? { source } : assumptionBehind(schemaName, issue);
      return finding("schema", breaks, message(issue, more), issue.path);
    });
  });
}

/** Holds an answer already read to the spec (the suite reads bodies itself, under its timeouts). */
export function checkAnswer(operationId: OperationId, answer: Answer): CheckedResponse {
  const { status, headers, text } = answer;
  const findings: Finding[] = [];
  const documented = documentedStatusKey(operationId, status);
  const statusKey = documented ?? siblingStatusKey(operationId, status);
  if (documented === undefined) {
    findings.push(
      finding(
        "documented-status",
        statusListProvenance(operationId),
        `status ${status} is not documented for ${operationId}`,
      ),
    );
  }
  const schemaName = statusKey === undefined ? null : responseSchemaName(operationId, statusKey);
  // Whether the body must be JSON is the schema's fact: the vendor's for a success body, ours for
  // the error envelope, and ours for a status nothing documents.
  const jsonRule = schemaName === null ? statusListProvenance(operationId) : schemaProvenance(schemaName);
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
  if (parsed && schemaName !== null && statusKey !== undefined) {
    const answered = documented === undefined ? `${status} (read as ${statusKey})` : statusKey;
    findings.push(...schemaFindings(schemaName, answered, body));
  }
  return { status, headers, body, findings };
}

/**
 * Reads a response and holds it to the spec. A body that cannot be read (the connection reset
 * mid-body) is a finding too, so this never throws for what a server does.
 */
export async function checkResponse(operationId: OperationId, response: Response): Promise<CheckedResponse> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const unread = finding("request", { source: "vendor" }, `response body could not be read: ${describeError(error)}`);
    return { status: response.status, headers: response.headers, body: undefined, findings: [unread] };
  }
  return checkAnswer(operationId, { status: response.status, headers: response.headers, text });
}
