// --verbose: one stderr line per attempt (each retry is one), from a wrapper around the fetch the
// client is given: method, path, status, duration, request id, and the Idempotency-Key of a create.
// No header but that key is read, so the API key (the authorization header) cannot be printed.

type Fetch = (input: string | Request, init?: RequestInit) => Promise<Response>;

export function loggedFetch(fetch: Fetch, write: (line: string) => void): Fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    // The path alone: no origin (it may carry credentials in a proxy URL) and no query.
    const path = new URL(request?.url ?? String(input)).pathname;
    const key = new Headers(init?.headers ?? request?.headers).get("idempotency-key");
    const started = performance.now();
    const took = () => `${Math.round(performance.now() - started)} ms`;
    const sent = `${method} ${path}${key ? ` (Idempotency-Key ${key})` : ""}`;
    try {
      const response = await fetch(input, init);
      const requestId = response.headers.get("x-request-id") ?? response.headers.get("request-id");
      write(`${sent} → ${response.status} in ${took()}${requestId ? `, request id ${requestId}` : ""}`);
      return response;
    } catch (error) {
      write(`${sent} → no answer after ${took()}: ${(error as Error)?.name ?? "error"}`);
      throw error;
    }
  };
}
