// The transport: one attempt of a resource call, by one of two routes, and openapi-fetch's client,
// which `raw` is made of. Until middleware is registered a call goes straight to fetch with a plain
// init, as a hand-written call would (the hot path); after, through openapi-fetch, whose Request
// and hooks middleware needs. The key is added on the way out only, and only for the client's origin.
import type { Client, Middleware } from "openapi-fetch";
import * as openapiFetch from "openapi-fetch";
import type { Settings } from "./options.js";

// openapi-fetch has only a default export. Our CJS build requires it with Node's rules, where the
// default is the whole `exports` object (whose own `default` is the function).
const createClient =
  (openapiFetch.default as { default?: typeof openapiFetch.default }).default ?? openapiFetch.default;

/** One resource call, as every attempt of it sends it. */
export interface Outgoing {
  method: string;
  /** The path called, its parameters filled in. */
  path: string;
  /** The spec's path, e.g. `/v1/evals/agents/{eval_agent_id}` (`path` has the parameters filled in). */
  template: string;
  params: Record<string, string> | undefined;
  /** The JSON body, serialised once for all attempts. */
  body: string | undefined;
  /** The call's headers and the operation's own, which win; names lower-cased. */
  headers: Record<string, string>;
  redirect: "manual" | undefined;
}

/** An answer: the response, and its body (the parsed JSON, else the text), read within the attempt. */
export interface Answer {
  response: Response;
  body: unknown;
}

export interface Transport<Paths extends {}> {
  /** openapi-fetch's client over the keyed fetch; registering middleware on it switches the route. */
  client: Client<Paths>;
  send(request: Outgoing, signal: AbortSignal | undefined): Promise<Answer>;
}

export function createTransport<Paths extends {}>(settings: Settings, middleware: Middleware[] = []): Transport<Paths> {
  const { apiKey, baseUrl, fetch, headers: baseHeaders } = settings;
  const client = createClient<Paths>({ baseUrl, headers: baseHeaders, fetch: (request) => keyed(settings, request) });
  let viaMiddleware = false;
  const { use } = client;
  client.use = (...added) => {
    use(...added);
    viaMiddleware ||= added.some(Boolean);
  };
  client.use(...middleware);

  async function send(request: Outgoing, signal: AbortSignal | undefined): Promise<Answer> {
    const { method, path, template, params, body: json, headers, redirect } = request;
    let response: Response;
    let body: unknown;
    if (viaMiddleware) {
      ({ response, error: body } = await (client.request as LooseRequest)(method, template, {
        params: { path: params },
        body: json,
        bodySerializer: String, // already JSON
        headers,
        signal,
        redirect,
        parseAs: "stream",
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
      const text = await response.text();
      body = parseJson(text) ?? text;
    }
    return { response, body };
  }
  return { client, send };
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
