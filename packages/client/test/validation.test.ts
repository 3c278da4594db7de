// Requests that break a rule the vendor states fail before anything is sent, naming every problem
// by JSON path; a request that breaks only a rule the spec assumes is sent. Bounds come from the
// bundled spec, so these tests follow it when it changes.
import { createEvalsClient, type EvalsClient, EvalsValidationError } from "@evals-api/client";
import spec from "@evals-api/types/openapi.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { apiKey, createBody, envelope, ok, scriptedFetch } from "./support.js";

const schemas = spec.components.schemas;
const maxCalls = schemas.CreateEvalRunRequest.properties.call_ids.maxItems;
const maxAgents = schemas.CreateEvalRunRequest.properties.attached_agents.maxItems;
const maxWeight = schemas.AgentAttachment.properties.weight.maximum;
const attachment = createBody.attached_agents?.[0] as NonNullable<(typeof createBody)["attached_agents"]>[number];
// The spec's own example of an attachment that names only the agent (its published version runs).
const publishedOnly = spec.components.examples.CreateEvalRunWithPublishedVersion.value;

function setup(options: { validateRequests?: boolean } = {}, answers = [ok(), envelope(400, [{ message: "no" }])]) {
  const recorded = scriptedFetch(...answers);
  return { ...recorded, evals: createEvalsClient({ apiKey, fetch: recorded.fetch, maxRetries: 0, ...options }) };
}

async function validationError(call: Promise<unknown>): Promise<EvalsValidationError> {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EvalsValidationError);
  return error as EvalsValidationError;
}

describe("runs.create refuses a body that breaks a vendor rule, before sending", () => {
  it("lists every problem with its JSON path, and sends nothing", async () => {
    const { evals, sent } = setup();
    const agents = Array.from({ length: 4 }, () => ({ ...attachment }));
    agents[3] = { ...attachment, weight: maxWeight + 1 };
    const body = { call_ids: Array.from({ length: maxCalls + 1 }, (_, i) => `call_${i}`), attached_agents: agents };
    const error = await validationError(evals.runs.create(body));
    expect(error.issues).toEqual([
      { path: "/call_ids", message: `must NOT have more than ${maxCalls} items`, source: "vendor" },
      { path: "/attached_agents/3/weight", message: `must be <= ${maxWeight}`, source: "vendor" },
    ]);
    expect(error.message).toBe(
      "POST /v1/evals/runs not sent, the request breaks the spec:\n" +
        `/call_ids: must NOT have more than ${maxCalls} items\n` +
        `/attached_agents/3/weight: must be <= ${maxWeight}`,
    );
    expect(sent).toHaveLength(0);
  });

  it("an attachment without its eval_agent_id is refused, naming the field", async () => {
    const { evals, sent } = setup();
    const { eval_agent_id, ...rest } = attachment;
    const error = await validationError(evals.runs.create({ call_ids: ["c"], attached_agents: [rest] } as never));
    expect(error.issues).toEqual([
      { path: "/attached_agents/0/eval_agent_id", message: "is required", source: "vendor" },
    ]);
    expect(sent).toHaveLength(0);
  });

  it("names wrong types, bad enums, non-string metadata and too many agents", async () => {
    const { evals, sent } = setup();
    const body = {
      ...createBody,
      attached_agents: Array.from({ length: maxAgents + 1 }, () => attachment),
      run_mode: "video",
      metadata: { team: 7 },
    };
    const error = await validationError(evals.runs.create(body as never));
    expect(error.issues.map((i) => i.path).sort()).toEqual(["/attached_agents", "/metadata/team", "/run_mode"]);
    expect(error.issues.every((i) => i.source === "vendor")).toBe(true);
    expect(sent).toHaveLength(0);
  });

  it("checks the cross-field rules at run time too", async () => {
    const { evals, sent } = setup();
    const noAgents = await validationError(evals.runs.create({ call_ids: ["c"] } as never));
    expect(noAgents.issues).toHaveLength(1);
    expect(noAgents.message).toContain("With attached agents");
    const halfPair = await validationError(
      evals.runs.create({ ...createBody, workbench_setup_id: "33333333-aaaa-bbbb-cccc-dddddddddddd" } as never),
    );
    expect(halfPair.issues).toContainEqual({
      path: "/workbench_setup_version_id",
      message: "is required when workbench_setup_id is given",
      source: "vendor",
    });
    expect(sent).toHaveLength(0);
  });

  it("checks the caller's idempotencyKey against the spec's Idempotency-Key header (our extension)", async () => {
    const { evals, sent } = setup();
    const header = spec.components.parameters.IdempotencyKey;
    const tooLong = "k".repeat(header.schema.maxLength + 1);
    for (const idempotencyKey of ["", tooLong]) {
      const error = await validationError(evals.runs.create(createBody, { idempotencyKey }));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]).toMatchObject({ path: `/${header.name}`, source: "assumed" });
      expect(error.message).toContain("not sent");
    }
    const both = await validationError(evals.runs.create({ ...createBody, call_ids: [] }, { idempotencyKey: "" }));
    expect(both.issues.map((i) => i.path)).toEqual(["/call_ids", `/${header.name}`]);
    expect(sent).toHaveLength(0);
    await evals.runs.create(createBody, { idempotencyKey: "k".repeat(header.schema.maxLength) });
    expect(sent[0]?.headers.get(header.name)).toHaveLength(header.schema.maxLength);
  });
});

describe("a request that breaks only an assumption, or no rule, is sent", () => {
  it("a valid body is sent as given", async () => {
    const { evals, sent } = setup();
    await evals.runs.create(createBody);
    expect(JSON.parse(sent[0]?.body ?? "")).toEqual(createBody);
  });

  it("an attachment of only { eval_agent_id } is sent (the spec's example)", async () => {
    const { evals, sent } = setup({}, [ok()]);
    await evals.runs.create(publishedOnly);
    await evals.runs.create({ call_ids: ["c"], attached_agents: [{ eval_agent_id: attachment.eval_agent_id }] });
    expect(sent.map((r) => JSON.parse(r.body))).toEqual([
      publishedOnly,
      { call_ids: ["c"], attached_agents: [{ eval_agent_id: attachment.eval_agent_id }] },
    ]);
  });

  it("unknown fields, top-level and in an attachment, are sent", async () => {
    const { evals, sent } = setup();
    const body = { ...createBody, priority: "high", attached_agents: [{ ...attachment, note: "x" }] };
    await evals.runs.create(body);
    expect(JSON.parse(sent[0]?.body ?? "")).toEqual(body);
  });

  it("a non-UUID agent id is sent, URL-encoded (format: uuid there is the spec's assumption)", async () => {
    const { evals, sent } = setup();
    await evals.agents.get("agent 7/é?");
    expect(sent[0]?.url.pathname).toBe("/v1/evals/agents/agent%207%2F%C3%A9%3F");
  });
});

describe("validateRequests: false", () => {
  it("sends whatever it is given and leaves the verdict to the server", async () => {
    const { evals, sent } = setup({ validateRequests: false });
    const client: EvalsClient = evals;
    await client.runs.create({ ...createBody, call_ids: [] });
    await expect(client.agents.get("not-a-uuid")).rejects.toMatchObject({ status: 400 });
    expect(sent.map((r) => r.url.pathname)).toEqual(["/v1/evals/runs", "/v1/evals/agents/not-a-uuid"]);
  });

  it("path parameters are encoded, so an id cannot change the path", async () => {
    const { evals, sent } = setup({ validateRequests: false });
    await evals.agents.get("../runs?x=1#y").catch(() => undefined);
    await evals.agents.get("%2e%2e").catch(() => undefined);
    await evals.agents.get("...").catch(() => undefined);
    expect(sent.map((r) => r.url.pathname)).toEqual([
      "/v1/evals/agents/..%2Fruns%3Fx%3D1%23y",
      "/v1/evals/agents/%252e%252e",
      "/v1/evals/agents/...",
    ]);
  });
});

describe("a path parameter never changes which path is called, validation on or off", () => {
  // URL parsing resolves "." and ".." however they are encoded, and "" leaves the segment empty.
  it.each([
    ["an empty string", ""],
    ["a dot", "."],
    ["two dots", ".."],
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["an object", { id: "x" }],
  ])("%s is refused with an EvalsValidationError naming eval_agent_id", async (_, id) => {
    for (const validateRequests of [true, false]) {
      const { evals, sent } = setup({ validateRequests });
      const error = await validationError(evals.agents.get(id as string));
      const message = 'must be a string, not "", "." or ".." (that would call another path)';
      expect(error.issues).toEqual([{ path: "/eval_agent_id", message, source: "vendor" }]);
      expect(error.message).toBe(`GET /v1/evals/agents/{eval_agent_id} not sent: eval_agent_id ${message}`);
      expect(sent).toHaveLength(0);
    }
  });
});
