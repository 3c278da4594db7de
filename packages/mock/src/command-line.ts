// The evals-mock command line: flags to a mock server, and every usage mistake as a UsageError
// naming its flag. The CLI (cli.ts) adds only the process around it: output, listening, signals.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { FaultOptions } from "./faults.js";
import { SeedError } from "./seed.js";
import { createMockServer, DEFAULT_HOST, DEFAULT_PORT, type MockServer, type MockServerOptions } from "./server.js";

export const USAGE = `Usage: evals-mock [options]

  --port N            port to listen on (default 4010; 0 picks a free port)
  --host HOST         interface to bind (default 127.0.0.1)
  --api-key KEY       accept only this API key (default: any non-empty key)
  --seed FILE         JSON file of agents and workbench versions (see the README)
  --latency-ms N      delay every response by N ms, 0 to 2147483647 (or MIN-MAX, drawn per request)
  --fail-rate R       answer a share R (0..1) of requests with --fail-status
  --fail-status S     status of injected failures (default 503)
  --rate-limit-rate R answer a share R (0..1) of requests 429 with Retry-After
  --retry-after S     seconds sent in Retry-After on injected 429/503 (default 1)
  --drop-rate R       drop the connection of a share R (0..1) of requests
  --fault-seed N      seed of the PRNG behind every fault (default 1)
  --no-billing        answer create-run with 402, as for an org with no billing record
  -h, --help          show this help`;

/** A mistake in the command line; the message names the flag and what is wrong. */
export class UsageError extends Error {
  override name = "UsageError";
}

const FLAGS = {
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

// The flag of each option: createMockServer checks the options and its errors name them; the
// command line's errors name the flags instead.
const FLAG_OF_OPTION: Record<`faults.${keyof FaultOptions}` | "apiKey", string> = {
  apiKey: "--api-key",
  "faults.latencyMs": "--latency-ms",
  "faults.failRate": "--fail-rate",
  "faults.failStatus": "--fail-status",
  "faults.rateLimitRate": "--rate-limit-rate",
  "faults.retryAfterSeconds": "--retry-after",
  "faults.dropRate": "--drop-rate",
  "faults.seed": "--fault-seed",
};

const asFlags = (message: string) =>
  message.replace(/\b(?:faults\.\w+|apiKey)\b/g, (option) => FLAG_OF_OPTION[option as keyof typeof FLAG_OF_OPTION]);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) {
    throw new UsageError(`--${flag} must be a number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function port(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!(/^\d+$/.test(value) && Number(value) <= 65535)) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function latency(value: string | undefined): FaultOptions["latencyMs"] {
  const range = /^(\d+)-(\d+)$/.exec(value ?? "");
  return range ? [Number(range[1]), Number(range[2])] : number("latency-ms", value);
}

function readSeed(file: string | undefined): MockServerOptions["seed"] {
  if (file === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read --seed ${file}: ${messageOf(error)}`);
  }
}

/** What the command line asks for: the help text, or a mock and where to serve it. */
export type CommandLine = { help: true } | { help: false; mock: MockServer; port: number; host: string };

/** Reads the command line (without `node` and the script) and builds the mock it describes. */
export function mockFromCommandLine(argv: string[]): CommandLine {
  let values: ReturnType<typeof parseArgs<{ options: typeof FLAGS; strict: true }>>["values"];
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true }));
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  if (values.help) return { help: true };
  const seed = readSeed(values.seed);
  const listenPort = port(values.port);
  const faults: FaultOptions = {
    latencyMs: latency(values["latency-ms"]),
    failRate: number("fail-rate", values["fail-rate"]),
    failStatus: number("fail-status", values["fail-status"]),
    rateLimitRate: number("rate-limit-rate", values["rate-limit-rate"]),
    retryAfterSeconds: number("retry-after", values["retry-after"]),
    dropRate: number("drop-rate", values["drop-rate"]),
    seed: number("fault-seed", values["fault-seed"]),
  };
  try {
    const mock = createMockServer({
      apiKey: values["api-key"],
      seed,
      billing: values["no-billing"] !== true,
      faults,
    });
    return { help: false, mock, port: listenPort, host: values.host ?? DEFAULT_HOST };
  } catch (error) {
    if (error instanceof SeedError) throw new UsageError(error.message.replace(/^seed/, values.seed as string));
    throw new UsageError(asFlags(messageOf(error)));
  }
}

/** What a failed listen means for the flags given; undefined when it is not a usage problem. */
export function listenProblem(error: NodeJS.ErrnoException, host: string, port: number): string | undefined {
  if (error.code === "EADDRINUSE") return `port ${port} is already in use: stop what holds it or pick another --port`;
  if (error.code === "EACCES") return `cannot listen on --port ${port}: permission denied (pick a port above 1023)`;
  if (error.syscall === "getaddrinfo" || error.code === "EADDRNOTAVAIL") {
    return `cannot listen on --host ${host}: it is not a name or address of this machine (${error.message})`;
  }
  return undefined;
}
