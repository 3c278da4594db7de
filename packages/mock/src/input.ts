// The one input step every operation goes through, in the manner of Prism's `validateInput`: built
// once per operation from the registry, it checks a request in a fixed order — the credential
// (401), Evals being enabled for the org (404, the vendor's answer to any other request), the path, query and header parameters (400), then the body: a JSON media type (415), its
// size (413), JSON syntax (400) and the operation's request validator (400 for a vendor rule's
// issues). Handlers receive what it returns and never validate.
import type { RegisteredOperation } from "@evals-api/types/registry";
import { ErrorCode, MockError, refuseVendorIssues } from "./errors.js";
import {
  type HeaderValues,
  headerParameterReader,
  type ParameterValues,
  pathParameterCheck,
  queryParameterReader,
} from "./parameters.js";
import { checkJsonContentType, parseJsonBytes } from "./request-body.js";
import { credentialCheck } from "./security.js";

/** A request as the input step reads it, from whichever transport carried it. */
export interface OperationRequest {
  readonly method: string;
  /** The path as requested (logged, and named in routing errors). */
  readonly path: string;
  /** A header's value by case-insensitive name; a repeated header's values joined with ", ". */
  header(name: string): string | undefined;
  /** A query parameter's value. */
  query(name: string): string | undefined;
  /** The whole body; rejects with the MockError of one above the size limit (413). */
  body(): Promise<Uint8Array>;
  /** Ends the connection without answering (an injected drop). */
  drop(): void;
}

/** A request that passed the input step: what a handler is given. */
export interface OperationInput<Body = unknown, Params extends object = ParameterValues> {
  /** The API key the request presented (the scope of its idempotency keys); null when none is asked for. */
  credential: string | null;
  /** Path parameters, decoded. */
  params: Params;
  query: ParameterValues;
  /** Header parameters by lower-case name, `null` when not sent. */
  headers: HeaderValues;
  /** The JSON body; undefined for an operation that takes none. */
  body: Body;
}

/** Whose requests the mock accepts: read on every request, as given to createMockServer. */
export interface InputOptions {
  apiKey?: string;
  evalsEnabled?: boolean;
}

/** Checks one request; answers at once unless it has a body to read. Throws (or rejects with) a MockError. */
export type InputStep = (
  request: OperationRequest,
  params: ParameterValues,
) => OperationInput | Promise<OperationInput>;

const NONE: Readonly<Record<string, never>> = Object.freeze({});

// An optional body may be left out: no content type and nothing to read.
const sendsNoBody = (request: OperationRequest) =>
  request.header("content-type") === undefined &&
  request.header("transfer-encoding") === undefined &&
  (request.header("content-length") ?? "0") === "0";

/** The body step: undefined for an operation that takes no body. */
function bodyStep(operation: RegisteredOperation) {
  if (operation.requestBodySchema === null) return undefined;
  const validate = operation.validators.requestBody;
  const optional = !operation.requestBodyRequired;
  return (request: OperationRequest, input: OperationInput): OperationInput | Promise<OperationInput> => {
    if (optional && sendsNoBody(request)) return input;
    checkJsonContentType(request.header("content-type"));
    return request.body().then((bytes) => {
      const body = parseJsonBytes(bytes);
      if (validate !== null) refuseVendorIssues(validate(body));
      input.body = body;
      return input;
    });
  };
}

/** The input step of one operation. */
export function inputStep(operation: RegisteredOperation, options: InputOptions): InputStep {
  const checkCredential = credentialCheck(operation);
  const checkPath = pathParameterCheck(operation);
  const readQuery = queryParameterReader(operation);
  const readHeaders = headerParameterReader(operation);
  const readBody = bodyStep(operation);
  return (request, params) => {
    const credential = checkCredential(request, options.apiKey);
    if (options.evalsEnabled === false) {
      throw MockError.of(404, ErrorCode.notFound, "Evals is not enabled for this organization");
    }
    checkPath?.(params);
    const input: OperationInput = {
      credential,
      params,
      query: readQuery === undefined ? NONE : readQuery(request),
      headers: readHeaders === undefined ? NONE : readHeaders(request),
      body: undefined,
    };
    return readBody === undefined ? input : readBody(request, input);
  };
}
