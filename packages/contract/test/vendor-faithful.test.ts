// Issue 11, item 4: pointed at a server that follows the vendor's documentation but none of our
// assumptions, the suite passes with warnings (each named with its assumption), fails under
// --strict, and --fail-on sets the policy. Breaking a rule the vendor states fails by default.
import { provenanceOf } from "@evals-api/types/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContractOptions, type FailOn, formatReport, runContractSuite } from "../src/index.js";
import { API_KEY, type Fetch, type HttpServer, IN_PROCESS_URL, listenFetch, runCli } from "./helpers.js";
import { acceptsTooManyCallIds, vendorFaithfulFetch, wrongFieldType } from "./vendor-faithful-server.js";

const suite = (fetch: Fetch, options: Partial<ContractOptions> = {}) =>
  runContractSuite({ baseUrl: IN_PROCESS_URL, apiKey: API_KEY, fetch, allowBilled: true, ...options });
const named = (report: Awaited<ReturnType<typeof suite>>, name: string) => {
  const check = report.checks.find((c) => c.name === name);
  if (check === undefined) throw new Error(`no check named ${name}`);
  return check;
};

describe("a vendor-faithful server that breaks our assumptions", () => {
  it("passes by default: no check fails, the assumptions it breaks are warnings", async () => {
    const report = await suite(vendorFaithfulFetch);
    expect(report.checks.filter((c) => c.outcome === "fail")).toEqual([]);
    expect(report).toMatchObject({ ok: true, failOn: "violation", failed: 0, notRun: 0, complete: true });
    expect(report.warned).toBeGreaterThan(30);
    for (const check of report.checks) {
      for (const finding of check.findings) {
        expect(finding.severity, `${check.name}: ${finding.message}`).toBe("warning");
        expect(finding.assumption, `${check.name}: ${finding.message}`).toMatch(/\w/);
      }
    }
  });

  it("names each warning with the assumption the spec's marker states", async () => {
    const report = await suite(vendorFaithfulFetch);
    const created = named(report, "createEvalRun: creates a PENDING run with consistent counts (billed)");
    expect(created).toMatchObject({ outcome: "warn", status: 200 });
    expect(created.findings).toContainEqual({
      rule: "status",
      severity: "warning",
      message: "expected 202, got 200",
      assumption: provenanceOf("createEvalRun", { status: 202 }).reason,
    });
    // A rule the vendor states (at most 5000 call ids), refused with 422 instead of our 400.
    const tooMany = named(report, "createEvalRun: 400 when /call_ids has more than 5000 items");
    expect(tooMany).toMatchObject({ outcome: "warn", status: 422 });
    expect(tooMany.findings).toContainEqual(
      expect.objectContaining({ rule: "status", assumption: provenanceOf("createEvalRun", { status: 400 }).reason }),
    );
    // A bad key answered 403: the header is the vendor's, what it answers is ours.
    expect(named(report, "getEvalAgent: 401 with an invalid API key").findings).toContainEqual(
      expect.objectContaining({ message: "expected 401, got 403", severity: "warning" }),
    );
    // An error as plain text breaks only the assumed error envelope.
    expect(named(report, "getEvalAgent: 401 without an API key").findings).toContainEqual(
      expect.objectContaining({ rule: "content-type", severity: "warning" }),
    );
    // A malformed id answered like an unknown agent is what both we and the vendor expect.
    expect(named(report, "getEvalAgent: 404 (or 400) for a malformed eval_agent_id")).toMatchObject({
      outcome: "warn", // only for the error body without `data`
      status: 404,
    });
    expect(named(report, "getEvalAgent: 404 (or 400) for a malformed eval_agent_id").findings).not.toContainEqual(
      expect.objectContaining({ rule: "status" }),
    );
  });

  it("prints a WARN line per check, a line per warning, and each assumption they rest on once", async () => {
    const text = formatReport(await suite(vendorFaithfulFetch));
    expect(text).toMatch(/^WARN createEvalRun: creates a PENDING run with consistent counts \(billed\) \[200\]$/m);
    const ref = /^ {2}warning: expected 202, got 200 \[(\d+)\]$/m.exec(text)?.[1];
    expect(ref).toBeDefined();
    const note = `  [${ref}] ${provenanceOf("createEvalRun", { status: 202 }).reason}`;
    expect(text.split("\n").filter((line) => line === note)).toHaveLength(1);
    const notes = text.split("\n").filter((line) => /^ {2}\[\d+\] /.test(line));
    expect(new Set(notes).size).toBe(notes.length);
    expect(text).toMatch(/: \d+ checks passed, \d+ warned, 0 failed, 0 not run$/);
  });

  it.each<[FailOn, boolean]>([
    ["violation", true],
    ["warning", false],
    ["never", true],
  ])("failOn %s: ok is %s", async (failOn, ok) => {
    const report = await suite(vendorFaithfulFetch, { failOn });
    expect(report).toMatchObject({ ok, failOn, failed: 0 });
    expect(report.warned).toBeGreaterThan(30);
  });
});

describe("a server that breaks a rule the vendor states", () => {
  it("fails by default when it accepts 5001 call ids with a 2xx", async () => {
    const report = await suite(acceptsTooManyCallIds);
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => c.outcome === "fail").map((c) => c.name)).toEqual([
      "createEvalRun: 400 when /call_ids has more than 5000 items",
    ]);
    expect(named(report, "createEvalRun: 400 when /call_ids has more than 5000 items").findings).toContainEqual({
      rule: "status",
      severity: "violation",
      message: "expected 400, got 200",
    });
  });

  it("fails by default when a GET answers a field of the wrong type, naming the path", async () => {
    const report = await suite(wrongFieldType);
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => c.outcome === "fail")).toEqual([
      expect.objectContaining({
        name: "getEvalAgent: returns the agent and its current version",
        path: "/data/agent/name",
        reason: expect.stringContaining("must be string"),
      }),
    ]);
  });

  it.each<[FailOn, boolean]>([
    ["violation", false],
    ["warning", false],
    ["never", true],
  ])("failOn %s: ok is %s", async (failOn, ok) => {
    const report = await suite(wrongFieldType, { failOn });
    expect(report).toMatchObject({ ok, failOn, failed: 1 });
  });

  it("refuses a failOn it does not know, naming the option", async () => {
    await expect(suite(vendorFaithfulFetch, { failOn: "sometimes" as FailOn })).rejects.toThrow(
      new RangeError('failOn must be "violation", "warning" or "never", got "sometimes"'),
    );
  });
});

describe("evals-contract --fail-on and --strict (spawned CLI)", () => {
  let faithful: HttpServer;
  let breaking: HttpServer;
  beforeAll(async () => {
    faithful = await listenFetch(vendorFaithfulFetch);
    breaking = await listenFetch(wrongFieldType);
  });
  afterAll(async () => {
    await faithful.close();
    await breaking.close();
  });
  const cli = (server: HttpServer, ...args: string[]) =>
    runCli(["--base-url", server.url, "--api-key", API_KEY, ...args]);

  it("the vendor-faithful server passes by default (exit 0) with WARN lines", async () => {
    const { code, stdout } = await cli(faithful);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^WARN getEvalAgent: 401 with an invalid API key \[403\]$/m);
    expect(stdout).toMatch(/^ {2}warning: expected 401, got 403 \[\d+\]$/m);
    expect(stdout).toMatch(/^Assumptions of the spec that the warnings above rest on/m);
    expect(stdout).not.toMatch(/^FAIL /m);
  });

  it.each([
    [["--strict"], 1],
    [["--fail-on", "warning"], 1],
    [["--fail-on", "violation"], 0],
    [["--fail-on", "never"], 0],
    [["--strict", "--fail-on", "warning"], 1],
  ])("the vendor-faithful server with %j exits %i", async (args, code) => {
    const run = await cli(faithful, ...args, "--json");
    expect(run.code).toBe(code);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: code === 0, failed: 0 });
  });

  it.each([
    [[], 1],
    [["--fail-on", "violation"], 1],
    [["--strict"], 1],
    [["--fail-on", "never"], 0],
  ])("a server breaking a vendor rule with %j exits %i, and reports the failure", async (args, code) => {
    const run = await cli(breaking, ...args, "--json");
    expect(run.code).toBe(code);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: code === 0, failed: 1 });
  });

  it.each([
    [["--fail-on", "sometimes"], '--fail-on must be "violation", "warning" or "never", got "sometimes"'],
    [["--strict", "--fail-on", "never"], "--strict is --fail-on warning; it cannot be combined with --fail-on never"],
  ])("%j is a usage error (exit 2)", async (args, message) => {
    const run = await cli(faithful, ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`evals-contract: ${message}`);
  });
});
