import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parse, type TestSuites } from "junit2json";
import { describe, expect, it } from "vitest";
import { type ContractReport, formatJUnit, runContractSuite } from "../src/index.js";
import { API_KEY, brokenFetch, IN_PROCESS_URL, keyedMock, listenRaw, runCli } from "./helpers.js";

// A server that breaks a vendor fact (an agent's name not a string: a violation), answers a
// missing or bad key with 403 instead of the assumed 401 (a warning), and, unless the run fails on
// warnings, is left the billed check not run.
async function mixedReport(failOn: "violation" | "warning" = "violation") {
  const mock = keyedMock();
  const fetch = brokenFetch(
    (i, init) => mock.fetch(new Request(i, init)),
    (_request, response) => {
      if (response.body?.data?.agent) response.body.data.agent.name = 7;
      if (response.status === 401) return { ...response, status: 403 };
      return response;
    },
  );
  const allowBilled = failOn === "warning";
  return runContractSuite({ baseUrl: IN_PROCESS_URL, apiKey: API_KEY, fetch, failOn, allowBilled });
}

const raw = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
  }).parse(xml);

const casesOf = (xml: string) => raw(xml).testsuites.testsuite.flatMap((s: any) => s.testcase) as any[];

describe("--junit: the report as JUnit XML", () => {
  it("is valid XML that a JUnit parser reads back: one testcase per check, grouped by operation", async () => {
    const report = await mixedReport();
    const xml = formatJUnit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = (await parse(xml)) as TestSuites;
    const cases = (parsed.testsuite ?? []).flatMap((s) => s.testcase ?? []);
    expect(cases.map((c) => c.name)).toEqual(report.checks.map((c) => c.name));
    expect(parsed.tests).toBe(report.checks.length);
    expect(parsed.failures).toBe(report.failed);
    expect((parsed.testsuite ?? []).map((s) => s.name)).toEqual([
      ...new Set(report.checks.map((c) => `evals-contract ${c.operationId}`)),
    ]);
    for (const suite of parsed.testsuite ?? []) expect(suite.tests).toBe(suite.testcase?.length);
  });

  it("writes a failure, a skipped check and a passing warning each as CI systems render them", async () => {
    const report = await mixedReport();
    expect([report.failed, report.warned, report.notRun].every((n) => n > 0)).toBe(true);
    const cases = (((await parse(formatJUnit(report))) as TestSuites).testsuite ?? []).flatMap((s) => s.testcase ?? []);
    const rawCases = casesOf(formatJUnit(report));
    report.checks.forEach((check, i) => {
      const parsed = cases[i];
      const rawCase = rawCases[i];
      if (check.outcome === "fail") {
        expect(parsed?.failure?.[0]).toMatchObject({ type: "violation", message: check.reason });
        expect(parsed?.failure?.[0]?.inner).toContain(check.findings[0]?.message);
      } else if (check.outcome === "not-run") {
        expect(parsed?.skipped?.[0]?.message).toBe(check.reason);
      } else if (check.outcome === "warn") {
        expect(parsed?.failure).toBeUndefined();
        expect(rawCase.properties.property).toEqual([{ name: "outcome", value: "warning" }]);
        expect(parsed?.["system-out"]?.[0]).toContain(check.reason);
      } else {
        expect(parsed?.failure ?? parsed?.skipped ?? parsed?.["system-out"]).toBeUndefined();
      }
    });
  });

  it("under --fail-on warning, makes a warning a failure of type assumption", async () => {
    const report = await mixedReport("warning");
    const cases = (((await parse(formatJUnit(report))) as TestSuites).testsuite ?? []).flatMap((s) => s.testcase ?? []);
    const warned = report.checks.flatMap((c, i) => (c.outcome === "warn" ? [cases[i]] : []));
    expect(warned.length).toBeGreaterThan(0);
    for (const c of warned) expect(c?.failure?.[0]?.type).toBe("assumption");
    expect(((await parse(formatJUnit(report))) as TestSuites).failures).toBe(report.failed + report.warned);
  });

  it("stays valid XML whatever text a server puts in a finding", async () => {
    const hostile = `<x a="1"> & ' \u0000\u0001\u001b ]]> \ud800 end`;
    const report: ContractReport<string> = {
      ...(await mixedReport()),
    };
    report.checks = report.checks.map((c) => ({
      ...c,
      name: `${c.name} ${hostile}`,
      ...(c.reason !== undefined && { reason: `${c.reason} ${hostile}` }),
      findings: c.findings.map((f) => ({ ...f, message: hostile })),
    }));
    const xml = formatJUnit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const cases = (((await parse(xml)) as TestSuites).testsuite ?? []).flatMap((s) => s.testcase ?? []);
    expect(cases[0]?.name).toContain(`<x a="1"> & '`);
  });
});

describe("evals-contract --junit FILE", () => {
  it("writes the file whole, besides the usual report on stdout", async () => {
    const server = await keyedMock().listen(0);
    const dir = mkdtempSync(join(tmpdir(), "junit-"));
    const file = join(dir, "reports", "contract.xml");
    try {
      const run = await runCli(["--base-url", server.url, "--api-key", API_KEY, "--junit", file]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/checks passed/);
      const xml = readFileSync(file, "utf8");
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(((await parse(xml)) as TestSuites).failures).toBe(0);
      expect(existsSync(`${file}.tmp`)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("refuses a file it cannot write with exit 2, before sending anything", async () => {
    let requests = 0;
    const server = await listenRaw((_req, res) => {
      requests++;
      res.end();
    });
    const dir = mkdtempSync(join(tmpdir(), "junit-"));
    try {
      const run = await runCli(["--base-url", server.url, "--junit", dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--junit ${dir}: cannot write there`);
      // A folder that cannot be made: its parent is a file.
      const blocked = join(dir, "a-file");
      writeFileSync(blocked, "");
      const under = await runCli(["--base-url", server.url, "--junit", join(blocked, "report.xml")]);
      expect(under.code).toBe(2);
      expect(under.stderr).toContain(`--junit ${join(blocked, "report.xml")}: cannot write there (ENOTDIR)`);
      expect(requests).toBe(0);
    } finally {
      await server.close();
    }
  });
});
