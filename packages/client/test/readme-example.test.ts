// The README's complete example, run as written against the mock server (@evals-api/mock).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, expect, it, vi } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

afterEach(() => {
  vi.restoreAllMocks();
});

it("the README's complete example runs against the mock and prints what the README says", async () => {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  const block = /<!-- example:start -->\n```ts\n([\s\S]*?)```\n<!-- example:end -->/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const file = join(packageDir, "test-output", "readme-example.ts");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, block ?? "");

  const printed: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    printed.push(String(line));
  });
  await import(pathToFileURL(file).href);

  expect(printed).toHaveLength(3);
  expect(printed[0]).toBe("Empathy Check: draft v3");
  expect(printed[1]).toMatch(/^run [0-9a-f-]{36} is PENDING: 2 evaluations queued$/);
  expect(printed[2]).toBe("not found (EVAL_AGENT_NOT_FOUND)");

  // And it type-checks under strict settings, so the README cannot drift from the types.
  const tsc = join(packageDir, "node_modules", ".bin", "tsc");
  const flags = ["--ignoreConfig", "--noEmit", "--strict", "--noUncheckedIndexedAccess", "--skipLibCheck"];
  const target = ["--module", "esnext", "--moduleResolution", "bundler", "--target", "es2022", "--lib", "es2022,dom"];
  expect(() => execFileSync(tsc, [...flags, ...target, "--types", "node", file], { encoding: "utf8" })).not.toThrow();
}, 60_000);
