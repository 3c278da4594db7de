import { describe, expect, it } from "vitest";
import { createMockServer, type FaultOptions } from "../src/index.js";
import { conformingMock, expectConforming, KEY } from "./conformance.js";
import { agentExample, responseExampleCodes } from "./spec-examples.js";

const agentPath = `/v1/evals/agents/${agentExample().data.agent.id}`;

async function outcomes(faults: FaultOptions, count: number): Promise<(number | "dropped")[]> {
  const mock = createMockServer({ faults });
  const seen: (number | "dropped")[] = [];
  for (let i = 0; i < count; i++) {
    try {
      const response = await mock.fetch(agentPath, { headers: { authorization: KEY } });
      await expectConforming("GET", agentPath, response);
      seen.push(response.status);
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      seen.push("dropped");
    }
  }
  return seen;
}

describe("fault injection", () => {
  const mixed: FaultOptions = { seed: 42, failRate: 0.2, rateLimitRate: 0.2, dropRate: 0.2 };

  it("is deterministic under a seed, and differs across seeds", async () => {
    const first = await outcomes(mixed, 60);
    expect(await outcomes(mixed, 60)).toEqual(first);
    expect(await outcomes({ ...mixed, seed: 43 }, 60)).not.toEqual(first);
    // Every kind of outcome shows up in a run this long.
    expect(new Set(first)).toEqual(new Set([200, 503, 429, "dropped"]));
  });

  it("keeps the same failures when latency is added", async () => {
    const plain = await outcomes(mixed, 30);
    expect(await outcomes({ ...mixed, latencyMs: [0, 2] }, 30)).toEqual(plain);
  });

  it("answers injected 429s and 503s with Retry-After, and the chosen status otherwise", async () => {
    const limited = conformingMock({ faults: { rateLimitRate: 1, retryAfterSeconds: 7 } });
    const response = await limited.fetch(agentPath, { headers: { authorization: KEY } });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(responseExampleCodes("429")).toContain(((await response.json()) as any).errors[0].error);
    const failing = conformingMock({ faults: { failRate: 1, failStatus: 500 } });
    expect((await failing.fetch(agentPath, { headers: { authorization: KEY } })).status).toBe(500);
    expect(failing.state.requests[0]).toMatchObject({ status: 500, fault: "fail" });
  });

  it("refuses a failure status an operation does not document", () => {
    expect(() => createMockServer({ faults: { failRate: 1, failStatus: 402 } })).toThrow(/getEvalAgent/);
    expect(() => createMockServer({ faults: { failRate: 1.5 } })).toThrow(/failRate/);
    expect(() => createMockServer({ faults: { failRate: 0.6, dropRate: 0.6 } })).toThrow(/exceed 1/);
  });

  it("drops a create in-process as a network error, whatever the URL or headers", async () => {
    const mock = createMockServer({ faults: { dropRate: 1 } });
    const attempt = mock.fetch("http://127.0.0.1:4010/v1/evals/runs", {
      method: "POST",
      headers: { authorization: KEY, "content-type": "application/json", origin: "http://localhost:3000" },
      body: "{}",
    });
    await expect(attempt).rejects.toThrow(TypeError);
    expect(mock.state.requests[0]).toMatchObject({ operationId: "createEvalRun", status: 0, fault: "drop" });
  });

  it("drops connections over HTTP too", async () => {
    const mock = createMockServer({ faults: { dropRate: 1 } });
    const server = await mock.listen(0);
    try {
      await expect(fetch(server.url + agentPath, { headers: { authorization: KEY } })).rejects.toThrow(TypeError);
      expect(mock.state.requests[0]).toMatchObject({ status: 0, fault: "drop" });
    } finally {
      await server.close();
    }
  });

  it("delays answers by the configured latency", async () => {
    const mock = conformingMock({ faults: { latencyMs: 1 } });
    expect((await mock.fetch(agentPath, { headers: { authorization: KEY } })).status).toBe(200);
    expect(mock.state.requests[0]).toMatchObject({ fault: "latency", status: 200 });
  });

  it("honours an aborted signal while a request is delayed", async () => {
    const mock = createMockServer({ faults: { latencyMs: 60_000 } });
    const controller = new AbortController();
    const pending = mock.fetch(agentPath, { headers: { authorization: KEY }, signal: controller.signal });
    controller.abort(new Error("client gave up"));
    await expect(pending).rejects.toThrow("client gave up");
  });
});
