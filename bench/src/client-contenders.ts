// Our client as a contender: validation off and on (from the working tree, or from a build of an
// earlier commit for `--before`), and its ESM entry for the bundle-size benchmark.
import type { createEvalsClient as CreateEvalsClient } from "@evals-api/client";
import type { BundleEntry } from "./bundle-size.js";
import { apiKey, type ClientContender } from "./client-peers.js";

type ClientModule = { createEvalsClient: typeof CreateEvalsClient };

function contender(
  module: ClientModule,
  validateRequests: boolean,
  role: "ours" | "before",
  label: string,
): ClientContender {
  return {
    name: `${label}, validation ${validateRequests ? "on" : "off"}`,
    role,
    validates: validateRequests,
    create: (baseUrl, fetch) => {
      const evals = module.createEvalsClient({
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

/** `@evals-api/client` as the working tree builds it, validation off and on. */
export async function clientContenders(): Promise<ClientContender[]> {
  const module = (await import("@evals-api/client")) as ClientModule;
  return [contender(module, false, "ours", "@evals-api/client"), contender(module, true, "ours", "@evals-api/client")];
}

/** The client built from an earlier commit (`--before`), loaded from that build's dist entry. */
export async function clientContendersBefore(entryUrl: string, label: string): Promise<ClientContender[]> {
  const module = (await import(entryUrl)) as ClientModule;
  return [contender(module, false, "before", label), contender(module, true, "before", label)];
}

export const clientBundles: BundleEntry[] = [
  {
    name: "@evals-api/client",
    ours: true,
    source:
      'import { createEvalsClient } from "@evals-api/client";\nexport const client = createEvalsClient({ apiKey: "key" });',
  },
];
