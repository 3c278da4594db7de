import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockServer, type ListeningMock } from "../src/index.js";
import { expectConforming, JSON_HEADERS, KEY } from "./conformance.js";
import { agentExample, requestExamples } from "./spec-examples.js";

describe("over HTTP", () => {
  const mock = createMockServer();
  let server: ListeningMock;
  beforeAll(async () => {
    server = await mock.listen(0);
  });
  afterAll(() => server.close());

  async function send(method: string, path: string, init: RequestInit = {}) {
    const response = await fetch(server.url + path, { method, ...init });
    return { response, body: (await expectConforming(method, path, response)) as any };
  }

  it("listens on 127.0.0.1 by default and serves both operations", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const agent = await send("GET", `/v1/evals/agents/${agentExample().data.agent.id}`, {
      headers: { authorization: KEY },
    });
    expect(agent.body).toEqual(agentExample());
    const run = await send("POST", "/v1/evals/runs", {
      headers: JSON_HEADERS,
      body: JSON.stringify(requestExamples().withAttachedAgents),
    });
    expect(run.response.status).toBe(202);
    expect(mock.state.runs.has(run.body.data.id)).toBe(true);
  });

  it("answers 413 to a streamed oversized upload without resetting the connection", async () => {
    const { response } = await send("POST", "/v1/evals/runs", {
      headers: JSON_HEADERS,
      body: "[".repeat(3 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
  });

  it("answers 404/405 envelopes and 400 for malformed JSON", async () => {
    expect((await send("GET", "/v1/nothing")).response.status).toBe(404);
    expect((await send("PATCH", "/v1/evals/runs", { headers: JSON_HEADERS })).response.status).toBe(405);
    expect((await send("POST", "/v1/evals/runs", { headers: JSON_HEADERS, body: "{oops" })).response.status).toBe(400);
  });

  it("leaves the process's global Request and Response alone", async () => {
    const { Request: before, Response: beforeResponse } = globalThis;
    const other = await createMockServer().listen(0);
    await other.close();
    expect(globalThis.Request).toBe(before);
    expect(globalThis.Response).toBe(beforeResponse);
  });

  it("rejects when the port is taken, and brackets an IPv6 host in its URL", async () => {
    const port = Number(new URL(server.url).port);
    await expect(createMockServer().listen(port)).rejects.toMatchObject({ code: "EADDRINUSE" });
    const ipv6 = await createMockServer().listen(0, "::1");
    try {
      expect(ipv6.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect(
        (
          await fetch(`${ipv6.url}/v1/evals/agents/${agentExample().data.agent.id}`, {
            headers: { authorization: KEY },
          })
        ).status,
      ).toBe(200);
    } finally {
      await ipv6.close();
    }
  });

  it("ends a request still in flight when it closes", async () => {
    const slow = await createMockServer({ faults: { latencyMs: 60_000 } }).listen(0);
    const pending = fetch(`${slow.url}/v1/evals/agents/${agentExample().data.agent.id}`, {
      headers: { authorization: KEY },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await slow.close();
    await expect(pending).rejects.toThrow(TypeError);
  });

  it("closes cleanly, so the port is free again", async () => {
    const other = createMockServer();
    const first = await other.listen(0);
    const port = Number(new URL(first.url).port);
    await first.close();
    const again = await other.listen(port);
    expect(again.url).toBe(first.url);
    await again.close();
  });
});

describe("CORS", () => {
  it("lets a web page send what the spec declares, and read Retry-After", async () => {
    const mock = createMockServer();
    const preflight = await mock.fetch("/v1/evals/runs", {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, idempotency-key, x-tracking",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    const list = (name: string) => new Set(preflight.headers.get(name)?.toLowerCase().split(","));
    expect(list("access-control-allow-methods")).toEqual(new Set(["post", "get"]));
    // content-type, the API-key header of the spec's security scheme, and its header parameters.
    expect(list("access-control-allow-headers")).toEqual(new Set(["content-type", "authorization", "idempotency-key"]));
    expect(preflight.headers.get("access-control-expose-headers")).toBe("Retry-After");
    const answer = await mock.fetch(`/v1/evals/agents/${agentExample().data.agent.id}`, {
      headers: { origin: "http://localhost:5173", authorization: KEY },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("access-control-expose-headers")).toBe("Retry-After");
  });

  it("can be turned off", async () => {
    const mock = createMockServer({ cors: false });
    const preflight = await mock.fetch("/v1/evals/runs", {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const answer = await mock.fetch(`/v1/evals/agents/${agentExample().data.agent.id}`, {
      headers: { origin: "http://localhost:5173", authorization: KEY },
    });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });
});
