// An operation's path, query and header parameters, checked with its generated validators. Which
// broken rule refuses a request is the spec's to say: a rule the vendor states does; a rule we
// assume does not, since the vendor would accept the request (e.g. an agent id that is not
// UUID-shaped). The exception is a parameter that is itself our own (`x-provenance: assumed` on the
// parameter, such as `Idempotency-Key`): the vendor knows nothing of it, so its rules are ours, and
// a client that sends it plays by them.
import type { RegisteredOperation } from "@evals-api/types/registry";
import type { ValidationIssue, Validator } from "@evals-api/types/validators";
import { MockError } from "./errors.js";
import type { HeaderLookup } from "./security.js";

/** A request's query parameters by name. */
export interface QueryLookup {
  query(name: string): string | undefined;
}

/** Parameter values by name; a header parameter by lower-case name, `null` when not sent. */
export type ParameterValues = Readonly<Record<string, string>>;
export type HeaderValues = Readonly<Record<string, string | null>>;

type Location = "path" | "query" | "header";

/** The names of the parameters at `location` that the spec marks as our own extension. */
function ownParameters(operation: RegisteredOperation, location: Location): Set<string> {
  return new Set(
    operation.parameters.filter((p) => p.in === location && p.provenance.source === "assumed").map((p) => p.name),
  );
}

// An issue's path is a JSON pointer into the parameters object: its first segment names the parameter.
const parameterOf = (issue: ValidationIssue) =>
  (issue.path.split("/")[1] ?? "").replace(/~1/g, "/").replace(/~0/g, "~");

/**
 * A check of one location's parameters: throws the 400 of the issues that refuse the request,
 * reported under `/path`, `/query` or `/headers`.
 */
function issueCheck(
  validate: Validator<unknown>,
  own: ReadonlySet<string>,
  prefix: string,
): (values: Record<string, string>) => void {
  return (values) => {
    const issues = validate(values);
    if (issues.length === 0) return;
    const refusing = issues.filter((issue) => issue.source === "vendor" || own.has(parameterOf(issue)));
    if (refusing.length > 0) throw MockError.invalid(refusing, prefix);
  };
}

/** Checks a request's path parameters (already decoded by the route); they are passed on as they are. */
export function pathParameterCheck(operation: RegisteredOperation): ((params: ParameterValues) => void) | undefined {
  const validate = operation.validators.pathParams;
  if (validate === null || operation.pathParams.length === 0) return undefined;
  return issueCheck(validate, ownParameters(operation, "path"), "/path");
}

/** Reads and checks a request's query parameters; undefined for an operation that declares none. */
export function queryParameterReader(
  operation: RegisteredOperation,
): ((request: QueryLookup) => ParameterValues) | undefined {
  const names = operation.queryParams;
  const validate = operation.validators.queryParams;
  if (names.length === 0 || validate === null) return undefined;
  const check = issueCheck(validate, ownParameters(operation, "query"), "/query");
  return (request) => {
    const values: Record<string, string> = {};
    for (const name of names) {
      const value = request.query(name);
      if (value !== undefined) values[name] = value;
    }
    check(values);
    return values;
  };
}

/** Reads and checks a request's header parameters; undefined for an operation that declares none. */
export function headerParameterReader(
  operation: RegisteredOperation,
): ((request: HeaderLookup) => HeaderValues) | undefined {
  const names = operation.headerParams;
  const validate = operation.validators.headerParams;
  if (names.length === 0 || validate === null) return undefined;
  const check = issueCheck(validate, ownParameters(operation, "header"), "/headers");
  // Most requests send none of them, and the verdict on none never changes: checked once.
  let noneChecked = false;
  return (request) => {
    // The validator wants the spec's spelling of each name; the lookup is case-insensitive.
    const given: Record<string, string> = {};
    const values: Record<string, string | null> = {};
    let count = 0;
    for (const name of names) {
      const value = request.header(name);
      values[name.toLowerCase()] = value ?? null;
      if (value === undefined) continue;
      given[name] = value;
      count += 1;
    }
    if (count > 0) check(given);
    else if (!noneChecked) {
      check(given);
      noneChecked = true;
    }
    return values;
  };
}
