// Our own packages as contenders: the mock server's CLI and (once built) the client.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createEvalsClient } from "@evals-api/client";
import type { BundleEntry } from "./bundle-size.js";
import { apiKey, type ClientContender } from "./client-overhead.js";
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

function ourClient(validateRequests: boolean): ClientContender {
  return {
    name: `@evals-api/client, validation ${validateRequests ? "on" : "off"}`,
    ours: true,
    create: (baseUrl, fetch) => {
      const evals = createEvalsClient({
        apiKey,
        baseUrl,
        validateRequests,
        // The default is the global fetch; pass only a different one (the stub), as a user would.
        ...(fetch === globalThis.fetch ? {} : { fetch }),
      });
      return { getAgent: (id) => evals.agents.get(id), createRun: (body) => evals.runs.create(body) };
    },
  };
}

export const clientContenders: ClientContender[] = [ourClient(false), ourClient(true)];

export const clientBundles: BundleEntry[] = [
  {
    name: "@evals-api/client",
    ours: true,
    source:
      'import { createEvalsClient } from "@evals-api/client";\nexport const client = createEvalsClient({ apiKey: "key" });',
  },
];
