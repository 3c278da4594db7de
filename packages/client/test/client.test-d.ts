// Compile-time contract of the client: argument and result types come from the spec, and the
// cross-field rules of create-run are type errors when called through evals.runs.create.
import {
  type ConflictError,
  createEvalsClient,
  type EvalAgentWithVersion,
  type EvalRun,
  type EvalsApiError,
  type EvalsClientOptions,
  NotFoundError,
  type RateLimitError,
} from "@evals-api/client";
import type { AgentAttachment, ApiError, paths } from "@evals-api/types";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";

const evals = createEvalsClient({ apiKey: "k" });
const agent: AgentAttachment = { eval_agent_id: "a", eval_agent_version_id: "v", weight: 50, target_level_keys: [] };

describe("results are the generated types", () => {
  it("runs.create resolves with EvalRun, agents.get with EvalAgentWithVersion", () => {
    expectTypeOf(evals.runs.create({ call_ids: ["c"], attached_agents: [agent] })).resolves.toEqualTypeOf<EvalRun>();
    expectTypeOf(evals.agents.get("id")).resolves.toEqualTypeOf<EvalAgentWithVersion>();
    expectTypeOf<EvalRun["status"]>().toEqualTypeOf<
      paths["/v1/evals/runs"]["post"]["responses"][202]["content"]["application/json"]["data"]["status"]
    >();
  });

  it("raw is openapi-fetch's client for the spec's paths", () => {
    expectTypeOf(evals.raw).toEqualTypeOf<Client<paths>>();
  });

  it("errors expose the envelope's ApiError and the parsed retry-after", () => {
    expectTypeOf<EvalsApiError["errors"]>().toEqualTypeOf<ApiError[]>();
    expectTypeOf<EvalsApiError["code"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RateLimitError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
  });
});

describe("the cross-field rules of create-run are compile-time errors", () => {
  it("an attachment needs only its eval_agent_id (the vendor's one required field)", () => {
    expectTypeOf(
      evals.runs.create({ call_ids: ["c"], attached_agents: [{ eval_agent_id: "a" }] }),
    ).resolves.toEqualTypeOf<EvalRun>();
    void evals.runs.create({ call_ids: ["c"], attached_agents: [{ eval_agent_id: "a", weight: 10 }] });
    // @ts-expect-error eval_agent_id is required in an attachment
    void evals.runs.create({ call_ids: ["c"], attached_agents: [{ eval_agent_version_id: "v" }] });
  });

  it("accepts agents, a pinned workbench version, or both", () => {
    void evals.runs.create({ call_ids: ["c"], attached_agents: [agent] });
    void evals.runs.create({ call_ids: ["c"], workbench_setup_id: "w", workbench_setup_version_id: "v" });
    void evals.runs.create({
      call_ids: ["c"],
      attached_agents: [agent],
      workbench_setup_id: "w",
      workbench_setup_version_id: "v",
      run_mode: "audio",
      metadata: { team: "support" },
    });
  });

  it("rejects the broken ones", () => {
    // @ts-expect-error a workbench id without its version (and so no agents either)
    void evals.runs.create({ call_ids: ["c"], workbench_setup_id: "w" });
    // @ts-expect-error neither agents nor a pinned workbench version
    void evals.runs.create({ call_ids: ["c"] });
    // @ts-expect-error a workbench version without its id, even with agents
    void evals.runs.create({ call_ids: ["c"], attached_agents: [agent], workbench_setup_version_id: "v" });
    // @ts-expect-error call_ids is required
    void evals.runs.create({ attached_agents: [agent] });
    // @ts-expect-error run_mode is one of the spec's enum values
    void evals.runs.create({ call_ids: ["c"], attached_agents: [agent], run_mode: "video" });
    // @ts-expect-error metadata values are strings
    void evals.runs.create({ call_ids: ["c"], attached_agents: [agent], metadata: { n: 1 } });
  });
});

describe("options", () => {
  it("per-call options; the idempotency key only where it means something", () => {
    void evals.runs.create({ call_ids: ["c"], attached_agents: [agent] }, { idempotencyKey: "k", timeoutMs: 1 });
    void evals.agents.get("id", { signal: AbortSignal.timeout(1), maxRetries: 0, headers: { "x-a": "b" } });
    // @ts-expect-error idempotencyKey is for create only
    void evals.agents.get("id", { idempotencyKey: "k" });
  });

  it("a standard fetch plugs in; a Request-only handler must be wrapped", () => {
    expectTypeOf(globalThis.fetch).toExtend<NonNullable<EvalsClientOptions["fetch"]>>();
    const requestOnly = (request: Request): Promise<Response> => Promise.resolve(new Response(request.url));
    // @ts-expect-error the client may call fetch(url, init)
    void createEvalsClient({ apiKey: "k", fetch: requestOnly });
  });
});

describe("error classes are distinct types", () => {
  it("narrowing by instanceof or by name", () => {
    const error = new NotFoundError({ status: 404, body: null, headers: new Headers(), method: "GET", path: "/" });
    expectTypeOf(error.name).toEqualTypeOf<"NotFoundError">();
    expectTypeOf<NotFoundError>().not.toEqualTypeOf<ConflictError>();
    const failure = error as NotFoundError | ConflictError | RateLimitError;
    if (failure.name === "RateLimitError") expectTypeOf(failure.retryAfterMs).toEqualTypeOf<number | undefined>();
  });
});
