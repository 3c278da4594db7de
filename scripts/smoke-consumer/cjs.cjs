// CommonJS consumer: require the client, create a run and get an agent from the mock.
const { createEvalsClient } = require("@evals-api/client");
const examples = require("./examples.cjs");

async function main() {
  const client = createEvalsClient({ apiKey: process.env.EVALS_API_KEY, baseUrl: process.env.EVALS_MOCK_URL });
  const run = await client.runs.create(examples.createBody);
  const agent = await client.agents.get(examples.agentId);
  if (JSON.stringify(run.submitted_call_ids) !== JSON.stringify(examples.createBody.call_ids)) {
    throw new Error(`the created run does not echo the submitted call ids: ${JSON.stringify(run)}`);
  }
  if (agent.agent.id !== examples.agentId)
    throw new Error(`got agent ${agent.agent.id}, asked for ${examples.agentId}`);
  console.log(
    JSON.stringify({ module: "cjs", node: process.version, run: run.id, status: run.status, agent: agent.agent.id }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
