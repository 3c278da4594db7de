#!/usr/bin/env node
// evals-contract: check a server against the spec; exit 1 when any check fails.
import { parseArgs } from "node:util";
import { formatReport, runContractSuite } from "./suite.js";

const USAGE = `Usage: evals-contract --base-url URL [options]

  --base-url URL     the server to check, e.g. http://127.0.0.1:4010
  --api-key KEY      a valid API key (default: $EVALS_API_KEY, else "evals-contract")
  --agent-id ID      an eval agent that exists there (default: the one @evals-api/mock seeds)
  --call-id ID       a call id for the billed check (repeatable; default: the spec example's)
  --allow-billed     also create one real run (billed on a real server)
  --timeout-ms N     per-request timeout (default 15000)
  --json             print the report as JSON
  -h, --help         show this help

Exit code: 0 when every check passes, 1 when any fails, 2 for bad usage.`;

function usage(message: string): never {
  process.stderr.write(`evals-contract: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      options: {
        "base-url": { type: "string" },
        "api-key": { type: "string" },
        "agent-id": { type: "string" },
        "call-id": { type: "string", multiple: true },
        "allow-billed": { type: "boolean" },
        "timeout-ms": { type: "string" },
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
  const timeout = values["timeout-ms"] === undefined ? undefined : Number(values["timeout-ms"]);
  if (timeout !== undefined && !(timeout > 0)) usage("--timeout-ms must be a positive number");
  const report = await runContractSuite({
    baseUrl,
    apiKey: (values["api-key"] as string | undefined) ?? process.env.EVALS_API_KEY ?? "evals-contract",
    ...(values["agent-id"] !== undefined && { agentId: values["agent-id"] as string }),
    ...(values["call-id"] !== undefined && { callIds: values["call-id"] as string[] }),
    ...(timeout !== undefined && { timeoutMs: timeout }),
    allowBilled: values["allow-billed"] === true,
  });
  process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`evals-contract: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
