// The mock as a Hono app: `mock.fetch` in-process (and in a browser), and over HTTP every request
// the node:http listener does not answer itself (preflights, unknown routes, unusual requests).
// It routes through the same registry lookup as that listener, so it holds no route of its own.
// Loaded on first use: the CLI's first answers need none of it.
import type { Registry } from "@evals-api/types/registry";
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { type Answer, failureAnswer, headersOf } from "./answers.js";
import { type MockApp, routingAnswer } from "./app.js";
import { declaredMethods, declaredRequestHeaders, declaredResponseHeaders } from "./declared-headers.js";
import type { OperationRequest } from "./input.js";
import { readBodyBytes } from "./request-body.js";

// Over HTTP, @hono/node-server passes the Node request (whose socket a drop destroys); in-process,
// mock.fetch passes an object the handler flags, since middleware may replace the Response.
export type Bindings = { incoming?: { socket?: { destroy(): void } }; dropped?: boolean };

export interface HonoAppSettings {
  app: MockApp;
  registry: Registry;
  maxBodyBytes: number;
  cors: boolean;
  /** The headers of every answer (see answerHeaders). */
  headers: Record<string, string>;
}

/** The path of a request URL as sent, percent-encoding kept (the registry decodes parameters). */
function pathnameOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start === -1) return "/";
  const end = url.slice(start).search(/[?#]/);
  return end === -1 ? url.slice(start) : url.slice(start, start + end);
}

function operationRequest(c: Context<{ Bindings: Bindings }>, maxBodyBytes: number): OperationRequest {
  return {
    method: c.req.method,
    path: c.req.path,
    header: (name) => c.req.header(name),
    query: (name) => c.req.query(name),
    // Over HTTP (c.env.incoming), Node has checked the body against its Content-Length.
    body: () => readBodyBytes(c.req.raw, maxBodyBytes, c.env.incoming !== undefined),
    drop: () => {
      c.env.incoming?.socket?.destroy();
      c.env.dropped = true;
    },
  };
}

export function createHonoApp(settings: HonoAppSettings): Hono<{ Bindings: Bindings }> {
  const { app, registry, maxBodyBytes, headers } = settings;
  // Plain header objects: @hono/node-server writes them straight to the socket.
  const respond = (answer: Answer) =>
    new Response(JSON.stringify(answer.body), { status: answer.status, headers: headersOf(answer, headers) });

  const hono = new Hono<{ Bindings: Bindings }>();
  if (settings.cors) {
    // Preflights only: the headers of actual answers are fixed, so `respond` adds them (a
    // middleware on every request would build each Response twice). Methods and headers are the
    // spec's own, so a browser may send what a client sends.
    hono.options(
      "*",
      cors({
        origin: "*",
        allowMethods: declaredMethods(registry),
        allowHeaders: ["content-type", ...declaredRequestHeaders(registry)],
        exposeHeaders: declaredResponseHeaders(registry),
      }),
    );
  }

  hono.all("*", async (c) => {
    // Hono answers HEAD as GET without the body, as HTTP asks.
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const match = app.route(method, pathnameOf(c.req.url));
    if (match?.operation === undefined) return respond(routingAnswer(c.req.method, c.req.path, match));
    const answer = await app.answer(match.operation, match.params, operationRequest(c, maxBodyBytes));
    return answer === null ? new Response(null, { status: 599 }) : respond(answer);
  });

  hono.onError((error) => respond(failureAnswer(error)));
  return hono;
}
