// createMockServer: the spec's operations (operations.ts), answered in-process by a Hono app
// (`mock.fetch`) and over HTTP (`mock.listen()`) straight from node:http, which hands the Hono app
// whatever else arrives. Both load what they need on first use, so the CLI answers sooner.
import type { RequestListener, Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Hono } from "hono";
import { answerHeaders } from "./answers.js";
import { createFaultPlan, type FaultOptions } from "./faults.js";
import type { Bindings } from "./hono-app.js";
import { createHttpListener } from "./http-listener.js";
import { createOperations, exampleOrgId } from "./operations.js";
import type { Seed } from "./seed.js";
import { MockState, type MockStateLimits } from "./state.js";

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
   * its lightweight subclasses, which it writes to the socket without a web stream. It serves only
   * what node:http does not answer directly (preflights, unknown routes, unusual requests), so this
   * speeds up only those. Default false: the mock may share a process with code that relies on the
   * globals.
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

const ONE_MIB = 1024 * 1024;
/** Where `listen()` (and the CLI) serves by default. */
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = "127.0.0.1";
/** The in-process base URL used when `mock.fetch` is given a relative URL. */
const IN_PROCESS_ORIGIN = "http://evals-mock.local";

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
  const maxBodyBytes = options.maxBodyBytes ?? ONE_MIB;
  checkApiKey(options.apiKey);
  const answerOperation = createOperations({
    state,
    faults: createFaultPlan(options.faults),
    options,
    orgId,
    newId: options.ids ?? (() => crypto.randomUUID()),
    now: options.now ?? (() => new Date()),
  });
  const cors = options.cors !== false;
  const headers = answerHeaders(cors);

  // The Hono app (and Hono) is loaded when first needed: the CLI may never need it.
  let app: Promise<Hono<{ Bindings: Bindings }>> | undefined;
  const honoApp = () =>
    (app ??= import("./hono-app.js").then(({ createHonoApp }) =>
      createHonoApp({ answerOperation, maxBodyBytes, cors, headers }),
    ));

  async function fetchInProcess(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input instanceof Request ? input : new URL(String(input), IN_PROCESS_ORIGIN), init);
    const signal = request.signal;
    signal.throwIfAborted();
    const env: Bindings = {};
    const pending = honoApp().then((hono) => hono.fetch(request, env));
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

  // What node:http does not answer directly goes to the Hono app over @hono/node-server, both
  // loaded on the first such request (or at once, to swap the globals as asked).
  let nodeServerListener: Promise<RequestListener> | undefined;
  const honoListener = () =>
    (nodeServerListener ??= Promise.all([import("@hono/node-server"), honoApp()]).then(
      ([{ getRequestListener }, hono]) =>
        getRequestListener(hono.fetch, { overrideGlobalObjects: options.overrideGlobalObjects === true }),
    ));
  const fallback: RequestListener = (incoming, response) => {
    honoListener().then(
      (listener) => listener(incoming, response),
      (error: unknown) => response.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  };

  async function listen(port = DEFAULT_PORT, host = DEFAULT_HOST): Promise<ListeningMock> {
    const { createServer } = await import("node:http");
    if (options.overrideGlobalObjects === true) await honoListener();
    const server: Server = createServer(createHttpListener({ answerOperation, maxBodyBytes, headers, fallback }));
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
