// A TypeScript consumer, compiled under moduleResolution node16 (ESM) and bundler.
import { createEvalsClient, type EvalRun, EvalsApiError } from "@evals-api/client";
import type { AgentAttachment, CreateEvalRunRequest, EvalAgentWithVersion } from "@evals-api/types";
import { formatIssues, validateCreateEvalRunRequest } from "@evals-api/types/validators";

const client = createEvalsClient({ apiKey: "sk-typecheck", baseUrl: "http://127.0.0.1:4010" });
const attachment: AgentAttachment = {
  eval_agent_id: "11111111-aaaa-bbbb-cccc-dddddddddddd",
  eval_agent_version_id: "22222222-aaaa-bbbb-cccc-dddddddddddd",
  weight: 50,
  target_level_keys: [],
};

export const withAgents: CreateEvalRunRequest = { call_ids: ["call-1"], attached_agents: [attachment] };

// @ts-expect-error the agents must come from somewhere: attached_agents or a pinned workbench version
export const withoutAgents: CreateEvalRunRequest = { call_ids: ["call-1"] };

export async function score(body: CreateEvalRunRequest): Promise<string> {
  const problems = validateCreateEvalRunRequest(body);
  if (problems.length > 0) return formatIssues(problems);
  try {
    const run: EvalRun = await client.runs.create(body);
    const agent: EvalAgentWithVersion = await client.agents.get(attachment.eval_agent_id);
    return `${run.id} ${run.status} ${agent.agent.name}`;
  } catch (error) {
    if (error instanceof EvalsApiError) return `HTTP ${error.status}`;
    throw error;
  }
}

// The MCP server's library entry: options typed, the server an SDK Server to connect.
import { createEvalsMcpServer, type EvalsMcpServer } from "@evals-api/mcp";

export const mcp: EvalsMcpServer = createEvalsMcpServer({ mock: true, readOnly: true });
// @ts-expect-error readOnly is a boolean
createEvalsMcpServer({ readOnly: "yes" });
export const toolNames: string[] = mcp.tools.map((tool) => tool.name);
