// The arguments of a call against the operation's generated validators, before anything is sent.
// As in @evals-api/client, only a rule the vendor states refuses a call; one the spec assumes is
// reported as a warning and the call goes ahead, except in a parameter that is ours as a whole (the
// Idempotency-Key): refusing a bad one refuses nothing the vendor documents. Issues are located by
// the argument's JSON path, not the request's.
import type { RegisteredOperation } from "@evals-api/types/registry";
import type { ValidationIssue } from "@evals-api/types/request-validators";
import type { InputPlan } from "./input-schema.js";
import type { RequestParts } from "./tool-arguments.js";

export interface ArgumentCheck {
  /** What stops the call: nothing is sent while there is one. */
  refused: ValidationIssue[];
  /** Rules the spec assumes that the arguments break: the call goes ahead, and the answer says so. */
  warnings: ValidationIssue[];
  /** The path called, its parameters filled in (undefined when they cannot fill it). */
  path: string | undefined;
}

const segments = (pointer: string) => pointer.split("/").slice(1);

function parameterIssues(
  plan: InputPlan,
  where: "path" | "query" | "header",
  issues: readonly ValidationIssue[] | undefined,
): { refused: ValidationIssue[]; warnings: ValidationIssue[] } {
  const refused: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  for (const issue of issues ?? []) {
    const [name = "", ...rest] = segments(issue.path);
    const target = plan.parameters.find((t) => t.in === where && t.name.toLowerCase() === name.toLowerCase());
    const path = `/${[target?.argument ?? name, ...rest].join("/")}`;
    const ours = target?.parameter.provenance.source === "assumed";
    (issue.source === "vendor" || ours ? refused : warnings).push({ ...issue, path });
  }
  return { refused, warnings };
}

// The path a request would call: a value that URL parsing resolves away (".", "..") or that
// empties a segment would call another operation than this one.
function filledPath(operation: RegisteredOperation, plan: InputPlan, parts: RequestParts) {
  try {
    const path = operation.route.fill(parts.path);
    const resolved = new URL(path, "http://path.invalid").pathname;
    if (operation.route.match(resolved) !== undefined && resolved === path) return { path };
  } catch {} // a missing parameter: the validator names it
  const message = 'must not be "", "." or ".." (that would call another path)';
  return {
    path: undefined,
    issues: plan.parameters
      .filter(
        (t) =>
          t.in === "path" && typeof parts.path[t.name] === "string" && /^\.{0,2}$/.test(String(parts.path[t.name])),
      )
      .map((t): ValidationIssue => ({ path: `/${t.argument}`, message, source: "vendor" })),
  };
}

export function checkArguments(operation: RegisteredOperation, plan: InputPlan, parts: RequestParts): ArgumentCheck {
  const { validators } = operation;
  const body = plan.takesBody ? (validators.requestBody?.(parts.body) ?? []) : [];
  const params = (["path", "query", "header"] as const).map((where) =>
    parameterIssues(plan, where, validators[`${where}Params`]?.(parts[where])),
  );
  const filled = filledPath(operation, plan, parts);
  const refused = [
    ...body.filter((i) => i.source === "vendor"),
    ...params.flatMap((p) => p.refused),
    ...(filled.issues ?? []),
  ];
  const warnings = [...body.filter((i) => i.source !== "vendor"), ...params.flatMap((p) => p.warnings)];
  return { refused: dedupe(refused), warnings: dedupe(warnings), path: filled.path };
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(`${i.path}\n${i.message}`) && seen.add(`${i.path}\n${i.message}`));
}
