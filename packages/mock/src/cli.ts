#!/usr/bin/env node
// evals-mock: serve the mock over HTTP until SIGINT/SIGTERM.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { FaultOptions } from "./faults.js";
import { SeedError } from "./seed.js";
import { createMockServer, type MockServerOptions } from "./server.js";

const USAGE = `Usage: evals-mock [options]

  --port N            port to listen on (default 4010; 0 picks a free port)
  --host HOST         interface to bind (default 127.0.0.1)
  --api-key KEY       accept only this API key (default: any non-empty key)
  --seed FILE         JSON file of agents and workbench versions (see the README)
  --latency-ms N      delay every response by N ms (or MIN-MAX, drawn per request)
  --fail-rate R       answer a share R (0..1) of requests with --fail-status
  --fail-status S     status of injected failures (default 503)
  --rate-limit-rate R answer a share R (0..1) of requests 429 with Retry-After
  --retry-after S     seconds sent in Retry-After on injected 429/503 (default 1)
  --drop-rate R       drop the connection of a share R (0..1) of requests
  --fault-seed N      seed of the PRNG behind every fault (default 1)
  --no-billing        answer create-run with 402, as for an org with no billing record
  -h, --help          show this help`;

function fail(message: string): never {
  process.stderr.write(`evals-mock: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) fail(`--${name} must be a number, got ${JSON.stringify(value)}`);
  return parsed;
}

function latency(value: string | undefined): FaultOptions["latencyMs"] {
  if (value === undefined) return undefined;
  const range = /^(\d+)-(\d+)$/.exec(value);
  if (range) return [Number(range[1]), Number(range[2])];
  return number("latency-ms", value);
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof optionsSpec; strict: true }>>;
  const optionsSpec = {
    port: { type: "string" },
    host: { type: "string" },
    "api-key": { type: "string" },
    seed: { type: "string" },
    "latency-ms": { type: "string" },
    "fail-rate": { type: "string" },
    "fail-status": { type: "string" },
    "rate-limit-rate": { type: "string" },
    "retry-after": { type: "string" },
    "drop-rate": { type: "string" },
    "fault-seed": { type: "string" },
    "no-billing": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  try {
    parsed = parseArgs({ options: optionsSpec, strict: true });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const args = parsed.values;
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let seed: MockServerOptions["seed"];
  if (args.seed !== undefined) {
    try {
      seed = JSON.parse(readFileSync(args.seed, "utf8"));
    } catch (error) {
      fail(`cannot read --seed ${args.seed}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let mock: ReturnType<typeof createMockServer>;
  try {
    mock = createMockServer({
      ...(args["api-key"] !== undefined && { apiKey: args["api-key"] }),
      ...(seed !== undefined && { seed }),
      ...(args["no-billing"] && { billing: false }),
      // This process serves the mock and nothing else, so the faster HTTP path is safe.
      overrideGlobalObjects: true,
      faults: {
        latencyMs: latency(args["latency-ms"]),
        failRate: number("fail-rate", args["fail-rate"]),
        failStatus: number("fail-status", args["fail-status"]),
        rateLimitRate: number("rate-limit-rate", args["rate-limit-rate"]),
        retryAfterSeconds: number("retry-after", args["retry-after"]),
        dropRate: number("drop-rate", args["drop-rate"]),
        seed: number("fault-seed", args["fault-seed"]),
      },
    });
  } catch (error) {
    if (error instanceof SeedError) fail(error.message.replace(/^seed/, args.seed ?? "seed"));
    fail(error instanceof Error ? error.message : String(error));
  }
  const port = number("port", args.port);
  const server = await mock.listen(port, args.host).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE")
      fail(`port ${port ?? 4010} is already in use: stop what holds it or pick another --port`);
    throw error;
  });
  const stop = (signal: string) => {
    process.stdout.write(`evals-mock: ${signal}, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  // Printed last: scripts wait for this line, and by then a signal is handled cleanly.
  process.stdout.write(`evals-mock listening on ${server.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`evals-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
