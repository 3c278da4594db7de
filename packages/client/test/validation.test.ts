// Requests that break the spec fail before anything is sent, naming every problem by JSON path.
// Bounds come from the bundled spec, so these tests follow it when it changes.
import { createEvalsClient, type EvalsClient, EvalsValidationError } from "@evals-api/client";
import spec from "@evals-api/types/openapi.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { apiKey, createBody, envelope, ok, scriptedFetch } from "./support.js";

const schemas = spec.components.schemas;
const maxCalls = schemas.CreateEvalRunRequest.properties.call_ids.maxItems;
const maxAgents = schemas.CreateEvalRunRequest.properties.attached_agents.maxItems;
const maxWeight = schemas.AgentAttachment.properties.weight.maximum;
const attachment = createBody.attached_agents?.[0] as NonNullable<(typeof createBody)["attached_agents"]>[number];

function setup(options: { validateRequests?: boolean } = {}) {
  const recorded = scriptedFetch(ok(), envelope(400, [{ message: "rejected by the server" }]));
  return { ...recorded, evals: createEvalsClient({ apiKey, fetch: recorded.fetch, maxRetries: 0, ...options }) };
}

async function validationError(call: Promise<unknown>): Promise<EvalsValidationError> {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EvalsValidationError);
  return error as EvalsValidationError;
}

describe("runs.create validates the body against the spec before sending", () => {
  it("lists every problem with its JSON path, and sends nothing", async () => {
    const { evals, sent } = setup();
    const agents = Array.from({ length: 4 }, () => ({ ...attachment }));
    agents[3] = { ...attachment, weight: maxWeight + 1 };
    const body = { call_ids: Array.from({ length: maxCalls + 1 }, (_, i) => `call_${i}`), attached_agents: agents };
    const error = await validationError(evals.runs.create(body));
    expect(error.issues).toEqual([
      { path: "/call_ids", message: `must NOT have more than ${maxCalls} items` },
      { path: "/attached_agents/3/weight", message: `must be <= ${maxWeight}` },
    ]);
    expect(error.message).toBe(
      "POST /v1/evals/runs not sent, the request breaks the spec:\n" +
        `/call_ids: must NOT have more than ${maxCalls} items\n` +
        `/attached_agents/3/weight: must be <= ${maxWeight}`,
    );
    expect(sent).toHaveLength(0);
  });

  it("names unknown fields, wrong types, bad enums and too many agents", async () => {
    const { evals, sent } = setup();
    const body = {
      ...createBody,
      attached_agents: Array.from({ length: maxAgents + 1 }, () => attachment),
      run_mode: "video",
      callIds: ["typo"],
    };
    const error = await validationError(evals.runs.create(body as never));
    expect(error.issues.map((i) => i.path).sort()).toEqual(["/attached_agents", "/callIds", "/run_mode"]);
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
    });
    expect(sent).toHaveLength(0);
  });

  it("checks the caller's idempotencyKey against the spec's Idempotency-Key header too", async () => {
    const { evals, sent } = setup();
    const header = spec.components.parameters.IdempotencyKey;
    const tooLong = "k".repeat(header.schema.maxLength + 1);
    for (const idempotencyKey of ["", tooLong]) {
      const error = await validationError(evals.runs.create(createBody, { idempotencyKey }));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.path).toBe(`/${header.name}`);
    }
    const both = await validationError(evals.runs.create({ ...createBody, call_ids: [] }, { idempotencyKey: "" }));
    expect(both.issues.map((i) => i.path)).toEqual(["/call_ids", `/${header.name}`]);
    expect(sent).toHaveLength(0);
    await evals.runs.create(createBody, { idempotencyKey: "k".repeat(header.schema.maxLength) });
    expect(sent[0]?.headers.get(header.name)).toHaveLength(header.schema.maxLength);
  });

  it("a valid body is sent as given", async () => {
    const { evals, sent } = setup();
    await evals.runs.create(createBody);
    expect(JSON.parse(sent[0]?.body ?? "")).toEqual(createBody);
  });
});

describe("agents.get validates the id", () => {
  it("a non-UUID id fails before sending", async () => {
    const { evals, sent } = setup();
    const error = await validationError(evals.agents.get("not-a-uuid"));
    expect(error.issues).toEqual([{ path: "/eval_agent_id", message: 'must match format "uuid"' }]);
    expect(error.message).toContain("GET /v1/evals/agents/not-a-uuid not sent");
    expect(sent).toHaveLength(0);
  });
});

describe("validateRequests: false", () => {
  it("sends whatever it is given and leaves the verdict to the server", async () => {
    const { evals, sent } = setup({ validateRequests: false });
    const client: EvalsClient = evals;
    await client.runs.create(createBody);
    await expect(client.agents.get("not-a-uuid")).rejects.toMatchObject({ status: 400 });
    expect(sent.map((r) => r.url.pathname)).toEqual(["/v1/evals/runs", "/v1/evals/agents/not-a-uuid"]);
  });

  it("path parameters are encoded, so an id cannot change the path", async () => {
    const { evals, sent } = setup({ validateRequests: false });
    await evals.agents.get("../runs?x=1#y").catch(() => undefined);
    expect(sent[0]?.url.pathname).toBe("/v1/evals/agents/..%2Fruns%3Fx%3D1%23y");
  });
});
