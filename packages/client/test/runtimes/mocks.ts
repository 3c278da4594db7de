// The mock servers one runtime's scenario calls, over loopback HTTP: a plain one, one whose GETs
// answer 503 (with Retry-After) then 200, alternately, and one that answers after the client's timeout.
import { createMockServer } from "@evals-api/mock";

export const apiKey = "runtime-matrix-key";
// The spec's example agent, which the mock seeds.
export const agentId = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

export interface Mocks {
  urls: { plain: string; flaky: string; slow: string; apiKey: string; agentId: string };
  close(): Promise<void>;
}

// The mock's faults come from a seeded PRNG: the seed whose first `answers` decisions at a rate of
// 0.5 fail and succeed alternately (503, 200, 503, 200, …), found in-process, where nothing listens.
async function alternatingSeed(answers: number): Promise<number> {
  for (let seed = 1; seed < 10_000; seed++) {
    const mock = createMockServer({ apiKey, faults: { seed, failRate: 0.5, retryAfterSeconds: 0 } });
    const statuses: number[] = [];
    for (let i = 0; i < answers; i++) {
      const response = await mock.fetch(`http://127.0.0.1/v1/evals/agents/${agentId}`, {
        headers: { authorization: apiKey },
      });
      statuses.push(response.status);
    }
    if (statuses.every((status, i) => status === (i % 2 ? 200 : 503))) return seed;
  }
  throw new Error("no seed makes the mock alternate 503 and 200");
}

/** `scenarios`: how many times the scenario runs against these mocks (ESM, then CJS). */
export async function startMocks(scenarios: number): Promise<Mocks> {
  const seed = await alternatingSeed(2 * scenarios);
  const servers = await Promise.all([
    createMockServer({ apiKey }).listen(0),
    createMockServer({ apiKey, faults: { seed, failRate: 0.5, retryAfterSeconds: 0 } }).listen(0),
    createMockServer({ apiKey, faults: { latencyMs: 3_000 } }).listen(0),
  ]);
  const [plain, flaky, slow] = servers.map((server) => server.url.replace(/\/$/, "")) as [string, string, string];
  return {
    urls: { plain, flaky, slow, apiKey, agentId },
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
