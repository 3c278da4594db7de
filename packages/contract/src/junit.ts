// A report as JUnit XML, the form GitHub Actions (test-reporter actions), GitLab (`artifacts:
// reports: junit`) and Jenkins (the JUnit plugin) render: one testsuite per operation, one
// testcase per check. A failed check is a <failure>, one not run is <skipped>, and a warning passes
// with an "outcome" property and its reason in <system-out>, unless the run fails on warnings,
// where it is a <failure type="assumption">. The proxy's report has one testcase per operation's
// traffic instead (formatProxyJUnit).
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Finding } from "./findings.js";
import type { ProxyReport } from "./proxy-report.js";
import type { CheckResult, ContractReport, Outcome } from "./report.js";

// XML 1.0 cannot hold most control characters, even escaped; a server's text may contain any.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text safe in an XML attribute or element. */
const xmlText = (text: string): string => text.replace(NOT_XML, "\uFFFD").replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const attributes = (pairs: Record<string, string | number>) =>
  Object.entries(pairs)
    .map(([name, value]) => ` ${name}="${xmlText(String(value))}"`)
    .join("");

const describe = (f: Finding) =>
  `${f.severity}: ${f.message}${f.path === undefined ? "" : ` (at ${f.path || "(root)"})`}`;

/** One testcase: a check of the suite, or an operation's traffic through the proxy. */
interface JUnitCase {
  classname: string;
  name: string;
  outcome: Outcome;
  /** Why it failed, warned or did not run. */
  reason: string;
  /** The findings, one per line. */
  details: string;
}

function testcase(c: JUnitCase, failOnWarning: boolean): string {
  const open = `    <testcase${attributes({ classname: c.classname, name: c.name })}`;
  if (c.outcome === "pass") return `${open}/>`;
  if (c.outcome === "not-run") return `${open}>\n      <skipped${attributes({ message: c.reason })}/>\n    </testcase>`;
  if (c.outcome === "fail" || failOnWarning) {
    const type = c.outcome === "fail" ? "violation" : "assumption";
    return `${open}>\n      <failure${attributes({ message: c.reason, type })}>${xmlText(c.details)}</failure>\n    </testcase>`;
  }
  return [
    `${open}>`,
    `      <properties><property name="outcome" value="warning"/></properties>`,
    `      <system-out>${xmlText(`${c.reason}\n${c.details}`)}</system-out>`,
    "    </testcase>",
  ].join("\n");
}

// A document of suites of cases, with the counts every renderer reads from the attributes.
function junitDocument(name: string, suites: { name: string; cases: JUnitCase[] }[], failOnWarning: boolean): string {
  const failing = (c: JUnitCase) => c.outcome === "fail" || (failOnWarning && c.outcome === "warn");
  const counts = (suiteName: string, cases: JUnitCase[]) => ({
    name: suiteName,
    tests: cases.length,
    failures: cases.filter(failing).length,
    errors: 0,
    skipped: cases.filter((c) => c.outcome === "not-run").length,
  });
  const body = suites.map(({ name: suiteName, cases }) =>
    [
      `  <testsuite${attributes(counts(suiteName, cases))}>`,
      ...cases.map((c) => testcase(c, failOnWarning)),
      "  </testsuite>",
    ].join("\n"),
  );
  const all = suites.flatMap((suite) => suite.cases);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes(counts(name, all))}>`,
    ...body,
    "</testsuites>",
    "",
  ].join("\n");
}

function checkCase(check: CheckResult<string>): JUnitCase {
  const status = check.status === null ? "no response" : `answered ${check.status}`;
  return {
    classname: `evals-contract.${check.operationId}`,
    name: check.name,
    outcome: check.outcome,
    reason: check.reason ?? "",
    details: [status, ...check.findings.map(describe)].join("\n"),
  };
}

/** The report as a JUnit XML document. */
export function formatJUnit(report: ContractReport<string>): string {
  const operations = [...new Set(report.checks.map((c) => c.operationId))];
  const suites = operations.map((operationId) => ({
    name: `evals-contract ${operationId}`,
    cases: report.checks.filter((c) => c.operationId === operationId).map(checkCase),
  }));
  return junitDocument(`evals-contract against ${report.baseUrl}`, suites, report.failOn === "warning");
}

// An operation's traffic as one testcase: failed on a violation, warned on warnings only, skipped
// when no exchange called it. Findings of requests no operation matches get a case of their own.
function trafficCase(report: ProxyReport, operationId: string | null, exchanges: number): JUnitCase {
  const findings = report.findings.filter((f) => f.operationId === operationId);
  const violations = findings.filter((f) => f.severity === "violation").length;
  const notKept = report.findingsNotKept > 0 ? [`… and up to ${report.findingsNotKept} more findings, not kept`] : [];
  const lines = [...findings.map((f) => `${f.request} → ${f.status ?? "no answer"}: ${describe(f)}`), ...notKept];
  const name =
    operationId === null ? "requests no operation of the spec matches" : `${operationId}: traffic held to the spec`;
  const base = { classname: `evals-contract.proxy.${operationId ?? "unmatched"}`, name, details: lines.join("\n") };
  if (operationId !== null && exchanges === 0) return { ...base, outcome: "not-run", reason: "no exchange called it" };
  if (violations > 0)
    return { ...base, outcome: "fail", reason: `${violations} of ${findings.length} findings are violations` };
  if (findings.length > 0) return { ...base, outcome: "warn", reason: `${findings.length} warnings` };
  return { ...base, outcome: "pass", reason: "" };
}

/** A proxy's report as a JUnit XML document: one testcase per operation's traffic. */
export function formatProxyJUnit(report: ProxyReport): string {
  const cases = report.operations.map((o) => trafficCase(report, o.operationId, o.exchanges));
  if (report.findings.some((f) => f.operationId === null)) cases.push(trafficCase(report, null, 0));
  return junitDocument(
    `evals-contract proxy → ${report.target}`,
    [{ name: `evals-contract proxy → ${report.target}`, cases }],
    report.failOn === "warning",
  );
}

/**
 * Where --junit writes, checked before any request is sent: a RangeError naming the flag when the
 * file is a directory or its folder cannot be made. The report is written whole or not at all.
 */
export function junitTarget(file: string, flag = "--junit"): { write(xml: string): void } {
  const path = resolve(file);
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new Error("it is a directory");
    mkdirSync(dirname(path), { recursive: true });
    // Written and removed now, so that an unwritable folder fails before the run, not after it.
    const probe = `${path}.${process.pid}.probe`;
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new RangeError(`${flag} ${file}: cannot write there (${why}); name a file in a writable folder`);
  }
  return {
    write(xml) {
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, xml);
      renameSync(temporary, path);
    },
  };
}
