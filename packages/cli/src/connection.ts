// The client a command talks through: to --base-url (default: the spec's server) with the user's
// key, to the in-process mock (--mock: no key, no network), or to the dry-run sink (nothing sent).
import { createEvalsClient, type EvalsClient } from "@evals-api/client";
import { openapiDocument } from "@evals-api/types/spec";
import { apiKeyOf } from "./api-key.js";
import { loggedFetch } from "./attempt-log.js";
import { UsageError } from "./usage-error.js";

type Fetch = (input: string | Request, init?: RequestInit) => Promise<Response>;

export interface ConnectionFlags {
  "base-url"?: string;
  mock?: boolean;
  "api-key-file"?: string;
  verbose?: boolean;
}

export interface Connection {
  client: EvalsClient;
  /** Where the key came from (`BLAND_API_KEY`, `--api-key-file …`, `--mock`), for error messages. */
  keySource: string;
  /** Where requests go, for error messages. */
  target: string;
}

// The in-process mock answers whatever origin it is asked; the client wants https or loopback.
const IN_PROCESS = "http://127.0.0.1";

export async function connect(
  flags: ConnectionFlags,
  io: { env: NodeJS.ProcessEnv; log: (line: string) => void },
  sink?: Fetch,
): Promise<Connection> {
  if (flags.mock && flags["base-url"] !== undefined) {
    throw new UsageError("--mock and --base-url exclude each other: --mock answers in this process, with no network");
  }
  const verbose = (fetch: Fetch) => (flags.verbose ? loggedFetch(fetch, io.log) : fetch);
  if (sink) return { client: client("dry-run", IN_PROCESS, sink), keySource: "--dry-run", target: "nowhere" };
  if (flags.mock) {
    const { createMockServer } = await import("@evals-api/mock");
    return {
      client: client("mock", IN_PROCESS, verbose(createMockServer().fetch)),
      keySource: "--mock",
      target: "--mock",
    };
  }
  const { key, source, warning } = apiKeyOf(flags["api-key-file"], io.env);
  if (warning) io.log(warning);
  const baseUrl = flags["base-url"];
  try {
    return { client: client(key, baseUrl, verbose(fetch)), keySource: source, target: baseUrl ?? specServer() };
  } catch (error) {
    // The client refuses a base URL it would misroute or send the key in clear to; say which flag.
    throw new UsageError(`--base-url: ${(error as Error).message}`);
  }
}

// Where the client goes without --base-url: the spec's first server.
function specServer(): string {
  const [server] = (openapiDocument.servers ?? []) as { url?: string }[];
  return server?.url ?? "the spec's server";
}

function client(apiKey: string, baseUrl: string | undefined, fetch: Fetch): EvalsClient {
  return createEvalsClient({ apiKey, baseUrl, fetch });
}
