// One mock, three ways in: in-process (`mock.fetch`, the Hono app), over HTTP answered by node:http
// directly, and over HTTP handed to the Hono app (a request target with percent-encoding, which
// node:http leaves to it). Each answer — status, headers, body — and each logged request must be
// the same whichever way the request came.
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  createMockServer,
  type ListeningMock,
  type MockServer,
  type MockServerOptions,
  sequentialIds,
  steppingClock,
} from "../src/index.js";
import { conformingMock, KEY } from "./conformance.js";
import { agentExample, requestExamples } from "./spec-examples.js";

interface Exchange {
  method: string;
  path: string;
  /** Name and value pairs; a name may repeat. */
  headers?: [string, string][];
  body?: string | Uint8Array;
}

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

const SHOWN_HEADERS = [
  "content-type",
  "access-control-allow-origin",
  "access-control-expose-headers",
  "retry-after",
  "allow",
];

const shown = (get: (name: string) => string | undefined) =>
  Object.fromEntries(SHOWN_HEADERS.map((name) => [name, get(name)]));

async function inProcess(mock: MockServer, exchange: Exchange): Promise<Answer> {
  const response = await mock.fetch(exchange.path, {
    method: exchange.method,
    headers: new Headers(exchange.headers ?? []),
    // Bytes, not a string: fetch would add a text/plain content type that HTTP clients do not send.
    ...(exchange.body === undefined ? {} : { body: Buffer.from(exchange.body) }),
  });
  return {
    status: response.status,
    headers: shown((name) => response.headers.get(name) ?? undefined),
    body: await response.json(),
  };
}

// node:http's client, so that headers repeat as given and the body is sent byte for byte.
function overHttp(server: ListeningMock, exchange: Exchange, suffix: string): Promise<Answer> {
  const { hostname, port } = new URL(server.url);
  const body = exchange.body === undefined ? undefined : Buffer.from(exchange.body);
  const headers = [
    ["host", `${hostname}:${port}`],
    ...(exchange.headers ?? []),
    ...(body === undefined ? [] : [["content-length", String(body.byteLength)]]),
  ].flat();
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { hostname, port, method: exchange.method, path: exchange.path + suffix, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: shown((name) => response.headers[name] as string | undefined),
            body: chunks.length === 0 ? null : JSON.parse(Buffer.concat(chunks).toString("utf8")),
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const servers: ListeningMock[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Sends the exchanges, in order, to three mocks made with the same options; returns what each saw. */
async function throughEachWay(options: MockServerOptions, exchanges: Exchange[]) {
  // Deterministic ids and clocks, so that the three mocks create the very same runs.
  const make = () => ({ ids: sequentialIds(), now: steppingClock(), ...options });
  const local = conformingMock(make());
  const direct = createMockServer(make());
  const handedOn = createMockServer(make());
  const directServer = await direct.listen(0);
  const handedOnServer = await handedOn.listen(0);
  servers.push(directServer, handedOnServer);
  const seen = { local: [] as Answer[], direct: [] as Answer[], handedOn: [] as Answer[] };
  for (const exchange of exchanges) {
    seen.local.push(await inProcess(local, exchange));
    seen.direct.push(await overHttp(directServer, exchange, ""));
    // Percent-encoding anywhere in the target: node:http hands the request to the Hono app.
    seen.handedOn.push(await overHttp(handedOnServer, exchange, "?via=%2F"));
  }
  return { seen, logs: [local, direct, handedOn].map((mock) => mock.state.requests) };
}

const json = (key = KEY): [string, string][] => [
  ["authorization", key],
  ["content-type", "application/json"],
];
const agentPath = `/v1/evals/agents/${agentExample().data.agent.id}`;
const validRun = JSON.stringify(requestExamples().withAttachedAgents);
const otherRun = JSON.stringify({ ...requestExamples().withAttachedAgents, call_ids: ["call_other"] });

describe("each way into the mock", () => {
  it("answers the spec's operations, their refusals and the routing errors alike", async () => {
    const { seen, logs } = await throughEachWay({}, [
      { method: "GET", path: agentPath, headers: [["authorization", KEY]] },
      { method: "GET", path: "/v1/evals/agents/no-such-agent", headers: [["authorization", KEY]] },
      { method: "GET", path: agentPath },
      { method: "POST", path: "/v1/evals/runs", headers: json(), body: validRun },
      { method: "POST", path: "/v1/evals/runs", headers: [...json(), ["Idempotency-Key", "k-1"]], body: validRun },
      { method: "POST", path: "/v1/evals/runs", headers: [...json(), ["idempotency-key", "k-1"]], body: validRun },
      { method: "POST", path: "/v1/evals/runs", headers: [...json(), ["idempotency-key", "k-1"]], body: otherRun },
      {
        method: "POST",
        path: "/v1/evals/runs",
        headers: [...json(), ["idempotency-key", "k".repeat(300)]],
        body: "{}",
      },
      { method: "POST", path: "/v1/evals/runs", headers: [...json(), ["idempotency-key", ""]], body: validRun },
      { method: "POST", path: "/v1/evals/runs", headers: json(), body: JSON.stringify({ call_ids: [] }) },
      { method: "POST", path: "/v1/evals/runs", headers: json(), body: "{oops" },
      { method: "POST", path: "/v1/evals/runs", headers: json(), body: " \n" },
      { method: "POST", path: "/v1/evals/runs", headers: json(), body: new Uint8Array([0x7b, 0xff, 0x7d]) },
      { method: "POST", path: "/v1/evals/runs", headers: json(), body: `\uFEFF${validRun}` },
      {
        method: "POST",
        path: "/v1/evals/runs",
        headers: [
          ["authorization", KEY],
          ["content-type", "text/plain"],
        ],
        body: validRun,
      },
      { method: "POST", path: "/v1/evals/runs", headers: [["authorization", KEY]], body: validRun },
      {
        method: "POST",
        path: "/v1/evals/runs",
        // A repeated Content-Type, read joined: "application/json; charset=utf-8, application/json".
        headers: [["content-type", "application/json; charset=utf-8"], ...json()],
        body: validRun,
      },
      { method: "PATCH", path: "/v1/evals/runs", headers: json(), body: "{}" },
      { method: "GET", path: "/v1/nothing", headers: [["authorization", KEY]] },
    ]);
    expect(seen.direct).toEqual(seen.local);
    expect(seen.handedOn).toEqual(seen.local);
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[2]).toEqual(logs[0]);
    // The exchanges above reach each rule they are meant to.
    expect(seen.local.map((answer) => answer.status)).toEqual([
      200, 404, 401, 202, 202, 202, 409, 400, 400, 400, 400, 400, 400, 202, 415, 415, 202, 405, 404,
    ]);
  });

  it("reads a repeated header as fetch does, its values joined", async () => {
    const twice: [string, string][] = [
      ["authorization", "secret"],
      ["authorization", "secret"],
      ["content-type", "application/json"],
    ];
    const { seen } = await throughEachWay({ apiKey: "secret" }, [
      { method: "GET", path: agentPath, headers: [["authorization", "secret"]] },
      { method: "GET", path: agentPath, headers: twice },
      { method: "POST", path: "/v1/evals/runs", headers: twice, body: validRun },
    ]);
    expect(seen.direct).toEqual(seen.local);
    expect(seen.handedOn).toEqual(seen.local);
    expect(seen.local.map((answer) => answer.status)).toEqual([200, 401, 401]);
  });

  it("takes a body of exactly maxBodyBytes, and refuses one a byte longer", async () => {
    const { seen } = await throughEachWay({ maxBodyBytes: Buffer.byteLength(validRun) }, [
      { method: "POST", path: "/v1/evals/runs", headers: json(), body: validRun },
      { method: "POST", path: "/v1/evals/runs", headers: json(), body: `${validRun} ` },
    ]);
    expect(seen.direct).toEqual(seen.local);
    expect(seen.handedOn).toEqual(seen.local);
    expect(seen.local.map((answer) => answer.status)).toEqual([202, 413]);
  });

  it("injects the same faults, with the same Retry-After", async () => {
    const faults = { seed: 7, rateLimitRate: 0.3, failRate: 0.3, retryAfterSeconds: 2 };
    const { seen, logs } = await throughEachWay(
      { faults },
      Array.from({ length: 12 }, (_, i) =>
        i % 2 === 0
          ? { method: "GET", path: agentPath, headers: [["authorization", KEY]] as [string, string][] }
          : { method: "POST", path: "/v1/evals/runs", headers: json(), body: validRun },
      ),
    );
    expect(seen.direct).toEqual(seen.local);
    expect(seen.handedOn).toEqual(seen.local);
    expect(logs[1]).toEqual(logs[0]);
    expect(new Set(seen.local.map((answer) => answer.status))).toEqual(new Set([200, 202, 429, 503]));
  });

  it("answers for an org without billing or without Evals alike", async () => {
    for (const options of [{ billing: false }, { evalsEnabled: false }]) {
      const { seen } = await throughEachWay(options, [
        { method: "GET", path: agentPath, headers: [["authorization", KEY]] },
        { method: "POST", path: "/v1/evals/runs", headers: json(), body: validRun },
      ]);
      expect(seen.direct).toEqual(seen.local);
      expect(seen.handedOn).toEqual(seen.local);
    }
  });
});

describe("over HTTP, a fresh mock", () => {
  // The first request node:http hands on loads the Hono app and @hono/node-server.
  it("answers a preflight, an unknown route and an unusual URL as its very first request", async () => {
    const headers: [string, string][] = [
      ["authorization", KEY],
      ["origin", "http://localhost:5173"],
      ["access-control-request-method", "POST"],
    ];
    for (const [first, status] of [
      [{ method: "OPTIONS", path: "/v1/evals/runs", headers }, 204],
      [{ method: "GET", path: "/v1/nothing", headers }, 404],
      // A dot segment, which the URL parser removes: node:http leaves such a target to the Hono app.
      [{ method: "GET", path: `/v1/evals/agents/./${agentExample().data.agent.id}`, headers }, 200],
    ] as const) {
      const server = await createMockServer().listen(0);
      servers.push(server);
      const answer = await overHttp(server, first, "");
      expect(answer.status, `${first.method} ${first.path}`).toBe(status);
      expect(answer.headers["access-control-allow-origin"]).toBe("*");
    }
  });
});
