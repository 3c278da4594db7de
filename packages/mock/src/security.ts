// Who may call an operation, read from its `security` in the spec: the first step of every
// request's input. An API-key scheme sent in a header is the only kind the spec uses, so it is the
// only kind the mock checks; another kind stops the mock at creation rather than letting any
// request through unchecked.
import type { RegisteredOperation } from "@evals-api/types/registry";
import { ErrorCode, MockError } from "./errors.js";

/**
 * The credential a request presents (the value of the API-key header), or null when the operation
 * asks for none. Throws the 401 of a missing or wrong key. `apiKey`: the only key accepted, if set.
 */
export type CredentialCheck = (request: HeaderLookup, apiKey: string | undefined) => string | null;

/** A request's headers by case-insensitive name. */
export interface HeaderLookup {
  header(name: string): string | undefined;
}

const noCredential: CredentialCheck = () => null;

function headerNamesOf(operation: RegisteredOperation): string[][] {
  return operation.security.map((alternative) =>
    alternative.map((use) => {
      if (use.type !== "apiKey" || use.in !== "header" || use.name === undefined) {
        throw new Error(
          `${operation.operationId} accepts the ${use.scheme} scheme (${use.type}${use.in ? ` in ${use.in}` : ""}); ` +
            "the mock checks only API keys sent in a header: give it a registry whose operations use those",
        );
      }
      return use.name;
    }),
  );
}

/** The 401 of the first header an alternative lacks, or of a key that is not the configured one. */
function refusal(headers: readonly string[], request: HeaderLookup): MockError {
  for (const name of headers) {
    // Header values arrive trimmed, so a blank key is an empty one.
    if (!request.header(name)) {
      return MockError.of(401, ErrorCode.unauthorized, `Missing API key: send it in the \`${name}\` header`);
    }
  }
  return MockError.of(401, ErrorCode.unauthorized, "Invalid API key");
}

/** The credential check of an operation, built once from its security requirements. */
export function credentialCheck(operation: RegisteredOperation): CredentialCheck {
  const alternatives = headerNamesOf(operation);
  // OpenAPI: no requirement, or an empty alternative (`{}`), lets a request in without a key.
  if (alternatives.length === 0 || alternatives.some((headers) => headers.length === 0)) return noCredential;
  return (request, apiKey) => {
    for (const headers of alternatives) {
      let credential: string | null = null;
      for (const name of headers) {
        const value = request.header(name);
        if (!value || (apiKey !== undefined && value !== apiKey)) {
          credential = null;
          break;
        }
        credential ??= value;
      }
      if (credential !== null) return credential;
    }
    throw refusal(alternatives[0] as string[], request);
  };
}
