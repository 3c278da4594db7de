// One random UUID (v4) per logical create call, reused by its retries so a server that honours
// `Idempotency-Key` can deduplicate them. No Node import: `crypto` is the Web Crypto global.

/**
 * The client's source of keys, chosen when the client is made: Node's `globalThis.crypto` is a
 * getter that runs on every read (in one stub-fetch harness, a read per create cost up to ~20 µs a
 * call, though not in every run), and a key source read once costs nothing per call.
 */
export function idempotencyKeys(): () => string {
  // randomUUID: Node ≥ 18 (checked on 18.0.0), browsers in secure contexts, Deno, Bun, Workers. A
  // page on plain http (not localhost) has none: a key must be unique, not secret, so Math.random
  // will do there. Each 0 becomes a random hex digit, the 8 one of 8–b (2 random bits): with the 4,
  // that marks a version 4 UUID (RFC 4122).
  const webCrypto = globalThis.crypto as Crypto | undefined;
  return webCrypto?.randomUUID
    ? () => webCrypto.randomUUID()
    : () =>
        "00000000-0000-4000-8000-000000000000".replace(/[08]/g, (d) =>
          (+d ^ ((Math.random() * 16) >> (+d / 4))).toString(16),
        );
}
