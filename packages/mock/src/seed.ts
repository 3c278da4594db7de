// What the mock knows before any request: eval agents (with the versions a run may pin) and
// workbench setup versions (with their agent rosters). The default seed is read from the spec's own
// examples, so every example request in the spec succeeds against a fresh mock.
import type { AgentAttachment, EvalAgentWithVersion, GetEvalAgentResponse } from "@evals-api/types";
import { requestExamples, responseExamples } from "@evals-api/types/spec";
import {
  formatIssues,
  type ValidationIssue,
  validateCreateEvalRunRequest,
  validateEvalAgentWithVersion,
} from "@evals-api/types/validators";

/** One seeded eval agent: what `GET /v1/evals/agents/{id}` returns, plus versions runs may pin. */
export interface SeedAgent extends EvalAgentWithVersion {
  /**
   * Extra version ids of this agent that runs may pin. The current version and the active
   * version (when set) are always accepted.
   */
  version_ids?: string[];
}

/** One seeded workbench setup version and the agent roster a run without `attached_agents` uses. */
export interface SeedWorkbench {
  workbench_setup_id: string;
  workbench_setup_version_id: string;
  attached_agents: AgentAttachment[];
}

/** The format of `--seed agents.json` (see README). */
export interface Seed {
  /** `true` drops the default seed (the spec's examples) instead of adding to it. */
  replace?: boolean;
  agents?: SeedAgent[];
  workbenches?: SeedWorkbench[];
}

/** Thrown when a seed breaks the spec; the message lists each problem by its JSON path. */
export class SeedError extends Error {
  override name = "SeedError";
  constructor(
    readonly issues: ValidationIssue[],
    source = "seed",
  ) {
    super(`${source} is not a valid mock seed:\n${formatIssues(issues)}`);
  }
}

/** Checks a seed against the spec's schemas and its own cross-references. */
export function validateSeed(seed: unknown): ValidationIssue[] {
  if (seed === null || typeof seed !== "object" || Array.isArray(seed)) {
    return [{ path: "", message: "must be an object with `agents` and/or `workbenches` arrays" }];
  }
  const issues: ValidationIssue[] = [];
  const { replace, agents, workbenches, ...rest } = seed as Record<string, unknown>;
  for (const key of Object.keys(rest)) {
    issues.push({ path: `/${key}`, message: "is not a known field (use replace, agents or workbenches)" });
  }
  if (replace !== undefined && typeof replace !== "boolean")
    issues.push({ path: "/replace", message: "must be boolean" });
  for (const [field, value] of [
    ["agents", agents],
    ["workbenches", workbenches],
  ] as const) {
    if (value !== undefined && !Array.isArray(value)) issues.push({ path: `/${field}`, message: "must be array" });
  }
  (Array.isArray(agents) ? agents : []).forEach((entry: unknown, i) => {
    const at = `/agents/${i}`;
    const { version_ids, ...record } = (entry ?? {}) as SeedAgent;
    for (const issue of validateEvalAgentWithVersion(record)) issues.push({ ...issue, path: at + issue.path });
    if (version_ids !== undefined && !(Array.isArray(version_ids) && version_ids.every((v) => typeof v === "string"))) {
      issues.push({ path: `${at}/version_ids`, message: "must be an array of version ids" });
    }
    // Cross-references hold even when another field is invalid, so check them regardless.
    const { agent, current_version } = record as Partial<EvalAgentWithVersion>;
    if (agent && current_version && current_version.eval_agent_id !== agent.id) {
      issues.push({ path: `${at}/current_version/eval_agent_id`, message: "must equal /agent/id" });
    }
    if (agent && current_version && agent.current_version_id !== current_version.id) {
      issues.push({ path: `${at}/agent/current_version_id`, message: "must equal /current_version/id" });
    }
  });
  (Array.isArray(workbenches) ? workbenches : []).forEach((entry: unknown, i) => {
    // A workbench version's roster is exactly what a run may attach: reuse the request's rules.
    const { workbench_setup_id, workbench_setup_version_id, attached_agents, ...extra } = (entry ?? {}) as Record<
      string,
      unknown
    >;
    const asRequest = { call_ids: ["seed"], workbench_setup_id, workbench_setup_version_id, attached_agents, ...extra };
    for (const issue of validateCreateEvalRunRequest(asRequest)) {
      issues.push({ ...issue, path: `/workbenches/${i}${issue.path}` });
    }
    if (workbench_setup_version_id === undefined) {
      issues.push({ path: `/workbenches/${i}/workbench_setup_version_id`, message: "is required" });
    }
    if (attached_agents === undefined)
      issues.push({ path: `/workbenches/${i}/attached_agents`, message: "is required" });
  });
  return issues;
}

function attachmentOf(record: EvalAgentWithVersion): AgentAttachment {
  return {
    eval_agent_id: record.agent.id,
    eval_agent_version_id: record.current_version.id,
    weight: record.current_version.weight,
    target_level_keys: record.current_version.target_level_keys,
  };
}

// An agent the spec's run examples attach but never describe: give it a full record modelled on
// the spec's Get Eval Agent example, so it can be read back as well as run.
function agentFromAttachment(template: EvalAgentWithVersion, attachment: AgentAttachment): SeedAgent {
  const short = attachment.eval_agent_id.slice(0, 8);
  return {
    agent: {
      ...template.agent,
      id: attachment.eval_agent_id,
      key: `example-agent-${short}`,
      name: `Example agent ${short}`,
      description: "Seeded by the mock from the spec's create-run examples.",
      current_version_id: attachment.eval_agent_version_id,
      active_version_id: attachment.eval_agent_version_id,
    },
    current_version: {
      ...template.current_version,
      id: attachment.eval_agent_version_id,
      eval_agent_id: attachment.eval_agent_id,
      version_number: 1,
      name: `Example agent ${short} v1`,
      description: null,
      levels: [],
      target_level_keys: attachment.target_level_keys,
      weight: attachment.weight,
      created_from_version_id: null,
    },
  };
}

/**
 * The default seed, from the spec's examples: the Get Eval Agent example's agent, every agent the
 * create-run request examples attach, and every workbench version they pin, whose roster is all of
 * those agents (their current versions).
 */
export function defaultSeed(): Required<Omit<Seed, "replace">> {
  const agentExamples = Object.values(responseExamples("getEvalAgent", "200")) as GetEvalAgentResponse[];
  const agents: SeedAgent[] = agentExamples.map((example) => example.data);
  const template = agents[0];
  const requests = Object.values(requestExamples("createEvalRun")) as Record<string, unknown>[];
  if (template !== undefined) {
    for (const request of requests) {
      for (const attachment of (request.attached_agents ?? []) as AgentAttachment[]) {
        if (!agents.some((a) => a.agent.id === attachment.eval_agent_id)) {
          agents.push(agentFromAttachment(template, attachment));
        }
      }
    }
  }
  const roster = agents.map(attachmentOf);
  const workbenches: SeedWorkbench[] = [];
  for (const request of requests) {
    const setup = request.workbench_setup_id;
    const version = request.workbench_setup_version_id;
    if (typeof setup === "string" && typeof version === "string") {
      workbenches.push({ workbench_setup_id: setup, workbench_setup_version_id: version, attached_agents: roster });
    }
  }
  return { agents, workbenches };
}

/** The default seed merged with (or replaced by) a user's seed; throws SeedError when invalid. */
export function resolveSeed(seed: Seed | undefined, source?: string): Required<Omit<Seed, "replace">> {
  const issues = seed === undefined ? [] : validateSeed(seed);
  if (issues.length > 0) throw new SeedError(issues, source);
  const base = seed?.replace ? { agents: [], workbenches: [] } : defaultSeed();
  return {
    agents: [...base.agents, ...(seed?.agents ?? [])],
    workbenches: [...base.workbenches, ...(seed?.workbenches ?? [])],
  };
}
