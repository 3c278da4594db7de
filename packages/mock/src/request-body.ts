// Reading a JSON request body the way a careful server does: the content type first (415), then
// the size, without buffering more than the limit (413), then the JSON itself (400). The input
// step (input.ts) takes them in that order; a transport only supplies the bytes.
import { isJsonMediaType } from "@evals-api/types/spec-reading";
import { ErrorCode, MockError } from "./errors.js";

const UTF8 = new TextDecoder("utf-8", { fatal: true });

async function readLimited(request: Request, maxBytes: number, declared: number): Promise<Uint8Array | null> {
  if (request.body === null) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooLarge = declared > maxBytes;
  // Keep draining (and discarding) an oversized upload for a while, so an HTTP client still
  // reading its own upload receives the 413 instead of a reset connection.
  while (size <= maxBytes * 16) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) tooLarge = true;
    if (!tooLarge) chunks.push(value);
  }
  if (size > maxBytes * 16) await reader.cancel();
  if (tooLarge) return null;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * 415 unless the content type is JSON by the spec's one rule (`application/json` or a `+json` type,
 * any case, parameters allowed). Checked before the size.
 */
export function checkJsonContentType(contentType: string | null | undefined): void {
  if (contentType == null || !isJsonMediaType(contentType)) {
    throw MockError.of(
      415,
      ErrorCode.unsupportedMediaType,
      `Content-Type must be JSON (application/json or a +json type), got ${contentType == null ? "none" : JSON.stringify(contentType)}`,
    );
  }
}

/** The 413 of a body above `maxBytes`. */
export function tooLarge(maxBytes: number): MockError {
  return MockError.of(
    413,
    ErrorCode.payloadTooLarge,
    `Request body exceeds ${maxBytes} bytes; send fewer call ids per run`,
  );
}

/** The JSON value of a whole body: 400 unless it is UTF-8, not blank and JSON. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw MockError.invalid([{ path: "", message: "request body is not valid UTF-8" }]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // Only a failed parse can be a blank body (JSON.parse refuses every blank text), so the body is
    // not trimmed (copied) on every request.
    if (text.trim() === "") {
      throw MockError.invalid([{ path: "", message: "request body is required (a JSON object)" }]);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw MockError.invalid([{ path: "", message: `request body is not valid JSON (${reason})` }]);
  }
}

/**
 * The bytes of a fetch `Request`'s body; rejects with the 413 of one above `maxBytes`.
 * `lengthIsExact`: the transport guarantees the body is exactly `Content-Length` bytes (Node's
 * HTTP parser does), so a body declared within the limit is read in one go instead of as a stream.
 */
export async function readBodyBytes(request: Request, maxBytes: number, lengthIsExact: boolean): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  const bytes =
    lengthIsExact && declared <= maxBytes
      ? new Uint8Array(await request.arrayBuffer())
      : await readLimited(request, maxBytes, declared);
  if (bytes === null) throw tooLarge(maxBytes);
  return bytes;
}
