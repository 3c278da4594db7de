// The credentials an exchange carries, kept out of everything the proxy writes: its stderr lines,
// its report and `/__contract/report`. A server may echo a key in an error body that a finding
// quotes, so every message is scrubbed of each credential's value, not only the headers left unlogged.
import type { IncomingHttpHeaders } from "node:http";
import type { RegisteredOperation } from "@evals-api/types/registry";

const REDACTED = "[redacted]";
// Shorter values would scrub ordinary words out of messages; no real key is this short.
const SHORTEST_SECRET = 4;

/** The header names whose values are credentials: `authorization`, and every API-key header the registry's schemes name. */
export function credentialHeaders(operations: readonly RegisteredOperation[]): Set<string> {
  const names = new Set(["authorization", "proxy-authorization", "cookie"]);
  for (const operation of operations) {
    for (const alternative of operation.security) {
      for (const use of alternative) if (use.in === "header" && use.name) names.add(use.name.toLowerCase());
    }
  }
  return names;
}

/** The credential values of one request: each header's value, and the token of `Bearer <token>`. */
export function secretsOf(
  headers: IncomingHttpHeaders,
  names: ReadonlySet<string>,
  query: URLSearchParams,
  queryNames: readonly string[],
): string[] {
  const values: string[] = [];
  for (const name of names) {
    const value = headers[name];
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      values.push(v, ...v.split(/\s+/).slice(1)); // the token of "Bearer <token>", not the word "Bearer"
    }
  }
  for (const name of queryNames) values.push(...query.getAll(name));
  // The longest first, so that a value containing another is scrubbed whole.
  return [...new Set(values.map((v) => v.trim()).filter((v) => v.length >= SHORTEST_SECRET))].sort(
    (a, b) => b.length - a.length,
  );
}

/** `text` with every secret replaced, also where it appears JSON-escaped. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    out = out.replaceAll(secret, REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.replaceAll(escaped, REDACTED);
  }
  return out;
}
