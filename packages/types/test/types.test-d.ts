import type {
  AgentAttachment,
  CreateEvalRunRequest,
  components,
  EvalAgentVersion,
  EvalRun,
  EvalRunStatus,
  operations,
  paths,
  RunSummary,
  SubmittedAgentAttachment,
} from "@evals-api/types";
import { describe, expectTypeOf, it } from "vitest";

const agent: AgentAttachment = { eval_agent_id: "a", eval_agent_version_id: "v", weight: 1, target_level_keys: [] };

describe("generated types carry the spec's enums, nullability and required fields", () => {
  it("EvalRun.status is the seven-value lifecycle union", () => {
    expectTypeOf<EvalRun["status"]>().toEqualTypeOf<
      "PENDING" | "QUEUED" | "RUNNING" | "COMPLETE" | "PARTIAL" | "FAILED" | "CANCELLED"
    >();
    expectTypeOf<EvalRunStatus>().toEqualTypeOf<EvalRun["status"]>();
  });

  it("nullable fields are `| null`, never optional", () => {
    expectTypeOf<EvalRun["summary"]>().toEqualTypeOf<RunSummary | null>();
    expectTypeOf<EvalRun["billable_cost_usd"]>().toEqualTypeOf<number | null>();
    expectTypeOf<EvalRun["workbench_setup_id"]>().toEqualTypeOf<string | null>();
    expectTypeOf<EvalRun["started_at"]>().toEqualTypeOf<string | null>();
    expectTypeOf<RunSummary["overall_pass"]>().toEqualTypeOf<boolean | null>();
    expectTypeOf<EvalAgentVersion["created_from_version_id"]>().toEqualTypeOf<string | null>();
  });

  it("enums of the agent version and request", () => {
    expectTypeOf<EvalAgentVersion["state"]>().toEqualTypeOf<"editable" | "archived">();
    expectTypeOf<EvalAgentVersion["modality"]>().toEqualTypeOf<"text" | "audio">();
    expectTypeOf<components["schemas"]["RunMode"]>().toEqualTypeOf<"text" | "audio" | "full">();
    expectTypeOf<components["schemas"]["TriggeredBy"]>().toEqualTypeOf<"manual" | "auto" | "backfill">();
  });

  it("fields with defaults stay optional on the request (defaultNonNullable is off)", () => {
    expectTypeOf<{ call_ids: string[]; attached_agents: AgentAttachment[] }>().toExtend<CreateEvalRunRequest>();
    expectTypeOf<CreateEvalRunRequest["run_mode"]>().toEqualTypeOf<"text" | "audio" | "full" | undefined>();
  });

  it("an attachment needs only its eval_agent_id (the vendor's only required field)", () => {
    const minimal: CreateEvalRunRequest = { call_ids: ["c"], attached_agents: [{ eval_agent_id: "a" }] };
    expectTypeOf<AgentAttachment["eval_agent_version_id"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AgentAttachment["weight"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AgentAttachment["target_level_keys"]>().toEqualTypeOf<string[] | undefined>();
    // @ts-expect-error eval_agent_id is still required
    const noId: AgentAttachment = { eval_agent_version_id: "v" };
    expectTypeOf([minimal, noId]).toBeArray();
  });

  it("an echoed attachment may lack, or null, what the request omitted; response keys stay required", () => {
    expectTypeOf<EvalRun["submitted_attached_agents"]>().toEqualTypeOf<SubmittedAgentAttachment[]>();
    expectTypeOf<SubmittedAgentAttachment["eval_agent_id"]>().toEqualTypeOf<string>();
    expectTypeOf<SubmittedAgentAttachment["eval_agent_version_id"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<SubmittedAgentAttachment["weight"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<EvalRun["id"]>().toEqualTypeOf<string>();
    expectTypeOf<EvalRun["resolved_atom_count"]>().toEqualTypeOf<number>();
  });

  it("the cross-field rules of create-run are compile-time errors", () => {
    const ok1: CreateEvalRunRequest = { call_ids: ["c"], attached_agents: [agent] };
    const ok2: CreateEvalRunRequest = { call_ids: ["c"], workbench_setup_id: "w", workbench_setup_version_id: "v" };
    const ok3: CreateEvalRunRequest = {
      call_ids: ["c"],
      attached_agents: [agent],
      workbench_setup_id: "w",
      workbench_setup_version_id: "v",
    };
    // @ts-expect-error neither agents nor a pinned workbench version
    const noAgents: CreateEvalRunRequest = { call_ids: ["c"] };
    // @ts-expect-error a workbench id without its version
    const halfPair: CreateEvalRunRequest = { call_ids: ["c"], workbench_setup_id: "w" };
    // @ts-expect-error a workbench version without its id, even with agents
    const halfPair2: CreateEvalRunRequest = {
      call_ids: ["c"],
      attached_agents: [agent],
      workbench_setup_version_id: "v",
    };
    // @ts-expect-error call_ids is required
    const noCalls: CreateEvalRunRequest = { attached_agents: [agent] };
    // @ts-expect-error metadata values are strings
    const badMeta: CreateEvalRunRequest = { call_ids: ["c"], attached_agents: [agent], metadata: { n: 1 } };
    // @ts-expect-error minimal attachments do not lift the pair rule
    const halfPair3: CreateEvalRunRequest = {
      call_ids: ["c"],
      attached_agents: [{ eval_agent_id: "a" }],
      workbench_setup_id: "w",
    };
    expectTypeOf([ok1, ok2, ok3, noAgents, halfPair, halfPair2, noCalls, badMeta, halfPair3]).toBeArray();
  });

  it("paths and operations describe both endpoints", () => {
    type Create = paths["/v1/evals/runs"]["post"];
    expectTypeOf<Create["responses"][202]["content"]["application/json"]["data"]>().toEqualTypeOf<EvalRun>();
    expectTypeOf<operations["getEvalAgent"]["parameters"]["path"]["eval_agent_id"]>().toEqualTypeOf<string>();
    type Agent = operations["getEvalAgent"]["responses"][200]["content"]["application/json"]["data"];
    expectTypeOf<Agent["current_version"]>().toEqualTypeOf<EvalAgentVersion>();
  });
});
