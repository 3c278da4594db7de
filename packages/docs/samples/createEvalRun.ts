import {
  createEvalsClient,
  EvalsApiError,
  PaymentRequiredError,
} from "@evals-api/client";

const evals = createEvalsClient({
  apiKey: process.env.BLAND_API_KEY,
});

try {
  const run = await evals.runs.create({
    call_ids: [
      "a1b2c3d4-0000-0000-0000-000000000001",
      "call_abc123",
    ],
    attached_agents: [
      {
        eval_agent_id: "11111111-aaaa-bbbb-cccc-dddddddddddd",
        eval_agent_version_id:
          "22222222-aaaa-bbbb-cccc-dddddddddddd",
        weight: 100,
        target_level_keys: ["pass"],
      },
    ],
    pass_threshold_pct: 80,
    metadata: { experiment: "tone-v2" },
  });
  // Scored asynchronously: the run starts in PENDING.
  console.log(run.id, run.status, run.resolved_atom_count);
} catch (error) {
  if (error instanceof PaymentRequiredError) {
    // Runs are billed: add a billing record first.
    console.error(error.message);
  } else if (error instanceof EvalsApiError) {
    console.error(error.status, error.code, error.message);
  } else {
    throw error;
  }
}
