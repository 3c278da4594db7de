// A finding: one thing a response (or the attempt to get one) got wrong. Its severity comes from
// the marker of the fact it breaks: a vendor fact broken is a violation, an assumption of ours
// broken only a warning that names the assumption.
import type { Provenance } from "@evals-api/types/spec";

/** `violation`: a fact the vendor states is broken. `warning`: only an assumption of ours is. */
export type Severity = "violation" | "warning";

/** What part of the answer a finding is about. */
export type FindingRule =
  /** The status is not the one the check expects. */
  | "status"
  /** The status is not documented for the operation. */
  | "documented-status"
  | "content-type"
  | "json"
  /** The body breaks the schema documented for its status. */
  | "schema"
  /** No answer came, or its body could not be read (the proxy: the target unreachable, or its answer broken off). */
  | "request"
  /** The proxy saw a request whose method and path are no operation of the spec. */
  | "route"
  /** A check's further expectation on a body (ids consistent, the field named in the error). */
  | "verify";

export interface Finding {
  rule: FindingRule;
  severity: Severity;
  message: string;
  /** For a warning: the reason the spec's marker gives for the assumption that did not hold. */
  assumption?: string;
  /** JSON Pointer of the offending field, for `schema`. */
  path?: string;
}

/** A finding whose severity is that of the fact it breaks. */
export function finding(rule: FindingRule, breaks: Provenance, message: string, path?: string): Finding {
  const located = path === undefined ? {} : { path };
  if (breaks.source === "vendor") return { rule, severity: "violation", message, ...located };
  return {
    rule,
    severity: "warning",
    message,
    assumption: breaks.reason ?? "a rule the spec assumes; the vendor does not state it",
    ...located,
  };
}

/** An error's message and its cause's, e.g. `terminated (other side closed)`. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : error.cause;
  return cause === undefined || cause === "" ? error.message : `${error.message} (${String(cause)})`;
}
