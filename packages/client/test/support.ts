// Test doubles: a scripted in-process fetch that records what the client sent, and a real
// node:http server on 127.0.0.1. Nothing here reaches the internet.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { CreateEvalRunRequest } from "@evals-api/types";
import { afterEach, beforeEach, vi } from "vitest";

export const apiKey = "test-key-0123";
export const agentId = "11111111-aaaa-bbbb-cccc-dddddddddddd";
export const createBody: CreateEvalRunRequest = {
  call_ids: ["call_1", "call_2"],
  attached_agents: [
    {
      eval_agent_id: agentId,
      eval_agent_version_id: "22222222-aaaa-bbbb-cccc-dddddddddddd",
      weight: 50,
      target_level_keys: ["excellent"],
    },
  ],
};

export const run = { id: "e5f6a7b8-c9d0-1234-efab-345678901234", status: "PENDING" };
export const agent = { agent: { id: agentId }, current_version: { id: "22222222-aaaa-bbbb-cccc-dddddddddddd" } };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function envelope(status: number, errors: { error?: string; message: string }[], headers = {}): Response {
  return json(status, { data: null, errors }, headers);
}

export const ok = (data: unknown = run, status = 202) => json(status, { data, errors: null });

/** An error envelope for `status`, its message naming the status. */
export const failing = (status: number, headers: Record<string, string> = {}) =>
  envelope(status, [{ error: "E", message: `status ${status}` }], headers);

/**
 * Each test of the file on a fake clock at a fixed date, with the backoff's jitter fixed at its
 * middle (Math.random() = 0.5), so that every delay a retry waits is exact.
 */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-05-27T10:00:00.000Z"));
    vi.spyOn(Math, "random").mockReturnValue(0.5);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}

/** Runs `call` to completion on the fake clock; resolves with its outcome, never rejects. */
export async function settle<T>(call: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const outcome = call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  return outcome;
}

export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  /** Date.now() when the request was sent (the fake clock under fake timers). */
  at: number;
}

type Answer = Response | Error | ((request: Request) => Response | Promise<Response>);

/**
 * A fetch that answers with `answers` in order (the last one repeats) and records every request.
 * An Error is thrown as fetch would throw a network failure.
 */
export function scriptedFetch(...answers: Answer[]) {
  const sent: SentRequest[] = [];
  const fetch = async (input: string | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    sent.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text(),
      at: Date.now(),
    });
    const answer = answers[Math.min(sent.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    if (typeof answer === "function") return answer(request);
    // A Response body can be read once: hand out a copy each time.
    return (answer as Response).clone();
  };
  return { fetch, sent };
}

/** A fetch that never answers but honours the abort signal, as a hung server would behave. */
export function hangingFetch() {
  let calls = 0;
  const fetch = (input: string | Request, init?: RequestInit): Promise<Response> => {
    calls++;
    const signal = init?.signal ?? (input as Request).signal;
    return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason)));
  };
  return {
    fetch,
    get calls() {
      return calls;
    },
  };
}

/** The error a Node fetch throws when the connection fails, with the reason in `cause`. */
export function networkError(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code }) });
}

export interface TestServer {
  url: string;
  requests: IncomingMessage[];
  /** Resolves when every connection the server accepted has closed. */
  allConnectionsClosed(): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const closed: Promise<void>[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => handler(req, res, body));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    closed.push(new Promise((resolve) => socket.on("close", () => resolve())));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    allConnectionsClosed: async () => {
      await Promise.all(closed);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on: connecting to it is refused. */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * Where `needle` can be reached from `value`: a path for every string, property name or symbol
 * description that contains it, following own properties (enumerable or not, getters included),
 * prototypes other than the built-in ones, Map and Set entries, however deep. Empty: unreachable.
 */
export function reachable(value: unknown, needle: string): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const builtIn = new Set<unknown>([Object.prototype, Array.prototype, Function.prototype]);
  for (const E of [Error, TypeError, RangeError, SyntaxError, AggregateError, DOMException]) builtIn.add(E.prototype);
  const stack: [unknown, string][] = [[value, "error"]];
  while (stack.length > 0) {
    const [v, at] = stack.pop() as [unknown, string];
    if (typeof v === "string") {
      if (v.includes(needle)) found.push(at);
      continue;
    }
    if ((typeof v !== "object" && typeof v !== "function") || v === null || seen.has(v)) continue;
    seen.add(v);
    if (typeof v === "function" && String(v).includes(needle)) found.push(`${at} (source)`);
    const proto = Object.getPrototypeOf(v);
    if (!builtIn.has(proto)) stack.push([proto, `${at}.__proto__`]);
    if (v instanceof Map) for (const [k, x] of v) stack.push([k, `${at}<key>`], [x, `${at}<value>`]);
    if (v instanceof Set) for (const x of v) stack.push([x, `${at}<item>`]);
    for (const key of Reflect.ownKeys(v)) {
      const name = typeof key === "symbol" ? (key.description ?? "") : key;
      if (name.includes(needle)) found.push(`${at} (name ${name})`);
      let inner: unknown;
      try {
        inner = (v as Record<PropertyKey, unknown>)[key];
      } catch {}
      stack.push([inner, `${at}.${name}`]);
    }
  }
  return found;
}
