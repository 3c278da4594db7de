// The consumer smoke test on the real packages, and proof on broken fixture packages that it
// catches a package that forgets its `files` entry, whose types point to a missing file, that ships
// its tests, or that would publish a `workspace:` range.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packInstallInspect, runConsumerSmoke } from "../consumer-smoke.mjs";
import { oldestNode } from "../lib/consumer-project.mjs";
import { inspectInstalledPackage } from "../lib/package-contents.mjs";

const fixtures = fileURLToPath(new URL("fixtures/packages", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

describe("the published packages, installed from their tarballs with npm", () => {
  it("install cleanly, run from ESM and CJS and the contract CLI against the installed mock, and type-check under node16 and bundler", async () => {
    const log: string[] = [];
    const result = await runConsumerSmoke({ log: (line) => log.push(line) });
    expect(result.problems).toEqual([]);
    expect(log.join("\n")).toMatch(/esm\.mjs: \{"module":"esm","node":"[^"]+","run":"[^"]+"/);
    expect(log.join("\n")).toMatch(/cjs\.cjs: \{"module":"cjs","node":"[^"]+","run":"[^"]+"/);
    // The client's engines say >=18: both module formats also ran on Node 18.0.0 itself.
    expect(log.join("\n")).toMatch(/esm\.mjs on Node 18\.0\.0: \{"module":"esm","node":"v18\.0\.0","run":"[^"]+"/);
    expect(log.join("\n")).toMatch(/cjs\.cjs on Node 18\.0\.0: \{"module":"cjs","node":"v18\.0\.0","run":"[^"]+"/);
    expect(log.join("\n")).toMatch(
      /mcp\.mjs: \{"module":"mcp","tools":\["create_eval_run","get_eval_agent"\],"agent":"[^"]+","dryRunAtoms":\d+,"run":"[^"]+"\}/,
    );
    expect(log.join("\n")).toMatch(/evals-contract \(installed bin\): .* [1-9]\d* checks passed, 0 warned, 0 failed/);
    expect(log).toContain("tsc -p tsconfig.node16.json: no errors");
    expect(log).toContain("tsc -p tsconfig.bundler.json: no errors");
  }, 240_000);
});

describe("the smoke test fails on broken packages", () => {
  let work = "";
  let result: ReturnType<typeof packInstallInspect>;
  const names = ["good", "files-omit-lib", "types-missing", "ships-tests"];

  beforeAll(() => {
    // Outside the workspace, so pnpm packs them as standalone packages.
    work = mkdtempSync(join(tmpdir(), "evals-broken-"));
    const dirs = names.map((name) => {
      cpSync(join(fixtures, name), join(work, "src", name), { recursive: true });
      return join(work, "src", name);
    });
    result = packInstallInspect(dirs, work);
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("accepts a well-formed package", () => {
    expect(result.problems.filter((p) => p.startsWith("@fixture/good:"))).toEqual([]);
  });

  it("reports a package whose `files` leaves out the built code, naming each missing entry point", () => {
    const problems = result.problems.filter((p) => p.startsWith("@fixture/files-omit-lib:"));
    expect(problems).toContain(
      '@fixture/files-omit-lib: exports["."]["import"] → ./lib/index.js is missing from the package (is it built, and listed in "files"?)',
    );
    expect(problems).toContain(
      '@fixture/files-omit-lib: exports["."]["types"] → ./lib/index.d.ts is missing from the package (is it built, and listed in "files"?)',
    );
  });

  it("reports types that point to a missing file", () => {
    expect(result.problems).toContain(
      '@fixture/types-missing: types → ./lib/missing.d.ts is missing from the package (is it built, and listed in "files"?)',
    );
  });

  it("reports a package that ships its tests", () => {
    expect(result.problems).toContain(
      '@fixture/ships-tests: ships the test file test/greet.test.js: narrow "files" in package.json',
    );
  });

  it("fails the TypeScript consumer check when the types point to a missing file", () => {
    const typecheck = (pkg: string) => {
      writeFileSync(
        join(result.consumer, "consumer.mts"),
        `import { greet } from "${pkg}";\nexport const message: string = greet("consumer");\n`,
      );
      writeFileSync(
        join(result.consumer, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { module: "node16", moduleResolution: "node16", strict: true, noEmit: true, types: [] },
          files: ["consumer.mts"],
        }),
      );
      return spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: result.consumer, encoding: "utf8" });
    };
    expect(typecheck("@fixture/good").status).toBe(0);
    const broken = typecheck("@fixture/types-missing");
    expect(broken.status).not.toBe(0);
    expect(broken.stdout).toContain("TS7016");
  }, 60_000);

  it("reports a `workspace:` range left in an installed manifest", () => {
    expect(inspectInstalledPackage(join(fixtures, "workspace-range"))).toEqual([
      '@fixture/workspace-range: dependencies.@fixture/good is "workspace:^": publish with pnpm so it becomes a semver range',
    ]);
  });
});

describe("oldestNode reads the lower bound of engines.node", () => {
  it.each([
    [">=18", "18.0.0"],
    [">= 20.10", "20.10.0"],
    [">=v22.1.3", "22.1.3"],
    ["^18 || >=20", undefined],
    ["18.x", undefined],
    [undefined, undefined],
  ])("%s → %s", (range, expected) => {
    expect(oldestNode(range === undefined ? {} : { engines: { node: range } })).toBe(expected);
  });
});
