// One random UUID (v4) per logical create call, reused by its retries so a server that honours
// `Idempotency-Key` can deduplicate them. No Node import: `crypto` is the Web Crypto global.

export function newIdempotencyKey(): string {
  const crypto = globalThis.crypto as Crypto | undefined;
  // randomUUID: Node ≥ 19, browsers (secure contexts), Deno, Bun, Workers. Node 18 has no Web Crypto
  // global unless flagged, so Math.random is the last resort: a key must be unique, not secret.
  return (
    crypto?.randomUUID?.() ??
    // Each 0 becomes a random hex digit; the 4 and the 8 (with 2 random bits) mark version 4, RFC 4122.
    "00000000-0000-4000-8000-000000000000".replace(/[08]/g, (d) =>
      (
        +d ^
        ((crypto ? (crypto.getRandomValues(new Uint8Array(1))[0] ?? 0) : Math.random() * 256) & (d > "0" ? 3 : 15))
      ).toString(16),
    )
  );
}
