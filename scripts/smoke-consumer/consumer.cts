// A CommonJS TypeScript consumer under moduleResolution node16: resolves the "require" types.
import { createEvalsClient } from "@evals-api/client";
import type { CreateEvalRunRequest } from "@evals-api/types";
import { validateCreateEvalRunRequest } from "@evals-api/types/validators";

const client = createEvalsClient({ apiKey: "sk-typecheck", baseUrl: "http://127.0.0.1:4010" });

// @ts-expect-error the agents must come from somewhere: attached_agents or a pinned workbench version
const withoutAgents: CreateEvalRunRequest = { call_ids: ["call-1"] };

export async function agentName(id: string): Promise<string> {
  const issues = validateCreateEvalRunRequest(withoutAgents);
  const { agent } = await client.agents.get(id);
  return `${agent.name} (${issues.length} problems in the example)`;
}
