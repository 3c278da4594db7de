// The report of a run: one result per check, the counts, whether the run passes under its
// failOn policy, and the text form the CLI prints.
import type { OperationId, Provenance } from "@evals-api/types/registry";
import { type Coverage, formatCoverage } from "./coverage.js";
import type { Finding } from "./findings.js";
import type { FailOn } from "./options.js";

/** `pass`: no finding. `warn`: only warnings. `fail`: at least one violation. `not-run`: see `reason`. */
export type Outcome = "pass" | "warn" | "fail" | "not-run";

/** The `reason` of a check the run's deadline cut, or that had not started when it passed. */
export const DEADLINE = "deadline";

/** One check's result; `Id` is the operationIds of the registry checked (default: the shipped spec's). */
export interface CheckResult<Id extends string = OperationId> {
  name: string;
  operationId: Id;
  /** Whose fact the check tests: the spec's marker of its subject (a status, a parameter, a keyword). */
  provenance: Provenance;
  outcome: Outcome;
  /** The status the server answered, or null when no response came (or the check did not run). */
  status: number | null;
  /**
   * Why the check failed or warned (its findings' messages, violations first), or why it did not
   * run: `"deadline"`, or that it creates a billed run.
   */
  reason?: string;
  /** JSON Pointer of the first schema finding in the response body (a violation's first), when there is one. */
  path?: string;
  /** Everything the check found, each a violation or a warning. */
  findings: Finding[];
}

export interface ContractReport<Id extends string = OperationId> {
  /** Whether the run passes under `failOn`. Never true under `violation` or `warning` when the deadline cut the run. */
  ok: boolean;
  baseUrl: string;
  failOn: FailOn;
  /** False when the deadline left checks not run. */
  complete: boolean;
  passed: number;
  warned: number;
  failed: number;
  notRun: number;
  checks: CheckResult<Id>[];
  /** What the run exercised: operations, documented statuses seen, body rules, the conformance score. */
  coverage: Coverage;
  /** A fuzz run's size and seed: the same seed sends the same bodies. */
  fuzz?: { runs: number; seed: number };
}

/** A result from a check's findings: its outcome, reason and path follow from them. */
export function resultOf<Id extends string>(
  base: Omit<CheckResult<Id>, "outcome" | "findings">,
  findings: Finding[],
): CheckResult<Id> {
  const violations = findings.filter((f) => f.severity === "violation");
  const ordered = [...violations, ...findings.filter((f) => f.severity === "warning")];
  const path = (violations.find((f) => f.path !== undefined) ?? ordered.find((f) => f.path !== undefined))?.path;
  return {
    ...base,
    outcome: violations.length > 0 ? "fail" : findings.length > 0 ? "warn" : "pass",
    ...(ordered.length > 0 && { reason: ordered.map((f) => f.message).join("; ") }),
    ...(path !== undefined && { path }),
    findings: ordered,
  };
}

export function summarize<Id extends string>(
  baseUrl: string,
  failOn: FailOn,
  checks: CheckResult<Id>[],
  coverage: Coverage,
): ContractReport<Id> {
  const count = (outcome: Outcome) => checks.filter((c) => c.outcome === outcome).length;
  const complete = !checks.some((c) => c.outcome === "not-run" && c.reason === DEADLINE);
  const passes = { violation: count("fail") === 0, warning: count("fail") + count("warn") === 0, never: true };
  return {
    // A half-run suite must not pass CI; `never` asks never to fail, and is the one exception.
    ok: failOn === "never" || (complete && passes[failOn]),
    baseUrl,
    failOn,
    complete,
    passed: count("pass"),
    warned: count("warn"),
    failed: count("fail"),
    notRun: count("not-run"),
    checks,
    coverage,
  };
}

const MARKS: Record<Outcome, string> = { pass: "PASS", warn: "WARN", fail: "FAIL", "not-run": "NOT RUN" };

// The assumptions behind the warnings, numbered in order of first use: each is printed once, as a
// footnote, however many warnings rest on it.
class Footnotes {
  readonly #numbers = new Map<string, number>();
  ref(assumption: string): number {
    const known = this.#numbers.get(assumption);
    if (known !== undefined) return known;
    this.#numbers.set(assumption, this.#numbers.size + 1);
    return this.#numbers.size;
  }
  lines(): string[] {
    if (this.#numbers.size === 0) return [];
    const notes = [...this.#numbers].map(([assumption, n]) => `  [${n}] ${assumption}`);
    return ["Assumptions of the spec that the warnings above rest on (the vendor does not state them):", ...notes];
  }
}

function formatCheck(c: CheckResult<string>, notes: Footnotes): string[] {
  if (c.outcome === "not-run" && c.reason === DEADLINE) return [`NOT RUN (deadline) ${c.name}`];
  const status = c.status === null ? "" : ` [${c.status}]`;
  const violations = c.findings.filter((f) => f.severity === "violation");
  const at = violations.find((f) => f.path !== undefined)?.path;
  // The first line says why it failed (or did not run); each warning gets a line of its own.
  const why =
    c.outcome === "not-run"
      ? ` — ${c.reason}`
      : violations.length > 0
        ? ` — ${violations.map((f) => f.message).join("; ")}${at === undefined ? "" : ` (at ${at || "(root)"})`}`
        : "";
  const warnings = c.findings
    .filter((f) => f.severity === "warning")
    .map((f) => `  warning: ${f.message} [${notes.ref(f.assumption ?? "")}]`);
  return [`${MARKS[c.outcome]} ${c.name}${status}${why}`, ...warnings];
}

/**
 * One line per check, one more per warning (with the number of the assumption it rests on), the
 * assumptions, then a summary line.
 */
export function formatReport(report: ContractReport<string>): string {
  const notes = new Footnotes();
  const lines = report.checks.flatMap((c) => formatCheck(c, notes));
  lines.push(...notes.lines(), "", formatCoverage(report.coverage), "");
  // Worded so it is never mistaken for a test runner's closing "N passed, N failed" line.
  const policy = report.failOn === "violation" ? "" : ` (fail on ${report.failOn})`;
  const cut = report.complete ? "" : "; the deadline cut the run";
  if (report.fuzz !== undefined) {
    lines.push(`Fuzzed with --seed ${report.fuzz.seed}: the same seed sends the same bodies again.`);
  }
  lines.push(
    `evals-contract against ${report.baseUrl}: ${report.passed} checks passed, ${report.warned} warned, ${report.failed} failed, ${report.notRun} not run${cut}${policy}`,
  );
  return lines.join("\n");
}
