import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, keyedMock, runCli } from "./helpers.js";

// The mock refuses any key but API_KEY, so a run that passes used it.
let server: Awaited<ReturnType<ReturnType<typeof keyedMock>["listen"]>>;
const dir = mkdtempSync(join(tmpdir(), "contract-key-"));
const keyFile = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
};
const noKeys = { BLAND_API_KEY: "", EVALS_API_KEY: "" };
const passed = (run: { code: number | null; stdout: string }) => run.code === 0 && / 0 failed/.test(run.stdout);

beforeAll(async () => {
  server = await keyedMock().listen(0);
});
afterAll(() => server.close());

describe("evals-contract: where the API key comes from", () => {
  it("reads BLAND_API_KEY, and still honours EVALS_API_KEY", async () => {
    expect(passed(await runCli(["--base-url", server.url], { ...noKeys, BLAND_API_KEY: API_KEY }))).toBe(true);
    expect(passed(await runCli(["--base-url", server.url], { ...noKeys, EVALS_API_KEY: API_KEY }))).toBe(true);
    // BLAND_API_KEY comes first: with a wrong one, the old variable's right key is not used.
    const both = await runCli(["--base-url", server.url], { BLAND_API_KEY: "wrong", EVALS_API_KEY: API_KEY });
    expect(both.code).toBe(1);
  });

  it("reads --api-key-file, the key alone on a line (a trailing line break is fine), before the environment", async () => {
    const file = keyFile("key", `${API_KEY}\n`);
    expect(passed(await runCli(["--base-url", server.url, "--api-key-file", file], { BLAND_API_KEY: "wrong" }))).toBe(
      true,
    );
  });

  it("refuses an unusable key file with exit 2, naming the flag and never the file's text", async () => {
    const secret = "sk-canary-0123456789";
    const cases: [string[], RegExp][] = [
      [["--api-key-file", join(dir, "missing")], /--api-key-file .*missing: cannot read it \(ENOENT\)/],
      [["--api-key-file", keyFile("empty", "\n")], /--api-key-file .*empty: the file is empty/],
      [["--api-key-file", keyFile("two", `${secret} ${secret}\n`)], /--api-key-file .*two: holds more than one word/],
      [
        ["--api-key-file", keyFile("one", secret), "--api-key", secret],
        /--api-key and --api-key-file both give the key/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(["--base-url", server.url, ...args], noKeys);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.split(secret).length - 1).toBe(0);
      expect(run.stdout).toBe("");
    }
  });

  it("says in --help that --api-key lands in shell history", async () => {
    const help = await runCli(["--help"]);
    expect(help.stdout).toMatch(/--api-key KEY .*shell history/);
    expect(help.stdout).toContain("--api-key-file FILE");
    expect(help.stdout).toContain("$BLAND_API_KEY");
  });
});
