/**
 * Whose rule an issue breaks: one the vendor states (`vendor`), or one the spec assumes where the
 * vendor is silent (`assumed`), such as `format: uuid` on an id the vendor calls a plain string.
 * Only a vendor rule should refuse a request or fail a server.
 */
export type RuleSource = "vendor" | "assumed";

/** One problem with a value, located by JSON Pointer (`""` is the value itself). */
export interface ValidationIssue {
  /** JSON Pointer to the offending field, e.g. `/attached_agents/3/weight`. */
  path: string;
  /** What is wrong, e.g. `must be <= 100`. */
  message: string;
  /** Whose rule it breaks: the vendor's, or one the spec assumes (see `RuleSource`). */
  source: RuleSource;
}

/**
 * Checks a value against one schema of the spec. Returns every problem found (empty when the
 * value is valid), each saying whether it breaks a rule the vendor states or one the spec assumes.
 * Generated validators never compile or `eval` code at run time.
 */
export type Validator<T> = ((data: unknown) => ValidationIssue[]) & {
  /** Type guard form: true when the value meets every rule, the assumed ones included. */
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

/**
 * `path: message` lines, one per issue; the root is shown as `(root)`, and an issue with an assumed
 * rule says so.
 */
export function formatIssues(issues: readonly (Omit<ValidationIssue, "source"> & { source?: RuleSource })[]): string {
  return issues
    .map(
      (i) =>
        `${i.path || "(root)"}: ${i.message}${i.source === "assumed" ? " (a rule the spec assumes, not the vendor's)" : ""}`,
    )
    .join("\n");
}

// Ajv reports a missing or unknown field at its parent; users want the field itself named.
function describe(e: AjvError, source: RuleSource): ValidationIssue {
  const at = (field: unknown) => `${e.instancePath}/${String(field).replace(/~/g, "~0").replace(/\//g, "~1")}`;
  switch (e.keyword) {
    case "required":
      return { path: at(e.params.missingProperty), message: "is required", source };
    case "dependentRequired":
      return {
        path: at(e.params.missingProperty),
        message: `is required when ${String(e.params.property)} is given`,
        source,
      };
    case "additionalProperties":
      return {
        path: at(e.params.additionalProperty),
        message: "is not a known field (remove it or check its spelling)",
        source,
      };
    default:
      return { path: e.instancePath, message: e.message ?? `fails ${e.keyword}`, source };
  }
}

// Each issue is built once, with its source: copying a hundred issues to tag them cost more than
// the validation itself.
function toIssues(errors: AjvError[], titles: Record<string, string[]>, source: RuleSource): ValidationIssue[] {
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
          const d = describe(x, source);
          return `${d.path || "(root)"} ${d.message}`;
        });
        return `"${name}"${why.length > 0 ? ` (${why.join("; ")})` : ""}`;
      });
      issues.push({
        path: e.instancePath,
        message: `must match ${e.keyword === "oneOf" ? "exactly " : ""}one of: ${reasons.join(" or ")}`,
        source,
      });
      continue;
    }
    issues.push(describe(e, source));
  }
  return issues;
}

function issuesOf(raw: RawValidator, data: unknown, titles: Record<string, string[]>, source: RuleSource) {
  return raw(data) ? [] : toIssues(raw.errors ?? [], titles, source);
}

const keyOf = (issue: ValidationIssue) => `${issue.path}\n${issue.message}`;

/**
 * @internal Wraps an ajv standalone validator; used by the generated validators module. `vendor`
 * is the same schema with the assumed rules taken out, when the spec assumes any: an issue it
 * also finds breaks a vendor rule, any other an assumed one.
 */
export function createValidator<T>(
  raw: RawValidator,
  titles: Record<string, string[]>,
  vendor?: RawValidator,
): Validator<T> {
  const validate = ((data: unknown): ValidationIssue[] => {
    if (vendor === undefined) return issuesOf(raw, data, titles, "vendor");
    const all = issuesOf(raw, data, titles, "assumed");
    if (all.length === 0) return all;
    const stated = issuesOf(vendor, data, titles, "vendor");
    const statedKeys = new Set(stated.map(keyOf));
    return [...stated, ...all.filter((issue) => !statedKeys.has(keyOf(issue)))];
  }) as Validator<T>;
  validate.is = (data: unknown): data is T => raw(data);
  return validate;
}
