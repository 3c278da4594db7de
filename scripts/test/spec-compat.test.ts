// The gate end to end: on the real repository (CI fails when a spec change lacks its changeset),
// and on throw-away copies of it where the spec is changed on purpose.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { checkSpecCompatibility, updateBaseline } from "../spec-compat.mjs";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const gate = fileURLToPath(new URL("../spec-compat.mjs", import.meta.url));
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A minimal checkout: the real spec, released as it is now (the baseline is taken from it), one
 * spec-derived package and the given changesets.
 */
function copyOfRepo(changesets: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "evals-gate-"));
  temps.push(dir);
  cpSync(join(repoRoot, "openapi"), join(dir, "openapi"), { recursive: true });
  cpSync(join(repoRoot, "redocly.yaml"), join(dir, "redocly.yaml"));
  // redocly.yaml loads the repository's lint plugin (the provenance rules) by this path.
  cpSync(join(repoRoot, "scripts", "redocly"), join(dir, "scripts", "redocly"), { recursive: true });
  mkdirSync(join(dir, "scripts", "spec-baseline"), { recursive: true });
  updateBaseline(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "gate-fixture", private: true }));
  writeFileSync(join(dir, "pnpm-workspace.yaml"), 'packages:\n  - "packages/*"\n');
  mkdirSync(join(dir, "packages", "types"), { recursive: true });
  writeFileSync(
    join(dir, "packages", "types", "package.json"),
    JSON.stringify({ name: "@evals-api/types", version: "1.0.0" }),
  );
  mkdirSync(join(dir, ".changeset"));
  writeFileSync(
    join(dir, ".changeset", "config.json"),
    JSON.stringify({ fixed: [["@evals-api/types"]], baseBranch: "main", access: "public" }),
  );
  for (const [id, bump] of Object.entries(changesets)) {
    writeFileSync(join(dir, ".changeset", `${id}.md`), `---\n"@evals-api/types": ${bump}\n---\n\nA change.\n`);
  }
  return dir;
}

/** Edits one hand-written schema file of the copy and returns the edited schema. */
function editSchema(dir: string, name: string, edit: (schema: Record<string, any>) => void) {
  const file = join(dir, "openapi", "components", "schemas", `${name}.yaml`);
  const schema = parse(readFileSync(file, "utf8"));
  edit(schema);
  writeFileSync(file, stringify(schema));
  return schema;
}

function runGate(dir: string) {
  const result = spawnSync(process.execPath, [gate, "--root", dir], { encoding: "utf8" });
  return { code: result.status, output: result.stdout + result.stderr };
}

describe("the spec compatibility gate", () => {
  it("passes on the repository as committed: every spec change since the baseline has its changeset", async () => {
    const result = await checkSpecCompatibility(repoRoot);
    expect(result.report).toContain("spec compatibility: ok");
    expect(result.ok).toBe(true);
  });

  it("fails when a response field is removed without a major changeset, naming the field", () => {
    const dir = copyOfRepo({ "add-things": "minor" });
    let removed = "";
    editSchema(dir, "EvalRun", (schema) => {
      removed = Object.keys(schema.properties).at(-1) ?? "";
      delete schema.properties[removed];
      schema.required = schema.required.filter((f: string) => f !== removed);
    });
    const { code, output } = runGate(dir);
    expect(code).toBe(1);
    expect(output).toContain(`breaking EvalRun.${removed}: response field removed`);
    expect(output).toContain("FAIL — missing a major changeset for @evals-api/types");
    expect(output).toContain(".changeset/add-things.md (minor)");
  });

  it("passes the same removal once a major changeset is pending", () => {
    const dir = copyOfRepo({ "drop-field": "major" });
    editSchema(dir, "EvalRun", (schema) => {
      const last = Object.keys(schema.properties).at(-1) ?? "";
      delete schema.properties[last];
      schema.required = schema.required.filter((f: string) => f !== last);
    });
    const { code, output } = runGate(dir);
    expect(output).toContain("spec compatibility: ok");
    expect(code).toBe(0);
  });

  it("asks for a minor changeset when a new optional request field comes with only a patch", () => {
    const dir = copyOfRepo({ typo: "patch" });
    editSchema(dir, "CreateEvalRunRequest", (schema) => {
      schema.properties.label = { type: "string", description: "A label for the run." };
    });
    const { code, output } = runGate(dir);
    expect(code).toBe(1);
    expect(output).toContain("additive CreateEvalRunRequest.label: new optional request field");
    expect(output).toContain("missing a minor changeset");
  });

  it("asks for at least a patch changeset for a description change", () => {
    const dir = copyOfRepo({});
    editSchema(dir, "EvalRun", (schema) => {
      schema.description = `${schema.description} Reworded.`;
    });
    const { code, output } = runGate(dir);
    expect(code).toBe(1);
    expect(output).toContain("docs");
    expect(output).toContain("missing a patch changeset");
  });

  it("passes with no spec change and no changeset", () => {
    const { code, output } = runGate(copyOfRepo({}));
    expect(output).toContain("no change to the spec");
    expect(code).toBe(0);
  });
});
