// The spec's unit of work, the atom: one call scored by one agent version ("100 calls and 3 agents
// make 300 atoms", `resolved_atom_count`). The mock counts a run's atoms by this rule, and exports
// it so that a tool estimating a run before sending it (the CLI's --dry-run) counts the same way.
import type { AgentAttachment } from "@evals-api/types";

type AgentRef = Pick<AgentAttachment, "eval_agent_id" | "eval_agent_version_id">;

export interface AtomCount {
  /** Distinct call ids. */
  calls: number;
  /** Distinct agent versions. */
  agents: number;
  /** `calls × agents`. */
  atoms: number;
}

/**
 * Distinct agent versions: attaching the same version twice scores it once. The mock passes
 * attachments resolved to the ids it seeded (so two spellings of one id count once); an attachment
 * with no version counts as its agent's published version, whichever that turns out to be.
 */
export function countAgents(agents: readonly AgentRef[]): number {
  // Most runs attach one agent: nothing to tell apart.
  if (agents.length < 2) return agents.length;
  return new Set(agents.map((a) => `${a.eval_agent_id}/${a.eval_agent_version_id ?? ""}`)).size;
}

/** The atoms of one run of `callIds` scored by `agents`, as the mock reports `resolved_atom_count`. */
export function countAtoms(callIds: readonly string[], agents: readonly AgentRef[]): AtomCount {
  const calls = new Set(callIds).size;
  const distinctAgents = countAgents(agents);
  return { calls, agents: distinctAgents, atoms: calls * distinctAgents };
}
