// A body copied while it streams past the proxy, up to a limit: the proxy validates what it copied
// once the body has ended. A body over the limit passes through all the same, uncopied, so the
// proxy's memory stays bounded whatever size the bodies are.
import { Transform, type TransformCallback } from "node:stream";

/** The largest body the proxy copies and validates: the mock's body limit, and the suite's 413 check's. */
export const MAX_CHECKED_BODY_BYTES = 1024 * 1024;

export class BodyCopy extends Transform {
  #chunks: Buffer[] | undefined = [];
  /** Bytes that passed, copied or not. */
  bytes = 0;
  /** Whether the whole body passed (the stream ended, not broken off). */
  ended = false;

  constructor(private readonly limit: number) {
    super();
    this.once("end", () => {
      this.ended = true;
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.#chunks !== undefined) {
      if (this.bytes > this.limit)
        this.#chunks = undefined; // drop the copy at once: memory is the point
      else this.#chunks.push(chunk);
    }
    done(null, chunk);
  }

  /** Whether the body went over the limit, and so was not copied. */
  get tooLarge(): boolean {
    return this.#chunks === undefined;
  }

  /** The body as text; undefined when it was too large to copy. */
  text(): string | undefined {
    return this.#chunks === undefined ? undefined : Buffer.concat(this.#chunks).toString("utf8");
  }
}
