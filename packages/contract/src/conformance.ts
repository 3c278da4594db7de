// What every response must satisfy, whatever the check expected: a status the spec documents for
// the operation, a JSON content type, and a body that validates against that status's schema.

import { documentedStatusKey, type OperationId } from "@evals-api/types/spec";
import type { ValidationIssue } from "@evals-api/types/validators";
import * as validators from "@evals-api/types/validators";
import { responseSchemaName } from "./spec.js";

export interface Violation {
  /** What rule of the spec the response broke. */
  rule: "documented-status" | "content-type" | "json" | "schema";
  message: string;
  /** JSON Pointer of the first schema violation, for `schema`. */
  path?: string;
}

export interface CheckedResponse {
  status: number;
  headers: Headers;
  body: unknown;
  violations: Violation[];
}

type ValidatorFn = (value: unknown) => ValidationIssue[];

function validatorFor(schemaName: string): ValidatorFn | undefined {
  return (validators as unknown as Record<string, ValidatorFn | undefined>)[`validate${schemaName}`];
}

const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

export async function checkResponse(operationId: OperationId, response: Response): Promise<CheckedResponse> {
  const violations: Violation[] = [];
  const text = await response.text();
  let body: unknown = text;
  const contentType = response.headers.get("content-type");
  if (contentType === null || !JSON_MEDIA_TYPE.test(contentType)) {
    violations.push({
      rule: "content-type",
      message: `content-type is ${contentType === null ? "missing" : JSON.stringify(contentType)}, not application/json`,
    });
  }
  try {
    body = JSON.parse(text);
  } catch {
    violations.push({ rule: "json", message: `body is not JSON: ${JSON.stringify(text.slice(0, 80))}` });
  }
  const statusKey = documentedStatusKey(operationId, response.status);
  if (statusKey === undefined) {
    violations.push({
      rule: "documented-status",
      message: `status ${response.status} is not documented for ${operationId}`,
    });
  } else {
    const schemaName = responseSchemaName(operationId, statusKey);
    const validate = schemaName === null ? undefined : validatorFor(schemaName);
    if (schemaName !== null && validate === undefined) {
      throw new Error(`@evals-api/types has no validator for ${schemaName}; rebuild @evals-api/types`);
    }
    const issues = validate && !violations.some((v) => v.rule === "json") ? validate(body) : [];
    const first = issues[0];
    if (first !== undefined) {
      violations.push({
        rule: "schema",
        message: `body does not match ${schemaName} for ${statusKey}: ${first.path || "(root)"} ${first.message}`,
        path: first.path,
      });
    }
  }
  return { status: response.status, headers: response.headers, body, violations };
}
