import { operationIndex } from "@evals-api/types";
import { headerParameters } from "@evals-api/types/spec";
import { describe, expect, it } from "vitest";
import { createMockServer, ErrorCode, sequentialIds, steppingClock } from "../src/index.js";
import { conformingMock, getAgent, JSON_HEADERS, post } from "./conformance.js";
import { agentExample, requestExamples, responseExampleCodes, responseExamples, schema } from "./spec-examples.js";

const examples = requestExamples();
const withAgents = examples.withAttachedAgents;
const fromWorkbench = examples.fromWorkbenchVersion;

describe("POST /v1/evals/runs", () => {
  it.each(Object.entries(examples))("accepts the spec's %s example out of the box", async (_name, example) => {
    const mock = conformingMock();
    const { status, body } = await post(mock, example);
    expect(status).toBe(202);
    expect(body.data.status).toBe("PENDING");
    expect(body.data.submitted_call_ids).toEqual(example.call_ids);
    expect(mock.state.runs.get(body.data.id)).toEqual(body.data);
  });

  it("computes counts from distinct calls and attached agents", async () => {
    const mock = conformingMock();
    const attachment = withAgents.attached_agents[0];
    const { body } = await post(mock, {
      call_ids: ["c1", "c2", "c1", "c3"],
      attached_agents: [attachment, attachment],
    });
    expect(body.data).toMatchObject({
      resolved_call_count: 3,
      resolved_agent_count: 1,
      resolved_atom_count: 3,
      completed_atom_count: 0,
      submitted_attached_agents: [attachment, attachment],
    });
  });

  it("takes the agents of a pinned workbench version when none are attached", async () => {
    const mock = conformingMock();
    const roster = [...mock.state.workbenches.values()][0]?.attached_agents ?? [];
    expect(roster.length).toBeGreaterThan(0);
    const { body } = await post(mock, fromWorkbench);
    expect(body.data).toMatchObject({
      submitted_attached_agents: [],
      workbench_setup_id: fromWorkbench.workbench_setup_id,
      workbench_setup_version_id: fromWorkbench.workbench_setup_version_id,
      resolved_agent_count: roster.length,
      resolved_atom_count: roster.length * new Set(fromWorkbench.call_ids).size,
    });
  });

  it("creates runs in the org of the spec's example agent, or the orgId given", async () => {
    expect((await post(conformingMock(), withAgents)).body.data.org_id).toBe(agentExample().data.agent.org_id);
    const orgId = "0e0e0e0e-0000-4000-8000-000000000000";
    expect((await post(conformingMock({ orgId }), withAgents)).body.data.org_id).toBe(orgId);
  });

  it("makes ids and clocks deterministic with sequentialIds and steppingClock", () => {
    const ids = sequentialIds(255);
    expect([ids(), ids()]).toEqual(["00000000-0000-4000-8000-0000000000ff", "00000000-0000-4000-8000-000000000100"]);
    const clock = steppingClock();
    expect([clock().toISOString(), clock().toISOString()]).toEqual([
      "2026-01-01T00:00:00.000Z",
      "2026-01-01T00:00:01.000Z",
    ]);
  });

  it("applies the spec's defaults and echoes what was sent", async () => {
    const mock = conformingMock({ ids: sequentialIds(), now: steppingClock("2026-05-27T10:00:00.000Z") });
    const { body } = await post(mock, { call_ids: withAgents.call_ids, attached_agents: withAgents.attached_agents });
    const props = schema("CreateEvalRunRequest").properties;
    expect(body.data).toMatchObject({
      id: "00000000-0000-4000-8000-000000000001",
      created_at: "2026-05-27T10:00:00.000Z",
      run_mode: props.run_mode.default,
      triggered_by: props.triggered_by.default,
      metadata: {},
      workbench_setup_id: null,
      summary: null,
      started_at: null,
    });
    const second = await post(mock, { ...withAgents, run_mode: "audio", metadata: { a: "b" } });
    expect(second.body.data).toMatchObject({
      id: "00000000-0000-4000-8000-000000000002",
      created_at: "2026-05-27T10:00:01.000Z",
      run_mode: "audio",
      metadata: { a: "b" },
    });
  });

  it("answers 400 with one entry per problem, each naming its JSON path", async () => {
    const mock = conformingMock();
    const { status, body } = await post(mock, {
      call_ids: [],
      attached_agents: [{ ...withAgents.attached_agents[0], weight: 101 }],
      run_mode: "video",
    });
    expect(status).toBe(400);
    const messages = body.errors.map((e: any) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/call_ids: /),
        expect.stringMatching(/^\/attached_agents\/0\/weight: /),
        expect.stringMatching(/^\/run_mode: /),
      ]),
    );
    expect(body.errors.every((e: any) => e.error === ErrorCode.invalidRequest)).toBe(true);
    expect(mock.state.runs.size).toBe(0);
  });

  it("names the broken cross-field rule at the root", async () => {
    const mock = conformingMock();
    const { status, body } = await post(mock, { call_ids: ["c1"] });
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/^\(root\): must match one of: "With attached agents"/);
    const unpaired = await post(mock, { ...withAgents, workbench_setup_id: fromWorkbench.workbench_setup_id });
    expect(unpaired.body.errors.map((e: any) => e.message)).toContainEqual(
      expect.stringMatching(/^\/workbench_setup_version_id: is required when workbench_setup_id is given/),
    );
  });

  it("answers 404 with a clear code for unknown agents, versions and workbench versions", async () => {
    const mock = conformingMock();
    const attachment = withAgents.attached_agents[0];
    const unknownAgent = await post(mock, {
      ...withAgents,
      attached_agents: [{ ...attachment, eval_agent_id: "99999999-0000-4000-8000-000000000000" }],
    });
    expect(unknownAgent.status).toBe(404);
    expect(unknownAgent.body.errors[0].error).toBe(ErrorCode.evalAgentNotFound);
    const unknownVersion = await post(mock, {
      ...withAgents,
      attached_agents: [{ ...attachment, eval_agent_version_id: "99999999-0000-4000-8000-000000000000" }],
    });
    expect(unknownVersion.body.errors[0]).toMatchObject({
      error: ErrorCode.evalAgentVersionNotFound,
      message: expect.stringContaining("99999999-0000-4000-8000-000000000000"),
    });
    const unknownWorkbench = await post(mock, {
      ...fromWorkbench,
      workbench_setup_version_id: "99999999-0000-4000-8000-000000000000",
    });
    expect(unknownWorkbench.status).toBe(404);
    expect(unknownWorkbench.body.errors[0].error).toBe(ErrorCode.workbenchSetupVersionNotFound);
    // A known version of another setup is not found either.
    const otherSetup = "99999999-0000-4000-8000-000000000001";
    const mismatched = await post(mock, { ...fromWorkbench, workbench_setup_id: otherSetup });
    expect(mismatched.status).toBe(404);
    expect(mismatched.body.errors).toEqual([
      {
        error: ErrorCode.workbenchSetupVersionNotFound,
        message: `Workbench setup version not found: ${fromWorkbench.workbench_setup_version_id} (of setup ${otherSetup})`,
      },
    ]);
    expect(mock.state.runs.size).toBe(0);
  });

  it("accepts a run on the seed page agent's current and active versions", async () => {
    const mock = conformingMock();
    const { agent, current_version } = agentExample().data;
    for (const version of [current_version.id, agent.active_version_id]) {
      const { status } = await post(mock, {
        call_ids: ["c1"],
        attached_agents: [
          { eval_agent_id: agent.id, eval_agent_version_id: version, weight: 1, target_level_keys: [] },
        ],
      });
      expect(status).toBe(202);
    }
  });

  describe("Idempotency-Key", () => {
    it("returns the same run for the same key and body, and creates no second run", async () => {
      const mock = conformingMock();
      const first = await post(mock, withAgents, { "idempotency-key": "k-1" });
      // Same body with its keys in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(withAgents).reverse());
      const again = await post(mock, reordered, { "idempotency-key": "k-1" });
      expect(again.status).toBe(202);
      expect(again.body.data).toEqual(first.body.data);
      expect(mock.state.runs.size).toBe(1);
      const other = await post(mock, withAgents, { "idempotency-key": "k-2" });
      expect(other.body.data.id).not.toBe(first.body.data.id);
    });

    it("answers 409 for the same key with a different body", async () => {
      const mock = conformingMock();
      await post(mock, withAgents, { "idempotency-key": "k-1" });
      const { status, body } = await post(mock, { ...withAgents, call_ids: ["other"] }, { "idempotency-key": "k-1" });
      expect(status).toBe(409);
      expect(responseExampleCodes("409")).toContain(body.errors[0].error);
      expect(body.errors[0].message).toBe(
        "Idempotency-Key was already used with a different request body; send a new key for a new run",
      );
      expect(mock.state.runs.size).toBe(1);
    });

    it("compares bodies whatever their key order, nested objects included, but not the order of lists", async () => {
      const mock = conformingMock();
      const body = { ...withAgents, call_ids: ["c1", "c2"], metadata: { a: "1", b: "2" } };
      const first = await post(mock, body, { "idempotency-key": "k-1" });
      const reordered = {
        metadata: { b: "2", a: "1" },
        attached_agents: body.attached_agents.map((a: object) => Object.fromEntries(Object.entries(a).reverse())),
        ...Object.fromEntries(Object.entries(body).filter(([key]) => key !== "metadata" && key !== "attached_agents")),
      };
      expect((await post(mock, reordered, { "idempotency-key": "k-1" })).body.data.id).toBe(first.body.data.id);
      const swapped = await post(mock, { ...body, call_ids: ["c2", "c1"] }, { "idempotency-key": "k-1" });
      expect(swapped.status).toBe(409);
      // An unknown field may hold anything JSON does, null included.
      const extra = { ...body, note: null, tags: [{ b: 1, a: null }] };
      const created = await post(mock, extra, { "idempotency-key": "k-2" });
      expect(created.status).toBe(202);
      const again = await post(mock, { ...extra, tags: [{ a: null, b: 1 }] }, { "idempotency-key": "k-2" });
      expect(again.body.data.id).toBe(created.body.data.id);
    });

    it("remembers keys only, and logs the key of each request", async () => {
      const mock = conformingMock();
      await post(mock, withAgents);
      expect(mock.state.idempotency.size).toBe(0);
      await post(mock, withAgents, { "idempotency-key": "k-1" });
      expect([...mock.state.idempotency.values()]).toEqual([
        expect.objectContaining({ apiKey: "test-key", key: "k-1", runId: [...mock.state.runs.keys()][1] }),
      ]);
      expect(mock.state.requests.map((r) => r.idempotencyKey)).toEqual([null, "k-1"]);
    });

    it("enforces the key's bounds, which are ours: every header parameter is our extension", async () => {
      for (const operationId of Object.keys(operationIndex) as (keyof typeof operationIndex)[]) {
        for (const parameter of headerParameters(operationId)) expect(parameter.provenance.source).toBe("assumed");
      }
      const { body } = await post(conformingMock(), withAgents, { "idempotency-key": "" });
      expect(body.errors[0].message).toMatch(/\(a rule the spec assumes, not the vendor's\)$/);
    });

    it("is scoped by the API key: another key's run is never replayed, nor its body refused", async () => {
      const mock = conformingMock();
      const tenantA = await post(mock, withAgents, { authorization: "key-a", "idempotency-key": "shared" });
      const tenantB = await post(mock, withAgents, { authorization: "key-b", "idempotency-key": "shared" });
      expect(tenantB.status).toBe(202);
      expect(tenantB.body.data.id).not.toBe(tenantA.body.data.id);
      const otherBody = await post(
        mock,
        { ...withAgents, call_ids: ["other"] },
        { authorization: "key-c", "idempotency-key": "shared" },
      );
      expect(otherBody.status).toBe(202);
      expect(mock.state.runs.size).toBe(3);
      // Within one API key the key still replays.
      const replay = await post(mock, withAgents, { authorization: "key-b", "idempotency-key": "shared" });
      expect(replay.body.data.id).toBe(tenantB.body.data.id);
      expect(mock.state.runs.size).toBe(3);
    });

    it("rejects a key longer than the spec allows", async () => {
      const mock = conformingMock();
      const { status, body } = await post(mock, withAgents, { "idempotency-key": "k".repeat(10_000) });
      expect(status).toBe(400);
      expect(body.errors[0].message).toMatch(/^\/headers\/Idempotency-Key: /);
    });

    it("rejects an empty key", async () => {
      const mock = conformingMock();
      const { status, body } = await post(mock, withAgents, { "idempotency-key": "" });
      expect(status).toBe(400);
      expect(body.errors[0].message).toMatch(/^\/headers\/Idempotency-Key: must NOT have fewer than/);
      expect(mock.state.runs.size).toBe(0);
    });
  });

  describe("ids compare case-insensitively", () => {
    const upper = (id: string) => id.toUpperCase();

    it("runs agents, versions and workbench versions named in upper case, echoing the request as sent", async () => {
      const mock = conformingMock();
      const attachment = withAgents.attached_agents[0];
      const shouted = {
        ...attachment,
        eval_agent_id: upper(attachment.eval_agent_id),
        eval_agent_version_id: upper(attachment.eval_agent_version_id),
      };
      const run = await post(mock, { ...withAgents, attached_agents: [shouted, attachment] });
      expect(run.status).toBe(202);
      // Both spellings name the same agent version: it scores once.
      expect(run.body.data).toMatchObject({
        resolved_agent_count: 1,
        submitted_attached_agents: [shouted, attachment],
      });
      expect(mock.state.resolvedAgents.get(run.body.data.id)?.[0]).toMatchObject({
        eval_agent_id: attachment.eval_agent_id,
        eval_agent_version_id: attachment.eval_agent_version_id,
      });
      const workbench = await post(mock, {
        ...fromWorkbench,
        workbench_setup_id: upper(fromWorkbench.workbench_setup_id),
        workbench_setup_version_id: upper(fromWorkbench.workbench_setup_version_id),
      });
      expect(workbench.status).toBe(202);
    });

    it("serves an agent asked for in upper case with its id as stored", async () => {
      const mock = conformingMock();
      const { agent } = agentExample().data;
      const { status, body } = await getAgent(mock, upper(agent.id));
      expect(status).toBe(200);
      expect(body.data.agent.id).toBe(agent.id);
    });
  });

  describe("client mistakes get 4xx, never a 500", () => {
    it("an unexpected failure inside the mock answers 500 in the envelope", async () => {
      const mock = conformingMock({
        ids: () => {
          throw new Error("no more ids");
        },
      });
      const { status, body } = await post(mock, withAgents);
      expect(status).toBe(500);
      expect(body.errors).toEqual([{ error: ErrorCode.internalError, message: "The mock failed: no more ids" }]);
    });

    it("401 without an API key, and with a wrong one when a key is set", async () => {
      const open = conformingMock();
      const missing = await open.fetch("/v1/evals/runs", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(withAgents),
      });
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as any).errors).toEqual([
        { error: ErrorCode.unauthorized, message: "Missing API key: send it in the `authorization` header" },
      ]);
      expect((await post(open, withAgents, { authorization: "  " })).status).toBe(401);
      const locked = conformingMock({ apiKey: "right" });
      const wrong = await post(locked, withAgents, { authorization: "wrong" });
      expect(wrong.status).toBe(401);
      expect(wrong.body.errors).toEqual([{ error: ErrorCode.unauthorized, message: "Invalid API key" }]);
      expect((await post(locked, withAgents, { authorization: "right" })).status).toBe(202);
      expect((await getAgent(locked, agentExample().data.agent.id, { authorization: "wrong" })).status).toBe(401);
    });

    it("refuses an apiKey option no request could send", () => {
      expect(() => createMockServer({ apiKey: "" })).toThrow(
        new RangeError("apiKey must not be empty; leave it out to accept any non-empty key"),
      );
      expect(() => createMockServer({ apiKey: " key" })).toThrow(
        new RangeError("apiKey must not start or end with white space"),
      );
      expect(() => createMockServer({ apiKey: 42 as unknown as string })).toThrow(/^apiKey must not be empty/);
    });

    it("415 for a body that is not declared as JSON", async () => {
      const mock = conformingMock();
      for (const contentType of ["text/plain", "application/x-www-form-urlencoded"]) {
        const { status, body } = await post(mock, withAgents, { "content-type": contentType });
        expect(status).toBe(415);
        expect(responseExampleCodes("415")).toContain(body.errors[0].error);
      }
      const none = await mock.fetch("/v1/evals/runs", {
        method: "POST",
        headers: { authorization: "k" },
        body: new Blob([JSON.stringify(withAgents)]),
      });
      expect(none.status).toBe(415);
    });

    it("400 for malformed JSON and an empty body", async () => {
      const mock = conformingMock();
      for (const raw of ["{", "", "[1,", "null"]) {
        const { status, body } = await post(mock, raw);
        expect(status).toBe(400);
        expect(body.errors[0].message).toMatch(/^\(root\): /);
      }
    });

    it("413 for a body over 1 MiB", async () => {
      const mock = conformingMock();
      const huge = { ...withAgents, call_ids: Array.from({ length: 4000 }, (_, i) => `call_${i}_${"x".repeat(300)}`) };
      const { status, body } = await post(mock, huge);
      expect(status).toBe(413);
      expect(responseExampleCodes("413")).toContain(body.errors[0].error);
    });

    it("402 when the org has no billing record, 404 everywhere when Evals is disabled", async () => {
      const unbilled = conformingMock({ billing: false });
      const { status, body } = await post(unbilled, withAgents);
      expect(status).toBe(402);
      // The spec's own example of the rule the vendor states.
      expect(body).toEqual(Object.values(responseExamples("createEvalRun", "402"))[0]);
      // An invalid body is still a 400: billing is checked only for a run that could start.
      expect((await post(unbilled, { call_ids: [] })).status).toBe(400);
      const disabled = conformingMock({ evalsEnabled: false });
      const gated = await post(disabled, withAgents);
      expect(gated.status).toBe(404);
      expect(gated.body.errors).toEqual([
        { error: ErrorCode.notFound, message: "Evals is not enabled for this organization" },
      ]);
      expect((await getAgent(disabled, agentExample().data.agent.id)).status).toBe(404);
    });
  });

  it("uses the error codes of the spec's examples", async () => {
    const mock = conformingMock();
    expect(responseExampleCodes("400")).toContain((await post(mock, { call_ids: [] })).body.errors[0].error);
    const noKey = await post(mock, withAgents, { authorization: "" });
    expect(responseExampleCodes("401")).toContain(noKey.body.errors[0].error);
    const unknown = await getAgent(mock, "00000000-0000-0000-0000-000000000000");
    expect(responseExampleCodes("404")).toContain(unknown.body.errors[0].error);
  });

  it("keeps answering after many bad requests in a row", async () => {
    const mock = conformingMock();
    for (const body of ["{", "[]", "42", '{"call_ids": {}}', JSON.stringify({ call_ids: [null] })]) {
      expect((await post(mock, body)).status).toBe(400);
    }
    expect((await post(mock, withAgents, JSON_HEADERS)).status).toBe(202);
  });
});
