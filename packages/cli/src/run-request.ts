// The create-run fields of `evals runs create`, from its flags, checked against the spec before
// anything is read or sent. The spec's validator judges every value, and its rule becomes the
// message, named by the flag that gave the value: `--threshold 120: must be <= 100`.
import type { AgentAttachment, CreateEvalRunRequest } from "@evals-api/types";
import { type ValidationIssue, validateCreateEvalRunRequest } from "@evals-api/types/request-validators";
import { numberOrText, parseAgentFlag } from "./agent-flag.js";
import { choicesOf } from "./request-schema.js";
import { UsageError } from "./usage-error.js";

export type RunFields = Omit<CreateEvalRunRequest, "call_ids">;

export interface RunFlags {
  agent?: string[];
  workbench?: string;
  "run-mode"?: string;
  threshold?: string;
  "triggered-by"?: string;
  metadata?: string[];
}

export interface CheckedRunFields {
  fields: RunFields;
  /** Rules the spec only assumes that the fields break: shown as warnings, never a refusal. */
  warnings: string[];
}

export function runFields(flags: RunFlags): CheckedRunFields {
  const agents = flags.agent ?? [];
  const fields: Record<string, unknown> = {};
  if (agents.length > 0) fields.attached_agents = agents.map(parseAgentFlag) satisfies AgentAttachment[];
  if (flags.workbench !== undefined) Object.assign(fields, workbenchFields(flags.workbench));
  if (flags["run-mode"] !== undefined) fields.run_mode = flags["run-mode"];
  if (flags.threshold !== undefined) fields.pass_threshold_pct = numberOrText(flags.threshold);
  if (flags["triggered-by"] !== undefined) fields.triggered_by = flags["triggered-by"];
  if (flags.metadata !== undefined) fields.metadata = metadataOf(flags.metadata);
  // call_ids are checked as they are read; one stands in for them so that only the flags are judged.
  const issues = validateCreateEvalRunRequest({ ...fields, call_ids: ["call"] } as CreateEvalRunRequest);
  const refusals = issues.filter((issue) => issue.source === "vendor");
  if (refusals.length > 0) throw new UsageError(refusals.map((issue) => flagMessage(issue, flags)).join("\n"));
  const warnings = issues.map(
    (issue) => `${flagMessage(issue, flags)} (a rule we assume, not the vendor's: sent anyway)`,
  );
  return { fields: fields as RunFields, warnings };
}

function workbenchFields(raw: string): Pick<RunFields, "workbench_setup_id" | "workbench_setup_version_id"> {
  const [setup, version, ...rest] = raw.split("@");
  if (!setup || !version || rest.length > 0) {
    throw new UsageError(`--workbench ${JSON.stringify(raw)}: must be <setup_id>@<version_id> (both ids, one "@")`);
  }
  return { workbench_setup_id: setup.trim(), workbench_setup_version_id: version.trim() } as never;
}

function metadataOf(pairs: string[]): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--metadata ${JSON.stringify(pair)}: must be key=value (a key, then "=")`);
    const key = pair.slice(0, at);
    if (Object.hasOwn(metadata, key)) throw new UsageError(`--metadata ${key}: given twice (give each key once)`);
    metadata[key] = pair.slice(at + 1);
  }
  return metadata;
}

// The flag behind each top-level field, and the value it was given, for the message.
function flagMessage({ path, message }: ValidationIssue, flags: RunFlags): string {
  const [, field = "", index, ...rest] = path.split("/");
  switch (field) {
    case "attached_agents":
      if (index === undefined) return `--agent (given ${flags.agent?.length ?? 0} times): ${message}`;
      return `--agent ${flags.agent?.[Number(index)]}: ${rest.join(".") || "the attachment"} ${message}`;
    case "workbench_setup_id":
    case "workbench_setup_version_id":
      return `--workbench ${flags.workbench}: ${field} ${message}`;
    case "run_mode":
    case "triggered_by":
      return choiceMessage(field, flags[field === "run_mode" ? "run-mode" : "triggered-by"], message);
    case "pass_threshold_pct":
      return `--threshold ${flags.threshold}: ${message}`;
    case "metadata":
      return `--metadata ${index ?? ""}: ${message}`;
    case "":
      return `give at least one --agent, or --workbench <setup_id>@<version_id>: the request ${message}`;
    default:
      return `${path}: ${message}`;
  }
}

function choiceMessage(field: string, value: string | undefined, message: string): string {
  const flag = `--${field.replace("_", "-")}`;
  const choices = choicesOf([field]);
  return `${flag} ${value}: ${choices ? `must be one of ${choices.join(", ")}` : message}`;
}
