// Our mock server as a contender: its `evals-mock` CLI, started the way a user starts it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { seedAgentId } from "./fixtures.js";
import { authHeaders, type MockServerContender } from "./mock-throughput.js";
import { startServer } from "./processes.js";

const require = createRequire(import.meta.url);

/** The `evals-mock` bin as a user runs it, resolved through the package's own `bin` field. */
function mockBin(): string {
  const manifestPath = require.resolve("@evals-api/mock/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: Record<string, string> };
  const bin = manifest.bin["evals-mock"];
  if (bin === undefined) throw new Error("@evals-api/mock has no evals-mock bin");
  return join(dirname(manifestPath), bin);
}

export const evalsMock: MockServerContender = {
  name: "@evals-api/mock (evals-mock)",
  ours: true,
  scenarios: ["get-agent", "valid-post", "invalid-post"],
  start: () =>
    startServer({
      name: "evals-mock",
      command: process.execPath,
      args: [mockBin(), "--host", "127.0.0.1", "--port", "{port}"],
      readyPath: `/v1/evals/agents/${seedAgentId}`,
      readyHeaders: authHeaders,
    }),
};
