// The servers the mock is measured with: Prism (the generic spec-driven mock a user would pick)
// and the two floors, bare node:http servers with fixed answers (bench/src/fixed-body-server.ts).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { floorServerStart } from "./floor-servers.js";
import type { ServerProcess } from "./processes.js";
import { startServer } from "./processes.js";
import { specPath } from "./spec.js";

export type ScenarioId = "get-agent" | "valid-post" | "invalid-post";

export interface MockServerContender {
  name: string;
  /** `ours`: the working tree's mock; `before`: the mock built from an earlier commit (`--before`). */
  role: "ours" | "before" | "peer" | "floor";
  /** Scenarios it takes part in (a floor answers one operation's success only). */
  scenarios: ScenarioId[];
  /** Starts it; `nodeArgs` go to node before the script (e.g. `--cpu-prof`). */
  start(nodeArgs?: string[]): Promise<ServerProcess>;
  /** Bytes of its own JavaScript that a start loads (our CLI bundle and its chunks). */
  scriptBytes?(): number;
}

export const authHeaders = { authorization: "bench-api-key" };

const benchRoot = fileURLToPath(new URL("..", import.meta.url));

export const prism: MockServerContender = {
  name: "Prism 5.16 (prism mock)",
  role: "peer",
  scenarios: ["get-agent", "valid-post", "invalid-post"],
  start: (nodeArgs = []) =>
    startServer({
      name: "Prism",
      command: process.execPath,
      args: [
        ...nodeArgs,
        createRequire(`${benchRoot}/package.json`).resolve("@stoplight/prism-cli/dist/index.js"),
        "mock",
        "-h",
        "127.0.0.1",
        "-p",
        "{port}",
        specPath,
      ],
      readyPath: "/v1/evals/agents/a1b2c3d4-e5f6-7890-abcd-ef1234567890",
      readyHeaders: authHeaders,
      env: { NODE_NO_WARNINGS: "1" },
    }),
};

/** The GET floor, and the bare node:http server whose startup the mock's is measured against. */
export const fixedBodyFloor: MockServerContender = {
  name: "bare node:http, fixed body (floor)",
  role: "floor",
  scenarios: ["get-agent"],
  start: (nodeArgs = []) => startServer(floorServerStart({ nodeArgs })),
};

/** The POST floor: reads and JSON.parses the body, then answers a fixed 202. */
export const jsonBodyFloor: MockServerContender = {
  name: "bare node:http, JSON.parse body + fixed 202 (floor)",
  role: "floor",
  scenarios: ["valid-post"],
  start: (nodeArgs = []) => startServer(floorServerStart({ parseJson: true, nodeArgs })),
};
