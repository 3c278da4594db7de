/** One problem with a value, located by JSON Pointer (`""` is the value itself). */
export interface ValidationIssue {
  /** JSON Pointer to the offending field, e.g. `/attached_agents/3/weight`. */
  path: string;
  /** What is wrong, e.g. `must be <= 100`. */
  message: string;
}

/**
 * Checks a value against one schema of the spec. Returns every problem found (empty when the
 * value is valid). Generated validators never compile or `eval` code at run time.
 */
export type Validator<T> = ((data: unknown) => ValidationIssue[]) & {
  /** Type guard form: true when the value matches the schema. */
  is(data: unknown): data is T;
};

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
type RawValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** `path: message` lines, one per issue; the root is shown as `(root)`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("\n");
}

// Ajv reports a missing or unknown field at its parent; users want the field itself named.
function describe(e: AjvError): ValidationIssue {
  const at = (field: unknown) => `${e.instancePath}/${String(field).replace(/~/g, "~0").replace(/\//g, "~1")}`;
  switch (e.keyword) {
    case "required":
      return { path: at(e.params.missingProperty), message: "is required" };
    case "dependentRequired":
      return { path: at(e.params.missingProperty), message: `is required when ${String(e.params.property)} is given` };
    case "additionalProperties":
      return {
        path: at(e.params.additionalProperty),
        message: "is not a known field (remove it or check its spelling)",
      };
    default:
      return { path: e.instancePath, message: e.message ?? `fails ${e.keyword}` };
  }
}

function toIssues(errors: AjvError[], titles: Record<string, string[]>): ValidationIssue[] {
  const branchOwners = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const ownerOf = (e: AjvError) => branchOwners.find((o) => e.schemaPath.startsWith(`${o.schemaPath}/`));
  const issues: ValidationIssue[] = [];
  for (const e of errors) {
    if (ownerOf(e)) continue;
    if (e !== undefined && branchOwners.includes(e) && e.params.passingSchemas == null) {
      // Name each alternative (the spec's branch titles) and why the value misses it.
      const names = titles[e.schemaPath] ?? [];
      const reasons = names.map((name, i) => {
        const inBranch = errors.filter(
          (x) =>
            x.schemaPath.startsWith(`${e.schemaPath}/${i}/`) && !(x.keyword === "type" && x.params.type === "object"),
        );
        const why = inBranch.map((x) => {
          const d = describe(x);
          return `${d.path || "(root)"} ${d.message}`;
        });
        return `"${name}"${why.length > 0 ? ` (${why.join("; ")})` : ""}`;
      });
      issues.push({
        path: e.instancePath,
        message: `must match ${e.keyword === "oneOf" ? "exactly " : ""}one of: ${reasons.join(" or ")}`,
      });
      continue;
    }
    issues.push(describe(e));
  }
  return issues;
}

/** @internal Wraps an ajv standalone validator; used by the generated validators module. */
export function createValidator<T>(raw: RawValidator, titles: Record<string, string[]>): Validator<T> {
  const validate = ((data: unknown) => (raw(data) ? [] : toIssues(raw.errors ?? [], titles))) as Validator<T>;
  validate.is = (data: unknown): data is T => raw(data);
  return validate;
}
