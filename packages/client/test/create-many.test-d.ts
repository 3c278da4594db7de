// Compile-time contract of runs.createMany: the cross-field rules of runs.create, with call_ids
// widened to any iterable, and a result whose runs are the spec's EvalRun.
import {
  type CreateManyProgress,
  type CreateManyResult,
  createEvalsClient,
  createMemoryJournal,
  type EvalRun,
  type FailedChunk,
  type Journal,
} from "@evals-api/client";
import { createFileJournal } from "@evals-api/client/file-journal";
import type { AgentAttachment } from "@evals-api/types";
import { describe, expectTypeOf, it } from "vitest";

const evals = createEvalsClient({ apiKey: "k" });
const agent: AgentAttachment = { eval_agent_id: "a" };
async function* lines(): AsyncGenerator<string> {
  yield "c1";
}

describe("runs.createMany takes any source of call ids", () => {
  it("an array, a Set, a generator or an async iterable", () => {
    expectTypeOf(
      evals.runs.createMany({ call_ids: ["c"], attached_agents: [agent] }),
    ).resolves.toEqualTypeOf<CreateManyResult>();
    void evals.runs.createMany({ call_ids: new Set(["c"]), attached_agents: [agent] });
    void evals.runs.createMany({ call_ids: lines(), attached_agents: [agent], triggered_by: "backfill" });
    // @ts-expect-error call ids are strings
    void evals.runs.createMany({ call_ids: [1, 2], attached_agents: [agent] });
    // @ts-expect-error a string is not a list of ids
    void evals.runs.createMany({ call_ids: "c1", attached_agents: [agent] });
  });

  it("keeps the cross-field rules of runs.create", () => {
    void evals.runs.createMany({ call_ids: lines(), workbench_setup_id: "w", workbench_setup_version_id: "v" });
    // @ts-expect-error neither agents nor a pinned workbench version
    void evals.runs.createMany({ call_ids: lines() });
    // @ts-expect-error a workbench id without its version
    void evals.runs.createMany({ call_ids: lines(), workbench_setup_id: "w" });
    // @ts-expect-error a workbench version without its id, even with agents
    void evals.runs.createMany({ call_ids: lines(), attached_agents: [agent], workbench_setup_version_id: "v" });
    // @ts-expect-error run_mode is one of the spec's enum values
    void evals.runs.createMany({ call_ids: ["c"], attached_agents: [agent], run_mode: "video" });
  });
});

describe("options and result", () => {
  it("the options by their names", () => {
    void evals.runs.createMany(
      { call_ids: ["c"], attached_agents: [agent] },
      {
        chunkSize: 1000,
        concurrency: 2,
        signal: AbortSignal.timeout(1),
        onProgress: (progress) => expectTypeOf(progress).toEqualTypeOf<CreateManyProgress>(),
        journal: createFileJournal("q3.journal"),
        batchKey: "q3-backfill",
        stopOnError: true,
        resendInDoubt: false,
        timeoutMs: 30_000,
      },
    );
    // @ts-expect-error one Idempotency-Key per chunk is derived; a single key makes no sense here
    void evals.runs.createMany({ call_ids: ["c"], attached_agents: [agent] }, { idempotencyKey: "k" });
  });

  it("runs are EvalRun; a failed chunk says whether it may be billed", () => {
    expectTypeOf<CreateManyResult["runs"]>().toEqualTypeOf<EvalRun[]>();
    expectTypeOf<FailedChunk["inDoubt"]>().toEqualTypeOf<boolean>();
    expectTypeOf<FailedChunk["idempotencyKey"]>().toEqualTypeOf<string>();
    expectTypeOf<CreateManyProgress["callsTotal"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf(createMemoryJournal()).toEqualTypeOf<Journal>();
    expectTypeOf(createFileJournal).returns.toEqualTypeOf<Journal>();
  });
});
