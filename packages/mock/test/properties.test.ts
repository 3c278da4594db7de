// Property-based tests: bodies generated from the spec's constraints (omitted attachment fields and
// unknown fields included) are accepted by the generated validator (the one the client uses) and by
// the mock with the right counts; bodies mutated to break a vendor rule are rejected by both, with
// an issue at the mutated path.
import { validateCreateEvalRunRequest, validateCreateEvalRunResponse } from "@evals-api/types/validators";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createMockServer } from "../src/index.js";
import { bounds, mutatedCase, propertySeed, validCase } from "./arbitraries.js";
import { conformingMock, post } from "./conformance.js";

const numRuns = Number(process.env.FC_NUM_RUNS ?? 1000);
// A failure prints its seed; FC_SEED=<seed> replays the same cases.
const params = { numRuns, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };
const counts = new Map<string, number>();
const tally = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);

afterAll(() => {
  for (const [name, n] of counts) console.log(`property cases: ${name}: ${n}`);
});

describe("valid bodies from the spec's constraints", () => {
  it(`are accepted by validateCreateEvalRunRequest (${numRuns} runs)`, () => {
    fc.assert(
      fc.property(validCase, ({ body }) => {
        tally("valid → validator");
        const ids = (body.call_ids as unknown[]).length;
        const agents = ((body.attached_agents as unknown[]) ?? []).length;
        if (ids === bounds.calls.max) tally(`valid → validator, ${bounds.calls.max} call ids`);
        if (agents === bounds.agents.max) tally(`valid → validator, ${bounds.agents.max} attached agents`);
        expect(validateCreateEvalRunRequest(body)).toEqual([]);
      }),
      params,
    );
    expect(counts.get(`valid → validator, ${bounds.calls.max} call ids`)).toBeGreaterThan(0);
    expect(counts.get(`valid → validator, ${bounds.agents.max} attached agents`)).toBeGreaterThan(0);
  }, 60_000);

  it(`are accepted by the mock with the right counts (${numRuns} runs)`, async () => {
    // The plain mock: the response is checked against the spec once, here, with the validator.
    const mock = createMockServer({ seed: propertySeed });
    await fc.assert(
      fc.asyncProperty(validCase, async ({ body, expected }) => {
        tally("valid → mock");
        const attachments = (body.attached_agents ?? []) as Record<string, unknown>[];
        if (attachments.some((a) => !("eval_agent_version_id" in a))) tally("valid → mock, an attachment by id only");
        if (Object.keys(body).some((f) => !bounds.requestFields.includes(f))) tally("valid → mock, an unknown field");
        mock.state.runs.clear();
        const { status, body: response } = await post(mock, body);
        expect(status).toBe(202);
        expect(validateCreateEvalRunResponse(response)).toEqual([]);
        // Compared as JSON text: deep equality of 5000-element arrays would dominate the run time.
        expect(JSON.stringify(response.data.submitted_call_ids)).toBe(JSON.stringify(body.call_ids));
        expect(JSON.stringify(response.data.submitted_attached_agents)).toBe(
          JSON.stringify(body.attached_agents ?? []),
        );
        expect(response.data).toMatchObject({
          status: "PENDING",
          resolved_call_count: expected.calls,
          resolved_agent_count: expected.agents,
          resolved_atom_count: expected.calls * expected.agents,
          completed_atom_count: 0,
          metadata: body.metadata ?? {},
        });
      }),
      params,
    );
    expect(counts.get("valid → mock, an attachment by id only")).toBeGreaterThan(0);
    expect(counts.get("valid → mock, an unknown field")).toBeGreaterThan(0);
  }, 60_000);
});

describe("mutated bodies", () => {
  it(`are rejected by validateCreateEvalRunRequest at the mutated path (${numRuns} runs)`, () => {
    fc.assert(
      fc.property(mutatedCase, ({ kind, body, path }) => {
        tally("mutated → validator");
        tally(`mutated → validator: ${kind}`);
        const issues = validateCreateEvalRunRequest(body).filter((i) => i.source === "vendor");
        expect(issues.map((i) => i.path)).toContain(path);
      }),
      params,
    );
  }, 60_000);

  it(`are rejected by the mock with 400 naming the mutated path (${numRuns} runs)`, async () => {
    const mock = conformingMock({ seed: propertySeed });
    await fc.assert(
      fc.asyncProperty(mutatedCase, async ({ body, path }) => {
        tally("mutated → mock");
        const { status, body: response } = await post(mock, body);
        expect(status).toBe(400);
        const messages: string[] = response.errors.map((e: { message: string }) => e.message);
        expect(messages.some((m) => m.startsWith(`${path || "(root)"}: `))).toBe(true);
      }),
      params,
    );
    expect(mock.state.runs.size).toBe(0);
  }, 60_000);
});
