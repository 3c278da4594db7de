// SHA-256 of a string's UTF-8 (or of bytes), as lower-case hex: what `runs.createMany` derives its batch and chunk
// keys from. The same digest on every runtime, so a batch resumed elsewhere sends the same keys: Web
// Crypto's where there is one (native, ~30× faster), else the implementation below, for runtimes
// without `crypto.subtle` (Node 18, a page served over plain http).

export async function sha256Hex(input: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const subtle = (globalThis.crypto as Crypto | undefined)?.subtle;
  const digest = subtle ? new Uint8Array(await subtle.digest("SHA-256", bytes)) : sha256(bytes);
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

// FIPS 180-4, §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64
// primes, computed rather than listed.
const K = new Uint32Array(64);
for (let n = 2, i = 0; i < 64; n++) {
  let prime = true;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
  if (prime) K[i++] = (Math.cbrt(n) % 1) * 2 ** 32;
}
// §5.3.3: the same of the square roots of the first 8 primes.
const H0 = [2, 3, 5, 7, 11, 13, 17, 19].map((p) => ((Math.sqrt(p) % 1) * 2 ** 32) >>> 0);

type State = [number, number, number, number, number, number, number, number];
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** SHA-256 of `bytes` (FIPS 180-4, §6.2). */
export function sha256(bytes: Uint8Array): Uint8Array {
  // Padding (§5.1.1): a 1 bit, zeros, and the length in bits, to a multiple of 64 bytes.
  const padded = new Uint8Array(Math.ceil((bytes.length + 9) / 64) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bytes.length / 2 ** 29));
  view.setUint32(padded.length - 4, bytes.length * 8);
  const hash = [...H0] as State;
  const w = new Uint32Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(offset + t * 4);
    for (let t = 16; t < 64; t++) {
      const [x, y] = [w[t - 15] ?? 0, w[t - 2] ?? 0];
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[t] = (w[t - 16] ?? 0) + s0 + (w[t - 7] ?? 0) + s1;
    }
    compress(hash, w);
  }
  const out = new DataView(new ArrayBuffer(32));
  for (let i = 0; i < 8; i++) out.setUint32(i * 4, hash[i] ?? 0);
  return new Uint8Array(out.buffer);
}

// The 64 rounds over one block's message schedule `w`, added into `hash`.
function compress(hash: State, w: Uint32Array): void {
  let [a, b, c, d, e, f, g, h] = hash;
  for (let t = 0; t < 64; t++) {
    const choice = (e & f) ^ (~e & g);
    const t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + choice + (K[t] ?? 0) + (w[t] ?? 0);
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + majority;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  [a, b, c, d, e, f, g, h].forEach((x, i) => {
    hash[i] = ((hash[i] ?? 0) + x) >>> 0;
  });
}
