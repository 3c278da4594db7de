// `.withResponse()` and `.asResponse()` on what the resource methods return, and plain `await`.
import { createEvalsClient, type EvalAgentWithVersion, type EvalRun, NotFoundError } from "@evals-api/client";
import { describe, expect, expectTypeOf, it } from "vitest";
import { agent, agentId, apiKey, createBody, failing, ok, run, scriptedFetch } from "./support.js";

const headers = { "x-request-id": "req_abc", "x-ratelimit-remaining": "41" };
const answered = (status: number, data: unknown) => () => {
  const response = ok(data, status);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
};

describe("withResponse()", () => {
  it("resolves with the data, the response and its request id", async () => {
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(answered(202, run)).fetch });
    const { data, response, requestId } = await evals.runs.create(createBody).withResponse();
    expect(data).toEqual(run);
    expect(response.status).toBe(202);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("41");
    expect(requestId).toBe("req_abc");
    expectTypeOf(data).toEqualTypeOf<EvalRun>();
    expectTypeOf(requestId).toEqualTypeOf<string | null>();
  });

  it("requestId is null when the server sends none", async () => {
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(ok(agent, 200)).fetch });
    const { data, requestId } = await evals.agents.get(agentId).withResponse();
    expect(data).toEqual(agent);
    expect(requestId).toBeNull();
    expectTypeOf(data).toEqualTypeOf<EvalAgentWithVersion>();
  });

  it("rejects as the call does", async () => {
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(failing(404)).fetch });
    await expect(evals.agents.get(agentId).withResponse()).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("asResponse()", () => {
  it("gives the raw response, its body unread", async () => {
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(answered(202, run)).fetch });
    const response = await evals.runs.create(createBody).asResponse();
    expectTypeOf(response).toEqualTypeOf<Response>();
    expect(response.bodyUsed).toBe(false);
    expect(response.headers.get("x-request-id")).toBe("req_abc");
    expect(await response.json()).toEqual({ data: run, errors: null });
  });

  it("an error answer still rejects with its error class", async () => {
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(failing(404)).fetch });
    await expect(evals.agents.get(agentId).asResponse()).rejects.toBeInstanceOf(NotFoundError);
  });

  it("through middleware (openapi-fetch's route) too", async () => {
    const evals = createEvalsClient({
      apiKey,
      fetch: scriptedFetch(ok(agent, 200)).fetch,
      middleware: [{ onResponse: () => undefined }],
    });
    const response = await evals.agents.get(agentId).asResponse();
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ data: agent, errors: null });
  });
});

describe("plain await", () => {
  it("still resolves with data, and the types stay exact", async () => {
    const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(ok(agent, 200)).fetch });
    const promise = evals.agents.get(agentId);
    expect(promise).toBeInstanceOf(Promise);
    expectTypeOf(promise).toMatchTypeOf<Promise<EvalAgentWithVersion>>();
    expectTypeOf<Awaited<typeof promise>>().toEqualTypeOf<EvalAgentWithVersion>();
    await expect(promise).resolves.toEqual(agent);
  });

  it("a call whose response is asked for reports no unhandled rejection of its data", async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const evals = createEvalsClient({ apiKey, fetch: scriptedFetch(failing(404)).fetch });
      await evals.agents
        .get(agentId)
        .asResponse()
        .catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});
