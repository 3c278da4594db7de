// One agent version for a whole batch. An attachment without `eval_agent_version_id` scores with
// the agent's published version at the time each run is created, so a version published halfway
// through a long batch would split it: its first chunks scored by one version, the rest by another.
// The batch reads each such agent once and pins its `active_version_id` for every chunk. The pins
// go into the journal, so a resumed batch uses the same versions even if one was published since.
import type { AgentAttachment, EvalAgentWithVersion } from "@evals-api/types";
import type { Journal } from "./batch-journal.js";

type GetAgent = (evalAgentId: string) => Promise<EvalAgentWithVersion>;

export async function pinnedAttachments(
  attachments: AgentAttachment[] | undefined,
  { journal, batchKey, getAgent }: { journal: Journal; batchKey: string; getAgent: GetAgent },
): Promise<AgentAttachment[] | undefined> {
  if (!attachments?.some((attachment) => !attachment.eval_agent_version_id)) return attachments;
  const key = `pins ${batchKey}`;
  const pinned = await journal.get(key);
  if (pinned?.state === "pinned") return pinned.attachedAgents;
  const versions = new Map<string, Promise<string | null | undefined>>();
  const versionOf = (id: string) => {
    if (!versions.has(id))
      versions.set(
        id,
        getAgent(id).then(({ agent }) => agent.active_version_id),
      );
    return versions.get(id) as Promise<string | null | undefined>;
  };
  const attachedAgents = await Promise.all(
    attachments.map(async (attachment) => {
      if (attachment.eval_agent_version_id) return attachment;
      // Never published: nothing to pin, and the server decides what an unpinned attachment means.
      const version = await versionOf(attachment.eval_agent_id);
      return version ? { ...attachment, eval_agent_version_id: version } : attachment;
    }),
  );
  await journal.set(key, { state: "pinned", attachedAgents });
  return attachedAgents;
}
