// The transport: one attempt of a resource call, by one of two routes, and openapi-fetch's client,
// which `raw` is made of. Until middleware is registered a call goes straight to fetch with a plain
// init, as a hand-written call would (the hot path); after, through openapi-fetch, whose Request
// and hooks middleware needs. The key is added on the way out only, and only for the client's origin.
import type { Client, Middleware } from "openapi-fetch";
import type { KeepBody } from "./evals-promise.js";
import type { Settings } from "./options.js";

type CreateClient = typeof import("./openapi-client.js").createClient;
let openapiFetch: Promise<CreateClient> | undefined;

// openapi-fetch is imported on the first call that needs it (a raw call, or any call once middleware
// is registered): the hot path never does, so a bundler that splits chunks leaves it out of the
// entry chunk that every user downloads.
function loadOpenapiFetch(): Promise<CreateClient> {
  openapiFetch ??= import("./openapi-client.js").then((module) => module.createClient);
  return openapiFetch;
}

/** One resource call, as every attempt of it sends it. */
export interface Outgoing {
  method: string;
  /** The path called, its parameters filled in. */
  path: string;
  /** The spec's path, e.g. `/v1/evals/agents/{eval_agent_id}`: what middleware sees as `schemaPath`. */
  template: string;
  params: Record<string, string> | undefined;
  /** The JSON body, serialised once for all attempts. */
  body: string | undefined;
  /** The call's headers and the operation's own, which win; names lower-cased. */
  headers: Record<string, string>;
  redirect: "manual" | undefined;
  /** `asResponse()` was called: the response's body stays unread, a copy of it is read instead. */
  keep: KeepBody;
}

/** One attempt of a call: what the client's attempts repeat. */
export type Send = (request: Outgoing, signal: AbortSignal | undefined) => Promise<Answer>;

/** An answer: the response, and its body (the parsed JSON, else the text), read within the attempt. */
export interface Answer {
  response: Response;
  body: unknown;
}

export interface Transport<Paths extends {}> {
  /** openapi-fetch's client over the keyed fetch, made on the first call that needs it. */
  client(): Promise<Client<Paths>>;
  /** The middleware registered, in order: every call through openapi-fetch runs them. */
  middleware: Middleware[];
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
  send: Send;
}

export function createTransport<Paths extends {}>(settings: Settings, given: Middleware[] = []): Transport<Paths> {
  const { apiKey, baseUrl, fetch, headers: baseHeaders } = settings;
  const middleware: Middleware[] = [];
  let client: Promise<Client<Paths>> | undefined;
  const transport: Transport<Paths> = {
    client: () => {
      client ??= loadOpenapiFetch().then((createClient) =>
        createClient<Paths>({ baseUrl, headers: baseHeaders, fetch: (request) => keyed(settings, request) }),
      );
      return client;
    },
    middleware,
    // As openapi-fetch's own use() and eject(), on a list every call passes it, so that registering
    // needs no openapi-fetch yet. An empty list puts calls back on the hot path.
    use(...added) {
      for (const hooks of added) {
        if (!hooks) continue;
        if (typeof hooks !== "object" || !("onRequest" in hooks || "onResponse" in hooks || "onError" in hooks)) {
          throw new TypeError("Refused middleware: give an object with onRequest, onResponse or onError");
        }
        middleware.push(hooks);
      }
    },
    eject(...removed) {
      for (const hooks of removed) {
        const at = middleware.indexOf(hooks);
        if (at !== -1) middleware.splice(at, 1);
      }
    },
    async send(request, signal) {
      const { method, path, template, params, body: json, headers, redirect } = request;
      let response: Response;
      let body: unknown;
      if (middleware.length > 0) {
        const openapi = (await transport.client()) as unknown as { request: LooseRequest };
        signal?.throwIfAborted(); // while openapi-fetch loaded
        ({ response, error: body } = await openapi.request(method, template, {
          params: { path: params },
          // The URL the direct route calls (openapi-fetch hands its serializer the whole URL).
          pathSerializer: () => baseUrl + path,
          body: json,
          bodySerializer: String, // already JSON
          headers,
          signal,
          redirect,
          parseAs: "stream",
          middleware,
        }));
      } else {
        response = await fetch(baseUrl + path, {
          method,
          body: json,
          headers: { ...baseHeaders, ...headers, authorization: apiKey },
          signal,
          redirect,
        });
      }
      // As openapi-fetch does for an error: the parsed JSON, else the text (a proxy's HTML 502).
      if (body === undefined) {
        const text = await (request.keep.wanted ? response.clone() : response).text();
        body = parseJson(text) ?? text;
      }
      return { response, body };
    },
  };
  transport.use(...given);
  return transport;
}

// The key goes on a copy of the Request, made after onRequest has run: openapi-fetch hands its own
// Request to onResponse and onError too, so no hook ever sees the key. A request sent elsewhere
// (a per-call baseUrl, a middleware's new Request) goes without it.
async function keyed({ apiKey, origin, fetch, redact }: Settings, request: Request): Promise<Response> {
  if (!request.url.startsWith(`${origin}/`)) return fetch(request);
  const copy = request.clone();
  copy.headers.set("authorization", apiKey);
  try {
    return await fetch(copy);
  } catch (error) {
    throw redact(error); // onError middleware gets it first: it must not carry the key there either
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {} // not JSON: undefined
}

// openapi-fetch types each call by its literal path and method; this shared path passes them as data.
type LooseRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ response: Response; error?: unknown }>;
