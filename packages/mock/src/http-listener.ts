// Over HTTP, the registry's operations are answered straight from node:http: the request is read from
// Node's IncomingMessage and the answer written to its ServerResponse, with no fetch Request or
// Response in between. Building those (and loading Node's fetch implementation to do so) costs more
// than the rest of an answer, and tens of milliseconds at startup. Every other request (preflights,
// unknown routes, HEAD, unusual URLs, bodies without a Content-Length or above the limit) goes to
// the Hono app through @hono/node-server, so there is one definition of each behaviour.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { RegisteredOperation } from "@evals-api/types/registry";
import { type Answer, failureAnswer } from "./answers.js";
import type { MockApp } from "./app.js";
import type { OperationRequest } from "./input.js";
import type { ParameterValues } from "./parameters.js";

export interface HttpListenerSettings {
  app: MockApp;
  maxBodyBytes: number;
  /** The headers of every answer (see answerHeaders). */
  headers: Record<string, string>;
  /** Answers whatever this listener does not: the Hono app over @hono/node-server. */
  fallback: RequestListener;
}

// The Host values and request targets that @hono/node-server turns into a URL by concatenation
// (its src/url.ts), without parsing it: for these it neither refuses the request nor rewrites its
// URL, and Hono's path is the target's, up to `?` or `#` (no percent-encoding, no dot segments).
// Every other request takes the fallback, so that it is answered exactly as the Hono app answers it.
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
const PLAIN_TARGET = /^\/[!#$&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;

/** A header's values, by case-insensitive name, joined with ", " as fetch's `Headers.get` does. */
function headerOf(incoming: IncomingMessage, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const raw = incoming.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const rawName = raw[i] as string;
    if (rawName.length === wanted.length && rawName.toLowerCase() === wanted) {
      value = value === undefined ? (raw[i + 1] as string) : `${value}, ${raw[i + 1]}`;
    }
  }
  return value;
}

/** The whole body; Node's parser ends it at exactly Content-Length bytes. */
function readBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.once("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    incoming.once("error", reject);
    incoming.once("close", () => {
      if (!incoming.complete) reject(new Error("the client closed the connection before sending the whole body"));
    });
  });
}

/** Whether a body this size is read here: declared by one Content-Length, within the limit. */
function bodyIsReadable(incoming: IncomingMessage, maxBodyBytes: number): boolean {
  const declared = headerOf(incoming, "content-length");
  return (
    declared !== undefined && headerOf(incoming, "transfer-encoding") === undefined && Number(declared) <= maxBodyBytes
  );
}

// Headers as a flat [name, value, …] list: Node writes it with less work than an object's keys.
// An answer's own headers (Retry-After, Allow) are never among the fixed ones.
function write(response: ServerResponse, answer: Answer, fixed: readonly string[]): void {
  if (response.destroyed) return;
  const text = JSON.stringify(answer.body);
  const headers: (string | number)[] = fixed.slice();
  if (answer.headers !== undefined)
    for (const name in answer.headers) headers.push(name, answer.headers[name] as string);
  headers.push("content-length", Buffer.byteLength(text));
  response.writeHead(answer.status, headers);
  response.end(text);
}

/** An operation's request as node:http received it. */
class IncomingRequest implements OperationRequest {
  private search: URLSearchParams | undefined;

  constructor(
    private readonly incoming: IncomingMessage,
    readonly path: string,
  ) {}

  get method(): string {
    return this.incoming.method as string;
  }

  header(name: string): string | undefined {
    return headerOf(this.incoming, name);
  }

  // Parsed on first use: only an operation that declares query parameters reads them.
  query(name: string): string | undefined {
    const target = this.incoming.url ?? "";
    this.search ??= new URLSearchParams(target.slice(this.path.length).replace(/#.*$/, ""));
    return this.search.get(name) ?? undefined;
  }

  body(): Promise<Uint8Array> {
    return readBody(this.incoming);
  }

  drop(): void {
    this.incoming.socket.destroy();
  }
}

export function createHttpListener(settings: HttpListenerSettings): RequestListener {
  const { app, maxBodyBytes, fallback } = settings;
  const headers = Object.entries(settings.headers).flat();

  async function answerDirectly(
    response: ServerResponse,
    operation: RegisteredOperation,
    params: ParameterValues,
    request: OperationRequest,
  ): Promise<void> {
    let answer: Answer | null;
    try {
      answer = await app.answer(operation, params, request);
    } catch (error) {
      answer = failureAnswer(error);
    }
    // A dropped connection (null) was destroyed already: there is no one to answer.
    if (answer !== null) write(response, answer, headers);
  }

  return (incoming, response) => {
    const target = incoming.url ?? "";
    // Read from the raw headers, so Node never builds `incoming.headers` (a repeated Host, joined
    // with ", ", is not plain and takes the fallback).
    const host = headerOf(incoming, "host");
    if (host === undefined || !PLAIN_HOST.test(host) || !PLAIN_TARGET.test(target) || DOT_SEGMENT.test(target)) {
      return fallback(incoming, response);
    }
    const end = target.search(/[?#]/);
    const path = end === -1 ? target : target.slice(0, end);
    // A 404 or 405 is the Hono app's to answer; so is HEAD, whose answer has no body.
    const match = app.route(incoming.method ?? "", path);
    if (match?.operation === undefined) return fallback(incoming, response);
    const { operation, params } = match;
    if (operation.requestBodySchema !== null && !bodyIsReadable(incoming, maxBodyBytes)) {
      return fallback(incoming, response);
    }
    void answerDirectly(response, operation, params, new IncomingRequest(incoming, path));
  };
}
