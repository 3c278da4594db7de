// A report as JUnit XML, the form GitHub Actions (test-reporter actions), GitLab (`artifacts:
// reports: junit`) and Jenkins (the JUnit plugin) render: one testsuite per operation, one
// testcase per check. A failed check is a <failure>, one not run is <skipped>, and a warning passes
// with an "outcome" property and its reason in <system-out>, unless the run fails on warnings,
// where it is a <failure type="assumption">.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Finding } from "./findings.js";
import type { CheckResult, ContractReport } from "./report.js";

// XML 1.0 cannot hold most control characters, even escaped; a server's text may contain any.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text safe in an XML attribute or element. */
export const xmlText = (text: string): string =>
  text.replace(NOT_XML, "\uFFFD").replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const attributes = (pairs: Record<string, string | number>) =>
  Object.entries(pairs)
    .map(([name, value]) => ` ${name}="${xmlText(String(value))}"`)
    .join("");

const describe = (f: Finding) =>
  `${f.severity}: ${f.message}${f.path === undefined ? "" : ` (at ${f.path || "(root)"})`}`;

function testcase(check: CheckResult<string>, failOnWarning: boolean): string {
  const open = `    <testcase${attributes({ classname: `evals-contract.${check.operationId}`, name: check.name })}`;
  const status = check.status === null ? "no response" : `answered ${check.status}`;
  const details = [status, ...check.findings.map(describe)].join("\n");
  const reason = check.reason ?? "";
  if (check.outcome === "pass") return `${open}/>`;
  if (check.outcome === "not-run")
    return `${open}>\n      <skipped${attributes({ message: reason })}/>\n    </testcase>`;
  if (check.outcome === "fail" || failOnWarning) {
    const type = check.outcome === "fail" ? "violation" : "assumption";
    return `${open}>\n      <failure${attributes({ message: reason, type })}>${xmlText(details)}</failure>\n    </testcase>`;
  }
  return [
    `${open}>`,
    `      <properties><property name="outcome" value="warning"/></properties>`,
    `      <system-out>${xmlText(`${reason}\n${details}`)}</system-out>`,
    "    </testcase>",
  ].join("\n");
}

/** The report as a JUnit XML document. */
export function formatJUnit(report: ContractReport<string>): string {
  const failOnWarning = report.failOn === "warning";
  const failing = (c: CheckResult<string>) => c.outcome === "fail" || (failOnWarning && c.outcome === "warn");
  const operations = [...new Set(report.checks.map((c) => c.operationId))];
  const suites = operations.map((operationId) => {
    const checks = report.checks.filter((c) => c.operationId === operationId);
    const counts = {
      name: `evals-contract ${operationId}`,
      tests: checks.length,
      failures: checks.filter(failing).length,
      errors: 0,
      skipped: checks.filter((c) => c.outcome === "not-run").length,
    };
    return [
      `  <testsuite${attributes(counts)}>`,
      ...checks.map((c) => testcase(c, failOnWarning)),
      "  </testsuite>",
    ].join("\n");
  });
  const totals = {
    name: `evals-contract against ${report.baseUrl}`,
    tests: report.checks.length,
    failures: report.checks.filter(failing).length,
    errors: 0,
    skipped: report.notRun,
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes(totals)}>`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
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
