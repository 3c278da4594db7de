// What the mock knows before any request: eval agents (with the versions a run may pin) and
// workbench setup versions (with their agent rosters). The default seed is read from the spec's own
// examples, so every example request in the spec succeeds against a fresh mock.
import type {
  AgentAttachment,
  CreateEvalRunRequest,
  EvalAgentVersion,
  EvalAgentWithVersion,
  GetEvalAgentResponse,
} from "@evals-api/types";
import { requestExamples, responseExamples } from "@evals-api/types/spec";
import {
  formatIssues,
  type RuleSource,
  type ValidationIssue,
  validateCreateEvalRunRequest,
  validateEvalAgentVersion,
  validateEvalAgentWithVersion,
} from "@evals-api/types/validators";

/** One seeded eval agent: what `GET /v1/evals/agents/{id}` returns, plus versions runs may pin. */
export interface SeedAgent extends EvalAgentWithVersion {
  /**
   * Extra version ids of this agent that runs may pin. The current version and the active
   * version (when set) are always accepted. A version known by id only scores with the current
   * version's weight and target level keys.
   */
  version_ids?: string[];
  /**
   * Full records of other versions of this agent (e.g. the published one): a run on one of them
   * scores with its own weight and target level keys.
   */
  versions?: EvalAgentVersion[];
}

/** One seeded workbench setup version and the agent roster a run without `attached_agents` uses. */
export interface SeedWorkbench {
  workbench_setup_id: string;
  workbench_setup_version_id: string;
  /** Attachments, resolved like a request's: an entry without a version runs the published one. */
  attached_agents: AgentAttachment[];
}

/** The format of `--seed agents.json` (see README). */
export interface Seed {
  /** `true` drops the default seed (the spec's examples) instead of adding to it. */
  replace?: boolean;
  agents?: SeedAgent[];
  workbenches?: SeedWorkbench[];
}

/**
 * A problem with a seed, by JSON Pointer. Issues found by the spec's validators carry their rule's
 * `source`; a seed must meet the assumed rules too, since the mock answers with what it is seeded
 * with and every answer must match the spec. The seed format's own rules carry none.
 */
export type SeedIssue = Omit<ValidationIssue, "source"> & { source?: RuleSource };

/** Thrown when a seed breaks the spec; the message lists each problem by its JSON path. */
export class SeedError extends Error {
  override name = "SeedError";
  constructor(
    readonly issues: SeedIssue[],
    source = "seed",
  ) {
    super(`${source} is not a valid mock seed:\n${formatIssues(issues)}`);
  }
}

const prefixed = (at: string, issues: readonly ValidationIssue[]): SeedIssue[] =>
  issues.map((issue) => ({ ...issue, path: at + issue.path }));

function unknownFields(at: string, entry: object, known: readonly string[]): SeedIssue[] {
  return Object.keys(entry)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: `${at}/${key}`, message: `is not a known field (use ${known.join(", ")})` }));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const AGENT_FIELDS = ["agent", "current_version", "version_ids", "versions"] as const;

function agentIssues(entry: unknown, at: string): SeedIssue[] {
  const fields = isObject(entry) ? entry : {};
  const { version_ids, versions, ...record } = fields as Partial<SeedAgent>;
  const issues = [...unknownFields(at, fields, AGENT_FIELDS), ...prefixed(at, validateEvalAgentWithVersion(record))];
  if (version_ids !== undefined && !(Array.isArray(version_ids) && version_ids.every((v) => typeof v === "string"))) {
    issues.push({ path: `${at}/version_ids`, message: "must be an array of version ids" });
  }
  if (versions !== undefined && !Array.isArray(versions)) {
    issues.push({ path: `${at}/versions`, message: "must be an array of EvalAgentVersion records" });
  }
  // Cross-references hold even when another field is invalid, so check them regardless.
  const { agent, current_version } = record;
  (Array.isArray(versions) ? versions : []).forEach((version: unknown, i) => {
    issues.push(...prefixed(`${at}/versions/${i}`, validateEvalAgentVersion(version)));
    if (agent && isObject(version) && version.eval_agent_id !== agent.id) {
      issues.push({ path: `${at}/versions/${i}/eval_agent_id`, message: "must equal /agent/id" });
    }
  });
  if (agent && current_version && current_version.eval_agent_id !== agent.id) {
    issues.push({ path: `${at}/current_version/eval_agent_id`, message: "must equal /agent/id" });
  }
  if (agent && current_version && agent.current_version_id !== current_version.id) {
    issues.push({ path: `${at}/agent/current_version_id`, message: "must equal /current_version/id" });
  }
  return issues;
}

const WORKBENCH_FIELDS = ["workbench_setup_id", "workbench_setup_version_id", "attached_agents"] as const;

function workbenchIssues(entry: unknown, at: string): SeedIssue[] {
  const fields = isObject(entry) ? entry : {};
  // A workbench version's roster is exactly what a run may attach: reuse the request's rules.
  const asRequest = { call_ids: ["seed"], ...Object.fromEntries(WORKBENCH_FIELDS.map((f) => [f, fields[f]])) };
  const issues = [
    ...unknownFields(at, fields, WORKBENCH_FIELDS),
    ...prefixed(at, validateCreateEvalRunRequest(asRequest)),
  ];
  for (const field of ["workbench_setup_version_id", "attached_agents"] as const) {
    if (fields[field] === undefined) issues.push({ path: `${at}/${field}`, message: "is required" });
  }
  return issues;
}

/** Checks a seed against the spec's schemas and its own cross-references. */
export function validateSeed(seed: unknown): SeedIssue[] {
  if (!isObject(seed)) {
    return [{ path: "", message: "must be an object with `agents` and/or `workbenches` arrays" }];
  }
  const { replace, agents, workbenches } = seed;
  const issues = unknownFields("", seed, ["replace", "agents", "workbenches"]);
  if (replace !== undefined && typeof replace !== "boolean")
    issues.push({ path: "/replace", message: "must be boolean" });
  for (const [field, value] of [
    ["agents", agents],
    ["workbenches", workbenches],
  ] as const) {
    if (value !== undefined && !Array.isArray(value)) issues.push({ path: `/${field}`, message: "must be array" });
  }
  (Array.isArray(agents) ? agents : []).forEach((entry: unknown, i) => {
    issues.push(...agentIssues(entry, `/agents/${i}`));
  });
  (Array.isArray(workbenches) ? workbenches : []).forEach((entry: unknown, i) => {
    issues.push(...workbenchIssues(entry, `/workbenches/${i}`));
  });
  return issues;
}

// A roster entry for each agent: a published agent by its id alone (so its published version
// runs), one never published pinned at its current version (the only way it can run).
function rosterEntryOf(record: EvalAgentWithVersion): AgentAttachment {
  return record.agent.active_version_id === null
    ? { eval_agent_id: record.agent.id, eval_agent_version_id: record.current_version.id }
    : { eval_agent_id: record.agent.id };
}

// An agent the spec's run examples attach (at a pinned version) but never describe: give it a full
// record modelled on the spec's Get Eval Agent example, so it can be read back as well as run.
function agentFromAttachment(template: EvalAgentWithVersion, attachment: Required<AgentAttachment>): SeedAgent {
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
 * The default seed, from the spec's examples: every Get Eval Agent example's agent (a published
 * one and one never published), every agent the create-run request examples attach at a pinned
 * version, and every workbench version they pin, whose roster is all of those agents.
 */
export function defaultSeed(): Required<Omit<Seed, "replace">> {
  const agentExamples = Object.values(responseExamples("getEvalAgent", "200")) as GetEvalAgentResponse[];
  const agents: SeedAgent[] = agentExamples.map((example) => example.data);
  const template = agents[0];
  const requests = Object.values(requestExamples("createEvalRun")) as Partial<CreateEvalRunRequest>[];
  if (template !== undefined) {
    for (const request of requests) {
      for (const attachment of request.attached_agents ?? []) {
        const { eval_agent_version_id: version } = attachment;
        if (version !== undefined && !agents.some((a) => a.agent.id === attachment.eval_agent_id)) {
          const { weight = template.current_version.weight, target_level_keys = [] } = attachment;
          agents.push(
            agentFromAttachment(template, { ...attachment, eval_agent_version_id: version, weight, target_level_keys }),
          );
        }
      }
    }
  }
  const roster = agents.map(rosterEntryOf);
  const workbenches: SeedWorkbench[] = [];
  for (const request of requests) {
    // A valid example gives both workbench ids or neither (the spec's pairing rule).
    const { workbench_setup_id: setup = "", workbench_setup_version_id: version } = request;
    if (version !== undefined) {
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
