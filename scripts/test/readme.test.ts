import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The root README's quick start must keep compiling and printing what it says it prints.
const root = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const quickStart = readme.split("Quick start against the mock")[1]?.match(/```ts\n([\s\S]*?)```/)?.[1];
// Inside the scripts package, so the workspace packages resolve as a user's install would.
mkdirSync(join(root, "scripts", "test-output"), { recursive: true });
const dir = mkdtempSync(join(root, "scripts", "test-output", "readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README quick start", () => {
  it("is there", () => {
    expect(quickStart).toContain("createEvalsClient");
  });

  it("runs against the mock and prints what its comment says", () => {
    const file = join(dir, "quick-start.mjs");
    writeFileSync(file, quickStart ?? "");
    const expected = quickStart?.match(/console\.log\(.*\); \/\/ (.*)/)?.[1];
    expect(expected).toBeTruthy();
    expect(execFileSync(process.execPath, [file], { encoding: "utf8" }).trim()).toBe(expected);
  });

  it("type-checks under strict TypeScript", () => {
    const file = join(dir, "quick-start.mts");
    writeFileSync(file, quickStart ?? "");
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const args = [
      "--ignoreConfig",
      "--noEmit",
      "--strict",
      "--module",
      "nodenext",
      "--target",
      "es2022",
      "--skipLibCheck",
      file,
    ];
    expect(() => execFileSync(process.execPath, [tsc, ...args], { encoding: "utf8" })).not.toThrow();
  });
});
