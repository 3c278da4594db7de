// Construction-time checks: fail at createEvalsClient(), saying what to do, not on the first call.
import { EvalsError } from "./errors.js";

// The spec's server (openapi.json `servers[0].url`); a test keeps the two equal.
export const DEFAULT_BASE_URL = "https://api.bland.ai";

/** The key given, else `BLAND_API_KEY` from the environment where there is one (Node, Bun, Deno). */
export function resolveApiKey(apiKey: string | undefined): string {
  const key = apiKey ?? globalThis.process?.env?.BLAND_API_KEY;
  if (!key?.trim()) throw new EvalsError("Missing API key: pass { apiKey } or set BLAND_API_KEY");
  return key;
}

/**
 * The base URL without its trailing slash. The key must not cross the network in clear text, so
 * plain http is refused unless the host is this machine or the caller insists (`allowInsecure`).
 */
export function checkBaseUrl(baseUrl: string, allowInsecure = false): string {
  try {
    const { protocol, hostname } = new URL(baseUrl);
    const loopback = /^(localhost|127(\.\d+){3}|\[::1\])$/.test(hostname);
    if (protocol === "https:" || (protocol === "http:" && (loopback || allowInsecure))) {
      return baseUrl.replace(/\/+$/, "");
    }
  } catch {} // not a URL: refused below
  throw new EvalsError(`Refused baseUrl "${baseUrl}": the key needs https, a loopback host or allowInsecure`);
}
