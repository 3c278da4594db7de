import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The lint gate (redocly.yaml) must catch what the built-in rules miss.
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "evals-spec-lint-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function lintWith(edit: (dir: string) => void) {
  const dir = mkdtempSync(join(work, "case-"));
  cpSync(join(repoRoot, "openapi"), join(dir, "openapi"), { recursive: true });
  cpSync(join(repoRoot, "redocly.yaml"), join(dir, "redocly.yaml"));
  cpSync(join(repoRoot, "scripts", "redocly"), join(dir, "scripts", "redocly"), { recursive: true });
  edit(dir);
  const redocly = join(repoRoot, "node_modules", ".bin", "redocly");
  const res = spawnSync(redocly, ["lint", "--format", "json"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  return JSON.parse(res.stdout) as { totals: { errors: number }; problems: { ruleId: string; message: string }[] };
}
const replaceIn = (dir: string, file: string, from: string, to: string) => {
  const path = join(dir, "openapi", file);
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
};

describe("redocly lint gate", () => {
  it("passes the spec as it is", () => {
    expect(lintWith(() => {}).totals.errors).toBe(0);
  });

  it("fails a property without a description", () => {
    const report = lintWith((dir) =>
      replaceIn(dir, "components/schemas/EvalRun.yaml", "    description: Unique identifier of the eval run.\n", ""),
    );
    expect(report.problems.map((p) => p.ruleId)).toContain("rule/schema-description");
  });

  it("fails a response whose example breaks its schema", () => {
    const report = lintWith((dir) =>
      replaceIn(
        dir,
        "components/examples/CreateEvalRunAccepted.yaml",
        '"resolved_call_count": 2',
        '"resolved_call_count": -2',
      ),
    );
    expect(report.problems.map((p) => p.ruleId)).toContain("no-invalid-media-type-examples");
  });

  it("fails an operation without an example", () => {
    const report = lintWith((dir) =>
      replaceIn(
        dir,
        "paths/v1_evals_runs.yaml",
        "          examples:\n            accepted:\n              $ref: ../components/examples/CreateEvalRunAccepted.yaml\n",
        "",
      ),
    );
    expect(report.problems.map((p) => p.ruleId)).toContain("rule/operation-has-request-or-response-example");
  });

  describe("provenance: every operation, response, parameter and header says whose fact it is", () => {
    const provenanceProblems = (edit: (dir: string) => void) =>
      lintWith(edit).problems.filter((p) => p.ruleId.startsWith("evals/"));

    it("fails a response without a marker", () => {
      const problems = provenanceProblems((dir) =>
        replaceIn(
          dir,
          "components/responses/Unauthorized.yaml",
          "x-provenance:\n  source: assumed\n",
          "x-not-provenance:\n  source: assumed\n",
        ),
      );
      expect(problems).toContainEqual(
        expect.objectContaining({
          ruleId: "evals/provenance-stated",
          message: expect.stringContaining("Every response"),
        }),
      );
    });

    it("fails an inline response without a marker", () => {
      const problems = provenanceProblems((dir) =>
        replaceIn(
          dir,
          "paths/v1_evals_agents_{eval_agent_id}.yaml",
          "      x-provenance:\n        source: vendor\n      content:",
          "      content:",
        ),
      );
      expect(problems.map((p) => p.message)).toContainEqual(expect.stringContaining("Every response"));
    });

    it("fails an operation without a marker", () => {
      const problems = provenanceProblems((dir) =>
        replaceIn(
          dir,
          "paths/v1_evals_runs.yaml",
          "  x-provenance:\n    source: vendor\n  x-billed: true\n",
          "  x-billed: true\n",
        ),
      );
      expect(problems.map((p) => p.message)).toContainEqual(expect.stringContaining("Every operation"));
    });

    it("fails a parameter without a marker", () => {
      const problems = provenanceProblems((dir) =>
        replaceIn(
          dir,
          "components/parameters/IdempotencyKey.yaml",
          "x-provenance:\n  source: assumed\n",
          "x-other:\n  source: assumed\n",
        ),
      );
      expect(problems.map((p) => p.message)).toContainEqual(expect.stringContaining("Every parameter"));
    });

    it("fails a header without a marker", () => {
      const problems = provenanceProblems((dir) =>
        replaceIn(
          dir,
          "components/headers/Retry-After.yaml",
          "x-provenance:\n  source: assumed\n",
          "x-other:\n  source: assumed\n",
        ),
      );
      expect(problems.map((p) => p.message)).toContainEqual(expect.stringContaining("Every header"));
    });

    it("fails an assumption without a reason, and an unknown source", () => {
      const problems = provenanceProblems((dir) => {
        const file = "components/responses/TooManyRequests.yaml";
        const text = readFileSync(join(dir, "openapi", file), "utf8");
        writeFileSync(join(dir, "openapi", file), text.replace(/\n {2}reason: .*\n/, "\n"));
        replaceIn(dir, "components/responses/Conflict.yaml", "  source: assumed\n", "  source: folklore\n");
      });
      const messages = problems.map((p) => p.message);
      expect(messages).toContainEqual(expect.stringContaining("an assumption needs a reason"));
      expect(messages).toContainEqual(expect.stringContaining("source must be one of vendor, assumed"));
    });

    it("fails a keyword marker that names a keyword its schema does not have", () => {
      const problems = provenanceProblems((dir) =>
        replaceIn(
          dir,
          "components/schemas/EvalRun.yaml",
          "    format: uuid\n    x-keyword-provenance:\n",
          "    x-keyword-provenance:\n",
        ),
      );
      expect(problems).toContainEqual(
        expect.objectContaining({ ruleId: "evals/keyword-provenance", message: expect.stringContaining('"format"') }),
      );
    });
  });

  describe("pnpm lint:spec (scripts/lint-spec.mjs)", () => {
    // The gate itself, run on a copy of the repository's spec and scripts.
    function gateWith(edit: (dir: string) => void) {
      const dir = mkdtempSync(join(work, "gate-"));
      for (const part of ["openapi", "redocly.yaml", "scripts/lint-spec.mjs", "scripts/redocly"]) {
        cpSync(join(repoRoot, part), join(dir, part), { recursive: true });
      }
      symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"));
      edit(dir);
      return spawnSync(process.execPath, [join(dir, "scripts", "lint-spec.mjs")], { cwd: dir, encoding: "utf8" });
    }

    it("passes the spec as it is", () => {
      const gate = gateWith(() => {});
      expect([gate.status, gate.stdout.trim()]).toEqual([0, "spec lint: 0 errors, 0 warnings"]);
    });

    it("fails a path file that openapi.yaml does not reach (an endpoint left out of paths:), naming it", () => {
      const gate = gateWith((dir) =>
        cpSync(join(dir, "openapi/paths/v1_evals_runs.yaml"), join(dir, "openapi/paths/v1_evals_runs_{run_id}.yaml")),
      );
      expect(gate.status).toBe(1);
      expect(gate.stdout).toContain(
        "openapi/paths/v1_evals_runs_{run_id}.yaml: no $ref from openapi/openapi.yaml reaches this file",
      );
      expect(gate.stdout).toContain("spec lint: 1 errors, 0 warnings");
    });
  });
});
