import { describe, expect, it } from "vitest";
import { API_KEY, keyedMock, listenRaw, runCli } from "./helpers.js";

describe("evals-contract CLI", () => {
  it("prints one line per check and a summary, and exits 0 against the mock", async () => {
    const server = await keyedMock().listen(0);
    try {
      const { code, stdout } = await runCli(["--base-url", server.url, "--api-key", API_KEY]);
      const lines = stdout.trim().split("\n");
      expect(code).toBe(0);
      const checkLines = lines.slice(0, lines.indexOf(""));
      expect(checkLines.length).toBeGreaterThan(10);
      expect(checkLines.every((l) => /^(PASS|NOT RUN) /.test(l))).toBe(true);
      expect(stdout).toMatch(/^Coverage: 2 of 2 operations exercised$/m);
      expect(stdout).toMatch(/^Conformance: 100% \(\d+ of \d+ passing, warnings counted as passing\)$/m);
      expect(lines.at(-1)).toMatch(
        new RegExp(`^evals-contract against ${server.url}: \\d+ checks passed, 0 warned, 0 failed, 1 not run$`),
      );
      const json = await runCli(["--base-url", server.url, "--api-key", API_KEY, "--json", "--allow-billed"]);
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout);
      expect(report).toMatchObject({ ok: true, failed: 0, warned: 0, notRun: 0 });
      expect(report.coverage.conformance).toEqual({ passing: report.passed, run: report.passed, score: 1 });
    } finally {
      await server.close();
    }
  });

  it("exits 1 and explains each failure against a server that breaks the spec", async () => {
    // Answers everything 200 with a body of the wrong shape.
    const server = await listenRaw((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: { agent: { id: 1 } }, errors: null }));
    });
    try {
      const { code, stdout } = await runCli(["--base-url", server.url, "--api-key", API_KEY]);
      expect(code).toBe(1);
      expect(stdout).toMatch(
        /^FAIL getEvalAgent: returns the agent and its current version \[200\] — .*\(at \/data\/[\w/]+\)$/m,
      );
      // A 200 where a missing key must be refused breaks the vendor's authorization header; the
      // status being undocumented is only our status list, a warning under it.
      const note =
        /^FAIL createEvalRun: 401 without an API key \[200\] — expected 401, got 200\n {2}warning: status 200 is not documented for createEvalRun \[(\d+)\]$/m.exec(
          stdout,
        )?.[1];
      expect(note).toBeDefined();
      expect(stdout).toMatch(new RegExp(`^ {2}\\[${note}\\] The vendor documents 404 for createEvalRun; `, "m"));
      const json = JSON.parse((await runCli(["--base-url", server.url, "--json"])).stdout);
      expect(json.ok).toBe(false);
      expect(json.checks[0]).toMatchObject({ outcome: "fail", status: 200, path: expect.stringMatching(/^\/data\//) });
    } finally {
      await server.close();
    }
  });

  it("exits 2 with usage when --base-url is missing or not a URL", async () => {
    const missing = await runCli([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--base-url is required");
    const bad = await runCli(["--base-url", "not a url"]);
    expect(bad.code).toBe(2);
  });
});
