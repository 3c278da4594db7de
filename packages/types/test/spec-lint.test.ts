import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  edit(dir);
  const redocly = join(repoRoot, "node_modules", ".bin", "redocly");
  const res = spawnSync(redocly, ["lint", "--format", "json"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  return JSON.parse(res.stdout) as { totals: { errors: number }; problems: { ruleId: string }[] };
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
});
