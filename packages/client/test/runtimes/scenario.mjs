// What every runtime runs, with the built client it was handed: the two operations with validation
// on against the mock over loopback HTTP, a 404 as NotFoundError, a 503 with Retry-After retried,
// and a timeout. Plain JavaScript with no imports, so that Node, Bun, Deno, workerd and a browser
// page all run this same file. Resolves with one entry per check; never rejects.

/**
 * @param {typeof import("@evals-api/client")} client
 * @param {{ plain: string, flaky: string, slow: string, apiKey: string, agentId: string }} mock
 */
export async function scenario(client, mock) {
  const { createEvalsClient, NotFoundError, EvalsTimeoutError } = client;
  const checks = [];
  const check = async (name, run) => {
    try {
      const detail = await run();
      checks.push({ name, ok: true, detail });
    } catch (error) {
      checks.push({ name, ok: false, detail: String(error?.stack ?? error) });
    }
  };
  const expect = (condition, what) => {
    if (!condition) throw new Error(what);
  };
  // logLevel "off": a runtime without `process` must not need one, and the output stays the table's.
  const options = { apiKey: mock.apiKey, logLevel: "off", validateRequests: true };
  const evals = createEvalsClient({ ...options, baseUrl: mock.plain });

  await check("agents.get", async () => {
    const { agent } = await evals.agents.get(mock.agentId);
    expect(agent.id === mock.agentId, `agent ${agent.id}`);
    return agent.id;
  });
  await check("runs.create (validated)", async () => {
    const run = await evals.runs.create({ call_ids: ["call_1"], attached_agents: [{ eval_agent_id: mock.agentId }] });
    expect(run.status === "PENDING", `status ${run.status}`);
    const refused = await evals.runs.create({ call_ids: [], attached_agents: [] }).catch((e) => e);
    expect(refused instanceof client.EvalsValidationError, `an empty create was not refused: ${refused}`);
    return run.status;
  });
  await check("404 → NotFoundError", async () => {
    const error = await evals.agents.get("00000000-0000-4000-8000-000000000000").catch((e) => e);
    expect(error instanceof NotFoundError && error.status === 404, `got ${error}`);
    return error.name;
  });
  await check("503 with Retry-After, retried", async () => {
    const flaky = createEvalsClient({ ...options, baseUrl: mock.flaky });
    const { response } = await flaky.agents.get(mock.agentId).withResponse();
    expect(response.status === 200, `status ${response.status}`);
    return "200 after a 503";
  });
  await check("timeout → EvalsTimeoutError", async () => {
    const slow = createEvalsClient({ ...options, baseUrl: mock.slow, timeoutMs: 200, maxRetries: 0 });
    const error = await slow.agents.get(mock.agentId).catch((e) => e);
    expect(error instanceof EvalsTimeoutError, `got ${error}`);
    return error.name;
  });
  return checks;
}
