// The zod peer checks exactly what the generated validator checks: over a corpus of create-run
// bodies (valid and broken in every way the spec describes), zod accepts a body if and only if
// validateCreateEvalRunRequest finds no issue in it.
import { validateCreateEvalRunRequest } from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { zodFromSpec } from "../src/index.ts";
import { exampleNamed, schemaNamed, spec } from "../src/spec.ts";

const agent = "11111111-aaaa-bbbb-cccc-dddddddddddd";
const version = "22222222-aaaa-bbbb-cccc-dddddddddddd";
const setup = "33333333-aaaa-bbbb-cccc-dddddddddddd";
const setupVersion = "44444444-aaaa-bbbb-cccc-dddddddddddd";
const minimal = { call_ids: ["call_1"], attached_agents: [{ eval_agent_id: agent }] };

const corpus: [string, unknown][] = [
  ...Object.entries(spec.components.examples)
    .filter(([name]) => name.startsWith("CreateEvalRun") && name !== "CreateEvalRunAccepted")
    .map(([name]) => [`spec example ${name}`, exampleNamed(name)] as [string, unknown]),
  ["an attachment of only eval_agent_id", minimal],
  [
    "a full attachment",
    {
      call_ids: ["c"],
      attached_agents: [
        { eval_agent_id: agent, eval_agent_version_id: version, weight: 50, target_level_keys: ["pass"] },
      ],
    },
  ],
  [
    "unknown top-level and attachment fields",
    { ...minimal, extra: 1, attached_agents: [{ eval_agent_id: agent, note: "x" }] },
  ],
  [
    "a urn:uuid: id (ajv's uuid format allows the prefix)",
    { call_ids: ["c"], attached_agents: [{ eval_agent_id: `urn:uuid:${agent}` }] },
  ],
  ["an upper-case uuid", { call_ids: ["c"], attached_agents: [{ eval_agent_id: agent.toUpperCase() }] }],
  [
    "a uuid with a non-hex digit",
    { call_ids: ["c"], attached_agents: [{ eval_agent_id: "g1111111-aaaa-bbbb-cccc-dddddddddddd" }] },
  ],
  ["an attachment without eval_agent_id", { call_ids: ["c"], attached_agents: [{ eval_agent_version_id: version }] }],
  [
    "weight at the bounds",
    {
      call_ids: ["c"],
      attached_agents: [
        { eval_agent_id: agent, weight: 0 },
        { eval_agent_id: agent, weight: 100 },
      ],
    },
  ],
  ["weight above the maximum", { call_ids: ["c"], attached_agents: [{ eval_agent_id: agent, weight: 100.5 }] }],
  ["weight below the minimum", { call_ids: ["c"], attached_agents: [{ eval_agent_id: agent, weight: -1 }] }],
  ["weight as a string", { call_ids: ["c"], attached_agents: [{ eval_agent_id: agent, weight: "1" }] }],
  [
    "target_level_keys with a number",
    { call_ids: ["c"], attached_agents: [{ eval_agent_id: agent, target_level_keys: [1] }] },
  ],
  ["no call_ids", { attached_agents: [{ eval_agent_id: agent }] }],
  ["empty call_ids", { call_ids: [], attached_agents: [{ eval_agent_id: agent }] }],
  ["5000 call ids", { ...minimal, call_ids: Array.from({ length: 5000 }, (_, i) => `c${i}`) }],
  ["5001 call ids", { ...minimal, call_ids: Array.from({ length: 5001 }, (_, i) => `c${i}`) }],
  ["a call id that is not a string", { ...minimal, call_ids: [7] }],
  ["51 agents", { call_ids: ["c"], attached_agents: Array.from({ length: 51 }, () => ({ eval_agent_id: agent })) }],
  ["50 agents", { call_ids: ["c"], attached_agents: Array.from({ length: 50 }, () => ({ eval_agent_id: agent })) }],
  ["neither agents nor a workbench version", { call_ids: ["c"] }],
  ["empty agents and no workbench version", { call_ids: ["c"], attached_agents: [] }],
  [
    "empty agents with a workbench pair",
    { call_ids: ["c"], attached_agents: [], workbench_setup_id: setup, workbench_setup_version_id: setupVersion },
  ],
  ["a workbench pair alone", { call_ids: ["c"], workbench_setup_id: setup, workbench_setup_version_id: setupVersion }],
  ["a workbench setup without its version", { ...minimal, workbench_setup_id: setup }],
  ["a workbench version without its setup", { ...minimal, workbench_setup_version_id: setupVersion }],
  [
    "a workbench id that is not a uuid",
    { call_ids: ["c"], workbench_setup_id: "nope", workbench_setup_version_id: setupVersion },
  ],
  ["every run_mode", { ...minimal, run_mode: "audio" }],
  ["an unknown run_mode", { ...minimal, run_mode: "video" }],
  ["an unknown triggered_by", { ...minimal, triggered_by: "robot" }],
  ["pass_threshold_pct at the bounds", { ...minimal, pass_threshold_pct: 100 }],
  ["pass_threshold_pct above 100", { ...minimal, pass_threshold_pct: 101 }],
  ["string metadata", { ...minimal, metadata: { a: "b" } }],
  ["metadata with a number", { ...minimal, metadata: { a: 1 } }],
  ["metadata as an array", { ...minimal, metadata: ["a"] }],
  ["null attached_agents", { call_ids: ["c"], attached_agents: null }],
  ["an array body", [minimal]],
  ["a null body", null],
  ["a string body", "call_ids"],
];

describe("zodFromSpec(CreateEvalRunRequest)", () => {
  const zod = zodFromSpec(schemaNamed("CreateEvalRunRequest"));

  it.each(corpus)("agrees with the generated validator on %s", (_, body) => {
    const issues = validateCreateEvalRunRequest(body);
    expect(zod.safeParse(body).success, JSON.stringify(issues)).toBe(issues.length === 0);
  });

  it("covers both outcomes", () => {
    const outcomes = new Set(corpus.map(([, body]) => validateCreateEvalRunRequest(body).length === 0));
    expect(outcomes).toEqual(new Set([true, false]));
  });
});

describe("zodFromSpec's keywords", () => {
  it("skips x-* extension keys: they annotate a schema and are not rules", () => {
    const schema = zodFromSpec({
      type: "string",
      format: "uuid",
      "x-provenance": { source: "assumed" },
      "x-keyword-provenance": { format: { source: "assumed", reason: "ours" } },
    });
    expect(schema.safeParse(agent).success).toBe(true);
    expect(schema.safeParse("not-a-uuid").success).toBe(false);
  });

  it("refuses a keyword it does not translate, so the peer never checks less than the validator", () => {
    expect(() => zodFromSpec({ type: "object", minProperties: 1 })).toThrow(/does not translate "minProperties"/);
    expect(() => zodFromSpec({ type: "string", format: "date-time" })).toThrow(/format "date-time"/);
  });
});
