// Resolving an agent attachment (of a request, or of a workbench version's roster) by the vendor's
// rules for omitted fields: without `eval_agent_version_id` the agent's published version
// (`active_version_id`) runs, and without `weight` or `target_level_keys` the version's own
// values are used.
import type { AgentAttachment, EvalAgentVersion } from "@evals-api/types";
import { ErrorCode, type ErrorEntry } from "./errors.js";
import type { SeedAgent } from "./seed.js";
import type { MockState } from "./state.js";

/** An attachment with every field filled in, its ids spelled as the mock's seed spells them. */
export type ResolvedAttachment = Required<AgentAttachment>;

/** Why an attachment cannot run: its agent or version is unknown (404), or it was never published (400). */
export interface AttachmentProblem extends ErrorEntry {
  status: 400 | 404;
}

export type Resolution = { resolved: ResolvedAttachment } | { problem: AttachmentProblem };

type KnownVersion = Pick<EvalAgentVersion, "id" | "weight" | "target_level_keys">;

/**
 * The version of a seeded agent with this id (compared case-insensitively), as it scores: the
 * current version, else the last of `versions` with the id, else an id the seed knows by id only
 * (the last of `version_ids`, then `active_version_id`), which takes the current version's values:
 * the seed holds no record of it. Looked up in place, as this runs for every attachment of every run.
 */
function knownVersion(seeded: SeedAgent, versionId: string): KnownVersion | undefined {
  const { current_version: current, agent } = seeded;
  const wanted = versionId.toLowerCase();
  if (current.id.toLowerCase() === wanted) return current;
  const versions = seeded.versions ?? [];
  for (let i = versions.length - 1; i >= 0; i--) {
    const version = versions[i] as EvalAgentVersion;
    if (version.id.toLowerCase() === wanted) return version;
  }
  const byIdOnly = seeded.version_ids ?? [];
  let id: string | null | undefined;
  for (let i = byIdOnly.length - 1; i >= 0 && id === undefined; i--) {
    if (byIdOnly[i]?.toLowerCase() === wanted) id = byIdOnly[i];
  }
  if (id === undefined && agent.active_version_id?.toLowerCase() === wanted) id = agent.active_version_id;
  return id == null ? undefined : { id, weight: current.weight, target_level_keys: current.target_level_keys };
}

/**
 * Resolves one attachment against the seeded agents. `at` is its JSON Pointer in the request
 * (`/attached_agents/0`); `where` says, in messages, whose roster it is from, if not the request's.
 */
export function resolveAttachment(state: MockState, attachment: AgentAttachment, at: string, where = ""): Resolution {
  const seeded = state.findAgent(attachment.eval_agent_id);
  if (seeded === undefined || seeded.agent.deleted_at !== null) {
    const message = `Eval agent not found: ${attachment.eval_agent_id}${where}`;
    return { problem: { status: 404, error: ErrorCode.evalAgentNotFound, message } };
  }
  const versionId = attachment.eval_agent_version_id ?? seeded.agent.active_version_id;
  if (versionId === null) {
    const message =
      `${at}/eval_agent_version_id: eval agent ${attachment.eval_agent_id} was never published${where}; ` +
      "publish it, or pin a version with eval_agent_version_id";
    return { problem: { status: 400, error: ErrorCode.evalAgentNotPublished, message } };
  }
  const version = knownVersion(seeded, versionId);
  if (version === undefined) {
    const message = `Eval agent version not found: ${versionId} (of agent ${attachment.eval_agent_id})${where}`;
    return { problem: { status: 404, error: ErrorCode.evalAgentVersionNotFound, message } };
  }
  return {
    resolved: {
      eval_agent_id: seeded.agent.id,
      eval_agent_version_id: version.id,
      weight: attachment.weight ?? version.weight,
      target_level_keys: attachment.target_level_keys ?? version.target_level_keys,
    },
  };
}

/** The two ids that name the agent version an attachment scores with. */
export type AgentVersionRef = Pick<ResolvedAttachment, "eval_agent_id" | "eval_agent_version_id">;

/**
 * Distinct agent versions: attaching the same version twice scores it once. Resolved ids are spelled
 * as seeded, so two spellings of one id count once too.
 */
export function countAgents(agents: readonly AgentVersionRef[]): number {
  // Most runs attach one agent: nothing to tell apart.
  if (agents.length < 2) return agents.length;
  return new Set(agents.map((a) => `${a.eval_agent_id}/${a.eval_agent_version_id}`)).size;
}

/** What a run scores: its distinct calls, its distinct agent versions, and one atom per pair. */
export interface AtomCount {
  calls: number;
  agents: number;
  /** calls × agents: each atom is one verdict, the unit a run is billed and scored by. */
  atoms: number;
}

/** The atoms of a run: distinct call ids × distinct agent versions, as a created run reports them. */
export function countAtoms(callIds: readonly string[], agents: readonly AgentVersionRef[]): AtomCount {
  const calls = new Set(callIds).size;
  const agentCount = countAgents(agents);
  return { calls, agents: agentCount, atoms: calls * agentCount };
}
