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
    "%s is rejected at that path, by a rule whose provenance the rule states",
    (_name, rule) => {
      const issues = validateCreateEvalRunRequest(rule.body).filter((i) => i.path === rule.path);
      expect(issues.length).toBeGreaterThan(0);
      // The validators' vendor projection and the rule's own marker agree on whose rule it is.
      expect(issues.map((i) => i.source)).toContain(rule.provenance.source);
      if (rule.provenance.source === "assumed") expect(rule.provenance.reason).toMatch(/\w/);
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

  it("call a field required only when the spec requires it (optional attachment fields are not)", () => {
    const schemas = {
      "": componentSchema<any>("CreateEvalRunRequest"),
      "/attached_agents/0": componentSchema<any>("AgentAttachment"),
    };
    const required = rules.filter((r) => r.rule === "is required");
    expect(required.length).toBeGreaterThan(0);
    for (const rule of required) {
      const parent = rule.path.slice(0, rule.path.lastIndexOf("/")) as keyof typeof schemas;
      expect(schemas[parent].required, rule.path).toContain(rule.path.slice(rule.path.lastIndexOf("/") + 1));
    }
    for (const field of ["eval_agent_version_id", "weight", "target_level_keys"]) {
      expect(rules.map((r) => `${r.path} ${r.rule}`)).not.toContain(`/attached_agents/0/${field} is required`);
    }
  });

  it("send unknown fields nowhere as a rule: the spec no longer refuses them", () => {
    expect(rules.filter((r) => /known field/.test(r.rule))).toEqual([]);
  });
});
