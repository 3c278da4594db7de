// The calls every client is measured against: hand-written fetch calls (with and without a
// per-request timeout signal), bare openapi-fetch, and the stub fetch that answers from memory.
import type { CreateEvalRunRequest, paths } from "@evals-api/types";
import createClient from "openapi-fetch";
import { acceptedRunBody, seedAgentBody } from "./fixtures.js";

export type Fetch = typeof globalThis.fetch;

export interface Calls {
  getAgent(id: string): Promise<unknown>;
  createRun(body: CreateEvalRunRequest): Promise<unknown>;
}

/**
 * One way of making the two calls. `floor` is the one every target is judged against, `ours` the
 * working tree's client, `before` the same client built from an earlier commit (`--before`).
 */
export interface ClientContender {
  name: string;
  role: "floor" | "peer" | "ours" | "before";
  /** Whether it validates request bodies (only then does it take part with validation on). */
  validates: boolean;
  /** Builds the calls against `baseUrl` using `fetch`. */
  create(baseUrl: string, fetch: Fetch): Calls;
}

export const apiKey = "bench-api-key";

/** How long the hand-written timeout is: as long as our client's default, so it never fires. */
const floorTimeoutMs = 60_000;

/**
 * Hand-written calls: fetch with hand-written headers and JSON.parse. With `timeoutMs`, each call
 * also gets its own timeout signal, as a careful hand-written call would.
 */
function handWritten(name: string, role: ClientContender["role"], timeoutMs?: number): ClientContender {
  return {
    name,
    role,
    validates: false,
    create: (baseUrl, fetch) => {
      const send = async (url: string, init: RequestInit) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        if (timeoutMs !== undefined) {
          const controller = new AbortController();
          timer = setTimeout(() => controller.abort(), timeoutMs);
          init.signal = controller.signal;
        }
        try {
          const res = await fetch(url, init);
          const text = await res.text();
          if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
          return (JSON.parse(text) as { data: unknown }).data;
        } finally {
          clearTimeout(timer);
        }
      };
      return {
        getAgent: (id) =>
          send(`${baseUrl}/v1/evals/agents/${encodeURIComponent(id)}`, {
            headers: { authorization: apiKey, accept: "application/json" },
          }),
        createRun: (body) =>
          send(`${baseUrl}/v1/evals/runs`, {
            method: "POST",
            headers: { authorization: apiKey, accept: "application/json", "content-type": "application/json" },
            body: JSON.stringify(body),
          }),
      };
    },
  };
}

/** Raw fetch, no timeout: faster than any client that can time out, so it is context, not the floor. */
export const rawFetch: ClientContender = handWritten("raw fetch", "peer");

/**
 * The floor for any client that can time a request out: raw fetch plus an AbortController and a
 * timer per request (what our client does on every attempt by default).
 */
export const timeoutFloor: ClientContender = handWritten(
  "raw fetch + per-request timeout signal (floor)",
  "floor",
  floorTimeoutMs,
);

/** What a user of the generic tool gets: `createClient<paths>` from openapi-fetch, unwrapped. */
export const bareOpenapiFetch: ClientContender = {
  name: "bare openapi-fetch",
  role: "peer",
  validates: false,
  create: (baseUrl, fetch) => {
    const client = createClient<paths>({ baseUrl, fetch, headers: { authorization: apiKey } });
    const unwrap = <T>(result: { data?: { data?: T }; error?: unknown; response: Response }): T => {
      if (result.error !== undefined || result.data === undefined) throw new Error(`HTTP ${result.response.status}`);
      return result.data.data as T;
    };
    return {
      getAgent: async (id) =>
        unwrap(await client.GET("/v1/evals/agents/{eval_agent_id}", { params: { path: { eval_agent_id: id } } })),
      createRun: async (body) => unwrap(await client.POST("/v1/evals/runs", { body })),
    };
  },
};

const stubBodies = { GET: JSON.stringify(seedAgentBody), POST: JSON.stringify(acceptedRunBody) };

/**
 * A fetch that answers at once from memory, the way the fixed-body server would. It still does
 * what every real fetch does with its arguments — build a Request and read its body — so a
 * client that builds the Request itself is not charged for work raw fetch would do anyway.
 */
export const stubFetch: Fetch = async (input, init) => {
  const request = input instanceof Request && init === undefined ? input : new Request(input, init);
  if (request.body !== null) await request.arrayBuffer();
  const post = request.method === "POST";
  return new Response(post ? stubBodies.POST : stubBodies.GET, {
    status: post ? 202 : 200,
    headers: { "content-type": "application/json" },
  });
};
