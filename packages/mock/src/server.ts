// createMockServer: the mock's pieces put together. The app (app.ts) answers requests whatever
// carries them; the HTTP adapter (`mock.listen()`) and the in-process adapter (`mock.fetch`) carry
// them. Both load what they need on first use, so the CLI answers sooner.
import type { Registry } from "@evals-api/types/registry";
import { requestRegistry } from "@evals-api/types/request-registry";
import type { Hono } from "hono";
import { answerHeaders } from "./answers.js";
import { createMockApp } from "./app.js";
import { createFaultPlan, type FaultOptions } from "./faults.js";
import { createFetchAdapter } from "./fetch-adapter.js";
import { domainHandlers, exampleOrgId } from "./handlers.js";
import type { Bindings } from "./hono-app.js";
import { createHttpAdapter, type ListeningMock } from "./http-adapter.js";
import type { Seed } from "./seed.js";
import { MockState, type MockStateLimits } from "./state.js";

export { DEFAULT_HOST, DEFAULT_PORT, type ListeningMock } from "./http-adapter.js";

/** Also `maxRuns` and `maxLoggedRequests` (see MockStateLimits). */
export interface MockServerOptions extends MockStateLimits {
  /**
   * The operations to serve: their routes, security, parameters, request and response schemas and
   * examples. Default: the shipped spec's `requestRegistry` (`@evals-api/types/request-registry`:
   * the mock checks what it receives; it needs no response validator, which keeps them out of its
   * bundle). Another
   * registry (`createRegistry` over another generated table, e.g. a test fixture's) is served
   * with no code: `createEvalRun` and `getEvalAgent` keep their stateful behaviour, and every
   * other operation answers with its success response's first example, after the same checks.
   * Creating the mock throws if such an operation has no example, or (when the registry has the
   * response validators, as `@evals-api/types/registry` and a fixture's do) one that breaks its schema.
   */
  registry?: Registry;
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

export interface MockServer {
  /** A `fetch`-compatible handler: pass it as a client's `fetch` to skip the network entirely. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Serves the mock over HTTP. Defaults: port 4010, host 127.0.0.1; port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<ListeningMock>;
  /** What the mock knows and has done: seeded agents, created runs, the request log. */
  state: MockState;
}

const ONE_MIB = 1024 * 1024;

// A key with white space at either end could never be matched: fetch trims header values.
function checkApiKey(apiKey: string | undefined): void {
  if (apiKey === undefined) return;
  if (typeof apiKey !== "string" || apiKey === "") {
    throw new RangeError("apiKey must not be empty; leave it out to accept any non-empty key");
  }
  if (apiKey.trim() !== apiKey) throw new RangeError("apiKey must not start or end with white space");
}

export function createMockServer(options: MockServerOptions = {}): MockServer {
  const registry = options.registry ?? requestRegistry;
  const state = new MockState(options.seed, options);
  checkApiKey(options.apiKey);
  const handlers = domainHandlers({
    state,
    options,
    orgId: options.orgId ?? exampleOrgId(registry),
    newId: options.ids ?? (() => crypto.randomUUID()),
    now: options.now ?? (() => new Date()),
  });
  const faults = createFaultPlan(registry.list, options.faults);
  const app = createMockApp({ registry, state, faults, options, handlers });
  const maxBodyBytes = options.maxBodyBytes ?? ONE_MIB;
  const cors = options.cors !== false;
  const headers = answerHeaders(cors, registry);

  // The Hono app (and Hono) is loaded when first needed: the CLI may never need it.
  let hono: Promise<Hono<{ Bindings: Bindings }>> | undefined;
  const honoApp = () =>
    (hono ??= import("./hono-app.js").then(({ createHonoApp }) =>
      createHonoApp({ app, registry, maxBodyBytes, cors, headers }),
    ));

  return {
    fetch: createFetchAdapter(honoApp),
    listen: createHttpAdapter({
      app,
      honoApp,
      maxBodyBytes,
      headers,
      overrideGlobalObjects: options.overrideGlobalObjects === true,
    }),
    state,
  };
}
