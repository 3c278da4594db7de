// `evals agents get <eval_agent_id>`: an eval agent and its current version.
import { type EvalAgentWithVersion, EvalsValidationError } from "@evals-api/client";
import { CONNECTION_FLAGS, parsedFlags } from "./command-line.js";
import { connect } from "./connection.js";
import { ExitCode } from "./exit-codes.js";
import { failureJson } from "./failure.js";
import { AGENTS_GET_USAGE } from "./help.js";
import { note, printJson, type Terminal, wantsJson } from "./terminal.js";
import { UsageError } from "./usage-error.js";

export async function agentsGet(args: string[], terminal: Terminal): Promise<ExitCode> {
  const { values, positionals } = parsedFlags(args, CONNECTION_FLAGS);
  if (values.help) {
    terminal.stdout.write(`${AGENTS_GET_USAGE}\n`);
    return ExitCode.ok;
  }
  const [id, ...extra] = positionals;
  if (id === undefined) throw new UsageError("agents get needs an <eval_agent_id>");
  if (extra.length > 0) throw new UsageError(`agents get takes one <eval_agent_id>, got also ${extra.join(" ")}`);
  const connection = await connect(values, { env: terminal.env, log: (line) => note(terminal, line) });
  let found: EvalAgentWithVersion;
  try {
    found = await connection.client.agents.get(id);
  } catch (error) {
    if (error instanceof EvalsValidationError) throw new UsageError(`<eval_agent_id> ${id}: ${issuesOf(error)}`);
    const failure = failureJson(error, connection);
    note(terminal, failure.message);
    if (wantsJson(terminal, values.json)) printJson(terminal, { error: failure });
    return ExitCode.failed;
  }
  if (wantsJson(terminal, values.json)) printJson(terminal, found);
  else terminal.stdout.write(agentText(found));
  return ExitCode.ok;
}

const issuesOf = (error: EvalsValidationError) => error.issues.map((issue) => issue.message).join("; ");

function agentText({ agent, current_version: version }: EvalAgentWithVersion): string {
  const lines = [
    `${agent.name} (${agent.id})`,
    agent.description ? `  ${agent.description}` : undefined,
    `  published version: ${agent.active_version_id ?? "none (never published: a run cannot use it)"}`,
  ];
  if (version) {
    lines.push(`  current version:   ${version.id} (v${version.version_number}, ${version.state})`);
    const levels = version.levels?.map((level) => level.level_key).join(", ");
    if (levels) lines.push(`  levels:            ${levels}`);
    if (version.target_level_keys?.length) lines.push(`  passing levels:    ${version.target_level_keys.join(", ")}`);
  }
  return `${lines.filter((line) => line !== undefined).join("\n")}\n`;
}
