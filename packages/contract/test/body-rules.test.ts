import { componentSchema, requestExamples } from "@evals-api/types/spec";
import { validateCreateEvalRunRequest } from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import { createRunBodyRules } from "../src/index.js";

const examples = Object.values(requestExamples("createEvalRun")) as Record<string, unknown>[];
const rules = createRunBodyRules(examples);

describe("create-run body rules derived from the spec", () => {
  it("start from valid bodies: the spec's examples", () => {
    for (const example of examples) expect(validateCreateEvalRunRequest(example)).toEqual([]);
  });

  it.each(rules.map((r) => [`${r.path || "(root)"} ${r.rule}`, r] as const))(
    "%s is rejected at that path",
    (_name, rule) => {
      expect(validateCreateEvalRunRequest(rule.body).map((i) => i.path)).toContain(rule.path);
    },
  );

  it("cover every field, required field and bound of the schema", () => {
    const request = componentSchema<any>("CreateEvalRunRequest");
    const attachment = componentSchema<any>("AgentAttachment");
    const paths = new Set(rules.map((r) => r.path));
    for (const field of Object.keys(request.properties)) expect(paths).toContain(`/${field}`);
    for (const field of Object.keys(attachment.properties)) expect(paths).toContain(`/attached_agents/0/${field}`);
    const described = rules.map((r) => `${r.path} ${r.rule}`);
    expect(described).toContain(`/call_ids has more than ${request.properties.call_ids.maxItems} items`);
    expect(described).toContain(`/attached_agents has more than ${request.properties.attached_agents.maxItems} items`);
    expect(described).toContain(`/attached_agents/0/weight is above maximum ${attachment.properties.weight.maximum}`);
    for (const [field, needs] of Object.entries<string[]>(request.dependentRequired)) {
      expect(described).toContain(`/${needs[0]} is required when ${field} is given`);
    }
    expect(rules.filter((r) => r.path === "").length).toBeGreaterThanOrEqual(request.anyOf.length);
  });
});
