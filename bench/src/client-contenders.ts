// Our client as a contender: validation off and on, and its ESM entry for the bundle-size benchmark.
import { createEvalsClient } from "@evals-api/client";
import type { BundleEntry } from "./bundle-size.js";
import { apiKey, type ClientContender } from "./client-overhead.js";

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
