// createMockServer: one Hono app that answers in-process (`mock.fetch`) and over HTTP
// (`mock.listen()`). The routes are the spec's operations (from operationIndex); each handler
// returns a payload or throws a MockError, and one place turns either into the spec's envelope.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type GetEvalAgentResponse, operationIndex } from "@evals-api/types";
import { headerParameters, type OperationId, responseExamples } from "@evals-api/types/spec";
import type { ValidationIssue } from "@evals-api/types/validators";
import * as validators from "@evals-api/types/validators";
import type { Context } from "hono";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { getEvalAgent } from "./agents.js";
import { codeForStatus, ErrorCode, MockError } from "./errors.js";
import { createFaultPlan, type FaultKind, type FaultOptions } from "./faults.js";
import { readJsonBody } from "./request-body.js";
import { createEvalRun } from "./runs.js";
import type { Seed } from "./seed.js";
import { declaredRequestHeaders, declaredResponseHeaders, operationIds } from "./spec.js";
import { MockState, type MockStateLimits, type RecordedRequest } from "./state.js";

/** Also `maxRuns` and `maxLoggedRequests` (see MockStateLimits). */
export interface MockServerOptions extends MockStateLimits {
  /**
   * When set, only this API key is accepted; otherwise any non-empty `authorization` is. It must be
   * non-empty, without white space at either end (no request could send it otherwise).
   */
  apiKey?: string;
  /** Agents and workbench versions to add to (or, with `replace`, use instead of) the spec's examples. */
  seed?: Seed;
  /** The `org_id` of created runs. Default: the org of the spec's Get Eval Agent example. */
  orgId?: string;
  /** Makes run ids deterministic (see `sequentialIds`). Default: `crypto.randomUUID`. */
  ids?: () => string;
  /** Makes `created_at` deterministic. Default: the real clock. */
  now?: () => Date;
  /** Latency, injected failures, 429s and dropped connections, all driven by a seeded PRNG. */
  faults?: FaultOptions;
  /** `false` simulates an org with no billing record: creating a run answers 402. Default true. */
  billing?: boolean;
  /** `false` simulates an org with Evals disabled: every endpoint answers 404. Default true. */
  evalsEnabled?: boolean;
  /** Largest request body accepted, in bytes; larger ones answer 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Answer browsers from any origin (CORS), so a web page can call the mock. Default true. */
  cors?: boolean;
  /**
   * Over HTTP, let `@hono/node-server` replace the process's global `Request` and `Response` with
   * its lightweight subclasses, which it writes to the socket without a web stream (about twice the
   * throughput). Default false: the mock may share a process with code that relies on the globals.
   * The `evals-mock` CLI, alone in its process, turns it on.
   */
  overrideGlobalObjects?: boolean;
}

/** A mock listening on a socket. */
export interface ListeningMock {
  /** Base URL to give a client, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

export interface MockServer {
  /** A `fetch`-compatible handler: pass it as a client's `fetch` to skip the network entirely. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Serves the mock over HTTP. Defaults: port 4010, host 127.0.0.1; port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<ListeningMock>;
  /** What the mock knows and has done: seeded agents, created runs, the request log. */
  state: MockState;
}

// Over HTTP, @hono/node-server passes the Node request (whose socket a drop destroys); in-process,
// mock.fetch passes an object the handler flags, since middleware may replace the Response.
type Bindings = { incoming?: { socket?: { destroy(): void } }; dropped?: boolean };
type Payload = { status: number; data: unknown };
/** What every handler is given besides the request: the caller's API key and checked headers. */
type Caller = { apiKey: string; idempotencyKey: string | null };
type Handler = (c: Context<{ Bindings: Bindings }>, caller: Caller) => Promise<Payload>;

const ONE_MIB = 1024 * 1024;
/** Where `listen()` (and the CLI) serves by default. */
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = "127.0.0.1";
/** The in-process base URL used when `mock.fetch` is given a relative URL. */
const IN_PROCESS_ORIGIN = "http://evals-mock.local";

function exampleOrgId(): string {
  const example = Object.values(responseExamples("getEvalAgent", "200"))[0] as GetEvalAgentResponse | undefined;
  return example?.data.agent.org_id ?? crypto.randomUUID();
}

type HeaderValidator = (headers: Record<string, string>) => ValidationIssue[];

// The generated validator of an operation's header parameters (bounds, required), by its name.
function headerValidator(operationId: OperationId): HeaderValidator {
  const name = `validate${operationId.charAt(0).toUpperCase()}${operationId.slice(1)}HeaderParams`;
  const validate = (validators as unknown as Record<string, HeaderValidator | undefined>)[name];
  if (validate === undefined) throw new Error(`@evals-api/types has no ${name}; rebuild @evals-api/types`);
  return validate;
}

type HeaderParamsReader = (c: Context) => Record<string, string | null>;

/**
 * Reads and checks the header parameters the spec declares for an operation, keyed by lower-case
 * name. The declarations and the validator are looked up once, not on every request.
 */
function headerParamsReader(operationId: OperationId): HeaderParamsReader {
  const names = headerParameters(operationId).map((p) => p.name);
  if (names.length === 0) return () => ({});
  const validate = headerValidator(operationId);
  return (c) => {
    // The validator wants the spec's spelling of each name; Hono looks headers up case-insensitively.
    const given: Record<string, string> = {};
    for (const name of names) {
      const value = c.req.header(name);
      if (value !== undefined) given[name] = value;
    }
    // Every rule is enforced, the assumed ones too: every header parameter the spec declares is our
    // own extension (Idempotency-Key; a test checks that they all are), whose bounds are ours.
    const issues = validate(given);
    if (issues.length > 0) throw MockError.invalid(issues, "/headers");
    return Object.fromEntries(names.map((name) => [name.toLowerCase(), given[name] ?? null]));
  };
}

// A key with white space at either end could never be matched: fetch trims header values.
function checkApiKey(apiKey: string | undefined): void {
  if (apiKey === undefined) return;
  if (typeof apiKey !== "string" || apiKey === "") {
    throw new RangeError("apiKey must not be empty; leave it out to accept any non-empty key");
  }
  if (apiKey.trim() !== apiKey) throw new RangeError("apiKey must not start or end with white space");
}

export function createMockServer(options: MockServerOptions = {}): MockServer {
  const state = new MockState(options.seed, options);
  const orgId = options.orgId ?? exampleOrgId();
  const newId = options.ids ?? (() => crypto.randomUUID());
  const now = options.now ?? (() => new Date());
  const maxBodyBytes = options.maxBodyBytes ?? ONE_MIB;
  checkApiKey(options.apiKey);
  const faults = createFaultPlan(options.faults);
  const readHeaderParams = Object.fromEntries(operationIds.map((id) => [id, headerParamsReader(id)])) as Record<
    OperationId,
    HeaderParamsReader
  >;

  const handlers: Record<OperationId, Handler> = {
    createEvalRun: async (c, { apiKey, idempotencyKey }) => {
      // Over HTTP (c.env.incoming), Node has checked the body against its Content-Length.
      const body = await readJsonBody(c.req.raw, maxBodyBytes, c.env.incoming !== undefined);
      const billing = options.billing !== false;
      const run = createEvalRun(state, body, { orgId, billing, newId, now, apiKey, idempotencyKey });
      return { status: operationIndex.createEvalRun.successStatus, data: run };
    },
    getEvalAgent: async (c) => ({
      status: operationIndex.getEvalAgent.successStatus,
      data: getEvalAgent(state, c.req.param() as Record<string, string>),
    }),
  };

  const app = new Hono<{ Bindings: Bindings }>();
  const corsEnabled = options.cors !== false;
  if (corsEnabled) {
    // Preflights only: the headers of actual answers are fixed, so `json` adds them (a middleware
    // on every request would build each Response twice). Methods and headers are the spec's own, so
    // a browser may send what a client sends.
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
  const baseHeaders: Record<string, string> = {
    "content-type": "application/json",
    ...(corsEnabled && {
      "access-control-allow-origin": "*",
      "access-control-expose-headers": declaredResponseHeaders().join(","),
    }),
  };

  // Plain header objects: @hono/node-server writes them straight to the socket.
  const json = (body: unknown, status: number, headers?: Record<string, string>) =>
    new Response(JSON.stringify(body), { status, headers: headers ? { ...baseHeaders, ...headers } : baseHeaders });
  const envelope = (error: MockError) => json(error.envelope, error.status, error.headers);

  for (const operationId of operationIds) {
    const op = operationIndex[operationId];
    const honoPath = op.path.replace(/\{(\w+)\}/g, ":$1");
    app.on(op.method, honoPath, async (c) => {
      const fault = faults.next();
      const record: RecordedRequest = {
        method: c.req.method,
        path: c.req.path,
        operationId,
        status: 0,
        idempotencyKey: c.req.header("idempotency-key") ?? null,
        latencyMs: fault.delayMs,
        fault: null,
      };
      state.logRequest(record);
      if (fault.delayMs > 0) {
        record.fault = "latency";
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      }
      let response: Response;
      try {
        response = await answer(c, operationId, fault.kind, record);
      } catch (error) {
        if (!(error instanceof MockError)) throw error;
        response = envelope(error);
      }
      record.status = record.fault === "drop" ? 0 : response.status;
      return response;
    });
  }

  async function answer(
    c: Context<{ Bindings: Bindings }>,
    operationId: OperationId,
    fault: FaultKind | null,
    record: RecordedRequest,
  ): Promise<Response> {
    if (fault === "drop") {
      record.fault = "drop";
      c.env.incoming?.socket?.destroy();
      c.env.dropped = true;
      return new Response(null, { status: 599 });
    }
    if (fault === "rate-limit") {
      record.fault = "rate-limit";
      const { retryAfter } = faults;
      throw MockError.of(429, ErrorCode.rateLimited, `Too many requests; retry after ${retryAfter} seconds`, {
        "Retry-After": retryAfter,
      });
    }
    if (fault === "fail") {
      record.fault = "fail";
      const { failStatus, retryAfter } = faults;
      const headers: Record<string, string> =
        failStatus === 503 || failStatus === 429 ? { "Retry-After": retryAfter } : {};
      throw MockError.of(failStatus, codeForStatus(failStatus), `Injected failure (status ${failStatus})`, headers);
    }
    const key = c.req.header("authorization");
    // Header values arrive trimmed, so a blank key is an empty one.
    if (!key) {
      throw MockError.of(401, ErrorCode.unauthorized, "Missing API key: send it in the `authorization` header");
    }
    if (options.apiKey !== undefined && key !== options.apiKey) {
      throw MockError.of(401, ErrorCode.unauthorized, "Invalid API key");
    }
    if (options.evalsEnabled === false) {
      throw MockError.of(404, ErrorCode.notFound, "Evals is not enabled for this organization");
    }
    const headerParams = readHeaderParams[operationId](c);
    const { status, data } = await handlers[operationId](c, {
      apiKey: key,
      idempotencyKey: headerParams["idempotency-key"] ?? null,
    });
    return json({ data, errors: null }, status);
  }

  const routes = operationIds.map((id) => ({
    method: operationIndex[id].method as string,
    pattern: new RegExp(`^${operationIndex[id].path.replace(/\{\w+\}/g, "[^/]+")}$`),
  }));

  app.all("*", (c) => {
    const allowed = routes.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method);
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

  app.onError((error) => {
    const message = error instanceof Error ? error.message : String(error);
    return envelope(MockError.of(500, ErrorCode.internalError, `The mock failed: ${message}`));
  });

  async function fetchInProcess(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input instanceof Request ? input : new URL(String(input), IN_PROCESS_ORIGIN), init);
    const signal = request.signal;
    signal.throwIfAborted();
    const env: Bindings = {};
    const pending = Promise.resolve(app.fetch(request, env));
    const response = await new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort);
      pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
    if (env.dropped) {
      throw new TypeError("fetch failed", { cause: new Error("evals-mock dropped the connection (injected fault)") });
    }
    return response;
  }

  async function listen(port = DEFAULT_PORT, host = DEFAULT_HOST): Promise<ListeningMock> {
    const { createAdaptorServer } = await import("@hono/node-server");
    // Without a `createServer` option the adaptor makes a plain node:http server.
    const server = createAdaptorServer({
      fetch: app.fetch,
      overrideGlobalObjects: options.overrideGlobalObjects === true,
    }) as Server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const { port: boundPort } = server.address() as AddressInfo;
    const urlHost = host.includes(":") ? `[${host}]` : host;
    return {
      url: `http://${urlHost}:${boundPort}`,
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        }),
    };
  }

  return { fetch: fetchInProcess, listen, state };
}
