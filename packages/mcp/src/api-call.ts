// One call of an operation through @evals-api/client's `raw`, which any operation of the spec goes
// through with the client's key handling, timeout and retry policy (a billed POST is re-sent only
// when it provably was not processed). What comes back is the envelope's `data`, or the client's
// error class for the answer.
import { EvalsApiError, type EvalsClient } from "@evals-api/client";
import type { RegisteredOperation } from "@evals-api/types/registry";
import type { RequestParts } from "./tool-arguments.js";

/** A client whose `raw` takes any path: the registry's operations, whichever spec it was made from. */
export type AnyEvalsClient = EvalsClient<Record<string, unknown>>;

export type CallOutcome = { ok: true; status: number; data: Record<string, unknown> } | { ok: false; error: unknown };

type RawRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

const isIdempotent = (method: string) => method !== "POST" && method !== "PATCH";

export async function callOperation(
  evals: AnyEvalsClient,
  operation: RegisteredOperation,
  path: string,
  parts: RequestParts,
  redact: <T>(value: T) => T,
): Promise<CallOutcome> {
  const { method } = operation;
  const request = (evals.raw as unknown as { request: RawRequest }).request;
  try {
    const { data, error, response } = await request(method, path, {
      params: { query: parts.query, header: parts.header },
      ...(parts.body === undefined ? {} : { body: parts.body }),
      // Following a redirect would send a billed request again (307, 308) or as a GET (301-303).
      ...(isIdempotent(method) ? {} : { redirect: "manual" }),
    });
    const payload = response.ok ? (data as { data?: unknown } | undefined)?.data : undefined;
    if (payload !== null && typeof payload === "object" && !Array.isArray(payload)) {
      return { ok: true, status: response.status, data: payload as Record<string, unknown> };
    }
    const redirected = !response.ok && response.status < 400;
    const message = redirected
      ? `${method} ${path} was answered with a redirect (HTTP ${response.status}), not followed: check --base-url`
      : undefined;
    const init = {
      status: response.status,
      body: response.ok ? data : error,
      headers: response.headers,
      method,
      path,
      message,
    };
    return { ok: false, error: EvalsApiError.from(init, redact) };
  } catch (error) {
    return { ok: false, error };
  }
}
