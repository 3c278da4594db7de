// The README's complete example, run as written against the mock server (@evals-api/mock).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transform } from "esbuild";
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

it("the README's createMany example runs as written, and run again resumes from its journal", async () => {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  const block = /<!-- batch-example:start -->\n```ts\n([\s\S]*?)```\n<!-- batch-example:end -->/.exec(readme)?.[1];
  expect(block).toBeDefined();
  // As a user runs it: a Node script in a folder of its own, where it writes its files.
  const dir = join(packageDir, "test-output", "batch-example");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const source = join(dir, "example.ts");
  writeFileSync(source, block ?? "");
  const { code } = await transform(block ?? "", { loader: "ts", format: "esm" });
  writeFileSync(join(dir, "example.mjs"), code);
  const run = () => execFileSync(process.execPath, ["example.mjs"], { cwd: dir, encoding: "utf8" });

  const expected = [
    "5000/? calls, 1 runs",
    "10000/? calls, 2 runs",
    "12001/? calls, 3 runs",
    "3 runs, 0 failed chunks",
    "",
  ];
  expect(run().split("\n")).toEqual(expected);
  const journal = readFileSync(join(dir, "q3.journal"), "utf8");
  // The pinned version first, then started and done for each of the 3 chunks (two at a time).
  const states = journal
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line).entry.state);
  expect(states[0]).toBe("pinned");
  expect(states.slice(1).sort()).toEqual(["done", "done", "done", "started", "started", "started"]);
  // Run again: every chunk is answered by the journal, which gains nothing.
  expect(run().split("\n")).toEqual(expected);
  expect(readFileSync(join(dir, "q3.journal"), "utf8")).toBe(journal);

  const tsc = join(packageDir, "node_modules", ".bin", "tsc");
  const flags = ["--ignoreConfig", "--noEmit", "--strict", "--noUncheckedIndexedAccess", "--skipLibCheck"];
  const target = ["--module", "esnext", "--moduleResolution", "bundler", "--target", "es2022", "--lib", "es2022,dom"];
  expect(() => execFileSync(tsc, [...flags, ...target, "--types", "node", source], { encoding: "utf8" })).not.toThrow();
}, 60_000);
