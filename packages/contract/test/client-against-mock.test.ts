// @evals-api/client against @evals-api/mock, in-process (no socket) and over HTTP: the SDK and the
// mock are built from the same spec, so everything a user does with one must work with the other.
import {
  AuthenticationError,
  ConflictError,
  createEvalsClient,
  EvalsConnectionError,
  EvalsValidationError,
  NotFoundError,
  PaymentRequiredError,
  RateLimitError,
} from "@evals-api/client";
import { createMockServer, type MockServerOptions } from "@evals-api/mock";
import { operationIndex } from "@evals-api/types";
import { requestExamples, responseExamples } from "@evals-api/types/spec";
import { describe, expect, it } from "vitest";
import { API_KEY } from "./helpers.js";

const runExamples = Object.values(requestExamples("createEvalRun")) as any[];
const agentExample = Object.values(
  responseExamples("getEvalAgent", String(operationIndex.getEvalAgent.successStatus)),
)[0] as any;
const withAgents = runExamples.find((e) => e.attached_agents) as any;

const modes = [
  {
    name: "in-process",
    async connect(options: MockServerOptions = {}) {
      const mock = createMockServer({ apiKey: API_KEY, ...options });
      return { mock, baseUrl: "http://127.0.0.1", fetch: mock.fetch, close: async () => {} };
    },
  },
  {
    name: "over HTTP",
    async connect(options: MockServerOptions = {}) {
      const mock = createMockServer({ apiKey: API_KEY, ...options });
      const server = await mock.listen(0);
      return { mock, baseUrl: server.url, fetch: undefined, close: server.close };
    },
  },
];

describe.each(modes)("the client against the mock, $name", ({ connect }) => {
  async function setup(options?: MockServerOptions, clientOptions: Record<string, unknown> = {}) {
    const { mock, baseUrl, fetch, close } = await connect(options);
    const evals = createEvalsClient({ apiKey: API_KEY, baseUrl, ...(fetch && { fetch }), ...clientOptions });
    return { mock, evals, close };
  }

  it("reads the seeded agent exactly as the spec's example shows it", async () => {
    const { evals, close } = await setup();
    try {
      expect(await evals.agents.get(agentExample.data.agent.id)).toEqual(agentExample.data);
    } finally {
      await close();
    }
  });

  it("creates runs from every request example in the spec", async () => {
    const { mock, evals, close } = await setup();
    try {
      for (const example of runExamples) {
        const run = await evals.runs.create(example);
        expect(run.status).toBe("PENDING");
        expect(run.submitted_call_ids).toEqual(example.call_ids);
        expect(mock.state.runs.get(run.id)).toEqual(run);
      }
      // The client sends an Idempotency-Key on every create.
      expect(mock.state.requests.every((r) => r.idempotencyKey !== null)).toBe(true);
    } finally {
      await close();
    }
  });

  it("maps the mock's error answers to the client's error classes", async () => {
    const { evals, close } = await setup();
    try {
      await expect(evals.agents.get("0b0b0b0b-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
      const unknownAgent = {
        ...withAgents,
        attached_agents: [{ ...withAgents.attached_agents[0], eval_agent_id: "0b0b0b0b-0000-4000-8000-000000000000" }],
      };
      await expect(evals.runs.create(unknownAgent)).rejects.toMatchObject({
        status: 404,
        code: "EVAL_AGENT_NOT_FOUND",
      });
      await evals.runs.create(withAgents, { idempotencyKey: "same-key" });
      await expect(
        evals.runs.create({ ...withAgents, call_ids: ["another"] }, { idempotencyKey: "same-key" }),
      ).rejects.toBeInstanceOf(ConflictError);
    } finally {
      await close();
    }
    const wrongKey = await setup({ apiKey: "another-key" });
    try {
      await expect(wrongKey.evals.agents.get(agentExample.data.agent.id)).rejects.toBeInstanceOf(AuthenticationError);
    } finally {
      await wrongKey.close();
    }
    const unbilled = await setup({ billing: false });
    try {
      await expect(unbilled.evals.runs.create(withAgents)).rejects.toBeInstanceOf(PaymentRequiredError);
    } finally {
      await unbilled.close();
    }
  });

  it("returns the same run when a create is repeated with its idempotency key", async () => {
    const { mock, evals, close } = await setup();
    try {
      const first = await evals.runs.create(withAgents, { idempotencyKey: "k-1" });
      const again = await evals.runs.create(withAgents, { idempotencyKey: "k-1" });
      expect(again).toEqual(first);
      expect(mock.state.runs.size).toBe(1);
    } finally {
      await close();
    }
  });

  it("rejects an invalid body before it reaches the mock, with the same path the mock would name", async () => {
    const { mock, evals, close } = await setup();
    const invalid = { ...withAgents, attached_agents: [{ ...withAgents.attached_agents[0], weight: 1000 }] };
    try {
      const error = await evals.runs.create(invalid).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EvalsValidationError);
      expect((error as EvalsValidationError).issues.map((i) => i.path)).toContain("/attached_agents/0/weight");
      expect(mock.state.requests).toEqual([]);
      // With client-side validation off, the mock rejects it at the same path.
      const unchecked = createEvalsClient({
        apiKey: API_KEY,
        baseUrl: "http://127.0.0.1",
        fetch: mock.fetch,
        validateRequests: false,
      });
      await expect(unchecked.runs.create(invalid)).rejects.toMatchObject({
        status: 400,
        errors: [expect.objectContaining({ message: expect.stringMatching(/^\/attached_agents\/0\/weight: /) })],
      });
    } finally {
      await close();
    }
  });

  it("retries a rate-limited create with one idempotency key, then gives up with RateLimitError", async () => {
    const { mock, evals, close } = await setup(
      { faults: { rateLimitRate: 1, retryAfterSeconds: 0 } },
      { maxRetries: 2 },
    );
    try {
      await expect(evals.runs.create(withAgents)).rejects.toBeInstanceOf(RateLimitError);
      expect(mock.state.requests).toHaveLength(3);
      expect(new Set(mock.state.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    } finally {
      await close();
    }
  });

  it("never repeats a create whose connection dropped (it may have been processed), but repeats a read", async () => {
    const { mock, evals, close } = await setup({ faults: { dropRate: 1 } }, { maxRetries: 2 });
    try {
      await expect(evals.runs.create(withAgents)).rejects.toBeInstanceOf(EvalsConnectionError);
      expect(mock.state.requests).toHaveLength(1);
      await expect(evals.agents.get(agentExample.data.agent.id)).rejects.toBeInstanceOf(EvalsConnectionError);
      expect(mock.state.requests).toHaveLength(4);
    } finally {
      await close();
    }
  });

  it("gets through a flaky mock: deterministic 503s with Retry-After are retried", async () => {
    const { mock, evals, close } = await setup(
      { faults: { seed: 7, failRate: 0.5, failStatus: 503, retryAfterSeconds: 0 } },
      { maxRetries: 10 },
    );
    try {
      for (let i = 0; i < 5; i++) await evals.runs.create(withAgents);
      expect(mock.state.runs.size).toBe(5);
      expect(mock.state.requests.some((r) => r.status === 503)).toBe(true);
    } finally {
      await close();
    }
  });
});
