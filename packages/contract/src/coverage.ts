// What a run exercised of a registry: each operation, each status it documents (seen or not),
// each rule of its request body (by at least one passing and one failing request), and the
// conformance score. The suite and the proxy feed the same recorder, so their numbers mean the same.
import type { Provenance, RegisteredOperation, Registry } from "@evals-api/types/registry";
import { isJsonMediaType } from "@evals-api/types/spec-reading";
import type { ValidationIssue } from "@evals-api/types/validators";
import { type BodyRule, requestBodyRules } from "./body-rules.js";
import type { Outcome } from "./report.js";
import { exampleBodies, specOf } from "./spec.js";

export interface StatusCoverage {
  /** The key the operation documents it under: "200", "404", "5XX", "default". */
  statusKey: string;
  provenance: Provenance;
  /** Answers seen with a status this key documents. */
  seen: number;
}

export interface RuleCoverage {
  /** JSON Pointer of the field, array indexes written as "*": "/attached_agents/*\/weight"; "" for the body. */
  path: string;
  /** The rule in words, as the body rules write it: "is above maximum 100". */
  rule: string;
  /** The JSON Schema keyword it is: "maximum", "required", "anyOf". */
  keyword: string;
  provenance: Provenance;
  /** Requests seen whose body met every rule of the operation. */
  passing: number;
  /** Requests seen whose body broke this rule. */
  failing: number;
  /** At least one passing and one failing request. */
  exercised: boolean;
}

export interface OperationCoverage {
  operationId: string;
  method: string;
  path: string;
  /** Requests sent (suite) or seen (proxy). */
  requests: number;
  /** Every documented status, seen or not, in the document's order. */
  statuses: StatusCoverage[];
  /** Statuses answered that the operation does not document, ascending, each once. */
  undocumented: number[];
  /** The rules of its request body that the checks derive from the spec's examples. */
  rules: RuleCoverage[];
}

export interface Coverage {
  operations: OperationCoverage[];
  /** Passing checks ÷ checks run, warnings counted as passing; `score` is null when no check ran. */
  conformance: { passing: number; run: number; score: number | null };
}

export interface CoverageRecorder {
  /** A request was sent to (suite) or seen for (proxy) an operation. */
  request(operationId: string): void;
  /** The status it was answered with. */
  answered(operationId: string, status: number): void;
  /** A request body that met every rule of the operation's body: passing for each rule. */
  validBody(operationId: string): void;
  /** A body the operation's request validator refused with these issues (what the proxy knows). */
  invalidBody(operationId: string, issues: readonly ValidationIssue[]): void;
  /**
   * A request body as sent: a JSON one of an operation that takes a body goes through its request
   * validator, and counts as `validBody` or `invalidBody`. Other bodies break no rule of the schema.
   */
  requestBody(operationId: string, contentType: string | null, text: string): void;
  /** A check's (suite) or an exchange's (proxy) outcome; "not-run" is not counted. */
  outcome(outcome: Outcome): void;
  coverage(): Coverage;
}

// The keyword behind a validator message: ajv's wording, and the few that issues.ts rewrites.
// test/coverage.test.ts holds each against the generated validators' real messages.
const KEYWORD_OF_MESSAGE: readonly (readonly [RegExp, string])[] = [
  [/^is required when /, "dependentRequired"],
  [/^is required$/, "required"],
  [/^is not a known field/, "additionalProperties"],
  [/^must match (exactly )?one of/, "anyOf"],
  [/^must be <=? /, "maximum"],
  [/^must be >=? /, "minimum"],
  [/^must NOT have more than \d+ items/, "maxItems"],
  [/^must NOT have fewer than \d+ items/, "minItems"],
  [/^must be equal to one of the allowed values/, "enum"],
  [/^must match format /, "format"],
  [/^must be (string|number|integer|boolean|object|array|null)\b/, "type"],
];

/** The JSON Schema keyword a validator issue's message is of; undefined for an unknown wording. */
export function keywordOfMessage(message: string): string | undefined {
  return KEYWORD_OF_MESSAGE.find(([pattern]) => pattern.test(message))?.[1];
}

/** A pointer with its array indexes as "*", so that /attached_agents/3/weight is one field. */
const fieldPath = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, "/*");
const parentOf = (pointer: string) => pointer.slice(0, pointer.lastIndexOf("/"));

class OperationTally {
  requests = 0;
  readonly seen = new Map<string, number>();
  readonly undocumented = new Set<number>();
  readonly rules: RuleCoverage[];

  constructor(
    readonly operation: RegisteredOperation,
    rules: BodyRule[],
  ) {
    this.rules = rules.map((r) => ({
      path: fieldPath(r.path),
      rule: r.rule,
      keyword: r.keyword,
      provenance: r.provenance,
      passing: 0,
      failing: 0,
      exercised: false,
    }));
  }

  // An issue names a concrete field; a rule names the field the example body has. A map's value
  // (metadata's) and an unknown field sit under another key than the rule's: matched by parent.
  rulesBrokenBy(issue: ValidationIssue): RuleCoverage[] {
    const keyword = keywordOfMessage(issue.message);
    const path = fieldPath(issue.path);
    const same = this.rules.filter((r) => r.keyword === keyword && r.path === path);
    if (same.length > 0) return same;
    return this.rules.filter((r) => r.keyword === keyword && parentOf(r.path) === parentOf(path));
  }
}

function snapshot(tally: OperationTally): OperationCoverage {
  const { operation } = tally;
  return {
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    requests: tally.requests,
    statuses: Object.keys(operation.responses).map((statusKey) => ({
      statusKey,
      provenance: operation.responseProvenance[statusKey] ?? { source: "vendor" },
      seen: tally.seen.get(statusKey) ?? 0,
    })),
    undocumented: [...tally.undocumented].sort((a, b) => a - b),
    rules: tally.rules.map((r) => ({ ...r, exercised: r.passing > 0 && r.failing > 0 })),
  };
}

/** A recorder over every operation of a registry, with nothing seen yet. */
export function createCoverage(registry: Registry): CoverageRecorder {
  const spec = specOf(registry);
  const tallies = new Map<string, OperationTally>();
  for (const operation of registry.list) {
    tallies.set(
      operation.operationId,
      new OperationTally(operation, requestBodyRules(spec, operation, exampleBodies(operation))),
    );
  }
  const tallyOf = (operationId: string) => {
    const tally = tallies.get(operationId);
    if (tally === undefined) throw new Error(`coverage: the registry has no operation ${operationId}`);
    return tally;
  };
  const conformance = { passing: 0, run: 0 };
  const recorder: CoverageRecorder = {
    request(operationId) {
      tallyOf(operationId).requests++;
    },
    answered(operationId, status) {
      const tally = tallyOf(operationId);
      const statusKey = tally.operation.response(status)?.statusKey;
      if (statusKey === undefined) tally.undocumented.add(status);
      else tally.seen.set(statusKey, (tally.seen.get(statusKey) ?? 0) + 1);
    },
    validBody(operationId) {
      for (const rule of tallyOf(operationId).rules) rule.passing++;
    },
    invalidBody(operationId, issues) {
      const tally = tallyOf(operationId);
      const broken = new Set(issues.flatMap((issue) => tally.rulesBrokenBy(issue)));
      for (const rule of broken) rule.failing++;
    },
    requestBody(operationId, contentType, text) {
      const validate = tallyOf(operationId).operation.validators.requestBody;
      if (validate === null || contentType === null || !isJsonMediaType(contentType)) return;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return;
      }
      const issues = validate(body);
      if (issues.length === 0) recorder.validBody(operationId);
      else recorder.invalidBody(operationId, issues);
    },
    outcome(outcome) {
      if (outcome === "not-run") return;
      conformance.run++;
      if (outcome !== "fail") conformance.passing++;
    },
    coverage: () => ({
      operations: [...tallies.values()].map(snapshot),
      conformance: { ...conformance, score: conformance.run === 0 ? null : conformance.passing / conformance.run },
    }),
  };
  return recorder;
}

const percent = (part: number, whole: number) => (whole === 0 ? "—" : `${Math.round((100 * part) / whole)}%`);

// Columns padded to their widest cell, numbers to the right.
function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) =>
        rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd(),
  );
}

function summaryRow(op: OperationCoverage): string[] {
  const seen = op.statuses.filter((s) => s.seen > 0).length;
  const exercised = op.rules.filter((r) => r.exercised).length;
  return [
    op.operationId,
    `${op.method} ${op.path}`,
    String(op.requests),
    `${seen}/${op.statuses.length}`,
    op.undocumented.length === 0 ? "—" : op.undocumented.join(", "),
    op.rules.length === 0 ? "—" : `${exercised}/${op.rules.length}`,
  ];
}

// What a row's numbers leave out: each status seen or not, and each rule not exercised.
function detailLines(op: OperationCoverage): string[] {
  const statuses = op.statuses.map((s) => `${s.statusKey}${s.seen > 0 ? ` ×${s.seen}` : " (not seen)"}`);
  const lines = [`  ${op.operationId} statuses: ${statuses.join(", ")}`];
  for (const r of op.rules.filter((rule) => !rule.exercised)) {
    const missing =
      r.passing === 0 && r.failing === 0 ? "no request" : r.passing === 0 ? "no passing request" : "no failing request";
    lines.push(`  ${op.operationId} rule not exercised: ${r.path || "(body)"} ${r.rule} (${missing})`);
  }
  return lines;
}

/**
 * The coverage as text: a table of the operations (requests, documented statuses seen, statuses
 * answered that are not documented, body rules exercised), what it leaves out, then the score.
 */
export function formatCoverage(coverage: Coverage): string {
  const { operations, conformance } = coverage;
  const exercised = operations.filter((o) => o.requests > 0).length;
  const score =
    conformance.score === null
      ? "no checks run"
      : `${percent(conformance.passing, conformance.run)} (${conformance.passing} of ${conformance.run} passing, warnings counted as passing)`;
  const header = ["operation", "method and path", "requests", "statuses seen", "undocumented", "body rules exercised"];
  return [
    `Coverage: ${exercised} of ${operations.length} operations exercised`,
    ...table([header, ...operations.map(summaryRow)], new Set([2])).map((line) => `  ${line}`),
    ...operations.flatMap(detailLines),
    `Conformance: ${score}`,
  ].join("\n");
}
