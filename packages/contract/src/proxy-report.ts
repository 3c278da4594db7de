// What the proxy saw, counted: exchanges per operation, the findings (violations and warnings),
// the exchanges it could not check and why, and the coverage. The same report is printed on exit
// and answered at `GET /__contract/report`.
import type { Registry } from "@evals-api/types/registry";
import { type Coverage, type CoverageRecorder, createCoverage, formatCoverage } from "./coverage.js";
import type { Finding } from "./findings.js";
import type { FailOn } from "./options.js";
import type { Outcome } from "./report.js";

/** A finding of one exchange, with what it was about. */
export interface ProxyFinding extends Finding {
  /** The operation the request called; null for a request no operation of the spec matches. */
  operationId: string | null;
  /** The status answered; null when no answer came. */
  status: number | null;
  /** The request's method and path (no query: it may carry a key). */
  request: string;
}

export interface ProxyOperationCount {
  operationId: string;
  exchanges: number;
  violations: number;
  warnings: number;
}

/** Exchanges, or parts of them, the proxy passed on without holding them to the spec. */
export interface NotChecked {
  /** Bodies over the limit (`maxBodyBytes`, 1 MiB), passed through unvalidated. */
  tooLarge: { requests: number; responses: number };
  /** Exchanges whose client went away before the answer ended: not the target's fault. */
  clientGone: number;
  /** Requests no operation of the spec matches (each also a warning). */
  unknownRoute: number;
  /** Exchanges still in flight when the proxy stopped, after its grace period. */
  cutAtExit: number;
}

export interface ProxyReport {
  /** Whether the traffic passes under `failOn`: no violation (`violation`), no finding at all (`warning`), or always (`never`). */
  ok: boolean;
  target: string;
  failOn: FailOn;
  /** Exchanges seen, `/__contract/report` not counted. */
  exchanges: number;
  violations: number;
  warnings: number;
  operations: ProxyOperationCount[];
  notChecked: NotChecked;
  /** The findings, in the order they were made: the first MAX_KEPT_FINDINGS of them. */
  findings: ProxyFinding[];
  /** Findings counted but not kept, beyond the first MAX_KEPT_FINDINGS (a proxy may run for hours). */
  findingsNotKept: number;
  coverage: Coverage;
}

export const MAX_KEPT_FINDINGS = 1000;

/** The findings and counts of a proxy's traffic, fed one exchange at a time. */
export class ProxyTally {
  readonly coverage: CoverageRecorder;
  #exchanges = 0;
  readonly #operations = new Map<string, ProxyOperationCount>();
  readonly #findings: ProxyFinding[] = [];
  #notKept = 0;
  #violations = 0;
  #warnings = 0;
  readonly notChecked: NotChecked = {
    tooLarge: { requests: 0, responses: 0 },
    clientGone: 0,
    unknownRoute: 0,
    cutAtExit: 0,
  };

  constructor(
    registry: Registry,
    readonly target: string,
    readonly failOn: FailOn,
  ) {
    this.coverage = createCoverage(registry);
    for (const operation of registry.list) {
      const { operationId } = operation;
      this.#operations.set(operationId, { operationId, exchanges: 0, violations: 0, warnings: 0 });
    }
  }

  /** One exchange seen (for an operation of the spec, or none). */
  exchange(operationId: string | null): void {
    this.#exchanges++;
    if (operationId === null) return;
    const count = this.#operations.get(operationId);
    if (count !== undefined) count.exchanges++;
    this.coverage.request(operationId);
  }

  /**
   * The findings of one finished exchange; returns its outcome, which the coverage's score counts
   * unless `scored` is false (an unknown route: no operation's check ran).
   */
  findings(found: readonly ProxyFinding[], scored = true): Outcome {
    for (const f of found) {
      const count = f.operationId === null ? undefined : this.#operations.get(f.operationId);
      if (f.severity === "violation") {
        this.#violations++;
        if (count) count.violations++;
      } else {
        this.#warnings++;
        if (count) count.warnings++;
      }
      if (this.#findings.length < MAX_KEPT_FINDINGS) this.#findings.push(f);
      else this.#notKept++;
    }
    const outcome: Outcome = found.some((f) => f.severity === "violation")
      ? "fail"
      : found.length > 0
        ? "warn"
        : "pass";
    if (scored) this.coverage.outcome(outcome);
    return outcome;
  }

  report(): ProxyReport {
    const passes = { violation: this.#violations === 0, warning: this.#violations + this.#warnings === 0, never: true };
    return {
      ok: passes[this.failOn],
      target: this.target,
      failOn: this.failOn,
      exchanges: this.#exchanges,
      violations: this.#violations,
      warnings: this.#warnings,
      operations: [...this.#operations.values()].map((o) => ({ ...o })),
      notChecked: { ...this.notChecked, tooLarge: { ...this.notChecked.tooLarge } },
      findings: [...this.#findings],
      findingsNotKept: this.#notKept,
      coverage: this.coverage.coverage(),
    };
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A finding as the one line the proxy writes on stderr: severity, operation (or the request, for
 * an unknown route), status, the JSON path when there is one, and the rule broken.
 * `violation getEvalAgent 200 /data/agent/name must be string`.
 */
export function findingLine(f: ProxyFinding): string {
  const where = f.path === undefined ? [] : [f.path || "(root)"];
  return [f.severity, f.operationId ?? f.request, f.status ?? "-", ...where, ruleOf(f)].join(" ");
}

// A schema finding's message repeats the path after the schema's name ("body does not match
// GetEvalAgentResponse for 200: /data/agent/name must be string"): the line gives only the rule.
function ruleOf(f: ProxyFinding): string {
  if (f.rule !== "schema" || f.path === undefined) return f.message;
  const marker = `: ${f.path || "(root)"} `;
  const at = f.message.indexOf(marker);
  return at < 0 ? f.message : f.message.slice(at + marker.length);
}

/** The summary as text: the counts, the operations, what was not checked, the coverage, the verdict. */
export function formatProxyReport(report: ProxyReport): string {
  const { notChecked: n } = report;
  const lines = [
    `evals-contract proxy → ${report.target}: ${plural(report.exchanges, "exchange")}, ${plural(report.violations, "violation")}, ${plural(report.warnings, "warning")}`,
    ...report.operations.map(
      (o) =>
        `  ${o.operationId}: ${plural(o.exchanges, "exchange")}, ${plural(o.violations, "violation")}, ${plural(o.warnings, "warning")}`,
    ),
    `Not checked: too large ${plural(n.tooLarge.requests, "request")} and ${plural(n.tooLarge.responses, "response")}; client gone ${n.clientGone}; unknown route ${n.unknownRoute}; cut at exit ${n.cutAtExit}`,
  ];
  if (report.findings.length > 0) {
    lines.push("Findings:", ...report.findings.map((f) => `  ${findingLine(f)}`));
    if (report.findingsNotKept > 0) lines.push(`  … and ${report.findingsNotKept} more, not kept`);
  }
  lines.push(formatCoverage(report.coverage));
  const policy = report.failOn === "violation" ? "" : ` (fail on ${report.failOn})`;
  lines.push(`evals-contract proxy: ${report.ok ? "ok" : "not ok"}${policy}`);
  return lines.join("\n");
}
