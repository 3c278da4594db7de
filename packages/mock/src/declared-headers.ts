// The headers and methods a browser may use with the mock (CORS), read from the registry: every
// request header its operations declare (API-key schemes, header parameters), every response
// header they document (e.g. `Retry-After`), and their methods.
import type { RegisteredOperation, Registry } from "@evals-api/types/registry";

/** Every method some operation takes. */
export function declaredMethods(registry: Registry): string[] {
  return [...new Set(registry.list.map((operation) => operation.method))];
}

/** Every request header the spec declares: API-key schemes in a header, and header parameters. */
export function declaredRequestHeaders(registry: Registry): string[] {
  const names = registry.list.flatMap((operation) => [
    ...operation.security
      .flat()
      .flatMap((use) => (use.type === "apiKey" && use.in === "header" ? [use.name ?? ""] : [])),
    ...operation.headerParams,
  ]);
  return [...new Set(names)];
}

/** A status that `statusKey` answers among the operation's keys (`5XX` → a 5xx no other key claims). */
function statusAnsweredBy(statusKey: string, keys: readonly string[]): number {
  if (/^\d{3}$/.test(statusKey)) return Number(statusKey);
  const candidates = /^[1-5]XX$/i.test(statusKey)
    ? Array.from({ length: 100 }, (_, i) => Number(statusKey[0]) * 100 + i)
    : Array.from({ length: 500 }, (_, i) => 100 + i);
  const claimed = (status: number) =>
    keys.some((key) => key !== statusKey && (key === String(status) || key.toUpperCase() === `${String(status)[0]}XX`));
  return candidates.find((status) => !claimed(status)) ?? 0;
}

function responseHeadersOf(operation: RegisteredOperation): string[] {
  const keys = Object.keys(operation.responses);
  return keys.flatMap((key) => operation.response(statusAnsweredBy(key, keys))?.headers ?? []);
}

/** Every response header the spec documents on any operation (e.g. `Retry-After`). */
export function declaredResponseHeaders(registry: Registry): string[] {
  return [...new Set(registry.list.flatMap(responseHeadersOf))];
}
