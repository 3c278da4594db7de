// The bin's command line, spawned as built: usage errors exit 2 and name what to do, --help and
// --version print to stdout (stdout is otherwise the protocol's alone).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BIN, CANARY } from "./support.js";

const version = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;

function run(args: string[], env: Record<string, string> = {}) {
  const { BLAND_API_KEY: _key, ...inherited } = process.env;
  return spawnSync(process.execPath, [BIN, ...args], { env: { ...inherited, ...env }, encoding: "utf8", input: "" });
}

describe("evals-mcp's command line", () => {
  it("refuses to start without BLAND_API_KEY, saying where to set it or to use --mock", () => {
    const { status, stdout, stderr } = run([]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("BLAND_API_KEY is not set");
    expect(stderr).toContain("--mock");
  });

  it("refuses --mock with --base-url, an unknown flag, and a base URL the client would not send the key to", () => {
    expect(run(["--mock", "--base-url", "http://127.0.0.1:1"]).stderr).toContain(
      "--mock and --base-url exclude each other",
    );
    const unknown = run(["--mok"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--mok'");
    const insecure = run(["--base-url", "http://example.com"], { BLAND_API_KEY: CANARY });
    expect(insecure.status).toBe(2);
    expect(insecure.stderr).toContain('Refused --base-url "http://example.com": the key needs https');
    expect(insecure.stderr).not.toContain(CANARY);
  });

  it("prints its help and version on stdout", () => {
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    for (const flag of ["--mock", "--base-url", "--read-only", "BLAND_API_KEY"]) expect(help.stdout).toContain(flag);
    expect(run(["--version"]).stdout).toBe(`${version}\n`);
  });
});
