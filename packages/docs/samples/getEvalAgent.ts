import {
  createEvalsClient,
  NotFoundError,
} from "@evals-api/client";

const evals = createEvalsClient({
  apiKey: process.env.BLAND_API_KEY,
});

try {
  const { agent, current_version } = await evals.agents.get(
    "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
  );
  console.log(
    agent.name,
    agent.active_version_id ?? "draft only",
  );
  for (const level of current_version.levels) {
    console.log(`${level.level_key}: ${level.label}`);
  }
} catch (error) {
  // Also 404 when Evals is not enabled for the org.
  if (error instanceof NotFoundError) {
    console.error(error.message);
  } else {
    throw error;
  }
}
