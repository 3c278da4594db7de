// The checks every operation gets from the registry, with no code of its own: its example request
// answered with its success status, 401 without a key and with a bad one, 404 for a value of a
// path parameter the server cannot know, 400 for a malformed value of a parameter with a format,
// and for a request body: 415, 400 for a body that is not JSON, 413, and one 400 per rule of its
// schema. Each check's subject is the marker of the status or rule it expects, under the
// operation's own (an operation that is ours as a whole makes every check of it an assumption).
import type { RegisteredOperation } from "@evals-api/types/registry";
import type { Validator } from "@evals-api/types/validators";
import { type BodyRule, requestBodyRules } from "./body-rules.js";
import type { Check, CheckContext, Verification } from "./checks.js";
import { apiKeyScheme, badKey, operationRequest, type RequestParts } from "./requests.js";
import {
  documentsExactly,
  exampleBodies,
  type Parameter,
  type SchemaNode,
  type SpecReader,
  subjectOf,
} from "./spec.js";

/** The generated checks of one operation, in the groups the suite orders them by. */
export interface OperationChecks {
  /** The spec's example request, answered with the success status. */
  success: Check;
  /** Credentials and parameters: 401s, 404s for unknown values, 400s for malformed ones. */
  parameters: Check[];
  /** The request body: how it is sent, and one check per rule of its schema. */
  body: Check[];
}

// Over any body limit a server is likely to have (the mock's is 1 MiB: see the spec's 413), so a
// server with a higher limit still refuses it as invalid (400).
const OVERSIZED_BYTES = 1024 * 1024 + 1;

const sender =
  (spec: SpecReader, operation: RegisteredOperation) =>
  (ctx: CheckContext, parts: RequestParts = {}): Promise<Response> =>
    ctx.send(...operationRequest(spec, operation, ctx, parts));

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function successCheck(spec: SpecReader, operation: RegisteredOperation): Check {
  const { operationId, successStatus } = operation;
  return {
    name: `${operationId}: answers the spec's example request with ${successStatus}`,
    operationId,
    expect: [successStatus],
    // That the operation answers is its own fact; a 200 for an assumed 202 only warns (expectation.ts).
    subject: operation.provenance,
    run: (ctx) => sender(spec, operation)(ctx),
  };
}

function authChecks(spec: SpecReader, operation: RegisteredOperation): Check[] {
  const scheme = apiKeyScheme(operation);
  if (scheme === undefined || !documentsExactly(operation, 401)) return [];
  const { operationId } = operation;
  const send = sender(spec, operation);
  // The key's header is the scheme's fact (the vendor's); what a missing or bad key answers is the
  // 401's, and expectation.ts weighs that: a 403 warns, a 200 fails.
  const subject = subjectOf(operation.provenance, spec.schemeProvenance(scheme.scheme));
  return [
    {
      name: `${operationId}: 401 without an API key`,
      operationId,
      expect: [401],
      subject,
      run: (ctx) => send(ctx, { key: null }),
    },
    {
      name: `${operationId}: 401 with an invalid API key`,
      operationId,
      expect: [401],
      subject,
      run: (ctx) => send(ctx, { key: badKey() }),
    },
  ];
}

const pointerTo = (name: string) => `/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;

function validatorOf(operation: RegisteredOperation, location: string): Validator<unknown> | null {
  if (location === "path") return operation.validators.pathParams;
  if (location === "query") return operation.validators.queryParams;
  if (location === "header") return operation.validators.headerParams;
  return null;
}

// Whether the operation's generated validator refuses (or accepts) this value of the parameter:
// the spec decides what is malformed, not a list of formats here.
function issuesFor(operation: RegisteredOperation, parameter: Parameter, value: unknown): boolean | undefined {
  const validate = validatorOf(operation, parameter.in);
  if (validate === null) return undefined;
  return validate({ [parameter.name]: value }).some((issue) => issue.path === pointerTo(parameter.name));
}

// A well-formed value the server cannot know; a UUID or a string is fresh on every run, so that no
// cache can hold it.
function unknownValueOf(schema: SchemaNode): (() => unknown) | undefined {
  if (schema.enum !== undefined) return undefined;
  if (schema.format === "uuid") return () => crypto.randomUUID();
  if (schema.type === "string") return () => `evals-contract-unknown-${crypto.randomUUID()}`;
  if (schema.type === "integer") return () => schema.maximum ?? 2_147_483_647;
  return undefined;
}

function placed(parameter: Parameter, value: unknown): RequestParts {
  if (parameter.in === "path") return { params: { [parameter.name]: value } };
  if (parameter.in === "query") return { query: { [parameter.name]: String(value) } };
  return { headers: { [parameter.name]: String(value) } };
}

function unknownValueChecks(spec: SpecReader, operation: RegisteredOperation): Check[] {
  const notFound = operation.response(404);
  if (notFound === undefined || !documentsExactly(operation, 404)) return [];
  const send = sender(spec, operation);
  return spec
    .parameters(operation)
    .filter((p) => p.in === "path")
    .flatMap((parameter): Check[] => {
      const unknown = unknownValueOf(parameter.schema);
      if (unknown === undefined || issuesFor(operation, parameter, unknown()) === true) return [];
      return [
        {
          name: `${operation.operationId}: 404 for an unknown ${parameter.name}`,
          operationId: operation.operationId,
          expect: [404],
          subject: subjectOf(operation.provenance, parameter.provenance, notFound.provenance),
          run: (ctx) => send(ctx, placed(parameter, unknown())),
        },
      ];
    });
}

function malformedChecks(spec: SpecReader, operation: RegisteredOperation): Check[] {
  const send = sender(spec, operation);
  const { operationId } = operation;
  return spec.parameters(operation).flatMap((parameter): Check[] => {
    const { format } = parameter.schema;
    const malformed = `not-a-${format}`;
    if (typeof format !== "string" || issuesFor(operation, parameter, malformed) !== true) return [];
    const run = (ctx: CheckContext) => send(ctx, placed(parameter, malformed));
    const formatRule = spec.keywordMarker(parameter.schema, "format");
    const notFound = operation.response(404);
    if (formatRule.source === "assumed" && parameter.in === "path" && notFound && documentsExactly(operation, 404)) {
      // The format is ours: to the vendor a malformed id is one it does not know, and its 404
      // is the vendor's fact, while a 400 is what we would answer.
      return [
        {
          name: `${operationId}: 404 (or 400) for a malformed ${parameter.name}`,
          operationId,
          expect: [404, 400],
          subject: subjectOf(operation.provenance, parameter.provenance, notFound.provenance),
          run,
        },
      ];
    }
    if (operation.response(400) === undefined) return [];
    return [
      {
        name: `${operationId}: 400 for a malformed ${parameter.name} (not a ${format})`,
        operationId,
        expect: [400],
        subject: subjectOf(operation.provenance, parameter.provenance, formatRule),
        run,
      },
    ];
  });
}

// How a body is sent: as JSON (415 otherwise), parseable (400 otherwise), and not too large (413).
function bodyShapeChecks(spec: SpecReader, operation: RegisteredOperation): Check[] {
  if (operation.requestBodySchema === null) return [];
  const send = sender(spec, operation);
  const { operationId } = operation;
  const [valid = {}] = exampleBodies(operation);
  const checks: Check[] = [];
  const unsupported = operation.response(415);
  if (unsupported !== undefined && documentsExactly(operation, 415)) {
    checks.push({
      name: `${operationId}: 415 for a body not sent as JSON`,
      operationId,
      expect: [415],
      subject: subjectOf(operation.provenance, unsupported.provenance),
      run: (ctx) => send(ctx, { body: { text: JSON.stringify(valid), contentType: "text/plain" } }),
    });
  }
  if (operation.response(400) !== undefined) {
    checks.push({
      // The operation takes a JSON body; the 400 for one that is not is ours (expectation.ts).
      name: `${operationId}: 400 for a body that is not JSON`,
      operationId,
      expect: [400],
      subject: operation.provenance,
      run: (ctx) => send(ctx, { body: { text: "{ not json", contentType: "application/json" } }),
    });
  }
  const tooLarge = operation.response(413);
  // A JSON string where the schema wants another type: invalid too, by the schema's own validator.
  const refusedAsInvalid = operation.validators.requestBody?.("x").some((i) => i.source === "vendor") === true;
  if (tooLarge !== undefined && documentsExactly(operation, 413) && refusedAsInvalid) {
    checks.push({
      name: `${operationId}: 413 (or 400) for a body over 1 MiB`,
      operationId,
      expect: [413, 400],
      subject: subjectOf(operation.provenance, tooLarge.provenance),
      run: (ctx) =>
        send(ctx, { body: { text: JSON.stringify("x".repeat(OVERSIZED_BYTES)), contentType: "application/json" } }),
    });
  }
  return checks;
}

// The field a message should name: the last non-index segment of the path.
function fieldOf(path: string): string | undefined {
  return path
    .split("/")
    .filter((segment) => segment !== "" && !/^\d+$/.test(segment))
    .pop();
}

// The spec: "for invalid input [the message] names the field", a sentence of the error envelope,
// which is ours: a message that does not, or an error body of another shape, only warns.
function namesTheField(spec: SpecReader, operation: RegisteredOperation, field: string): Verification {
  const envelope = operation.response(400)?.schema ?? null;
  return {
    provenance: subjectOf(
      operation.provenance,
      envelope === null ? { source: "assumed" } : spec.schemaProvenance(envelope),
    ),
    check: (body) => {
      const errors = isObject(body) && Array.isArray(body.errors) ? body.errors : undefined;
      const messages = (errors ?? []).map((e) => (isObject(e) && typeof e.message === "string" ? e.message : ""));
      if (messages.some((m) => m.includes(field))) return undefined;
      return errors === undefined
        ? `no error envelope whose message could name the field "${field}"`
        : `no error message names the field "${field}"`;
    },
  };
}

function bodyRuleChecks(spec: SpecReader, operation: RegisteredOperation): Check[] {
  if (operation.response(400) === undefined) return [];
  const send = sender(spec, operation);
  return requestBodyRules(spec, operation, exampleBodies(operation)).map((rule: BodyRule): Check => {
    const field = fieldOf(rule.path);
    return {
      name: `${operation.operationId}: 400 when ${rule.path || "the body"} ${rule.rule}`,
      operationId: operation.operationId,
      expect: [400],
      subject: subjectOf(operation.provenance, rule.provenance),
      run: (ctx) => send(ctx, { body: { json: rule.body } }),
      ...(field !== undefined && { verify: namesTheField(spec, operation, field) }),
    };
  });
}

/** Every check the registry gives one operation. */
export function generatedChecks(spec: SpecReader, operation: RegisteredOperation): OperationChecks {
  return {
    success: successCheck(spec, operation),
    parameters: [
      ...authChecks(spec, operation),
      ...unknownValueChecks(spec, operation),
      ...malformedChecks(spec, operation),
    ],
    body: [...bodyShapeChecks(spec, operation), ...bodyRuleChecks(spec, operation)],
  };
}
