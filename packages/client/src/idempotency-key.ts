// One random UUID (v4) per logical create call, reused by its retries so a server that honours
// `Idempotency-Key` can deduplicate them. No Node import: `crypto` is the Web Crypto global.

export function newIdempotencyKey(): string {
  // randomUUID: Node ≥ 18 (checked on 18.0.0), browsers in secure contexts, Deno, Bun, Workers. A
  // page on plain http (not localhost) has none: a key must be unique, not secret, so Math.random
  // will do there.
  return (
    (globalThis.crypto as Crypto | undefined)?.randomUUID?.() ??
    // Each 0 becomes a random hex digit, the 8 one of 8–b (2 random bits): with the 4, that marks
    // a version 4 UUID (RFC 4122).
    "00000000-0000-4000-8000-000000000000".replace(/[08]/g, (d) =>
      (+d ^ ((Math.random() * 16) >> (+d / 4))).toString(16),
    )
  );
}
