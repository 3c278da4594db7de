// How the floor servers get their fixed answers without reading the spec themselves: the bench
// process passes the bodies in one environment variable, so a floor server starts as fast as a
// bare node:http server can (its startup is the floor the mock's is measured against).

export const fixedBodiesVariable = "EVALS_BENCH_FIXED_BODIES";

export interface FixedBodies {
  /** The 200 body of GET /v1/evals/agents/{id}. */
  agent: string;
  /** The 202 body of POST /v1/evals/runs. */
  accepted: string;
}

export function fixedBodiesFromEnvironment(env: NodeJS.ProcessEnv = process.env): FixedBodies {
  const text = env[fixedBodiesVariable];
  if (text === undefined) {
    throw new Error(`${fixedBodiesVariable} is not set: start floor servers through bench/src/floor-servers.ts`);
  }
  const bodies = JSON.parse(text) as Partial<FixedBodies>;
  if (typeof bodies.agent !== "string" || typeof bodies.accepted !== "string") {
    throw new Error(`${fixedBodiesVariable} must be JSON with string "agent" and "accepted" bodies`);
  }
  return { agent: bodies.agent, accepted: bodies.accepted };
}
