import { registry } from "@evals-api/types/registry";
import { describe, expect, it } from "vitest";
import { createMockServer, ErrorCode, type FaultOptions, seededRandom } from "../src/index.js";
import { conformingMock, expectConforming, KEY } from "./conformance.js";
import { agentExample, responseExampleCodes } from "./spec-examples.js";

// The operations of the shipped spec that document no response for `status`, as the mock names them.
const undocumenting = (status: number) =>
  registry.list
    .filter((operation) => operation.response(status) === undefined)
    .map((operation) => operation.operationId)
    .join(", ");

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
    expect(((await response.json()) as any).errors).toEqual([
      { error: ErrorCode.rateLimited, message: "Too many requests; retry after 7 seconds" },
    ]);
    expect(responseExampleCodes("429")).toContain(ErrorCode.rateLimited);
    expect(limited.state.requests[0]).toMatchObject({ status: 429, fault: "rate-limit" });
    const failing = conformingMock({ faults: { failRate: 1, failStatus: 500 } });
    expect((await failing.fetch(agentPath, { headers: { authorization: KEY } })).status).toBe(500);
    expect(failing.state.requests[0]).toMatchObject({ status: 500, fault: "fail" });
  });

  it("injects each fault at about its rate", async () => {
    const shares: [FaultOptions, Record<string, number>][] = [
      [
        { dropRate: 0.1, rateLimitRate: 0.2, failRate: 0.3 },
        { dropped: 0.1, 429: 0.2, 503: 0.3, 200: 0.4 },
      ],
      [
        { dropRate: 0.25, rateLimitRate: 0.25 },
        { dropped: 0.25, 429: 0.25, 503: 0, 200: 0.5 },
      ],
      [
        { rateLimitRate: 0.5, failRate: 0.5 },
        { dropped: 0, 429: 0.5, 503: 0.5, 200: 0 },
      ],
    ];
    for (const [faults, expected] of shares) {
      const seen = await outcomes({ seed: 7, ...faults }, 600);
      for (const [outcome, share] of Object.entries(expected)) {
        const count = seen.filter((o) => String(o) === outcome).length;
        expect(count / seen.length, `${JSON.stringify(faults)} → ${outcome}`).toBeCloseTo(share, 1);
      }
    }
  });

  it("draws each request's latency within the range, and logs it", async () => {
    const mock = createMockServer({ faults: { seed: 3, latencyMs: [0, 4] } });
    for (let i = 0; i < 200; i++) await mock.fetch(agentPath, { headers: { authorization: KEY } });
    const delays = mock.state.requests.map((r) => r.latencyMs);
    // Rounded to whole ms, every value of the range shows up, about evenly.
    expect(new Set(delays)).toEqual(new Set([0, 1, 2, 3, 4]));
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(1.7);
    expect(mean).toBeLessThan(2.3);
    expect(mock.state.requests.filter((r) => r.latencyMs > 0).every((r) => r.fault === "latency")).toBe(true);
    expect(mock.state.requests.filter((r) => r.latencyMs === 0).every((r) => r.fault === null)).toBe(true);
  });

  it("draws from mulberry32, the reference PRNG", () => {
    // Tommy Ettinger's reference implementation, as published.
    function mulberry32(a: number) {
      return () => {
        a |= 0;
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    for (const seed of [1, 42, 2 ** 31 + 5]) {
      const ours = seededRandom(seed);
      const reference = mulberry32(seed);
      for (let i = 0; i < 1000; i++) expect(ours()).toBe(reference());
    }
  });

  it("injects every request's fault at a rate of 1, and none at 0", async () => {
    expect(new Set(await outcomes({ dropRate: 1 }, 20))).toEqual(new Set(["dropped"]));
    expect(new Set(await outcomes({ rateLimitRate: 1 }, 20))).toEqual(new Set([429]));
    expect(new Set(await outcomes({ failRate: 1 }, 20))).toEqual(new Set([503]));
    expect(new Set(await outcomes({ dropRate: 0, rateLimitRate: 0, failRate: 0 }, 20))).toEqual(new Set([200]));
  });

  it("answers an injected failure with the code of its status, and Retry-After on 429 and 503", async () => {
    const codes: Record<number, string> = {
      400: ErrorCode.invalidRequest,
      401: ErrorCode.unauthorized,
      404: ErrorCode.notFound,
      429: ErrorCode.rateLimited,
      500: ErrorCode.internalError,
      502: ErrorCode.internalError,
      503: ErrorCode.serviceUnavailable,
    };
    for (const [status, code] of Object.entries(codes)) {
      const mock = conformingMock({ faults: { failRate: 1, failStatus: Number(status), retryAfterSeconds: 0 } });
      const response = await mock.fetch(agentPath, { headers: { authorization: KEY } });
      expect(response.status).toBe(Number(status));
      const body = (await response.json()) as any;
      expect(body.errors).toEqual([{ error: code, message: `Injected failure (status ${status})` }]);
      expect(response.headers.get("retry-after"), status).toBe(status === "429" || status === "503" ? "0" : null);
    }
  });

  it("refuses rates, a Retry-After or a seed that are not what they say", () => {
    const refused: [FaultOptions, RegExp][] = [
      [{ failRate: -0.1 }, /^faults\.failRate must be a number from 0 to 1, got -0\.1$/],
      [{ dropRate: "0.5" as unknown as number }, /^faults\.dropRate must be a number from 0 to 1, got "0\.5"$/],
      [{ rateLimitRate: Number.NaN }, /^faults\.rateLimitRate must be a number from 0 to 1, got NaN$/],
      [
        { failRate: 0.5, rateLimitRate: 0.3, dropRate: 0.3 },
        /^faults\.dropRate \+ faults\.rateLimitRate \+ faults\.failRate must not exceed 1, got 1\.1/,
      ],
      [{ retryAfterSeconds: -1 }, /^faults\.retryAfterSeconds must be a whole number >= 0, got -1$/],
      [{ retryAfterSeconds: 1.5 }, /^faults\.retryAfterSeconds must be a whole number >= 0, got 1\.5$/],
      [{ seed: 1.5 }, /^faults\.seed must be a whole number, got 1\.5$/],
      [
        { failStatus: 500.5 },
        /^faults\.failStatus 500\.5 is not documented by the spec; pick a status every operation documents/,
      ],
      [{ failStatus: 302 }, new RegExp(`^faults\\.failStatus 302 is not documented by ${undocumenting(302)}; `)],
      [{ failStatus: 600 }, new RegExp(`^faults\\.failStatus 600 is not documented by ${undocumenting(600)}; `)],
    ];
    for (const [faults, message] of refused) {
      expect(() => createMockServer({ faults }), JSON.stringify(faults)).toThrow(RangeError);
      expect(() => createMockServer({ faults }), JSON.stringify(faults)).toThrow(message);
    }
    // The edges are allowed.
    const edges = [{ failRate: 1 }, { dropRate: 0.5, failRate: 0.5 }, { retryAfterSeconds: 0 }, { seed: -3 }];
    for (const faults of [...edges, { failStatus: 599 }, { failStatus: 400 }]) {
      expect(() => createMockServer({ faults }), JSON.stringify(faults)).not.toThrow();
    }
  });

  it("refuses a failure status an operation does not document", () => {
    expect(() => createMockServer({ faults: { failRate: 1, failStatus: 402 } })).toThrow(/getEvalAgent/);
    expect(() => createMockServer({ faults: { failRate: 1.5 } })).toThrow(
      /^faults\.failRate must be a number from 0 to 1, got 1\.5$/,
    );
    expect(() => createMockServer({ faults: { failRate: 0.6, dropRate: 0.6 } })).toThrow(/exceed 1/);
  });

  it("refuses a latency that is negative, not a number, or longer than a timer can wait", () => {
    // Node clamps a timer above 2^31 - 1 ms to 1 ms: such a latency would not delay at all.
    const longest = 2_147_483_647;
    const nonsense = [
      ["1", "2"],
      [1, 2, 3],
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      longest + 1,
      "5",
      [0, longest + 1],
      [5, 1],
      [-2, 3],
      [1],
    ];
    for (const latencyMs of nonsense) {
      expect(
        () => createMockServer({ faults: { latencyMs: latencyMs as FaultOptions["latencyMs"] } }),
        String(latencyMs),
      ).toThrow(/^faults\.latencyMs must be a number of ms from 0 to 2147483647, or a \[min, max\] range of them/);
    }
    expect(() => createMockServer({ faults: { latencyMs: [0, longest + 1] } })).toThrow(
      new RangeError(
        "faults.latencyMs must be a number of ms from 0 to 2147483647, or a [min, max] range of them with min <= max, got [0, 2147483648]",
      ),
    );
    expect(() => createMockServer({ faults: { latencyMs: longest } })).not.toThrow();
    expect(() => createMockServer({ faults: { latencyMs: [0, longest] } })).not.toThrow();
  });

  it("drops a create in-process as a network error, whatever the URL or headers", async () => {
    const mock = createMockServer({ faults: { dropRate: 1 } });
    const attempt = mock.fetch("http://127.0.0.1:4010/v1/evals/runs", {
      method: "POST",
      headers: { authorization: KEY, "content-type": "application/json", origin: "http://localhost:3000" },
      body: "{}",
    });
    await expect(attempt).rejects.toThrow(
      expect.objectContaining({
        name: "TypeError",
        message: "fetch failed",
        cause: expect.objectContaining({ message: "evals-mock dropped the connection (injected fault)" }),
      }),
    );
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

  it("rejects at once a request whose signal is already aborted", async () => {
    const mock = createMockServer();
    await expect(
      mock.fetch(agentPath, { headers: { authorization: KEY }, signal: AbortSignal.abort() }),
    ).rejects.toThrow(expect.objectContaining({ name: "AbortError" }));
    expect(mock.state.requests).toEqual([]);
  });

  it("honours an aborted signal while a request is delayed", async () => {
    const mock = createMockServer({ faults: { latencyMs: 60_000 } });
    const controller = new AbortController();
    const pending = mock.fetch(agentPath, { headers: { authorization: KEY }, signal: controller.signal });
    controller.abort(new Error("client gave up"));
    await expect(pending).rejects.toThrow("client gave up");
  });
});
