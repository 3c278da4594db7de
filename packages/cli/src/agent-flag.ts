// `--agent <id>[@<version_id>][:<weight>][=<level,level>]`: one attachment of create-run, written
// the way people say it ("this agent, that version, weight 60, passing at excellent or good").
import type { AgentAttachment } from "@evals-api/types";
import { UsageError } from "./usage-error.js";

const SHAPE = /^([^@:=]+)(?:@([^:=]+))?(?::([^=]*))?(?:=(.*))?$/s;

export function parseAgentFlag(raw: string): AgentAttachment {
  const match = SHAPE.exec(raw.trim());
  if (!match?.[1]) {
    throw new UsageError(
      `--agent ${JSON.stringify(raw)}: must be <eval_agent_id>[@<version_id>][:<weight>][=<level,level>]`,
    );
  }
  const [, id, version, weight, levels] = match;
  const attachment: AgentAttachment = { eval_agent_id: id.trim() };
  if (version !== undefined) attachment.eval_agent_version_id = version.trim();
  // Left for the spec's validator to judge (type, bounds), so that its rule is the message.
  if (weight !== undefined) attachment.weight = numberOrText(weight) as number;
  if (levels !== undefined) {
    const keys = levels.split(",").map((level) => level.trim());
    if (keys.some((key) => key === "")) {
      throw new UsageError(`--agent ${raw}: a target level after "=" is empty (write =level,level)`);
    }
    attachment.target_level_keys = keys;
  }
  return attachment;
}

/** A number when the text is one, else the text itself, for the validator to refuse by the spec's rule. */
export function numberOrText(text: string): number | string {
  const value = Number(text);
  return text.trim() !== "" && Number.isFinite(value) ? value : text;
}
