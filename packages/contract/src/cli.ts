#!/usr/bin/env node
// evals-contract: check a server against the spec; exit 1 when the report is not ok under
// --fail-on, 2 for bad usage.
import { parseArgs } from "node:util";
import { type FailOn, failOnPolicy, limitMs } from "./options.js";
import { formatReport } from "./report.js";
import { runContractSuite } from "./suite.js";

const USAGE = `Usage: evals-contract --base-url URL [options]

  --base-url URL       the server to check, e.g. http://127.0.0.1:4010
  --api-key KEY        a valid API key (default: $EVALS_API_KEY, else "evals-contract")
  --agent-id ID        an eval agent that exists there, for the billed check
                       (default: the one @evals-api/mock seeds)
  --call-id ID         a call id for the billed check (repeatable; default: the spec example's)
  --allow-billed       also create one real run (billed on a real server)
  --fail-on WHAT       violation (default): fail when a vendor fact is broken;
                       warning: also when only an assumption of ours is; never: report only
  --strict             the same as --fail-on warning
  --timeout-ms N       per-request timeout (default 15000; 0 or Infinity: none)
  --deadline-ms N      limit for the whole run (default 300000; 0 or Infinity: none)
  --json               print the report as JSON
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

function policy(failOn: string | undefined, strict: boolean): FailOn {
  const chosen = failOnPolicy(failOn, "--fail-on");
  if (!strict) return chosen;
  if (failOn !== undefined && chosen !== "warning") {
    throw new RangeError(`--strict is --fail-on warning; it cannot be combined with --fail-on ${chosen}`);
  }
  return "warning";
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
        "agent-id": { type: "string" },
        "call-id": { type: "string", multiple: true },
        "allow-billed": { type: "boolean" },
        "fail-on": { type: "string" },
        strict: { type: "boolean" },
        "timeout-ms": { type: "string" },
        "deadline-ms": { type: "string" },
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
  let failOn: FailOn;
  try {
    failOn = policy(values["fail-on"] as string | undefined, values.strict === true);
    limitMs(timeout, "--timeout-ms", 0);
    limitMs(deadline, "--deadline-ms", 0);
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const report = await runContractSuite({
    baseUrl,
    apiKey: (values["api-key"] as string | undefined) ?? process.env.EVALS_API_KEY ?? "evals-contract",
    ...(values["agent-id"] !== undefined && { agentId: values["agent-id"] as string }),
    ...(values["call-id"] !== undefined && { callIds: values["call-id"] as string[] }),
    ...(timeout !== undefined && { timeoutMs: timeout as number }),
    ...(deadline !== undefined && { deadlineMs: deadline as number }),
    allowBilled: values["allow-billed"] === true,
    failOn,
  });
  process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`evals-contract: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
