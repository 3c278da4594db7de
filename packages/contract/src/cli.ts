#!/usr/bin/env node
// evals-contract: check a server against the spec; exit 1 when the report is not ok under
// --fail-on, 2 for bad usage.
import { parseArgs } from "node:util";
import { apiKeyOf } from "./api-key.js";
import { formatJUnit, junitTarget } from "./junit.js";
import { type FailOn, failOnFlags, limitMs } from "./options.js";
import { formatReport } from "./report.js";
import { runContractSuite } from "./suite.js";

const USAGE = `Usage: evals-contract --base-url URL [options]
       evals-contract proxy --target URL [options]   (a validating proxy: see proxy --help)

  --base-url URL       the server to check, e.g. http://127.0.0.1:4010
  --api-key-file FILE  read the API key from FILE (the key alone on a line)
  --api-key KEY        the API key itself; it lands in your shell history and in
                       \`ps\` output: prefer --api-key-file or $BLAND_API_KEY
                       (default: $BLAND_API_KEY, else $EVALS_API_KEY, else "evals-contract")
  --agent-id ID        an eval agent that exists there, for the billed check
                       (default: the one @evals-api/mock seeds)
  --call-id ID         a call id for the billed check (repeatable; default: the spec example's)
  --allow-billed       also create one real run (billed on a real server)
  --fail-on WHAT       violation (default): fail when a vendor fact is broken;
                       warning: also when only an assumption of ours is; never: report only
  --strict             the same as --fail-on warning
  --timeout-ms N       per-request timeout (default 15000; 0 or Infinity: none)
  --deadline-ms N      limit for the whole run (default 300000; 0 or Infinity: none)
  --fuzz N             instead of the checks, send N bodies that break only rules
                       the vendor states, each to be refused with a 4xx (a 5xx or
                       a 2xx fails; a 2xx prints the id of what it created)
  --seed S             the fuzz draw's seed (default: random, printed): the same
                       seed sends the same bodies
                       Fuzzed bodies attach only the spec example's agents unless
                       --agent-id is given; then a server that is not loopback
                       also needs --allow-billed
  --json               print the report as JSON
  --junit FILE         also write the report as JUnit XML to FILE (one testcase per check)
  -h, --help           show this help

Exit code: 0 when the report is ok under --fail-on, 1 when it is not (or the deadline cut the
run, unless --fail-on never), 2 for bad usage.`;

function usage(message: string): never {
  process.stderr.write(`evals-contract: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

// A decimal number of ms, or Infinity; anything else is passed on as the string it is, for
// limitMs to refuse with the value quoted.
const MS = /^(\d+(\.\d*)?|\.\d+|Infinity)$/;
const msFlag = (value: string | undefined): number | string | undefined =>
  value === undefined || !MS.test(value.trim()) ? value : Number(value);

const WHOLE = /^\d+$/;

function fuzzFlags(runs: string | undefined, seed: string | undefined): { runs: number; seed?: number } | undefined {
  if (runs === undefined) {
    if (seed !== undefined) usage("--seed is the seed of --fuzz; pass --fuzz N too");
    return undefined;
  }
  if (!WHOLE.test(runs) || Number(runs) < 1) usage(`--fuzz ${JSON.stringify(runs)}: give a whole number of bodies ≥ 1`);
  if (seed !== undefined && !WHOLE.test(seed)) usage(`--seed ${JSON.stringify(seed)}: give a whole number ≥ 0`);
  return { runs: Number(runs), ...(seed !== undefined && { seed: Number(seed) }) };
}

async function main(): Promise<void> {
  if (process.argv[2] === "proxy") {
    const { runProxyCommand } = await import("./cli-proxy.js");
    process.exitCode = await runProxyCommand(process.argv.slice(3));
    return;
  }
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      options: {
        "base-url": { type: "string" },
        "api-key": { type: "string" },
        "api-key-file": { type: "string" },
        junit: { type: "string" },
        "agent-id": { type: "string" },
        "call-id": { type: "string", multiple: true },
        "allow-billed": { type: "boolean" },
        "fail-on": { type: "string" },
        strict: { type: "boolean" },
        "timeout-ms": { type: "string" },
        "deadline-ms": { type: "string" },
        fuzz: { type: "string" },
        seed: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const baseUrl = values["base-url"] as string | undefined;
  if (baseUrl === undefined) usage("--base-url is required");
  if (!URL.canParse(baseUrl)) usage(`--base-url ${JSON.stringify(baseUrl)} is not a URL`);
  const timeout = msFlag(values["timeout-ms"] as string | undefined);
  const deadline = msFlag(values["deadline-ms"] as string | undefined);
  const fuzz = fuzzFlags(values.fuzz as string | undefined, values.seed as string | undefined);
  let failOn: FailOn;
  let apiKey: string;
  let junit: ReturnType<typeof junitTarget> | undefined;
  try {
    failOn = failOnFlags(values["fail-on"] as string | undefined, values.strict === true);
    limitMs(timeout, "--timeout-ms", 0);
    limitMs(deadline, "--deadline-ms", 0);
    apiKey = apiKeyOf(
      values["api-key"] as string | undefined,
      values["api-key-file"] as string | undefined,
      process.env,
    ).key;
    const junitFile = values.junit as string | undefined;
    junit = junitFile === undefined ? undefined : junitTarget(junitFile);
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const report = await runContractSuite({
    ...(fuzz !== undefined && { fuzz }),
    baseUrl,
    apiKey,
    ...(values["agent-id"] !== undefined && { agentId: values["agent-id"] as string }),
    ...(values["call-id"] !== undefined && { callIds: values["call-id"] as string[] }),
    ...(timeout !== undefined && { timeoutMs: timeout as number }),
    ...(deadline !== undefined && { deadlineMs: deadline as number }),
    allowBilled: values["allow-billed"] === true,
    failOn,
  }).catch((error: unknown) => {
    // The suite rejects only for options it refuses before sending anything: bad usage.
    if (error instanceof RangeError) usage(error.message);
    throw error;
  });
  junit?.write(formatJUnit(report));
  process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`evals-contract: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
