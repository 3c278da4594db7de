import { registry } from "@evals-api/types/registry";
import { requestExamples } from "@evals-api/types/spec";
import { validateCreateEvalRunRequest } from "@evals-api/types/validators";
import { describe, expect, it } from "vitest";
import {
  type BodyRule,
  type Coverage,
  createCoverage,
  createRunBodyRules,
  formatCoverage,
  keywordOfMessage,
} from "../src/index.js";

const examples = Object.values(requestExamples("createEvalRun")) as Record<string, unknown>[];
const rules = createRunBodyRules(examples);
const operationOf = (c: Coverage, operationId: string) => {
  const op = c.operations.find((o) => o.operationId === operationId);
  if (op === undefined) throw new Error(`no coverage of ${operationId}`);
  return op;
};
const createOf = (c: Coverage) => operationOf(c, "createEvalRun");

describe("coverage: which body rule a validator issue breaks", () => {
  // Each body rule's own body, through the real generated validator: a change to the validators'
  // wording that the keyword table does not know fails here.
  it.each(rules.map((r) => [`${r.path || "(body)"} ${r.rule}`, r] as const))(
    "%s: the validator's issues count that rule as failing",
    (_name, rule) => {
      const recorder = createCoverage(registry);
      const issues = validateCreateEvalRunRequest(rule.body);
      expect(issues.length).toBeGreaterThan(0);
      recorder.invalidBody("createEvalRun", issues);
      const failing = createOf(recorder.coverage()).rules.filter((r) => r.failing > 0);
      expect(failing.map((r) => `${r.path} ${r.rule}`)).toContain(
        `${rule.path.replace(/\/\d+(?=\/|$)/g, "/*")} ${rule.rule}`,
      );
    },
  );

  it("knows the keyword of every message the validators give for these bodies", () => {
    for (const rule of rules) {
      for (const issue of validateCreateEvalRunRequest(rule.body)) {
        expect(keywordOfMessage(issue.message), issue.message).toBeDefined();
      }
    }
    expect(keywordOfMessage("a wording nobody writes")).toBeUndefined();
  });
});

describe("coverage: the numbers", () => {
  it("start at zero: every documented status not seen, every rule not exercised, no score", () => {
    const c = createCoverage(registry).coverage();
    expect(c.operations.map((o) => o.operationId).sort()).toEqual(registry.list.map((o) => o.operationId).sort());
    for (const op of c.operations) {
      expect(op.requests).toBe(0);
      expect(op.statuses.map((s) => s.statusKey)).toEqual(Object.keys(registry.get(op.operationId).responses));
      expect(op.statuses.every((s) => s.seen === 0)).toBe(true);
      expect(op.rules.every((r) => !r.exercised)).toBe(true);
    }
    expect(c.conformance).toEqual({ passing: 0, run: 0, score: null });
  });

  it("count requests, statuses seen by their documented key, and undocumented ones once each", () => {
    const recorder = createCoverage(registry);
    for (const status of [200, 200, 404, 418, 418, 299]) {
      recorder.request("getEvalAgent");
      recorder.answered("getEvalAgent", status);
    }
    const op = operationOf(recorder.coverage(), "getEvalAgent");
    expect(op.requests).toBe(6);
    // The table's row: requests, documented statuses seen, undocumented ones, no body rules.
    const seenKeys = op.statuses.filter((st) => st.seen > 0).length;
    expect(formatCoverage(recorder.coverage())).toMatch(
      new RegExp(
        `^  getEvalAgent +GET /v1/evals/agents/\\{eval_agent_id\\} +6 +${seenKeys}/${op.statuses.length} +${op.undocumented.join(", ")} +—$`,
        "m",
      ),
    );
    expect(op.statuses.find((s) => s.statusKey === "200")?.seen).toBe(2);
    const key404 = registry.get("getEvalAgent").response(404)?.statusKey;
    expect(op.statuses.find((s) => s.statusKey === key404)?.seen).toBe(1);
    expect(op.undocumented).toEqual(
      [...new Set([418, 299].filter((s) => !registry.get("getEvalAgent").response(s)))].sort((a, b) => a - b),
    );
  });

  it("call a rule exercised only with a passing and a failing request", () => {
    const recorder = createCoverage(registry);
    const [first, second] = rules as [BodyRule, BodyRule];
    // The body of the first rule, whose only issue is that rule (the first rule breaks one field).
    recorder.requestBody("createEvalRun", "application/json", JSON.stringify(first.body));
    let op = createOf(recorder.coverage());
    expect(op.rules.find((r) => r.rule === first.rule && r.path === first.path)).toMatchObject({
      passing: 0,
      failing: 1,
      exercised: false,
    });
    // A body not sent as JSON, or not JSON at all, breaks no rule of the schema.
    recorder.requestBody("createEvalRun", "text/plain", JSON.stringify(first.body));
    recorder.requestBody("createEvalRun", "application/json", "{ not json");
    recorder.validBody("createEvalRun");
    op = createOf(recorder.coverage());
    expect(op.rules.find((r) => r.rule === first.rule && r.path === first.path)).toMatchObject({
      passing: 1,
      failing: 1,
      exercised: true,
    });
    expect(op.rules.find((r) => r.rule === second.rule && r.path === second.path)?.exercised).toBe(false);
  });

  it("score passing ÷ run, warnings passing, not-run not counted", () => {
    const recorder = createCoverage(registry);
    for (const o of ["pass", "warn", "fail", "not-run", "pass"] as const) recorder.outcome(o);
    expect(recorder.coverage().conformance).toEqual({ passing: 3, run: 4, score: 0.75 });
    expect(formatCoverage(recorder.coverage())).toContain("Conformance: 75% (3 of 4 passing");
  });

  it("refuse an operation the registry does not have, naming it", () => {
    expect(() => createCoverage(registry).request("nope")).toThrow(/no operation nope/);
  });
});
