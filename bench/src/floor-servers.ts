// Starting the floor servers (bench/src/fixed-body-server.ts) from the bench process, with the
// spec's example bodies handed over in the environment.
import { fileURLToPath } from "node:url";
import { fixedBodiesVariable } from "./fixed-bodies.js";
import { acceptedRunBody, seedAgentBody, seedAgentId } from "./fixtures.js";
import { type ServerProcess, type StartOptions, startServer } from "./processes.js";

const script = fileURLToPath(new URL("../dist/fixed-body-server.js", import.meta.url));

export interface FloorServerOptions {
  /** The POST floor: read and JSON.parse the body before the fixed 202. */
  parseJson?: boolean;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}

export function floorServerStart(options: FloorServerOptions = {}): StartOptions {
  return {
    name: options.parseJson ? "JSON-parsing fixed-body server" : "fixed-body server",
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), script, "{port}", ...(options.parseJson ? ["--parse-json"] : [])],
    env: {
      [fixedBodiesVariable]: JSON.stringify({
        agent: JSON.stringify(seedAgentBody),
        accepted: JSON.stringify(acceptedRunBody),
      }),
    },
    readyPath: `/v1/evals/agents/${seedAgentId}`,
  };
}

export function startFloorServer(options: FloorServerOptions = {}): Promise<ServerProcess> {
  return startServer(floorServerStart(options));
}
