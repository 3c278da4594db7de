// The mock as a Hono app: `mock.fetch` in-process (and in a browser), and over HTTP every request
// the node:http listener does not answer itself (preflights, unknown routes, unusual requests).
// Loaded on first use: the CLI's first answers need none of it.
import { operationIndex } from "@evals-api/types";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { type Answer, failureAnswer, headersOf } from "./answers.js";
import { ErrorCode, MockError } from "./errors.js";
import type { AnswerOperation } from "./operations.js";
import { readJsonBody } from "./request-body.js";
import { allowedMethods, routes } from "./routes.js";
import { declaredRequestHeaders, declaredResponseHeaders, operationIds } from "./spec.js";

// Over HTTP, @hono/node-server passes the Node request (whose socket a drop destroys); in-process,
// mock.fetch passes an object the handler flags, since middleware may replace the Response.
export type Bindings = { incoming?: { socket?: { destroy(): void } }; dropped?: boolean };

export interface HonoAppSettings {
  answerOperation: AnswerOperation;
  maxBodyBytes: number;
  cors: boolean;
  /** The headers of every answer (see answerHeaders). */
  headers: Record<string, string>;
}

export function createHonoApp(settings: HonoAppSettings): Hono<{ Bindings: Bindings }> {
  const { answerOperation, maxBodyBytes, headers } = settings;
  // Plain header objects: @hono/node-server writes them straight to the socket.
  const respond = (answer: Answer) =>
    new Response(JSON.stringify(answer.body), { status: answer.status, headers: headersOf(answer, headers) });
  const envelope = (error: MockError) =>
    respond({ status: error.status, body: error.envelope, headers: error.headers });

  const app = new Hono<{ Bindings: Bindings }>();
  if (settings.cors) {
    // Preflights only: the headers of actual answers are fixed, so `respond` adds them (a
    // middleware on every request would build each Response twice). Methods and headers are the
    // spec's own, so a browser may send what a client sends.
    app.options(
      "*",
      cors({
        origin: "*",
        allowMethods: [...new Set(operationIds.map((id) => operationIndex[id].method as string))],
        allowHeaders: ["content-type", ...declaredRequestHeaders()],
        exposeHeaders: declaredResponseHeaders(),
      }),
    );
  }

  for (const route of routes) {
    app.on(route.method, route.honoPath, async (c) => {
      const answer = await answerOperation(route.operationId, {
        method: c.req.method,
        path: c.req.path,
        header: (name) => c.req.header(name),
        param: (name) => c.req.param(name),
        // Over HTTP (c.env.incoming), Node has checked the body against its Content-Length.
        json: () => readJsonBody(c.req.raw, maxBodyBytes, c.env.incoming !== undefined),
        drop: () => {
          c.env.incoming?.socket?.destroy();
          c.env.dropped = true;
        },
      });
      return answer === null ? new Response(null, { status: 599 }) : respond(answer);
    });
  }

  app.all("*", (c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length > 0) {
      return envelope(
        MockError.of(
          405,
          ErrorCode.methodNotAllowed,
          `${c.req.method} is not allowed here; use ${allowed.join(", ")}`,
          {
            Allow: allowed.join(", "),
          },
        ),
      );
    }
    return envelope(MockError.of(404, ErrorCode.notFound, `No such endpoint: ${c.req.method} ${c.req.path}`));
  });

  app.onError((error) => respond(failureAnswer(error)));
  return app;
}
