// A panel's request: pre-filled from the spec's examples (the same values the code samples send),
// edited by the reader as JSON, checked by the operation's generated validators, and sent through
// @evals-api/client's `raw`, which calls any operation of the spec with the client's retries.
import { EvalsValidationError } from "@evals-api/client";
import { formatIssues } from "@evals-api/types/request-validators";
import { sampleParameters, sampleRequestBody } from "../operation-examples.mjs";

/**
 * @typedef {import("@evals-api/types/registry").Registry} Registry
 * @typedef {import("@evals-api/types/registry").RegisteredOperation} RegisteredOperation
 * @typedef {import("@evals-api/types/request-validators").ValidationIssue} ValidationIssue
 * @typedef {"path" | "query" | "header" | "body"} Part
 * @typedef {{ part: Part, label: string, value: unknown }} DraftPart
 */

/** The editor of each part of a request, in the order a panel shows them. */
const PART_LABELS = /** @type {const} */ ({
  path: "Path parameters",
  query: "Query parameters",
  header: "Headers",
  body: "Body",
});

/** Which validator of an operation checks each part. */
const VALIDATOR_OF = /** @type {const} */ ({
  path: "pathParams",
  query: "queryParams",
  header: "headerParams",
  body: "requestBody",
});

/**
 * The parts an operation's panel edits, each pre-filled: every path parameter and each required
 * query or header parameter with its example, and the first request example as the body.
 * @param {Registry} registry
 * @param {RegisteredOperation} operation
 * @returns {DraftPart[]}
 */
export function requestDraft(registry, operation) {
  const parameters = sampleParameters(registry, operation);
  const body = sampleRequestBody(registry, operation);
  /** @type {DraftPart[]} */
  const parts = [];
  for (const part of /** @type {const} */ (["path", "query", "header"])) {
    if (Object.keys(parameters[part]).length > 0)
      parts.push({ part, label: PART_LABELS[part], value: parameters[part] });
  }
  if (body !== undefined) parts.push({ part: "body", label: PART_LABELS.body, value: body.value });
  return parts;
}

/**
 * The parts as the reader left them, parsed; a part that is not JSON is an issue at its root, so
 * the reader learns which editor to fix and nothing is sent.
 * @param {{ part: Part, text: string }[]} edited
 */
export function parseDraft(edited) {
  /** @type {Partial<Record<Part, unknown>>} */
  const values = {};
  /** @type {ValidationIssue[]} */
  const issues = [];
  for (const { part, text } of edited) {
    try {
      values[part] = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      issues.push({
        path: `(${PART_LABELS[part].toLowerCase()})`,
        message: `is not JSON: ${reason}`,
        source: "vendor",
      });
    }
  }
  return { values, issues };
}

/**
 * Checks a request against its operation's generated validators before it is sent. As the
 * client does for its resource methods, only a rule the vendor states refuses it: a rule the
 * spec assumes may be wrong about the real API, so a request that breaks only such rules is sent
 * (and the issues are returned, to be shown). `raw` itself validates nothing, hence this step.
 * @param {RegisteredOperation} operation
 * @param {Partial<Record<Part, unknown>>} values
 * @returns {{ refused: EvalsValidationError | undefined, assumed: ValidationIssue[] }}
 */
export function checkDraft(operation, values) {
  /** @type {ValidationIssue[]} */
  const issues = [];
  for (const part of /** @type {Part[]} */ (Object.keys(values))) {
    const validate = operation.validators[VALIDATOR_OF[part]];
    if (validate) issues.push(...validate(values[part]).map((issue) => withPart(part, issue)));
  }
  const vendor = issues.filter((issue) => issue.source === "vendor");
  const assumed = issues.filter((issue) => issue.source === "assumed");
  const refused =
    vendor.length === 0
      ? undefined
      : new EvalsValidationError(
          `${operation.method} ${operation.path} not sent, the request breaks the spec:\n${formatIssues(vendor)}`,
          vendor,
        );
  return { refused, assumed };
}

/**
 * A parameter's issue is named as the client names one, under its location (`/eval_agent_id`
 * for a path parameter); a body's keeps its JSON path.
 * @param {Part} part
 * @param {ValidationIssue} issue
 */
function withPart(part, issue) {
  return part === "body" || part === "path" ? issue : { ...issue, path: `/${part}${issue.path}` };
}

/**
 * Sends the request through the client's `raw` (openapi-fetch), which retries by the client's
 * policy: a 429, or a 503 with Retry-After, is retried even for a billed POST.
 * @param {any} evals an EvalsClient
 * @param {RegisteredOperation} operation
 * @param {Partial<Record<Part, unknown>>} values
 * @returns {Promise<{ response: Response, body: unknown }>}
 */
export async function sendDraft(evals, operation, values) {
  const { path, query, header, body } = values;
  /** @type {Record<string, unknown>} */
  const init = { params: { path, query, header } };
  if ("body" in values) init.body = body;
  const call = evals.raw[operation.method.toUpperCase()];
  const { data, error, response } = await call(operation.path, init);
  return { response, body: data ?? error };
}
