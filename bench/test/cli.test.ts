// The built CLI: its flags, what it writes, and that latest.json holds the samples every interval
// and verdict in the report can be recomputed from.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { estimate, judge, type Results } from "../src/index.ts";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const bench = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 120_000 });

const scratch = mkdtemp(join(tmpdir(), "evals-bench-cli-"));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));

describe("evals-bench flags", () => {
  it.each([
    [["--rounds=0"], /--rounds must be a whole number of at least 1, got "0"/],
    [["--rounds=2.5"], /--rounds must be a whole number/],
    [["--only=client,validation"], /Unknown benchmark\(s\) in --only: client/],
    [["--cpu-prof-dir=/tmp/x"], /--cpu-prof-dir needs --cpu-prof/],
    [["--no-such-flag"], /Unknown option '--no-such-flag'/],
  ])("refuses %j with exit code 2 and says why", (args, message) => {
    const result = bench("--smoke", ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Usage:");
  });

  it("documents every flag in --help", () => {
    const result = bench("--help");
    expect(result.status).toBe(0);
    for (const flag of [
      "--smoke",
      "--only",
      "--rounds",
      "--out",
      "--markdown",
      "--cpu-prof",
      "--cpu-prof-dir",
      "--before",
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });

  it("runs --only with --rounds and writes a report whose intervals latest.json reproduces", async () => {
    const out = join(await scratch, "validation");
    const result = bench("--smoke", "--only=validation", "--rounds=4", `--out=${out}`, `--markdown=${out}/B.md`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("validation: running (smoke, 4 rounds)");
    const results = JSON.parse(await readFile(join(out, "latest.json"), "utf8")) as Results;
    expect(results.settings.rounds).toBe(4);
    expect(results.sections.map((s) => s.id)).toEqual(["validation"]);
    const markdown = await readFile(join(out, "B.md"), "utf8");
    for (const row of results.sections[0]?.rows ?? []) {
      if (row.value === undefined || row.target === undefined) continue;
      expect(row.value.samples).toHaveLength(4);
      const again = estimate(row.value.samples, results.settings.bootstrap);
      expect(again).toEqual(row.value);
      expect(judge(row.target, again)).toBe(row.verdict);
    }
    expect(markdown).toContain("95% CI");
    expect(await readFile(join(out, "validation-valid.svg"), "utf8")).toContain("error bar = 95% CI");
    for (const row of results.sections[0]?.rows ?? []) {
      if (row.verdict === "undecided")
        expect(result.stderr).toContain(`target undecided: Validation cost: ${row.subject}`);
      if (row.verdict === "missed") expect(result.stderr).toContain(`target missed: Validation cost: ${row.subject}`);
    }
  });
});
